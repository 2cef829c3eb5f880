using System.Collections.Concurrent;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Finds SkiaSharp's and HarfBuzzSharp's native libraries (ScottPlot draws through them) inside the
/// module: <c>&lt;module bin&gt;/runtimes/&lt;rid&gt;/native/&lt;library&gt;</c>.
/// </summary>
/// <remarks>
/// An application gets the native library for its platform copied beside it at publish time; a module
/// does not: pwsh probes only its own folders and the module's bin folder itself, so
/// <c>libSkiaSharp</c> would not be found (DllNotFoundException from ScottPlot.Fonts' type initializer).
/// The build ships runtimes/&lt;rid&gt;/native for the supported platforms (see
/// docs/development/native-assets.md); this class picks the folder from the running OS, the process
/// architecture and the C library (glibc or musl).
/// <para>
/// <see cref="NativeLibrary.SetDllImportResolver"/> may be called only once per assembly and the
/// assembly stays loaded when the module is re-imported (<c>Import-Module -Force</c> runs
/// <see cref="OnImport"/> again), so registration happens once per process. If another component
/// already owns the resolver of SkiaSharp/HarfBuzzSharp, the module falls back to the
/// <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/> event of their load context, which runs after
/// the default probing failed.
/// </para>
/// </remarks>
public sealed class NativeLibraryResolver : IModuleAssemblyInitializer
{
    /// <summary>The native libraries the module ships, by the name their DllImport uses.</summary>
    private static readonly string[] ShippedLibraries = ["libSkiaSharp", "libHarfBuzzSharp"];

    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);
    private static bool registered;

    /// <summary>Called by PowerShell on every Import-Module of the module.</summary>
    public void OnImport() => Register();

    /// <summary>
    /// Registers the resolver for SkiaSharp and HarfBuzzSharp; does nothing when already registered.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            string? binFolder = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location);
            if (string.IsNullOrEmpty(binFolder))
            {
                return;
            }

            BinFolder = binFolder;
            var hooked = new HashSet<AssemblyLoadContext>();
            foreach (Assembly assembly in new[] { typeof(SkiaSharp.SKObject).Assembly, typeof(HarfBuzzSharp.Blob).Assembly })
            {
                try
                {
                    NativeLibrary.SetDllImportResolver(assembly, Resolve);
                }
                catch (InvalidOperationException)
                {
                    // Someone else (a host or another module) set this assembly's resolver first.
                    AssemblyLoadContext context = AssemblyLoadContext.GetLoadContext(assembly) ?? AssemblyLoadContext.Default;
                    if (hooked.Add(context))
                    {
                        context.ResolvingUnmanagedDll += (requesting, name) => Resolve(name, requesting, null);
                    }
                }
            }

            registered = true;
        }
    }

    /// <summary>The module's bin folder, which holds runtimes/&lt;rid&gt;/native (set by <see cref="Register"/>).</summary>
    internal static string? BinFolder { get; private set; }

    /// <summary>
    /// The runtime identifiers whose native folder fits this process, most specific first: the
    /// identifier .NET reports, then the portable one for the OS, architecture and C library
    /// (osx ships one universal folder for x64 and arm64).
    /// </summary>
    public static IReadOnlyList<string> CandidateRuntimeIdentifiers()
    {
        // Enum names lower-cased are the RID spellings: x64, x86, arm, arm64, loongarch64, riscv64, ...
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var candidates = new List<string> { RuntimeInformation.RuntimeIdentifier };
        if (OperatingSystem.IsWindows())
        {
            candidates.Add($"win-{architecture}");
        }
        else if (OperatingSystem.IsMacOS())
        {
            candidates.Add($"osx-{architecture}");
            candidates.Add("osx");
        }
        else if (OperatingSystem.IsLinux())
        {
            if (IsMusl())
            {
                candidates.Add($"linux-musl-{architecture}");
            }

            candidates.Add($"linux-{architecture}");
        }

        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The shipped file for <paramref name="libraryName"/> on this platform, or null when the module
    /// does not ship it (then the default probing decides).
    /// </summary>
    public static string? FindLibrary(string libraryName)
    {
        string? baseName = ShippedName(libraryName);
        if (baseName is null || BinFolder is null)
        {
            return null;
        }

        string extension = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        foreach (string rid in CandidateRuntimeIdentifiers())
        {
            string candidate = Path.Combine(BinFolder, "runtimes", rid, "native", baseName + extension);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string? path = FindLibrary(libraryName);
        if (path is null)
        {
            return IntPtr.Zero;
        }

        // A file that exists but cannot load (wrong C library, missing system dependency) throws here,
        // with the loader's message, rather than falling back to a mismatched system copy.
        return Loaded.GetOrAdd(path, static p => NativeLibrary.Load(p));
    }

    /// <summary>Maps "libSkiaSharp", "libSkiaSharp.so", "SkiaSharp.dll" ... to the shipped base name.</summary>
    private static string? ShippedName(string libraryName)
    {
        string name = Path.GetFileName(libraryName);
        foreach (string extension in new[] { ".dll", ".dylib", ".so" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
                break;
            }
        }

        if (!name.StartsWith("lib", StringComparison.Ordinal))
        {
            name = "lib" + name;
        }

        return ShippedLibraries.FirstOrDefault(shipped => string.Equals(shipped, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True on a musl C library (Alpine), whose binaries cannot use the glibc builds.</summary>
    private static bool IsMusl()
    {
        if (RuntimeInformation.RuntimeIdentifier.Contains("-musl", StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            return Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*.so.1").Any();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace MicroMorph.Shell.Tests;

/// <summary>Runs the built shell (<c>dotnet micromorph.dll ...</c>) as a real process with redirected output.</summary>
internal static class ShellProcess
{
    private static readonly Lazy<(string RepoRoot, string ShellDll)> Paths = new(Locate);

    public static string RepoRoot => Paths.Value.RepoRoot;

    public static string ShellDll => Paths.Value.ShellDll;

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() =>
            $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    public static Result Run(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(ShellDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("MICROMORPH_MODULE");
        psi.Environment.Remove("NO_COLOR");
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("micromorph did not finish within 60 s: " + string.Join(' ', args));
        }

        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static (string, string) Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroMorph.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("MicroMorph.slnx not found above " + AppContext.BaseDirectory);
        }

        var configuration = typeof(ShellProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ShellConfiguration")?.Value ?? "Debug";
        var candidates = new[] { configuration, "Debug", "Release" }
            .Distinct()
            .Select(c => Path.Combine(dir.FullName, "src", "MicroMorph.Shell", "bin", c, "net10.0", "micromorph.dll"));
        var dll = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("The shell is not built: " + string.Join(", ", candidates));
        return (dir.FullName, dll);
    }
}

using System.Text;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.IO;

/// <summary>
/// Writes one or more output files so that a failure never leaves a half-written target: every
/// file is written under a temporary name in its target folder, and only when all succeeded are
/// they renamed over the targets. Existing targets are refused unless <c>force</c> is set.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>The longest file name (one path component) the common file systems take.</summary>
    private const int MaxNameLength = 255;

    /// <summary>Throws <c>OutputExists</c> / <c>OutputDirectoryNotFound</c> before anything is written.</summary>
    public static void CheckTargets(IEnumerable<string> targets, bool force)
    {
        foreach (var target in targets)
        {
            string full = Path.GetFullPath(target);
            string? dir = Path.GetDirectoryName(full);
            if (dir is not null && !Directory.Exists(dir))
            {
                throw new MicroMorphException("OutputDirectoryNotFound", MicroMorphErrorKind.ObjectNotFound, $"The folder '{dir}' for the output file does not exist.", target);
            }

            if (Directory.Exists(full))
            {
                throw new MicroMorphException("OutputIsDirectory", MicroMorphErrorKind.ResourceExists, $"The output path '{full}' is a folder, not a file.", target);
            }

            if (!force && File.Exists(full))
            {
                throw new MicroMorphException("OutputExists", MicroMorphErrorKind.ResourceExists, $"The file '{full}' exists; use -Force to overwrite it.", target);
            }
        }
    }

    /// <summary>Writes every (target, writer) pair atomically as a group.</summary>
    public static void Write(IReadOnlyList<(string Target, Action<string> WriteTo)> files, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        CheckTargets(files.Select(f => f.Target), force);
        var temps = new List<(string Temp, string Target)>(files.Count);
        try
        {
            foreach (var (target, writeTo) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string full = Path.GetFullPath(target);
                string temp = Path.Combine(Path.GetDirectoryName(full)!, TemporaryName(Path.GetFileName(full)));
                temps.Add((temp, full));
                writeTo(temp);
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (temp, target) in temps)
            {
                File.Move(temp, target, overwrite: force);
            }
        }
        catch (Exception ex)
        {
            foreach (var (temp, _) in temps)
            {
                TryDelete(temp);
            }

            if (ex is MicroMorphException or OperationCanceledException)
            {
                throw;
            }

            throw new MicroMorphException("WriteFailed", MicroMorphErrorKind.WriteError, $"Writing '{files[0].Target}' failed: {ex.Message}", files[0].Target, ex);
        }
    }

    public static void Write(string target, Action<string> writeTo, bool force, CancellationToken cancellationToken = default) =>
        Write([(target, writeTo)], force, cancellationToken);

    /// <summary>
    /// The hidden temporary name a target is written under: ".name.xxxxxxxx.tmp", which shows whose it
    /// is, when it fits the file systems' limit on one name (255 UTF-16 units on Windows, 255 UTF-8 bytes
    /// on Linux and macOS); otherwise the short ".mm-xxxxxxxx.tmp", so that every name the system takes
    /// can be written.
    /// </summary>
    public static string TemporaryName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        string unique = Guid.NewGuid().ToString("N")[..8];
        string readable = "." + fileName + "." + unique + ".tmp";
        return readable.Length <= MaxNameLength && Encoding.UTF8.GetByteCount(readable) <= MaxNameLength
            ? readable
            : ".mm-" + unique + ".tmp";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

using System.Collections.ObjectModel;
using System.Management.Automation;
using MicroMorph.Core.Errors;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>Resolves PowerShell paths (relative to the current location, wildcards, PSDrives) to file-system paths.</summary>
internal static class PathResolver
{
    /// <summary>
    /// Resolves one -Path / -LiteralPath value to the existing files or folders it names.
    /// Throws <see cref="MicroMorphException"/> <c>PathNotFound</c> when nothing matches.
    /// </summary>
    public static IReadOnlyList<string> ResolveExisting(PSCmdlet cmdlet, string path, bool literal)
    {
        if (literal)
        {
            string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                throw NotFound(path);
            }

            return [full];
        }

        Collection<string> resolved;
        ProviderInfo provider;
        try
        {
            resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
        }
        catch (ItemNotFoundException)
        {
            throw NotFound(path);
        }
        catch (System.Management.Automation.DriveNotFoundException)
        {
            throw NotFound(path);
        }

        if (provider.Name != "FileSystem")
        {
            throw MicroMorphException.Argument("NotAFileSystemPath", $"'{path}' is a {provider.Name} path; MicroMorph reads and writes files only.", path);
        }

        if (resolved.Count == 0)
        {
            throw NotFound(path);
        }

        return resolved;
    }

    /// <summary>Resolves an output path that may not exist yet.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    private static MicroMorphException NotFound(string path) =>
        new("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"Cannot find path '{path}' because it does not exist.", path);
}

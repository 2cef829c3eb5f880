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
            throw WildcardNotFound(cmdlet, path);
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
            throw WildcardNotFound(cmdlet, path);
        }

        return resolved;
    }

    /// <summary>Resolves an output path that may not exist yet.</summary>
    public static string ResolveOutput(PSCmdlet cmdlet, string path) =>
        cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// PathNotFound for a wildcard -Path. A name like <c>sample[1].tif</c> (which our own exporter
    /// writes) is a pattern that matches <c>sample1.tif</c>, not itself: when a file or folder of
    /// exactly that name exists, the message says how to name it literally.
    /// </summary>
    private static MicroMorphException WildcardNotFound(PSCmdlet cmdlet, string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path) || !ExistsLiterally(cmdlet, path))
        {
            return NotFound(path);
        }

        string escaped = WildcardPattern.Escape(path);
        string fix = cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey("LiteralPath")
            ? $"Use -LiteralPath '{path}' (or escape the wildcard characters: -Path '{escaped}')."
            : $"Escape the wildcard characters: '{escaped}'.";
        return new(
            "PathNotFound",
            MicroMorphErrorKind.ObjectNotFound,
            $"Cannot find path '{path}': -Path treats [ ] * ? as wildcard characters and no file matches that pattern, but a file or folder named exactly '{path}' exists. {fix}",
            path);
    }

    private static bool ExistsLiterally(PSCmdlet cmdlet, string path)
    {
        try
        {
            string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            return File.Exists(full) || Directory.Exists(full);
        }
        catch (Exception ex) when (ex is SessionStateException or ProviderInvocationException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static MicroMorphException NotFound(string path) =>
        new("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"Cannot find path '{path}' because it does not exist.", path);
}

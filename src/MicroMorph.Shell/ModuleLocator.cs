namespace MicroMorph.Shell;

/// <summary>Finds MicroMorph.psd1: -Module, else $env:MICROMORPH_MODULE, else upward from the executable, then from the current directory.</summary>
internal static class ModuleLocator
{
    public const string ManifestName = "MicroMorph.psd1";
    public const string EnvironmentVariable = "MICROMORPH_MODULE";

    /// <returns>The manifest path, or null with <paramref name="error"/> set.</returns>
    public static string? Locate(string? explicitPath, out string? error)
    {
        error = null;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Check(explicitPath, "-Module", out error);
        }

        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Check(fromEnv, "$env:" + EnvironmentVariable, out error);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ManifestName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        error = "Cannot find the MicroMorph module: no " + ManifestName + " above '" + AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)
            + "' or '" + Environment.CurrentDirectory + "'. Pass -Module <path-to-MicroMorph.psd1> or set $env:" + EnvironmentVariable + ".";
        return null;
    }

    private static string? Check(string path, string source, out string? error)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            full = Path.Combine(full, ManifestName);
        }

        if (!File.Exists(full))
        {
            error = "The MicroMorph module manifest given by " + source + " does not exist: '" + full + "'.";
            return null;
        }

        error = null;
        return full;
    }
}

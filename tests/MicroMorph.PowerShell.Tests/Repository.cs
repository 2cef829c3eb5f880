namespace MicroMorph.PowerShell.Tests;

/// <summary>Paths in the repository the tests run against.</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MicroMorph.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Manifest => Path.Combine(Root, "MicroMorph.psd1");

    public static string Electrode => Path.Combine(Root, "examples", "data", "electrode.tiff");
}

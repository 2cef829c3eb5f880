namespace MicroMorph.Core.Tests;

/// <summary>Locates fixture files (copied beside the test assembly) and the shared reference volumes.</summary>
public static class TestData
{
    public static string File(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>The repository root (the folder holding MicroMorph.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "MicroMorph.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
        }
    }
}

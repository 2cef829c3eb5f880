namespace MicroMorph.PowerShell.Tests;

/// <summary>Every script in examples/ runs without error in the hosted engine (as in the MicroMorph shell).</summary>
public sealed class ExampleTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Repository.Root, "examples"), "*.ps1").Order())
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleRunsCleanly(string script)
    {
        string output = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mmex-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var r = session.Run($"$ErrorActionPreference = 'Stop'; & '{Path.Combine(Repository.Root, "examples", script)}' -OutputFolder '{output}' | Out-Default");
            Assert.True(r.Terminating is null, r.Terminating?.ToString());
            Assert.Empty(r.Errors);
            Assert.NotEmpty(Directory.GetFiles(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void QuickstartConfirmsTheTauFactorFractions()
    {
        string output = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mmqs-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            string text = session.Render($"& '{Path.Combine(Repository.Root, "examples", "Quickstart.ps1")}' -OutputFolder '{output}'");
            Assert.Matches(@"Pore\s+0\.44992\s+0\.44992\s+True", text);
            Assert.Matches(@"NMC\s+0\.40047\s+0\.40047\s+True", text);
            Assert.Matches(@"CBD\s+0\.14962\s+0\.14962\s+True", text);
            Assert.True(File.Exists(Path.Combine(output, "electrode-phases.png")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

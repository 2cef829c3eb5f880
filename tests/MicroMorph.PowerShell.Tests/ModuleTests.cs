using System.Management.Automation;

namespace MicroMorph.PowerShell.Tests;

public sealed class ModuleTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void ManifestPassesTestModuleManifest()
    {
        var info = session.RunClean($"Test-ModuleManifest -Path '{Repository.Manifest}'").Single().BaseObject as PSModuleInfo;
        Assert.NotNull(info);
        Assert.Equal("MicroMorph", info!.Name);
    }

    [Fact]
    public void ExportedCmdletsAreExactlyTheManifestList()
    {
        var exported = session.RunClean("(Get-Module MicroMorph).ExportedCmdlets.Keys").Select(o => o.ToString()).Order().ToArray();
        // Import-PowerShellDataFile is not in the hosted engine; the manifest is a hashtable literal.
        var manifest = session.RunClean($"(& ([scriptblock]::Create([IO.File]::ReadAllText('{Repository.Manifest}')))).CmdletsToExport").Select(o => o.ToString()).Order().ToArray();
        Assert.Equal(manifest, exported);

        // Every compiled cmdlet class is exported: none is forgotten in the manifest.
        var compiled = session.RunClean("""
            (Get-Module MicroMorph).ImplementingAssembly.GetTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).Count -gt 0 } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
            """).Select(o => o.ToString()).Order().ToArray();
        Assert.Equal(compiled, exported);
        Assert.Contains("Import-VoxelStack", exported);
        Assert.Contains("Export-VoxelStack", exported);
    }

    [Fact]
    public void EveryCmdletDeclaresOutputType()
    {
        var missing = session.RunClean("Get-Command -Module MicroMorph | Where-Object { $_.OutputType.Count -eq 0 } | ForEach-Object Name");
        Assert.Empty(missing);
    }
}

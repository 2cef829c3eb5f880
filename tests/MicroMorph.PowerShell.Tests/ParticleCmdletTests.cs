using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Get-Particle, Split-Particle, Measure-Particle, Measure-Liberation, Measure-Representativeness and New-ParticleSystem through real script text.</summary>
public sealed class ParticleCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    // Two overlapping balls of radii 8 and 6 (calcite) and a separate 4 x 4 x 4 block half calcite, half talc; voxel 0.5 um.
    private const string Scene = """
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(48, 24, 24, 'UInt8')
        foreach ($z in 0..23) { foreach ($y in 0..23) { foreach ($x in 0..47) {
            $a = ($x - 10) * ($x - 10) + ($y - 12) * ($y - 12) + ($z - 12) * ($z - 12)
            $b = ($x - 22) * ($x - 22) + ($y - 12) * ($y - 12) + ($z - 12) * ($z - 12)
            if ($a -le 64 -or $b -le 36) { $v.SetValue($x, $y, $z, 1) } } } }
        foreach ($z in 2..5) { foreach ($y in 2..5) { foreach ($x in 40..43) { $v.SetValue($x, $y, $z, $(if ($x -lt 42) { 1 } else { 2 })) } } }
        $v.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'um')
        $image = $v | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite'; 2 = 'Talc' }
        """;

    [Fact]
    public void LabelSplitAndMeasureThroughThePipeline()
    {
        var labelled = (ParticleImage)session.RunClean(Scene + "\n$image | Get-Particle -Phase Calcite, Talc").Single().BaseObject;
        Assert.Equal(2, labelled.Count);
        var split = (ParticleImage)session.RunClean(Scene + "\n$image | Get-Particle -Phase Calcite, Talc | Split-Particle").Single().BaseObject;
        Assert.Equal(3, split.Count);
        var measured = session.RunClean(Scene + "\n$image | Get-Particle -Phase Calcite, Talc -Connectivity 6 | Split-Particle | Measure-Particle")
            .Select(o => (ParticleMeasurement)o.BaseObject).ToArray();
        Assert.Equal(3, measured.Length);
        var block = measured.Single(m => m.VoxelCount == 64);
        Assert.Equal(0.5, block.Share("Talc")!.VolumeFraction);
        Assert.Equal(64 * 0.125, block.Volume);
        Assert.Equal("um", block.Unit);
        Assert.True(measured.Where(m => m != block).All(m => m.Share("Calcite")!.VolumeFraction == 1));
    }

    [Fact]
    public void LiberationOfTheScene()
    {
        var results = session.RunClean(Scene + "\n$image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 10, 1000")
            .Select(o => (LiberationResult)o.BaseObject).ToArray();
        Assert.Equal(["Calcite", "Talc"], results.Select(r => r.Phase));
        // The merged balls are free calcite; the block holds 32 voxels of each.
        var calcite = results[0];
        Assert.Equal(32 * 0.125, calcite.IntergrownVolume);
        Assert.True(calcite.LiberationDegree > 0.9);
        Assert.Equal(0.0, calcite.SizeClasses[0].LiberationDegree); // the block: 8 um^3
        Assert.Equal(1.0, calcite.SizeClasses[1].LiberationDegree);
        Assert.Equal(0.0, results[1].LiberationDegree);
        Assert.Equal(2, calcite.Grains.Count);
    }

    [Fact]
    public void RepresentativenessAndItsPicture()
    {
        string png = Path.Combine(Path.GetTempPath(), "mm-repr-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        try
        {
            var r = (RepresentativenessResult)session.RunClean(Scene + $"\n$r = $image | Get-Particle -Phase Calcite, Talc | Measure-Representativeness -PieceCount 2 -SizeClass 0, 3, 10\n$r | Export-DescriptorPlot -Path '{png}'\n$r").Single().BaseObject;
            Assert.Equal(2, r.PieceCount);
            Assert.Equal(2, r.SizeClasses.Count);
            Assert.True(File.Exists(png));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void GeneratedParticleSystemIsReproducible()
    {
        var images = session.RunClean("""
            New-ParticleSystem 40 -ParticleCount 20 -Radius 2, 4 -Seed 5 -VoxelSize 0.5 -Unit um
            New-ParticleSystem 40 -ParticleCount 20 -Radius 2, 4 -Seed 5 -VoxelSize 0.5 -Unit um -ThrottleLimit 1
            """).Select(o => (PhaseImage)o.BaseObject).ToArray();
        Assert.Equal(["Matrix", "Calcite", "Dolomite", "Talc"], images[0].Phases.Select(p => p.Name));
        for (int z = 0; z < 40; z++)
        {
            Assert.True(images[0].GetLabels(z).SequenceEqual(images[1].GetLabels(z)));
        }
    }

    [Fact]
    public void BadInputGivesItsErrorIds()
    {
        Assert.Contains("EmptyParticleMask", session.Run(Scene + "\n$image | Get-Particle -Phase Talc | Out-Null; $v2 = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8'); $v2 | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite' } | Get-Particle -Phase Calcite").ErrorIds);
        Assert.Contains("PhaseNotFound", session.Run(Scene + "\n$image | Get-Particle -Phase Gold").ErrorIds);
        Assert.Contains("PhaseImageSizeMismatch", session.Run(Scene + """

            $other = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite' }
            $image | Get-Particle -Phase Calcite, Talc | Measure-Particle -PhaseImage $other
            """).ErrorIds);
        Assert.Contains("SizeClassesNotIncreasing", session.Run(Scene + "\n$image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite -SizeClass 0, 5, 5").ErrorIds);
        Assert.Contains("TooManyPieces", session.Run(Scene + "\n$image | Get-Particle -Phase Calcite, Talc | Measure-Representativeness -PieceCount 1000003 -SizeClass 0, 5").ErrorIds);
        Assert.Contains("InvalidLiberationThreshold", session.Run(Scene + "\n$image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite -Threshold 1.5").ErrorIds);
    }

    [Fact]
    public void FormatViews()
    {
        string particles = Scene + "\n$p = $image | Get-Particle -Phase Calcite, Talc\n";
        Assert.Matches(@"Dimensions\s+Count\s+Connectivity", session.Render(particles + "$p"));
        Assert.Matches(@"Label\s+Voxels\s+Volume\s+Diameter", session.Render(particles + "$p | Measure-Particle"));
        string liberation = session.Render(particles + "$p | Measure-Liberation -Phase Calcite");
        Assert.Matches(@"Phase\s+LiberationDegree\s+FreeVolume", liberation);
        Assert.Matches(@"Calcite\s+0\.\d{4}", liberation);
    }
}

using MicroMorph.Core.Imaging;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Invoke-VoxelFilter's preprocessing filters (median, illumination correction, small components, holes) through real script text.</summary>
public sealed class VoxelFilterPreprocessingTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Image = "$p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed 1\n";

    private static long Count(PhaseImage i, byte label) => Enumerable.Range(0, i.Depth).Sum(z => (long)i.GetLabels(z).ToArray().Count(b => b == label));

    [Fact]
    public void RemoveSmallComponentsByVolumeAndFillHoles()
    {
        // A 12^3 pore image (voxels 0.5 µm) with a 2x2x2 solid cube (1 µm^3) and a hollow 5^3 solid box.
        var images = session.RunClean("""
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(12, 12, 12, 'UInt8')
            $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 0.5, 0.5, 'µm')
            foreach ($z in 1..2) { foreach ($y in 1..2) { foreach ($x in 1..2) { $s.SetValue($x, $y, $z, 1) } } }
            foreach ($z in 5..9) { foreach ($y in 5..9) { foreach ($x in 5..9) { $s.SetValue($x, $y, $z, 1) } } }
            $s.SetValue(7, 7, 7, 0)
            $p = $s | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Solid' }
            $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume 1.0
            $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume 1.001
            $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 9 -Connectivity 6 -ReplacementPhase Pore
            $p | Invoke-VoxelFilter -Filter FillHoles -Phase Solid
            """).Select(o => (PhaseImage)o.BaseObject).ToArray();
        Assert.Equal(8 + 124, Count(images[0], 1)); // 8 voxels of 0.125 µm^3 are 1 µm^3: kept
        Assert.Equal(124, Count(images[1], 1));
        Assert.Equal(124, Count(images[2], 1));
        Assert.Equal(8 + 125, Count(images[3], 1));
    }

    [Fact]
    public void MedianRemovesAnOutlierAndKeepsTheType()
    {
        // A single bright voxel in a flat UInt16 stack disappears under a median of radius 1 voxel (7 values).
        var result = session.RunClean("""
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'UInt16')
            foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 0..5) { $s.SetValue($x, $y, $z, 500) } } }
            $s.SetValue(2, 3, 4, 9000)
            $m = $s | Invoke-VoxelFilter -Filter Median -Radius 1
            $m.DataType
            $m.GetValue(2, 3, 4)
            """);
        Assert.Equal("UInt16", result[0].ToString());
        Assert.Equal(500.0, (double)result[1].BaseObject);
    }

    [Fact]
    public void IlluminationCorrectionFlattensARamp()
    {
        // Grey 100 everywhere, darkened linearly towards the bottom: 1 - 0.5 y / 15.
        var result = session.RunClean("""
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 16, 4, 'Float32')
            foreach ($z in 0..3) { foreach ($y in 0..15) { foreach ($x in 0..7) { $s.SetValue($x, $y, $z, 100 * (1 - 0.5 * $y / 15)) } } }
            $c = $s | Invoke-VoxelFilter -Filter IlluminationCorrection -Model Ramp
            $c.GetValue(3, 0, 1)
            $c.GetValue(3, 15, 2)
            """);
        Assert.Equal(75, (double)result[0].BaseObject, 1e-3); // the mean of the ramp, 0.75, times 100
        Assert.Equal(75, (double)result[1].BaseObject, 1e-3);
    }

    [Fact]
    public void BadArgumentsGiveNamedErrors()
    {
        const string Grey = "[MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8')";
        Assert.Contains("GreyStackRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter IlluminationCorrection").ErrorIds);
        Assert.Contains("GreyStackRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Median -Radius 1").ErrorIds);
        Assert.Contains("RadiusRequired", session.Run(Grey + " | Invoke-VoxelFilter -Filter Median").ErrorIds);
        Assert.Contains("InvalidRadius", session.Run(Grey + " | Invoke-VoxelFilter -Filter Median -Radius -2").ErrorIds);
        Assert.Contains("SigmaRequired", session.Run(Grey + " | Invoke-VoxelFilter -Filter IlluminationCorrection -Model Smoothed").ErrorIds);
        Assert.Contains("NonPositiveIllumination", session.Run(Grey + " | Invoke-VoxelFilter -Filter IlluminationCorrection").ErrorIds);
        Assert.Contains("PhaseImageRequired", session.Run(Grey + " | Invoke-VoxelFilter -Filter FillHoles -Phase 1").ErrorIds);
        Assert.Contains("PhaseRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter FillHoles").ErrorIds);
        Assert.Contains("PhaseNotFound", session.Run(Image + "$p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Binder -MinimumVoxelCount 5").ErrorIds);
        Assert.Contains("MinimumVolumeRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid").ErrorIds);
        Assert.Contains("MinimumVolumeTwice", session.Run(Image + "$p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 5 -MinimumVolume 3").ErrorIds);
        Assert.Contains("InvalidMinimumVolume", session.Run(Image + "$p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume -3").ErrorIds);
        Assert.Contains("SamePhaseTwice", session.Run(Image + "$p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 5 -ReplacementPhase Solid").ErrorIds);
    }
}

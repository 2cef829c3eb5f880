using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Morphology;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Measure-Constrictivity through real script text.</summary>
public sealed class DescriptorCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    // A straight channel of radius 6 voxels along z (voxel 0.5 µm) in a 20 x 20 x 30 box.
    private const string Channel = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(20, 20, 30, 'UInt8')
        foreach ($z in 0..29) { foreach ($y in 0..19) { foreach ($x in 0..19) {
            if (($x - 9.5) * ($x - 9.5) + ($y - 9.5) * ($y - 9.5) -le 36) { $l.SetValue($x, $y, $z, 1) } } } }
        $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
        $channel = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' }
        """;

    [Fact]
    public void StraightChannelHasConstrictivityNearOneAndRadiusInMicrometres()
    {
        var r = (ConstrictivityResult)session.RunClean(Channel + "\n$channel | Measure-Constrictivity -Phase Pore").Single().BaseObject;
        Assert.Equal(FlowDirection.Z, r.Direction);
        Assert.Equal("µm", r.Unit);
        Assert.InRange(r.RMax, 0.5 * 5, 0.5 * 7);
        Assert.InRange(r.RMin, 0.5 * 5, 0.5 * 7);
        Assert.True(r.Constrictivity >= 0.9, $"beta = {r.Constrictivity}");
        Assert.Equal(1.0, r.PoreSizeDistribution[0].Y, 12);
    }

    [Fact]
    public void OneResultPerPhaseAndDirection()
    {
        var results = session.RunClean(Channel + "\n$channel | Measure-Constrictivity -Direction X, Z").Select(o => (ConstrictivityResult)o.BaseObject).ToArray();
        Assert.Equal(["Solid:X", "Solid:Z", "Pore:X", "Pore:Z"], results.Select(r => $"{r.Phase}:{r.Direction}"));
        // Along x the channel is not entered from its end but across: the half of the pore volume beyond
        // the channel's middle is reached only by balls no wider than the channel, so RMin <= RMax still holds.
        Assert.All(results, r => Assert.True(r.RMin <= r.RMax + 1e-9));
    }

    [Fact]
    public void ElectrodeConstrictivityOfAllThreePhases()
    {
        var results = session.RunClean($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-Constrictivity
            """).Select(o => (ConstrictivityResult)o.BaseObject).ToArray();
        Assert.Equal(["Pore", "NMC", "CBD"], results.Select(r => r.Phase));
        Assert.Equal(0.44992, results[0].VolumeFraction, 5);
        Assert.All(results, r =>
        {
            Assert.InRange(r.Constrictivity, 0.0, 1.0);
            Assert.True(r.RMax > 0.390625, $"{r.Phase}: RMax {r.RMax} must exceed one voxel");
        });
    }

    [Fact]
    public void BadPhasesAndDirectionsGiveTheirErrorIds()
    {
        var unknown = session.Run(Channel + "\n$channel | Measure-Constrictivity -Phase Binder");
        Assert.Contains("PhaseNotFound", unknown.ErrorIds);

        var empty = session.Run("""
            $e = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
            $e | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-Constrictivity -Phase Pore
            """);
        // A phase of the table may have no voxels (ConvertTo-PhaseImage allows it); measuring it is refused.
        Assert.Contains("EmptyPhase", empty.ErrorIds);

        var flat = session.Run("""
            $f = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8'); $f.SetValue(1, 1, 0, 1)
            $f | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-Constrictivity -Phase Pore -Direction Z, X
            """);
        Assert.Contains("DirectionTooShort", flat.ErrorIds);
        Assert.Single(flat.Output); // the X direction is still measured
    }

    [Fact]
    public void FormatViewShowsTheTable()
    {
        string text = session.Render(Channel + "\n$channel | Measure-Constrictivity -Phase Pore");
        Assert.Matches(@"Phase\s+Direction\s+VolumeFraction\s+RMax\s+RMin\s+Constrictivity\s+Unit", text);
        Assert.Matches(@"Pore\s+Z\s+0\.\d{5}", text);
    }
}

/// <summary>Measure-GeodesicTortuosity through real script text.</summary>
public sealed class GeodesicTortuosityCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void StraightChannelHasTortuosityOneAlongItsAxis()
    {
        var r = (GeodesicTortuosityResult)session.RunClean("""
            $l = [MicroMorph.Core.Imaging.VoxelStack]::new(10, 10, 20, 'UInt8')
            foreach ($z in 0..19) { foreach ($y in 3..6) { foreach ($x in 3..6) { $l.SetValue($x, $y, $z, 1) } } }
            $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-GeodesicTortuosity -Phase Pore -BinCount 5
            """).Single().BaseObject;
        Assert.Equal(1.0, r.Mean, 5);
        Assert.Equal(16L, r.InletVoxels);
        Assert.Equal(1.0, r.PercolatingFraction);
        Assert.Single(r.Distribution);
    }

    [Fact]
    public void NonPercolatingPhaseWarnsAndReportsZero()
    {
        var run = session.Run("""
            $l = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 10, 'UInt8')
            foreach ($z in 0..3) { foreach ($y in 0..5) { foreach ($x in 0..5) { $l.SetValue($x, $y, $z, 1) } } }
            $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-GeodesicTortuosity -Phase Pore
            """);
        Assert.Empty(run.Errors);
        var r = (GeodesicTortuosityResult)run.Output.Single().BaseObject;
        Assert.Equal(0.0, r.PercolatingFraction);
        Assert.True(double.IsNaN(r.Mean));
        Assert.Contains(run.Warnings, w => w.Contains("does not percolate"));
    }

    [Fact]
    public void UnknownPhaseIsAnError()
    {
        var run = session.Run("""
            [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid' } | Measure-GeodesicTortuosity -Phase Pore
            """);
        Assert.Contains("PhaseNotFound", run.ErrorIds);
    }
}

/// <summary>Measure-PhaseProfile through real script text.</summary>
public sealed class PhaseProfileCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void ElectrodeProfileAveragesToTheVolumeFraction()
    {
        var points = session.RunClean($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-PhaseProfile -Phase CBD -Axis Y
            """).Select(o => (PhaseProfilePoint)o.BaseObject).ToArray();
        Assert.Equal(256, points.Length);
        Assert.All(points, p => Assert.Equal("CBD", p.Phase));
        // Equal slices: the mean of the slice fractions is the overall fraction (TauFactor: 0.14962).
        Assert.Equal(0.14962, points.Average(p => p.VolumeFraction), 5);
        Assert.Equal(0.5 * 0.390625, points[0].Position, 12);
    }
}

/// <summary>Measure-IntrinsicVolume through real script text.</summary>
public sealed class IntrinsicVolumeCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void BallInBackgroundWindowHasEulerOneAndSphereArea()
    {
        var r = (IntrinsicVolumeResult)session.RunClean("""
            $l = [MicroMorph.Core.Imaging.VoxelStack]::new(33, 33, 33, 'UInt8')
            foreach ($z in 0..32) { foreach ($y in 0..32) { foreach ($x in 0..32) {
                if (($x - 16) * ($x - 16) + ($y - 16) * ($y - 16) + ($z - 16) * ($z - 16) -le 225) { $l.SetValue($x, $y, $z, 1) } } } }
            $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(2, 'nm')
            $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Particle' } | Measure-IntrinsicVolume -Phase Particle -Window Background
            """).Single().BaseObject;
        Assert.Equal(1, r.EulerCharacteristic, 9);
        Assert.InRange(r.SurfaceDensity * r.ReferenceVolume / (4 * Math.PI * 30 * 30), 0.97, 1.03);
        Assert.Equal("nm", r.Unit);
    }

    [Fact]
    public void StationaryWindowOnAFlatImageIsRefused()
    {
        var run = session.Run("""
            [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8') | ConvertTo-PhaseImage | Measure-IntrinsicVolume
            """);
        Assert.Contains("ImageTooThinForWindow", run.ErrorIds);
    }

    [Fact]
    public void ElectrodeTableRenders()
    {
        string text = session.Render($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-IntrinsicVolume
            """);
        Assert.Matches(@"Phase\s+VolumeFraction\s+SurfaceDensity\s+MeanCurvatureDensity\s+EulerDensity\s+Unit", text);
        Assert.Matches(@"CBD\s+0\.14962\s", text);
    }
}

/// <summary>Measure-TwoPointCoverage through real script text.</summary>
public sealed class TwoPointCoverageCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void LayersGiveThePeriodicCoverageAlongZ()
    {
        var r = (TwoPointCoverageResult)session.RunClean("""
            $l = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 40, 'UInt8')
            foreach ($z in 0..39) { if ($z % 4 -lt 2) { foreach ($y in 0..3) { foreach ($x in 0..3) { $l.SetValue($x, $y, $z, 1) } } } }
            $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
            $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } | Measure-TwoPointCoverage -Phase CBD -MaxDistance 2 -Centered
            """).Single().BaseObject;
        // Period 4 voxels = 2 µm: C(0) - e^2 = 0.25, C(1 µm) - e^2 = -0.25, C(2 µm) - e^2 = 0.25.
        Assert.Equal(0.25, r.AlongZ[0].Y, 10);
        Assert.Equal(-0.25, r.AlongZ[2].Y, 10);
        Assert.Equal(0.25, r.AlongZ[4].Y, 10);
        Assert.Equal(1.0, r.AlongZ[2].X, 12);
        Assert.True(r.Centered);
    }

    [Fact]
    public void BadArgumentsGiveTheirErrorIds()
    {
        const string Image = "$i = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' }\n";
        Assert.Contains("PhaseNotFound", session.Run(Image + "$i | Measure-TwoPointCoverage -Phase AM -MaxDistance 2").ErrorIds);
        Assert.Contains("InvalidMaxDistance", session.Run(Image + "$i | Measure-TwoPointCoverage -Phase Pore -MaxDistance 0").ErrorIds);
    }
}

/// <summary>Measure-InterfaceArea through real script text.</summary>
public sealed class InterfaceAreaCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void ElectrodeInterfacesAddUpToTheSurfaceOfTheActiveMaterial()
    {
        var output = session.RunClean($$"""
            $p = Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
            $p | Measure-InterfaceArea -Phase NMC -OtherPhase Pore, CBD
            $p | Measure-IntrinsicVolume -Phase NMC
            """);
        var pore = (InterfaceAreaResult)output[0].BaseObject;
        var cbd = (InterfaceAreaResult)output[1].BaseObject;
        var nmc = (IntrinsicVolumeResult)output[2].BaseObject;
        Assert.Equal(("Pore", "CBD"), (pore.OtherPhase, cbd.OtherPhase));
        Assert.Equal(nmc.SurfaceDensity, pore.InterfaceDensity + cbd.InterfaceDensity, 9);
        Assert.True(pore.InterfaceDensity > 0 && cbd.InterfaceDensity > 0);
    }

    [Fact]
    public void SamePhaseTwiceIsAnError()
    {
        var run = session.Run("""
            [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } | Measure-InterfaceArea -Phase CBD -OtherPhase 1
            """);
        Assert.Contains("SamePhaseTwice", run.ErrorIds);
    }
}

/// <summary>ConvertTo-DistanceMap through real script text.</summary>
public sealed class DistanceMapCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Slab = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(5, 5, 11, 'UInt8')
        foreach ($z in 1..9) { foreach ($y in 0..4) { foreach ($x in 0..4) { $l.SetValue($x, $y, $z, 1) } } }
        $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(2, 2, 3, 'nm')
        $slab = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' }
        """;

    [Fact]
    public void DistanceInASlabIsTheDistanceToItsFaces()
    {
        // Pore between solid planes z = 0 and z = 10: distance (min(z, 10 - z)) * 3 nm.
        var map = (MicroMorph.Core.Imaging.VoxelStack)session.RunClean(Slab + "\n$slab | ConvertTo-DistanceMap -Phase Pore").Single().BaseObject;
        Assert.Equal(MicroMorph.Core.Imaging.VoxelDataType.Float32, map.DataType);
        for (int z = 0; z <= 10; z++)
        {
            Assert.Equal(Math.Min(z, 10 - z) * 3.0, map.GetValue(2, 2, z), 5);
        }
    }

    [Fact]
    public void LocalThicknessOfASlabIsItsHalfWidth()
    {
        // The largest ball centre is z = 5 (distance 15 nm); it covers z = 1..9 except where |dz| * 3 >= 15.
        var map = (MicroMorph.Core.Imaging.VoxelStack)session.RunClean(Slab + "\n$slab | ConvertTo-DistanceMap -Phase Pore -LocalThickness").Single().BaseObject;
        for (int z = 1; z <= 9; z++)
        {
            Assert.Equal(15.0, map.GetValue(0, 0, z), 5);
        }

        Assert.Equal(0, map.GetValue(0, 0, 0));
    }

    [Fact]
    public void UnknownPhaseIsAnError()
    {
        Assert.Contains("PhaseNotFound", session.Run(Slab + "\n$slab | ConvertTo-DistanceMap -Phase CBD").ErrorIds);
    }
}

/// <summary>Export-DescriptorPlot through real script text.</summary>
public sealed class DescriptorPlotCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Image = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(16, 16, 16, 'UInt8')
        foreach ($z in 0..15) { foreach ($y in 4..11) { foreach ($x in 4..11) { $l.SetValue($x, $y, $z, 1) } } }
        $p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' }

        """;

    [Fact]
    public void WritesAPngOfTheRequestedSize()
    {
        string path = Path.Combine(Path.GetTempPath(), "mmplot-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        try
        {
            var file = (FileInfo)session.RunClean(Image + $"$p | Measure-Constrictivity | Export-DescriptorPlot -Path '{path}' -Width 640 -Height 400 -PassThru").Single().BaseObject;
            Assert.True(file.Exists);
            var picture = (MicroMorph.Core.Imaging.VoxelStack)session.RunClean($"Import-VoxelStack '{path}' -Channel Green").Single().BaseObject;
            Assert.Equal((640, 400), (picture.Width, picture.Height));
            var again = session.Run(Image + $"$p | Measure-Constrictivity | Export-DescriptorPlot -Path '{path}'");
            Assert.Contains("OutputExists", again.ErrorIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MixedResultsAreRefusedAndNothingIsWritten()
    {
        string path = Path.Combine(Path.GetTempPath(), "mmplot-" + Guid.NewGuid().ToString("N")[..8] + ".png");
        var run = session.Run(Image + $"@($p | Measure-Constrictivity -Phase Pore) + @($p | Measure-GeodesicTortuosity -Phase Pore) | Export-DescriptorPlot -Path '{path}'");
        Assert.Contains("MixedPlotInputs", run.ErrorIds);
        Assert.False(File.Exists(path));
    }
}

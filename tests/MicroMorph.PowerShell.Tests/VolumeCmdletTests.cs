using System.Globalization;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Volume utilities on volumes built in script text, checked against hand-computed values.</summary>
public sealed class VolumeCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    // A 4 x 3 x 2 UInt16 stack with v = x + 10 y + 100 z: mean 61.5 (mean x 1.5, y 1, z 0.5), sum 24 * 61.5.
    private const string Ramp = """
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt16')
        foreach ($z in 0..1) { foreach ($y in 0..2) { foreach ($x in 0..3) { $s.SetValue($x, $y, $z, $x + 10 * $y + 100 * $z) } } }
        """;

    // Labels: z = 0 all 0; z = 1 half 1 (x < 2) and half 2.
    private const string Labels = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt8')
        foreach ($y in 0..2) { foreach ($x in 0..3) { $l.SetValue($x, $y, 1, $(if ($x -lt 2) { 1 } else { 2 })) } }
        """;

    [Fact]
    public void MeasureVoxelStackGivesExactStatistics()
    {
        var stats = (VoxelStatistics)session.RunClean(Ramp + "\n$s | Measure-VoxelStack").Single().BaseObject;
        Assert.Equal(24, stats.Count);
        Assert.Equal(0, stats.Minimum);
        Assert.Equal(123, stats.Maximum);
        Assert.Equal(61.5, stats.Mean, 12);
        Assert.Equal(1476, stats.Sum);

        // Sample standard deviation computed independently from the definition.
        var values = new List<double>();
        for (int z = 0; z < 2; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 4; x++) values.Add(x + 10 * y + 100 * z);
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        Assert.Equal(sd, stats.StandardDeviation, 10);
    }

    [Fact]
    public void ConvertToPhaseImageNamesLabelsAndMeasuresFractions()
    {
        var fractions = session.RunClean(Labels + "\n$l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD'; 2 = 'AM' } | Measure-VoxelStack")
            .Select(o => (PhaseFraction)o.BaseObject).ToArray();
        Assert.Equal(["Pore", "CBD", "AM"], fractions.Select(f => f.Phase));
        Assert.Equal([12L, 6L, 6L], fractions.Select(f => f.VoxelCount));
        Assert.Equal(0.5, fractions[0].VolumeFraction, 15);
        Assert.Equal(0.25, fractions[2].VolumeFraction, 15);
    }

    [Fact]
    public void MeasureSelectsPhasesByNameOrLabel()
    {
        var names = session.RunClean(Labels + "\n$l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD'; 2 = 'AM' } | Measure-VoxelStack -Phase am, 1 | ForEach-Object Phase")
            .Select(o => o.ToString());
        Assert.Equal(["CBD", "AM"], names);
    }

    [Fact]
    public void ConvertToPhaseImageRejectsLabelMissingFromTable()
    {
        var r = session.Run(Labels + "\n$l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' }");
        Assert.Contains("LabelNotInPhaseTable", r.ErrorIds);
        Assert.Empty(r.Output);
        Assert.Contains("2", r.Errors.Single().Exception.Message);
    }

    [Fact]
    public void ConvertToPhaseImageRejectsNonLabelValues()
    {
        var r = session.Run("$f = [MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 1, 'Float32'); $f.SetValue(0, 0, 0, 0.5); $f | ConvertTo-PhaseImage");
        Assert.Contains("ValueIsNotALabel", r.ErrorIds);
    }

    [Fact]
    public void SelectVoxelRegionCropsTheRightVoxels()
    {
        var crop = (VoxelStack)session.RunClean(Ramp + "\n$s | Select-VoxelRegion -Origin 1, 1, 1 -Size 2, 2, 1").Single().BaseObject;
        Assert.Equal((2, 2, 1), (crop.Width, crop.Height, crop.Depth));
        Assert.Equal(111, crop.GetValue(0, 0, 0));
        Assert.Equal(122, crop.GetValue(1, 1, 0));
    }

    [Fact]
    public void SelectVoxelRegionOutsideTheVolumeIsAnError()
    {
        var r = session.Run(Ramp + "\n$s | Select-VoxelRegion -Origin 3, 0, 0 -Size 2, 2, 2");
        Assert.Contains("RegionOutsideVolume", r.ErrorIds);
    }

    [Fact]
    public void ResizeVoxelStackAveragesBlocksAndScalesVoxelSize()
    {
        var r = (VoxelStack)session.RunClean(Ramp + "\n$s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(20, 'nm')\n$s | Resize-VoxelStack -Factor 2").Single().BaseObject;
        Assert.Equal((2, 2, 1), (r.Width, r.Height, r.Depth));
        // Block x 0-1, y 0-1, z 0-1: mean of x + 10y + 100z = 0.5 + 5 + 50 = 55.5 -> 56 (round half away from zero).
        Assert.Equal(56, r.GetValue(0, 0, 0));
        // Partial block y = 2 only: 0.5 + 20 + 50 = 70.5 -> 71.
        Assert.Equal(71, r.GetValue(0, 1, 0));
        Assert.Equal(40, r.VoxelSize.X);
        Assert.Equal("nm", r.VoxelSize.Unit);
    }

    [Fact]
    public void ResizeVoxelStackSubsampleKeepsEverySecondVoxel()
    {
        var r = (VoxelStack)session.RunClean(Ramp + "\n$s | Resize-VoxelStack -Factor 2 -Method Subsample").Single().BaseObject;
        Assert.Equal(20, r.GetValue(0, 1, 0));
        Assert.Equal(22, r.GetValue(1, 1, 0));
    }

    [Fact]
    public void ResizeVoxelStackRefusesMeanOfLabels()
    {
        var r = session.Run(Labels + "\n$l | ConvertTo-PhaseImage | Resize-VoxelStack -Factor 2 -Method Mean");
        Assert.Contains("MeanOfLabels", r.ErrorIds);
    }

    [Fact]
    public void FormatViewsRenderVolumesAndMeasurements()
    {
        const string Setup = Labels + "\n$l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')\n$p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD'; 2 = 'AM' }\n";
        string image = session.Render(Setup + "$p");
        Assert.Contains("Dimensions", image);
        Assert.Contains("4 x 3 x 2", image);
        Assert.Contains("0.5 µm", image);
        Assert.Contains("0 Pore, 1 CBD, 2 AM", image);

        string fractions = session.Render(Setup + "$p | Measure-VoxelStack");
        Assert.Matches(@"Phase\s+Label\s+VoxelCount\s+VolumeFraction", fractions);
        Assert.Matches(@"Pore\s+0\s+12\s+0\.50000", fractions); // invariant decimal point even under de-DE
        Assert.DoesNotContain("\u001b[", image + fractions);

        string stats = session.Render(Ramp + "\n$s | Measure-VoxelStack");
        Assert.Matches(@"Count\s+Minimum\s+Maximum\s+Mean", stats);
        Assert.Matches(@"24\s+0\s+123\s+61\.5\s", stats);
    }

    [Fact]
    public void RunspaceUsesTheTestCulture()
    {
        // Guards the premise of the culture checks above: the runspace formats with the suite's culture (de-DE by default).
        string expected = Environment.GetEnvironmentVariable("MICROMORPH_TEST_CULTURE") ?? "de-DE";
        Assert.Equal(expected, session.RunClean("[cultureinfo]::CurrentCulture.Name").Single().ToString());
        Assert.Equal(expected == "de-DE" ? "0,5" : (0.5).ToString(CultureInfo.GetCultureInfo(expected)), session.RunClean("(0.5).ToString()").Single().ToString());
    }
}

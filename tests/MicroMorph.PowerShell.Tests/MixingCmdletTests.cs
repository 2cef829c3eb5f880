using MicroMorph.Core.Mixing;

namespace MicroMorph.PowerShell.Tests;

/// <summary>The mixing cmdlets (000) through real script text.</summary>
public sealed class MixingCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>, IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mmmix-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SimulatedMapsFlowThroughSchmahlIndexIntoMixingQuality()
    {
        var output = session.RunClean("""
            $maps = New-AggregateMap -Size 256 -CarbonDiameter 8 -SilicaDiameter 6 -Coverage 0.4 -Count 4 -Seed 10
            $indices = $maps | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -Seed 1
            $indices
            $indices | Measure-MixingQuality -MaxCarbonFraction 0.99
            """);
        var indices = output.Take(4).Select(o => (SchmahlIndexResult)o.BaseObject).ToArray();
        var quality = (MixingQualityResult)output[4].BaseObject;
        Assert.All(indices, r => Assert.InRange(r.SchmahlIndex, 0.6, 1.4));
        Assert.Equal(["Random-10", "Random-11", "Random-12", "Random-13"], indices.Select(r => r.Name));
        Assert.Equal(4, quality.AggregateCount);
        Assert.Equal(indices.Average(r => r.SchmahlIndex), quality.MeanSchmahlIndex, 12);
    }

    [Fact]
    public void ParticleCountListGivesTheVarianceCurveWithSinglePixels()
    {
        var rows = session.RunClean("""
            New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 8 -Arrangement Segregated -Seed 3 |
                Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 1, 5, 10, 25 -IncludeSinglePixel -SampleCount 120 -Seed 2
            """).Select(o => (SchmahlIndexResult)o.BaseObject).ToArray();
        Assert.Equal([0, 1, 5, 10, 25], rows.Select(r => r.ParticleCount));
        Assert.All(rows, r => Assert.Equal(120, r.SampleCount));
        Assert.True(double.IsNaN(rows[0].SchmahlIndex));
        Assert.All(rows.Skip(2), r => Assert.InRange(r.SchmahlIndex, -0.5, 0.5)); // at N = 1, Eq. 5 is close to Eq. 4 and Eq. 6 degenerates
    }

    [Fact]
    public void PaperArithmeticFromPropertyObjects()
    {
        // 50 C65 aggregates with 000 Section 3.3's means and variances -> psi 0.927, 0.867, 0.751.
        var q = (MixingQualityResult)session.RunClean("""
            $dp = [math]::Sqrt(49 * 0.015 / 50); $dm = [math]::Sqrt(49 * 0.033 / 50)
            0..49 | ForEach-Object { $s = if ($_ % 2) { -1 } else { 1 }; [pscustomobject]@{ CarbonFraction = 0.71 + $s * $dp; SchmahlIndex = 0.458 + $s * $dm } } |
                Measure-MixingQuality
            """).Single().BaseObject;
        Assert.Equal(0.927, Math.Round(q.PsiP, 3));
        Assert.Equal(0.867, Math.Round(q.PsiM, 3));
        Assert.Equal(0.751, Math.Round(q.PsiCombined, 3));
        string text = session.Render("[MicroMorph.Core.Mixing.MixingQuality]::Compute([double[]](0.5, 0.7), [double[]](0.4, 0.6), 1, 1, 1, [double]::PositiveInfinity)");
        Assert.Contains("PsiCombined", text);
    }

    [Fact]
    public void ElementMapFilesImportInPairsAndBadInputIsReported()
    {
        string c = Path.Combine(_dir, "agg1_C.tif"), s = Path.Combine(_dir, "agg1_Si.tif"), g = Path.Combine(_dir, "grey.tif"), small = Path.Combine(_dir, "small.tif");
        session.RunClean($$"""
            $c = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8'); $s = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8')
            $g = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8'); $small = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 3, 1, 'UInt8')
            0..3 | ForEach-Object { $c.SetValue($_, 0, 0, 255); $s.SetValue($_, 1, 0, 255); $g.SetValue($_, 0, 0, 50 * $_) }
            $c.SetValue(0, 2, 0, 255); $s.SetValue(0, 2, 0, 255)
            $c | Export-VoxelStack -Path '{{c}}'; $s | Export-VoxelStack -Path '{{s}}'; $g | Export-VoxelStack -Path '{{g}}'; $small | Export-VoxelStack -Path '{{small}}'
            """);
        var map = (AggregateMap)session.RunClean($"[pscustomobject]@{{ CarbonPath = '{c}'; SiliconPath = '{s}' }} | Import-AggregateMap -PixelSize 2").Single().BaseObject;
        Assert.Equal((4, 4, 1), (map.CarbonOnlyCount, map.SilicaOnlyCount, map.BothCount));
        Assert.Equal("agg1_C", map.Name);
        Assert.Equal(2, map.PixelSize);
        Assert.Equal("nm", map.Unit);
        Assert.Equal((4.5 / 9), map.CarbonFraction, 12);

        Assert.Equal(["MapNotBinary"], session.Run($"Import-AggregateMap '{g}' '{s}'").ErrorIds);
        var thresholded = (AggregateMap)session.RunClean($"Import-AggregateMap '{g}' '{s}' -Threshold 100, 1").Single().BaseObject;
        Assert.Equal(2, thresholded.CarbonOnlyCount + thresholded.BothCount); // grey 100 and 150 of row 0
        Assert.Equal(["MapSizeMismatch"], session.Run($"Import-AggregateMap '{c}' '{small}'").ErrorIds);
        Assert.Equal(["PathNotFound"], session.Run($"Import-AggregateMap '{c}' '{Path.Combine(_dir, "missing.tif")}'").ErrorIds);

        var errors = session.Run($"Import-AggregateMap '{c}' '{s}' | Get-SchmahlIndex -CarbonDiameter 2 -SilicaDiameter 2 -ParticleCount 100").ErrorIds;
        Assert.Equal(["CutoutExceedsAggregate"], errors);
        Assert.Equal(["EmptyForeground"], session.Run($"Import-AggregateMap '{small}' '{small}' | Get-SchmahlIndex -CarbonDiameter 2 -SilicaDiameter 2").ErrorIds);
        Assert.Equal(["SpeciesMissing"], session.Run($"Import-AggregateMap '{c}' '{c}' | Get-ConcentrationCorrelation -MaxDistance 2").ErrorIds);
    }

    [Fact]
    public void CorrelationAveragesAndFitsAndRenders()
    {
        var output = session.RunClean("""
            New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 0.6 -Arrangement Segregated -ClusterCount 6 -Count 3 -Seed 5 |
                Get-ConcentrationCorrelation -MaxDistance 60 -Bandwidth 2 -Average -Fit
            """);
        var r = (ConcentrationCorrelationResult)output.Single().BaseObject;
        Assert.Equal(3, r.AggregateCount);
        Assert.Equal(61, r.Points.Count);
        Assert.NotNull(r.Fit);
        Assert.True(r.Fit!.RSquared > 0.9, $"R^2 {r.Fit.RSquared}");
        Assert.InRange(r.Fit.Nu, 0, 2);
        Assert.InRange(r.Fit.Lambda, 0, 1);
        string text = session.Render("New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Get-ConcentrationCorrelation -MaxDistance 10 -Fit");
        Assert.Contains("Lambda", text);
        Assert.Contains("Random-1", session.Render("New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1"));
    }

    [Fact]
    public void PicturesAreWrittenAsPng()
    {
        string hist = Path.Combine(_dir, "h.png"), heat = Path.Combine(_dir, "m.png"), corr = Path.Combine(_dir, "r.png");
        var files = session.RunClean($$"""
            $s = New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 6 -Count 5 -Seed 1 | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -IncludeSinglePixel -Seed 1
            $s | Export-MixingPlot '{{hist}}' -PassThru
            $s | Export-MixingPlot '{{heat}}' -Kind Heatmap -Width 600 -Height 500 -PassThru
            New-AggregateMap -Size 100 -CarbonDiameter 8 -SilicaDiameter 8 -Arrangement Segregated -Seed 2 | Get-ConcentrationCorrelation -MaxDistance 30 -Fit | Export-MixingPlot '{{corr}}' -PassThru
            """).Select(o => (FileInfo)o.BaseObject).ToArray();
        Assert.Equal(3, files.Length);
        foreach (var f in files)
        {
            Assert.True(f.Exists && f.Length > 1000, f.FullName);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(f.FullName).Take(4).Select(b => (int)b));
        }

        var heatmap = (Core.Imaging.VoxelStack)session.RunClean($"Import-VoxelStack '{heat}' -Channel Red").Single().BaseObject;
        Assert.Equal((600, 500), (heatmap.Width, heatmap.Height));
        Assert.Equal(["OutputExists"], session.Run($"New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Get-SchmahlIndex -CarbonDiameter 6 -SilicaDiameter 6 -ParticleCount 2 | Export-MixingPlot '{hist}'").ErrorIds);
        Assert.Equal(["NotAPlottableResult"], session.Run($"New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Export-MixingPlot '{Path.Combine(_dir, "x.png")}'").ErrorIds);
    }
}

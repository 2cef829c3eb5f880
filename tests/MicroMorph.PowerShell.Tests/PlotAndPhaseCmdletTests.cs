using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Export-LinePlot through real script text.</summary>
public sealed class LinePlotCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Rows = """
        $rows = foreach ($v in 0.04, 0.08, 0.12, 0.16) {
            [pscustomobject]@{ Graphite = $v; Phase = 'Solid'; Beta = 0.2 + $v; Tau = 1.5 }
            @{ Graphite = $v; Phase = 'Pore'; Beta = 0.3 - $v; Tau = 1.2 }
        }

        """;

    private static string TempPng() => Path.Combine(Path.GetTempPath(), "mmline-" + Guid.NewGuid().ToString("N")[..8] + ".png");

    /// <summary>Pixels of the picture with exactly the given colour.</summary>
    private long CountColour(string path, RgbColor colour)
    {
        var channels = new[] { "Red", "Green", "Blue" }
            .Select(c => (VoxelStack)session.RunClean($"Import-VoxelStack '{path}' -Channel {c}").Single().BaseObject)
            .ToArray();
        long count = 0;
        for (int y = 0; y < channels[0].Height; y++)
        {
            for (int x = 0; x < channels[0].Width; x++)
            {
                if (channels[0].GetValue(x, y, 0) == colour.R && channels[1].GetValue(x, y, 0) == colour.G && channels[2].GetValue(x, y, 0) == colour.B)
                {
                    count++;
                }
            }
        }

        return count;
    }

    [Fact]
    public void GroupsBecomeLinesOfTheirOwnColour()
    {
        string grouped = TempPng(), single = TempPng();
        try
        {
            var file = (FileInfo)session.RunClean(Rows + $"$rows | Export-LinePlot '{grouped}' -X Graphite -Y Beta -GroupBy Phase -Width 600 -Height 400 -PassThru").Single().BaseObject;
            Assert.True(file.Exists);
            session.RunClean(Rows + $"$rows | Where-Object Phase -eq 'Solid' | Export-LinePlot '{single}' -X Graphite -Y Beta");

            var first = Core.Plotting.LinePlotRenderer.SeriesColors[0];
            var second = Core.Plotting.LinePlotRenderer.SeriesColors[1];
            Assert.True(CountColour(grouped, first) > 200, "the first group is drawn");
            Assert.True(CountColour(grouped, second) > 200, "the second group is drawn");
            Assert.True(CountColour(single, first) > 200);
            Assert.Equal(0, CountColour(single, second));
        }
        finally
        {
            File.Delete(grouped);
            File.Delete(single);
        }
    }

    [Fact]
    public void MissingAndNonNumericPropertiesAreNamedAndNothingIsWritten()
    {
        string path = TempPng();
        var missing = session.Run(Rows + $"$rows | Export-LinePlot '{path}' -X Graphite -Y Porosity");
        Assert.Contains("PlotPropertyNotFound", missing.ErrorIds);
        Assert.Contains("Porosity", missing.Errors[0].Exception.Message);
        var text = session.Run(Rows + $"$rows | Export-LinePlot '{path}' -X Phase -Y Beta");
        Assert.Contains("NonNumericPlotValue", text.ErrorIds);
        Assert.False(File.Exists(path));
        Assert.Contains("NothingToPlot", session.Run($"@() | Export-LinePlot '{path}' -X a -Y b; [pscustomobject]@{{ a = 1; b = [double]::NaN }} | Export-LinePlot '{path}' -X a -Y b").ErrorIds);
        Assert.False(File.Exists(path));
    }
}

/// <summary>Merge-Phase through real script text.</summary>
public sealed class MergePhaseCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Image = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
        foreach ($z in 0..7) { foreach ($x in 0..7) { $l.SetValue($x, 0, $z, 2); $l.SetValue($x, 1, $z, 2); $l.SetValue($x, 2, $z, 5) } }
        $p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 2 = 'CBD'; 5 = 'Graphite' }

        """;

    [Fact]
    public void MergedPhaseTakesTheLowestLabelAndAllTheirVoxels()
    {
        var merged = (PhaseImage)session.RunClean(Image + "$p | Merge-Phase -Phase Graphite, CBD -Name Solid").Single().BaseObject;
        Assert.Equal(["0 Pore", "2 Solid"], merged.Phases.Select(p => p.ToString()));
        long solid = 0;
        for (int z = 0; z < 8; z++)
        {
            foreach (byte b in merged.GetLabels(z))
            {
                Assert.True(b is 0 or 2);
                solid += b == 2 ? 1 : 0;
            }
        }

        Assert.Equal(3 * 8 * 8, solid);
        // The input is unchanged.
        Assert.Equal(3, ((PhaseImage)session.RunClean(Image + "$p").Single().BaseObject).Phases.Count);
    }

    [Fact]
    public void UnknownPhasesAndTakenNamesAreRefused()
    {
        Assert.Contains("PhaseNotFound", session.Run(Image + "$p | Merge-Phase -Phase Graphite, Binder -Name Solid").ErrorIds);
        Assert.Contains("DuplicatePhaseName", session.Run(Image + "$p | Merge-Phase -Phase Graphite, CBD -Name Pore").ErrorIds);
    }
}

/// <summary>New-CarbonBinderModel through real script text.</summary>
public sealed class CarbonBinderModelCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void OverridesChangeOnlyTheirComponentAndTheSeedReproduces()
    {
        var images = session.RunClean("""
            New-CarbonBinderModel -Size 48 -VoxelSize 80 -Seed 5
            New-CarbonBinderModel 48 -VoxelSize 0.08 -Unit µm -Seed 5
            New-CarbonBinderModel -Size 48 -VoxelSize 80 -Seed 5 -GraphiteIntensity 1e-30
            """).Select(o => (PhaseImage)o.BaseObject).ToArray();
        Assert.Equal(["0 Pore", "1 CBD", "2 Graphite"], images[0].Phases.Select(p => p.ToString()));
        long graphiteLeft = 0;
        for (int z = 0; z < 48; z++)
        {
            Assert.True(images[0].GetLabels(z).SequenceEqual(images[1].GetLabels(z)));
            var a = images[0].GetLabels(z);
            var c = images[2].GetLabels(z);
            for (int i = 0; i < a.Length; i++)
            {
                // Without graphite the same carbon-binder and pores remain where there was no graphite.
                if (a[i] != 2)
                {
                    Assert.Equal(a[i], c[i]);
                }

                graphiteLeft += c[i] == 2 ? 1 : 0;
            }
        }

        Assert.Equal(0, graphiteLeft);
    }

    [Fact]
    public void BadParametersAreRefused()
    {
        Assert.Contains("InvalidIntensity", session.Run("New-CarbonBinderModel -Size 8 -GraphiteIntensity -1").ErrorIds);
        Assert.Contains("InvalidGrainParameter", session.Run("New-CarbonBinderModel -Size 8 -HalfAxisShape 0, 3944").ErrorIds);
        Assert.Contains("IncompatibleUnits", session.Run("New-CarbonBinderModel -Size 8 -VoxelSize 1 -Unit voxel").ErrorIds);
        Assert.Contains("InvalidSize", session.Run("$ErrorActionPreference = 'Stop'; New-CarbonBinderModel -Size 8, 8").ErrorIds);
    }
}

/// <summary>Optimize-CarbonBinderModel through real script text.</summary>
public sealed class CarbonBinderCalibrationCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Data = """
        $data = New-CarbonBinderModel -Size 64 -VoxelSize 40 -GraphiteIntensity 2.8e-9 -HalfAxisShape 20, 60 -HalfAxisRate 0.2 -Seed 100
        $cutout = New-GaussianExcursionSet -Size 32 -VoxelSize 40 -Unit nm -Threshold 0.499 -CovarianceScale 0.0127 -Seed 11 -PhaseName CBD -BackgroundName Pore

        """;

    [Fact]
    public void TheResultPipesIntoNewCarbonBinderModelWithTheFittedParameters()
    {
        var output = session.RunClean(Data + """
            $fit = $data | Optimize-CarbonBinderModel -CarbonBinderSample $cutout -PoreRadiusRate 0.0105, 0.021 -Realizations 1
            $fit
            $fit | New-CarbonBinderModel -Size 16 -VoxelSize 40 -Seed 3
            """);
        var fit = Assert.IsType<CarbonBinderCalibrationResult>(output[0].BaseObject);
        var image = Assert.IsType<PhaseImage>(output[1].BaseObject);
        Assert.Equal(2, fit.PoreRateCandidates.Count);
        Assert.Contains(fit.Parameters.PoreRadiusRate, new[] { 0.0105, 0.021 });
        // The realization was drawn with the fitted parameters (they are recorded in its metadata).
        Assert.Equal(fit.Parameters.ToString(), image.Metadata["CarbonBinderModel.Parameters"]);
        Assert.Equal("nm", image.VoxelSize.Unit);
    }

    [Fact]
    public void InconsistentInputsGiveNamedErrors()
    {
        Assert.Contains("CarbonBinderSamplePhaseMissing", session.Run(Data + """
            $other = New-GaussianExcursionSet -Size 16 -VoxelSize 40 -Unit nm -Threshold 0.5 -CovarianceScale 0.0127 -Seed 1 -PhaseName Binder
            $data | Optimize-CarbonBinderModel -CarbonBinderSample $other -PoreRadiusRate 0.0105 -Realizations 1
            """).ErrorIds);
        Assert.Contains("SamePhaseTwice", session.Run(Data + "$data | Optimize-CarbonBinderModel -CarbonBinderSample $cutout -GraphitePhase CBD").ErrorIds);
        Assert.Contains("PhaseNotFound", session.Run(Data + "$data | Optimize-CarbonBinderModel -CarbonBinderSample $cutout -GraphitePhase Flakes").ErrorIds);
    }
}

/// <summary>Compare-Segmentation through real script text.</summary>
public sealed class CompareSegmentationCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Images = """
        $a = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 1
        $b = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 2
        $c = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 3

        """;

    [Fact]
    public void AnImageAgreesWithItselfAndPairwiseGivesEveryPairOnce()
    {
        var output = session.RunClean(Images + """
            Compare-Segmentation $a $a
            $a, $b, $c | Compare-Segmentation -Pairwise
            $b | Compare-Segmentation -ReferenceObject $a
            """).Select(o => (MicroMorph.Core.Segmentation.SegmentationComparisonResult)o.BaseObject).ToArray();
        Assert.Equal(5, output.Length);
        Assert.Equal(1.0, output[0].Agreement);
        Assert.Equal(1.0, output[0].JaccardOf("Solid"));
        Assert.Equal(["#1", "#1", "#2"], output.Skip(1).Take(3).Select(r => r.Reference.Split(' ')[0]));
        Assert.Equal(["#2", "#3", "#3"], output.Skip(1).Take(3).Select(r => r.Difference.Split(' ')[0]));
        // The pipeline form equals the pair #1-#2: the comparison is symmetric in its measures.
        Assert.Equal(output[1].Agreement, output[4].Agreement);
        Assert.Equal(output[1].JaccardOf("Pore"), output[4].JaccardOf("Pore"));
        Assert.InRange(output[1].Agreement, 0.01, 0.99);
    }

    [Fact]
    public void DifferentSizesGiveANamedError()
    {
        Assert.Contains("SegmentationSizeMismatch", session.Run(Images + "Compare-Segmentation $a (New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed 1)").ErrorIds);
    }
}

/// <summary>Invoke-Trinarization through real script text.</summary>
public sealed class TrinarizationCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void TheSampleElectrodeIsReproducedWithItsPublishedFractions()
    {
        var output = session.RunClean($$"""
            $stack = Import-VoxelStack '{{Path.Combine(Repository.Root, "examples", "data", "electrode.tiff")}}'
            $truth = $stack | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
            # TauFactor's fractions, rounded to the voxel: 7548361, 6718710 and 2510145 voxels of 2^24.
            $t = $stack | Invoke-Trinarization -VolumeFraction (7548361 / 16777216), (6718710 / 16777216), (2510145 / 16777216) -PhaseName Pore, NMC, CBD
            Compare-Segmentation $truth $t
            # Three grey values, three classes: Otsu separates them exactly too.
            $stack | Invoke-Trinarization -Method Otsu -PhaseName Pore, NMC, CBD | Compare-Segmentation $truth
            """);
        Assert.Equal(2, output.Count);
        Assert.All(output, o => Assert.Equal(1.0, ((MicroMorph.Core.Segmentation.SegmentationComparisonResult)o.BaseObject).Agreement));
    }

    [Fact]
    public void BadInputGivesNamedErrors()
    {
        Assert.Contains("GreyStackRequired", session.Run("New-BooleanModel -Size 8 -Intensity 0.01 -Radius 2 | Invoke-Trinarization -VolumeFraction 0.5, 0.5 -PhaseName A, B").ErrorIds);
        Assert.Contains("InvalidVolumeFractions", session.Run($"Import-VoxelStack '{Path.Combine(Repository.Root, "examples", "data", "electrode.tiff")}' | Invoke-Trinarization -VolumeFraction 0.5, 0.35, 0.25").ErrorIds);
        Assert.Contains("FractionCountMismatch", session.Run($"Import-VoxelStack '{Path.Combine(Repository.Root, "examples", "data", "electrode.tiff")}' | Invoke-Trinarization -VolumeFraction 0.5, 0.5").ErrorIds);
        Assert.Contains("VolumeFractionRequired", session.Run($"Import-VoxelStack '{Path.Combine(Repository.Root, "examples", "data", "electrode.tiff")}' | Invoke-Trinarization").ErrorIds);
    }
}

/// <summary>Invoke-VoxelFilter through real script text.</summary>
public sealed class VoxelFilterCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Image = "$p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed 1\n";

    [Fact]
    public void ClosingGrowsAndOpeningShrinksThePhase()
    {
        var images = session.RunClean(Image + """
            $p
            $p | Invoke-VoxelFilter -Filter Closing -Phase Solid -Radius 2
            $p | Invoke-VoxelFilter -Filter Opening -Phase Solid -Radius 2 -ReplacementPhase Pore
            """).Select(o => (PhaseImage)o.BaseObject).ToArray();
        long Solid(PhaseImage i) => Enumerable.Range(0, i.Depth).Sum(z => (long)i.GetLabels(z).ToArray().Count(b => b == 1));
        Assert.True(Solid(images[1]) > Solid(images[0]));
        Assert.True(Solid(images[2]) < Solid(images[0]));
        // Closing is extensive, opening anti-extensive: voxel by voxel.
        for (int z = 0; z < 32; z++)
        {
            var a = images[0].GetLabels(z).ToArray();
            var c = images[1].GetLabels(z).ToArray();
            var o = images[2].GetLabels(z).ToArray();
            Assert.All(Enumerable.Range(0, a.Length), i => Assert.True(c[i] >= a[i] && o[i] <= a[i]));
        }
    }

    [Fact]
    public void GaussianSmoothsGreyValuesInPhysicalUnits()
    {
        // An impulse of 1000 at the centre; voxels 1 x 1 x 2 µm and sigma 2 µm: 2, 2 and 1 voxels
        // per axis. The centre keeps 1000 g2(0)^2 g1(0), g_s(0) = 1 / sum_x exp(-x^2 / 2 s^2).
        var result = session.RunClean("""
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(21, 21, 21, 'UInt16')
            $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(1, 1, 2, 'µm')
            $s.SetValue(10, 10, 10, 1000)
            $g = $s | Invoke-VoxelFilter -Filter Gaussian -Sigma 2
            $g.DataType
            $g.GetValue(10, 10, 10)
            $g.GetValue(12, 10, 10)
            """);
        static double G0(double s) => 1 / Enumerable.Range(-(int)(4 * s + 0.5), (2 * (int)(4 * s + 0.5)) + 1).Sum(x => Math.Exp(-x * x / (2 * s * s)));
        Assert.Equal("Float32", result[0].ToString());
        Assert.Equal(1000 * G0(2) * G0(2) * G0(1), (double)result[1].BaseObject, 1e-3);
        Assert.Equal(1000 * G0(2) * G0(2) * G0(1) * Math.Exp(-0.5), (double)result[2].BaseObject, 1e-3);
    }

    [Fact]
    public void FiltersRefuseTheWrongKindOfVolume()
    {
        Assert.Contains("GreyStackRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Gaussian -Sigma 1").ErrorIds);
        Assert.Contains("PhaseImageRequired", session.Run("[MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | Invoke-VoxelFilter -Filter Closing -Phase 1 -Radius 1").ErrorIds);
        Assert.Contains("SigmaRequired", session.Run("[MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | Invoke-VoxelFilter -Filter Gaussian").ErrorIds);
        Assert.Contains("InvalidSigma", session.Run("[MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | Invoke-VoxelFilter -Filter Gaussian -Sigma 0").ErrorIds);
        Assert.Contains("PhaseRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Closing -Radius 1").ErrorIds);
        Assert.Contains("RadiusRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Closing -Phase Solid").ErrorIds);
    }

    [Fact]
    public void BadArgumentsGiveNamedErrors()
    {
        Assert.Contains("ReplacementPhaseRequired", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Erosion -Phase Solid -Radius 2").ErrorIds);
        Assert.Contains("InvalidRadius", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Closing -Phase Solid -Radius -1").ErrorIds);
        Assert.Contains("PhaseNotFound", session.Run(Image + "$p | Invoke-VoxelFilter -Filter Closing -Phase Binder -Radius 1").ErrorIds);
    }
}

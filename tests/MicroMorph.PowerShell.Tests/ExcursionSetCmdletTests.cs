using System.Globalization;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.PowerShell.Tests;

/// <summary>New-GaussianExcursionSet and Optimize-GaussianExcursionSet through real script text.</summary>
public sealed class ExcursionSetCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static PhaseImage Image(ScriptResult r) => (PhaseImage)r.Output.Single().BaseObject;

    private static void AssertSameVoxels(PhaseImage a, PhaseImage b)
    {
        Assert.Equal(a.Dimensions, b.Dimensions);
        for (int z = 0; z < a.Depth; z++)
        {
            Assert.True(a.GetLabels(z).SequenceEqual(b.GetLabels(z)), $"slice {z}");
        }
    }

    [Fact]
    public void VolumeFractionGivesTheThresholdOfEq19AndTheCoreRealisation()
    {
        var image = (PhaseImage)session.RunClean(
            "New-GaussianExcursionSet -Size 64 -VoxelSize 20 -Unit nm -CovarianceScale 0.05 -VolumeFraction 0.3 -Seed 5 -PhaseName CBD").Single().BaseObject;
        double mu = Normal.InvCDF(0, 1, 0.7);
        Assert.Equal("64 x 64 x 64", image.Dimensions);
        Assert.Equal(new VoxelSize(20, "nm"), image.VoxelSize);
        Assert.Equal(["Pore", "CBD"], image.Phases.Select(p => p.Name));
        Assert.Equal("5", image.Metadata["GaussianExcursionSet.CBD.Seed"]);
        Assert.Equal(mu, double.Parse(image.Metadata["GaussianExcursionSet.CBD.Threshold"], CultureInfo.InvariantCulture), 12);
        Assert.Equal("0.05", image.Metadata["GaussianExcursionSet.CBD.CovarianceScale"]);

        // The window mean of the field fluctuates by about 0.037 at this size (correlation length one
        // voxel), so V by about 0.013: 0.06 is more than 4 standard deviations.
        double v = (double)PhaseCounter.CountLabels(image, ComputeOptions.Default)[1] / image.VoxelCount;
        Assert.Equal(0.3, v, 0.06);

        var core = GaussianExcursionSet.Generate(64, 64, 64, new VoxelSize(20, "nm"), new GaussianExcursionSetParameters(mu, 0.05), 5, ComputeOptions.Default, "CBD");
        AssertSameVoxels(core, image);
    }

    [Fact]
    public void ThreeSizesAnisotropicVoxelsAndThreshold()
    {
        var image = (PhaseImage)session.RunClean(
            "New-GaussianExcursionSet -Size 40, 30, 20 -VoxelSize 20, 20, 40 -Unit nm -CovarianceScale 0.02 -Threshold 0 -Seed 1 -PhaseName Solid -BackgroundName Void").Single().BaseObject;
        Assert.Equal("40 x 30 x 20", image.Dimensions);
        Assert.Equal(new VoxelSize(20, 20, 40, "nm"), image.VoxelSize);
        Assert.Equal(["Void", "Solid"], image.Phases.Select(p => p.Name));
        Assert.Equal("0", image.Metadata["GaussianExcursionSet.Solid.Threshold"]);

        // Without -Unit the field is in voxels.
        var voxels = (PhaseImage)session.RunClean("New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 0 -Seed 1").Single().BaseObject;
        Assert.Equal(VoxelSize.Uncalibrated, voxels.VoxelSize);
    }

    [Fact]
    public void RandomSeedIsRecordedAndReproducesTheImage()
    {
        var images = session.RunClean("""
            $a = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5
            $b = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5
            $again = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5 -Seed ([long]$a.Metadata['GaussianExcursionSet.Solid.Seed']) -ThrottleLimit 1
            $a, $b, $again
            """).Select(o => (PhaseImage)o.BaseObject).ToArray();
        Assert.NotEqual(images[0].Metadata["GaussianExcursionSet.Solid.Seed"], images[1].Metadata["GaussianExcursionSet.Solid.Seed"]);
        Assert.Equal(images[0].Metadata["GaussianExcursionSet.Solid.Seed"], images[2].Metadata["GaussianExcursionSet.Solid.Seed"]);
        AssertSameVoxels(images[0], images[2]);
    }

    [Fact]
    public void CalibrationPipesItsParametersAndUnitIntoNewRealisations()
    {
        var output = session.RunClean("""
            $data = New-GaussianExcursionSet -Size 96 -VoxelSize 20 -Unit nm -CovarianceScale 0.03 -Threshold 0.8 -Seed 3 -PhaseName CBD
            $fit = $data | Optimize-GaussianExcursionSet -Phase CBD
            $twin = $fit | New-GaussianExcursionSet -Size 32 -VoxelSize 40 -Seed 9 -PhaseName CBD
            $fit, $twin
            """);
        var fit = (ExcursionSetCalibrationResult)output[0].BaseObject;
        var twin = (PhaseImage)output[1].BaseObject;
        Assert.Equal("CBD", fit.Phase);
        Assert.Equal("nm", fit.Unit);
        Assert.Equal(24 * 20.0, fit.MaxDistance, 9);
        Assert.InRange(fit.CovarianceScale, 0.03 * 0.8, 0.03 * 1.2);
        Assert.InRange(fit.Threshold, 0.8 - 0.25, 0.8 + 0.25);
        Assert.Equal(new VoxelSize(40, "nm"), twin.VoxelSize); // the unit came from the result
        Assert.Equal(fit.Threshold, double.Parse(twin.Metadata["GaussianExcursionSet.CBD.Threshold"], CultureInfo.InvariantCulture), 12);
        Assert.Equal(fit.CovarianceScale, double.Parse(twin.Metadata["GaussianExcursionSet.CBD.CovarianceScale"], CultureInfo.InvariantCulture), 12);

        // Explicit values override the piped ones.
        var overridden = (PhaseImage)session.RunClean("""
            $fit = [MicroMorph.Core.Stochastic.GaussianExcursionSetParameters]::new(0.5, 0.02)
            [pscustomobject]@{ Parameters = $fit; Unit = 'nm' } | New-GaussianExcursionSet -Size 16 -VolumeFraction 0.5 -Seed 1
            """).Single().BaseObject;
        Assert.Equal("0", overridden.Metadata["GaussianExcursionSet.Solid.Threshold"]);
        Assert.Equal("0.02", overridden.Metadata["GaussianExcursionSet.Solid.CovarianceScale"]);
        Assert.Equal("nm", overridden.VoxelSize.Unit);
    }

    [Fact]
    public void FormatViewShowsTheCalibration()
    {
        string text = session.Render("""
            New-GaussianExcursionSet -Size 48 -CovarianceScale 0.5 -Threshold 0.5 -Seed 2 | Optimize-GaussianExcursionSet -Phase Solid -MaxDistance 8
            """);
        Assert.Contains("CovarianceScale", text, StringComparison.Ordinal);
        Assert.Contains("Threshold", text, StringComparison.Ordinal);
        Assert.Contains("Solid", text, StringComparison.Ordinal);
        Assert.Contains("voxel", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-Size 8 -CovarianceScale 0 -Threshold 0", "InvalidCovarianceScale")]
    [InlineData("-Size 8 -CovarianceScale -1 -Threshold 0", "InvalidCovarianceScale")]
    [InlineData("-Size 8 -CovarianceScale ([double]::NaN) -Threshold 0", "InvalidCovarianceScale")]
    [InlineData("-Size 8 -CovarianceScale 1 -Threshold ([double]::NaN)", "InvalidThreshold")]
    [InlineData("-Size 8 -CovarianceScale 1 -Threshold 0 -VolumeFraction 0.5", "ThresholdAndVolumeFraction")]
    [InlineData("-Size 8 -CovarianceScale 1", "ThresholdRequired")]
    [InlineData("-Size 8 -Threshold 0", "CovarianceScaleRequired")]
    [InlineData("-Size 8 -CovarianceScale 1 -VolumeFraction 1.2", "InvalidVolumeFraction")]
    [InlineData("-Size 8 -CovarianceScale 1 -VolumeFraction 0", "InvalidVolumeFraction")]
    [InlineData("-Size 8 -CovarianceScale 1 -VolumeFraction 1", "InvalidVolumeFraction")]
    [InlineData("-Size 0 -CovarianceScale 1 -Threshold 0", "InvalidDimensions")]
    [InlineData("-Size 8, 0, 8 -CovarianceScale 1 -Threshold 0", "InvalidDimensions")]
    [InlineData("-Size 8, 8 -CovarianceScale 1 -Threshold 0", "InvalidSize")]
    [InlineData("-Size 8 -VoxelSize 20, 20 -CovarianceScale 1 -Threshold 0", "InvalidVoxelSize")]
    [InlineData("-Size 8 -VoxelSize -20 -Unit nm -CovarianceScale 1 -Threshold 0", "InvalidVoxelSize")]
    [InlineData("-Size 6000 -CovarianceScale 1 -Threshold 0", "GaussianFieldTooLarge")]
    public void BadParametersGiveTheirErrorIdsAndNoImage(string arguments, string errorId)
    {
        var r = session.Run("New-GaussianExcursionSet " + arguments);
        Assert.Contains(errorId, r.ErrorIds);
        Assert.Empty(r.Output);
    }

    [Fact]
    public void OptimizeRefusesUnknownAndDegeneratePhases()
    {
        const string Data = "$d = New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 0 -Seed 1\n";
        Assert.Contains("PhaseNotFound", session.Run(Data + "$d | Optimize-GaussianExcursionSet -Phase Binder").ErrorIds);
        Assert.Contains("InvalidMaxDistance", session.Run(Data + "$d | Optimize-GaussianExcursionSet -Phase Solid -MaxDistance -3").ErrorIds);
        var empty = session.Run("New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 50 -Seed 1 | Optimize-GaussianExcursionSet -Phase Solid");
        Assert.Contains("DegenerateVolumeFraction", empty.ErrorIds);
        Assert.Empty(empty.Output);
    }
}

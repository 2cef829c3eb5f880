using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class CarbonBinderCalibrationTests
{
    /// <summary>
    /// A model whose graphite flakes are small enough (mean half-axes 100 nm and 300 nm) for a
    /// 5.1 um window at 40 nm to hold about 400 of them (and about 1200 large pores); carbon-binder and large pores as in Table 2.
    /// </summary>
    private static readonly CarbonBinderModelParameters Truth = new(2.8e-9, 20, 60, 0.2, 0.499, 0.0127, 0.0105, 9.340e-9, "nm");

    private static readonly VoxelSize Voxel = new(40, "nm");

    private static readonly Lazy<PhaseImage> Data = new(() => CarbonBinderModel.Generate(Truth, 128, 128, 128, Voxel, 100, null, ComputeOptions.Default));

    /// <summary>The Fig. A1 cutout: carbon-binder and small pores only, i.e. a realization of Xi2 alone.</summary>
    private static readonly Lazy<PhaseImage> Sample = new(() => GaussianExcursionSet.Generate(64, 64, 64, Voxel, Truth.CarbonBinder, 11, ComputeOptions.Default, "CBD", "Pore"));

    private static double AdditiveFraction(PhaseImage image)
    {
        var counts = PhaseCounter.CountLabels(image, ComputeOptions.Default);
        return (counts[CarbonBinderPhaseNames.GraphiteLabel] + counts[CarbonBinderPhaseNames.CarbonBinderLabel]) / (double)image.VoxelCount;
    }

    private static CarbonBinderCalibrationResult Calibrate(PhaseImage data, PhaseImage sample, CarbonBinderCalibrationOptions settings) =>
        CarbonBinderCalibration.Calibrate(data, data.Phases.Resolve("Graphite"), data.Phases.Resolve("CBD"), sample, settings, ComputeOptions.Default);

    [Fact]
    public void PicksTheTruePoreRateAndReproducesTheModelItWasDrawnFrom()
    {
        // Candidates a factor of two apart around the truth: mean pore radii 190, 95 and 48 nm.
        var result = Calibrate(Data.Value, Sample.Value, new CarbonBinderCalibrationOptions { PoreRadiusRates = [0.00525, 0.0105, 0.021], Realizations = 2, Seed = 1 });

        Assert.Equal(0.0105, result.Parameters.PoreRadiusRate);
        Assert.Equal(3, result.PoreRateCandidates.Count);
        Assert.All(result.PoreRateCandidates, c => Assert.Equal(2, c.Distances.Count));
        Assert.Equal("nm", result.Unit);

        // Xi2 comes from the cutout: its threshold is Eq. 19 of the cutout's own fraction.
        var sampleCounts = PhaseCounter.CountLabels(Sample.Value, ComputeOptions.Default);
        double v2 = sampleCounts[1] / (double)Sample.Value.VoxelCount;
        Assert.Equal(v2, result.CarbonBinderVolumeFraction, 12);
        Assert.Equal(ExcursionSetCalibration.Threshold(v2), result.Parameters.Threshold, 12);

        // Xi1: the mean half-axes (the identified part of the spheroid law) within 10 % of the truth.
        Assert.InRange(result.Parameters.HalfAxisShapeA / result.Parameters.HalfAxisRate, 90, 110);
        Assert.InRange(result.Parameters.HalfAxisShapeC / result.Parameters.HalfAxisRate, 270, 330);

        // Eq. 25 makes the fitted model's additive fraction that of the data: check it on realizations.
        double data = AdditiveFraction(Data.Value);
        Assert.Equal(data, result.VolumeFraction, 12);
        double realized = 0;
        for (int seed = 1; seed <= 2; seed++)
        {
            realized += AdditiveFraction(CarbonBinderModel.Generate(result.Parameters, 128, 128, 128, Voxel, 200 + seed, null, ComputeOptions.Default)) / 2;
        }

        Assert.InRange(realized, data - 0.03, data + 0.03);
    }

    [Fact]
    public void DefaultCandidatesAreThePapersSevenConvertedToTheImageUnit()
    {
        var inMicrometres = new VoxelSize(0.02, "µm");
        var data = CarbonBinderModel.Generate(Truth, 48, 48, 48, inMicrometres, 5, null, ComputeOptions.Default);
        var sample = GaussianExcursionSet.Generate(32, 32, 32, new VoxelSize(20, "nm"), Truth.CarbonBinder, 11, ComputeOptions.Default, "CBD", "Pore");
        sample.VoxelSize = inMicrometres;
        var result = Calibrate(data, sample, new CarbonBinderCalibrationOptions { Realizations = 1 });
        Assert.Equal(
            CarbonBinderCalibrationOptions.PaperPoreRadiusRatesPerNanometre.Select(t => t * 1000),
            result.PoreRateCandidates.Select(c => c.PoreRadiusRate),
            (a, b) => Math.Abs(a - b) < 1e-9 * a);
        Assert.Equal("µm", result.Parameters.Unit);
    }

    [Fact]
    public void InconsistentInputsAreRefusedWithNamedErrors()
    {
        var data = Data.Value;
        var graphite = data.Phases.Resolve("Graphite");
        var cbd = data.Phases.Resolve("CBD");
        var settings = new CarbonBinderCalibrationOptions { PoreRadiusRates = [0.0105], Realizations = 1 };
        MicroMorphException Fails(Action a) => Assert.Throws<MicroMorphException>(a);

        Assert.Equal("SamePhaseTwice", Fails(() => CarbonBinderCalibration.Calibrate(data, cbd, cbd, Sample.Value, settings, ComputeOptions.Default)).ErrorId);
        var renamed = GaussianExcursionSet.Generate(16, 16, 16, Voxel, Truth.CarbonBinder, 1, ComputeOptions.Default, "Binder", "Pore");
        Assert.Equal("CarbonBinderSamplePhaseMissing", Fails(() => Calibrate(data, renamed, settings)).ErrorId);
        Assert.Equal("InvalidRealizationCount", Fails(() => Calibrate(data, Sample.Value, settings with { Realizations = 0 })).ErrorId);
        Assert.Equal("InvalidPoreRadiusRate", Fails(() => Calibrate(data, Sample.Value, settings with { PoreRadiusRates = [0.01, -1] })).ErrorId);

        // A cutout with too little carbon-binder cannot explain the data's additive fraction (Eq. 25 has no solution).
        var sparse = GaussianExcursionSet.Generate(32, 32, 32, Voxel, new GaussianExcursionSetParameters(2.0, 0.0127), 3, ComputeOptions.Default, "CBD", "Pore");
        Assert.Equal("VolumeFractionOutOfModelRange", Fails(() => Calibrate(data, sparse, settings)).ErrorId);

        var uncalibrated = CarbonBinderModel.Generate(Truth, 32, 32, 32, Voxel, 5, null, ComputeOptions.Default);
        uncalibrated.VoxelSize = VoxelSize.Uncalibrated;
        Assert.Equal("PoreRadiusRateNeeded", Fails(() => Calibrate(uncalibrated, Sample.Value, settings with { PoreRadiusRates = null })).ErrorId);
    }
}

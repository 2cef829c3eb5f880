using MathNet.Numerics.Distributions;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class CarbonBinderModelTests
{
    /// <summary>001 Eq. 22 with V1 from Miles (Eq. 10), V2 = 1 - Phi(mu) (Eq. 18), V3 from Eq. 24.</summary>
    private static (double V1, double V2, double V3, double V) Predicted(CarbonBinderModelParameters p)
    {
        double v1 = MilesFormulas.Compute(p.Graphite).VolumeFraction;
        double v2 = 1 - Normal.CDF(0, 1, p.Threshold);
        double v3 = 1 - Math.Exp(-p.PoreIntensity * 8 * Math.PI / Math.Pow(p.PoreRadiusRate, 3));
        return (v1, v2, v3, v1 + v2 * (1 - v1) * (1 - v3));
    }

    [Fact]
    public void VolumeFractionOfTheCombinedModelMatchesEquation22()
    {
        // Table 2 at 80 nm (the paper's coarsest resolution), 160^3 = 12.8 um windows, three seeds pooled:
        // the graphite discs are ~4 um wide, so one window alone scatters by about 0.01.
        var p = CarbonBinderModelParameters.Table2;
        var predicted = Predicted(p);
        Assert.InRange(predicted.V, 0.32, 0.34); // the paper's data: 10.55 % graphite + 22.59 % CBD
        double additive = 0, graphite = 0;
        const int Seeds = 3;
        for (int seed = 1; seed <= Seeds; seed++)
        {
            var image = CarbonBinderModel.Generate(p, 160, 160, 160, new VoxelSize(80, "nm"), seed, null, ComputeOptions.Default);
            var counts = PhaseCounter.CountLabels(image, ComputeOptions.Default);
            additive += (counts[CarbonBinderPhaseNames.CarbonBinderLabel] + counts[CarbonBinderPhaseNames.GraphiteLabel]) / (double)image.VoxelCount / Seeds;
            graphite += counts[CarbonBinderPhaseNames.GraphiteLabel] / (double)image.VoxelCount / Seeds;
        }

        Assert.InRange(additive, predicted.V - 0.01, predicted.V + 0.01);
        Assert.InRange(graphite, predicted.V1 - 0.02, predicted.V1 + 0.02);
    }

    [Fact]
    public void ParametersInMicrometresGiveTheSameVoxelsAsInNanometres()
    {
        var p = CarbonBinderModelParameters.Table2;
        var a = CarbonBinderModel.Generate(p, 40, 40, 40, new VoxelSize(80, "nm"), 7, null, ComputeOptions.Default);
        var b = CarbonBinderModel.Generate(p, 40, 40, 40, new VoxelSize(0.08, "µm"), 7, null, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        Assert.Equal("µm", b.VoxelSize.Unit);
        for (int z = 0; z < 40; z++)
        {
            Assert.True(a.GetLabels(z).SequenceEqual(b.GetLabels(z)), $"slice {z}");
        }
    }

    [Fact]
    public void VoxelSizeWithoutALengthUnitIsRefused()
    {
        var ex = Assert.Throws<Errors.MicroMorphException>(() =>
            CarbonBinderModel.Generate(CarbonBinderModelParameters.Table2, 8, 8, 8, VoxelSize.Uncalibrated, 1, null, ComputeOptions.Default));
        Assert.Equal("IncompatibleUnits", ex.ErrorId);
        var bad = CarbonBinderModelParameters.Table2 with { PoreIntensity = -1 };
        Assert.Equal("InvalidIntensity", Assert.Throws<Errors.MicroMorphException>(() =>
            CarbonBinderModel.Generate(bad, 8, 8, 8, new VoxelSize(80, "nm"), 1, null, ComputeOptions.Default)).ErrorId);
    }
}

using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class PhaseSizeDistributionTests
{
    private static CurvePoint[] Curve(params double[] xy) =>
        Enumerable.Range(0, xy.Length / 2).Select(i => new CurvePoint(xy[2 * i], xy[2 * i + 1])).ToArray();

    [Fact]
    public void L1DistanceOfStepCurvesIsTheAreaBetweenThem()
    {
        // F = 1 on [0, 2], G = 1 on [0, 1], both 0 beyond: they differ by 1 on (1, 2].
        Assert.Equal(1.0, PhaseSizeDistribution.L1Distance(Curve(0, 1, 2, 1), Curve(0, 1, 1, 1)), 12);
        Assert.Equal(1.0, PhaseSizeDistribution.L1Distance(Curve(0, 1, 1, 1), Curve(0, 1, 2, 1)), 12);
        Assert.Equal(0.0, PhaseSizeDistribution.L1Distance(Curve(0, 1, 1, 0.5, 3, 0.25), Curve(0, 1, 1, 0.5, 3, 0.25)), 12);
    }

    [Fact]
    public void L1DistanceIntegratesCrossingLinesExactly()
    {
        // |(1 - r) - r| on [0, 1] integrates to 1/2 (the sign changes at r = 1/2); both curves end at r = 1
        // where F = 0 and G = 1, and G drops to 0 beyond.
        Assert.Equal(0.5, PhaseSizeDistribution.L1Distance(Curve(0, 1, 1, 0), Curve(0, 0, 1, 1)), 12);
        // Linear F from 1 to 0 on [0, 4] against the step G = 1 on [0, 2]: integral of r/4 on [0, 2] plus (1 - r/4) on [2, 4].
        Assert.Equal(0.5 + 0.5, PhaseSizeDistribution.L1Distance(Curve(0, 1, 4, 0), Curve(0, 1, 2, 1)), 12);
    }

    [Fact]
    public void CpsdOfASlabIsItsHalfThicknessStep()
    {
        // A slab 9 voxels thick (x 4..12) of a 17-wide image: every voxel is covered by balls up to radius ~4.5.
        var phases = new PhaseTable([new Phase(0, "Solid", new RgbColor(0, 0, 0)), new Phase(1, "Pore", new RgbColor(255, 255, 255))]);
        var image = new PhaseImage(17, 24, 24, phases);
        for (int z = 0; z < 24; z++)
        {
            var s = image.GetLabels(z);
            for (int y = 0; y < 24; y++)
            {
                for (int x = 4; x <= 12; x++)
                {
                    s[y * 17 + x] = 1;
                }
            }
        }

        var cpsd = PhaseSizeDistribution.Compute(image, phases.Resolve("Pore"), ComputeOptions.Default);
        Assert.Equal(1.0, cpsd[0].Y, 12);
        double rMax = RadiusDistribution.Inverse(cpsd, 0.5);
        Assert.InRange(rMax, 4, 5.5);
        Assert.Equal(ConstrictivityAnalysis.Compute(image, phases.Resolve("Pore"), FlowDirection.Z, ComputeOptions.Default).PoreSizeDistribution, cpsd);
    }
}

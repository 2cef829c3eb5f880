using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class TwoPointCoverageTests
{
    private static readonly PhaseTable Table = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);

    private static PhaseImage Random(int w, int h, int d, int seed)
    {
        var rng = new Random(seed);
        var image = new PhaseImage(w, h, d, Table) { VoxelSize = new VoxelSize(1, 2, 1.5, "nm") };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                double u = rng.NextDouble();
                s[i] = u < 0.5 ? (byte)0 : u < 0.7 ? (byte)1 : (byte)2;
            }
        }

        return image;
    }

    /// <summary>Direct definition: pairs (x, x + h) inside the image with x in phase i and x + h in phase j.</summary>
    private static double Direct(PhaseImage image, byte i, byte j, int dx, int dy, int dz)
    {
        long hits = 0, pairs = 0;
        for (int z = 0; z < image.Depth; z++)
        {
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    int xx = x + dx, yy = y + dy, zz = z + dz;
                    if (xx < 0 || yy < 0 || zz < 0 || xx >= image.Width || yy >= image.Height || zz >= image.Depth)
                    {
                        continue;
                    }

                    pairs++;
                    if (image.GetLabel(x, y, z) == i && image.GetLabel(xx, yy, zz) == j)
                    {
                        hits++;
                    }
                }
            }
        }

        return (double)hits / pairs;
    }

    [Fact]
    public void AxisValuesEqualTheDirectDefinitionForAutoAndCross()
    {
        var image = Random(14, 11, 9, 3);
        var auto = TwoPointCoverage.Compute(image, Table[1], Table[1], 6, false, ComputeOptions.Default);
        var cross = TwoPointCoverage.Compute(image, Table[1], Table[2], 6, false, ComputeOptions.Default);
        for (int k = 0; k < auto.AlongX.Count; k++)
        {
            Assert.Equal(Direct(image, 1, 1, k, 0, 0), auto.AlongX[k].Y, 10);
            Assert.Equal(Direct(image, 1, 2, k, 0, 0), cross.AlongX[k].Y, 10);
            Assert.Equal(k * 1.0, auto.AlongX[k].X, 12);
        }

        for (int k = 0; k < auto.AlongY.Count; k++)
        {
            Assert.Equal(Direct(image, 1, 2, 0, k, 0), cross.AlongY[k].Y, 10);
            Assert.Equal(k * 2.0, cross.AlongY[k].X, 12);
        }

        for (int k = 0; k < auto.AlongZ.Count; k++)
        {
            Assert.Equal(Direct(image, 1, 1, 0, 0, k), auto.AlongZ[k].Y, 10);
        }

        Assert.Equal(4, auto.AlongY.Count); // floor(6 / 2) + 1
        Assert.Equal(auto.VolumeFraction, auto.AlongX[0].Y, 12); // C(0) = e
        Assert.Equal(0, cross.AlongX[0].Y, 12);                   // disjoint phases
    }

    [Fact]
    public void IsotropicCurveAveragesAllShiftsOfEachDistance()
    {
        var image = Random(10, 10, 10, 4);
        image.VoxelSize = new VoxelSize(1, "µm");
        var r = TwoPointCoverage.Compute(image, Table[0], Table[0], 2, true, ComputeOptions.Default);
        double e = r.VolumeFraction;
        // |h| = 1: the six unit shifts; the centred value subtracts e^2.
        double expected = new[] { (1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1) }
            .Average(s => Direct(image, 0, 0, s.Item1, s.Item2, s.Item3)) - e * e;
        var at1 = r.Isotropic.Single(p => p.X == 1);
        Assert.Equal(expected, at1.Y, 10);
        Assert.Equal(e - e * e, r.Isotropic[0].Y, 10);
        Assert.Equal(Math.Sqrt(2), r.Isotropic[2].X, 12); // distinct distances 0, 1, sqrt 2, ...
    }

    [Fact]
    public void LayeredStructureHasThePeriodicCovariance()
    {
        // Layers of 3 voxels of CBD and 3 of pore along z: C(k e_z) = (3 - min(k mod 6, 6 - k mod 6)) / 6 exactly
        // (the fraction of CBD voxels whose shift by k is also CBD), up to edge counting; the image holds whole periods.
        var image = new PhaseImage(6, 6, 60, Table);
        for (int z = 0; z < 60; z++)
        {
            image.GetLabels(z).Fill(z % 6 < 3 ? (byte)1 : (byte)0);
        }

        var r = TwoPointCoverage.Compute(image, Table[1], Table[1], 12, false, ComputeOptions.Default);
        for (int k = 0; k <= 12; k++)
        {
            Assert.Equal(Direct(image, 1, 1, 0, 0, k), r.AlongZ[k].Y, 10);
        }

        Assert.Equal(0.5, r.AlongZ[0].Y, 12);
        Assert.Equal(0.0, r.AlongZ[3].Y, 12);
        Assert.Equal(0.5, r.AlongZ[6].Y, 12);
        Assert.All(r.AlongX, p => Assert.Equal(0.5, p.Y, 10)); // constant along the layers
    }

    [Fact]
    public void BadDistanceIsRefused()
    {
        var ex = Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => TwoPointCoverage.Compute(Random(4, 4, 4, 1), Table[0], Table[0], -1, false, ComputeOptions.Default));
        Assert.Equal("InvalidMaxDistance", ex.ErrorId);
    }
}

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

    [Theory]
    [InlineData(7, 5, 6, 1, 1)] // auto, odd and even sides
    [InlineData(7, 5, 6, 1, 2)] // cross: negative dz planes too
    [InlineData(9, 1, 4, 0, 2)] // a single row in y
    public void PaddedCorrelationEqualsTheDirectCountForEveryShift(int w, int h, int d, byte i, byte j)
    {
        // Independent check of the three-pass real transform: every S(h) over the whole shift range
        // (|dx| <= w - 1, ...) against the pair count of the definition.
        var image = Random(w, h, d, 11);
        int hx = w - 1, hy = h - 1, hz = d - 1, sx = 2 * hx + 1;
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        PaddedCorrelation.Compute(image, i, j, hx, hy, hz, ComputeOptions.Default, () => 0, (dz, values, _) =>
        {
            seen.Add(dz);
            for (int dy = -hy; dy <= hy; dy++)
            {
                for (int dx = -hx; dx <= hx; dx++)
                {
                    double pairs = (double)(w - Math.Abs(dx)) * (h - Math.Abs(dy)) * (d - Math.Abs(dz));
                    Assert.Equal(Direct(image, i, j, dx, dy, dz) * pairs, values[(dy + hy) * sx + dx + hx], 9);
                }
            }
        }, _ => { });
        Assert.Equal(i == j ? Enumerable.Range(0, d) : Enumerable.Range(-hz, 2 * hz + 1), seen.Order());
    }

    [Theory]
    [InlineData(0, 0, 30.0)] // beyond every shift: the whole range of the image
    [InlineData(0, 2, 4.0)]
    public void IsotropicCurveEqualsTheDirectRadialAverage(byte i, byte j, double maxDistance)
    {
        // Anisotropic voxels (1, 2, 1.5): the shells are the distinct lengths of the shifts, each the mean of C over its shifts.
        var image = Random(9, 6, 7, 5);
        var r = TwoPointCoverage.Compute(image, Table[i], Table[j], maxDistance, false, ComputeOptions.Default);
        var vs = image.VoxelSize;
        var shells = new SortedDictionary<double, List<double>>();
        int hx = Math.Min(8, (int)(maxDistance / vs.X)), hy = Math.Min(5, (int)(maxDistance / vs.Y)), hz = Math.Min(6, (int)(maxDistance / vs.Z));
        for (int dz = -hz; dz <= hz; dz++)
        {
            for (int dy = -hy; dy <= hy; dy++)
            {
                for (int dx = -hx; dx <= hx; dx++)
                {
                    double length = Math.Round(Math.Sqrt(Math.Pow(dx * vs.X, 2) + Math.Pow(dy * vs.Y, 2) + Math.Pow(dz * vs.Z, 2)), 12);
                    if (length <= maxDistance)
                    {
                        if (!shells.TryGetValue(length, out var list))
                        {
                            shells[length] = list = [];
                        }

                        list.Add(Direct(image, i, j, dx, dy, dz));
                    }
                }
            }
        }

        Assert.Equal(shells.Count, r.Isotropic.Count);
        int k = 0;
        foreach (var (length, values) in shells)
        {
            Assert.Equal(length, r.Isotropic[k].X, 9);
            Assert.Equal(values.Average(), r.Isotropic[k].Y, 10);
            k++;
        }
    }

    [Fact]
    public void BadDistanceIsRefused()
    {
        var ex = Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => TwoPointCoverage.Compute(Random(4, 4, 4, 1), Table[0], Table[0], -1, false, ComputeOptions.Default));
        Assert.Equal("InvalidMaxDistance", ex.ErrorId);
    }
}

using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class GeodesicTortuosityTests
{
    private static readonly PhaseTable TwoPhases = new([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]);
    private static readonly Phase Pore = TwoPhases[1];

    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(1.0, 1.0, 3.0)]
    [InlineData(0.5, 2.0, 1.5)]
    public void StraightChannelHasTortuosityOne(double sx, double sy, double sz)
    {
        var image = new PhaseImage(12, 12, 25, TwoPhases) { VoxelSize = new VoxelSize(sx, sy, sz, "nm") };
        for (int z = 0; z < 25; z++)
        {
            for (int y = 3; y < 9; y++)
            {
                for (int x = 4; x < 8; x++)
                {
                    image.GetLabels(z)[y * 12 + x] = 1;
                }
            }
        }

        var r = GeodesicTortuosityAnalysis.Compute(image, Pore, FlowDirection.Z, 10, ComputeOptions.Default);
        Assert.Equal(1.0, r.Mean, 6);
        Assert.Equal(0.0, r.StandardDeviation, 6);
        Assert.Equal(24L, r.InletVoxels);
        Assert.Equal(1.0, r.PercolatingFraction);
    }

    [Fact]
    public void DistancesEqualAnIndependentDijkstra()
    {
        var rng = new Random(5);
        int w = 11, h = 9, d = 8;
        var image = new PhaseImage(w, h, d, TwoPhases) { VoxelSize = new VoxelSize(1, 1.5, 2, "nm") };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextDouble() < 0.7 ? (byte)1 : (byte)0;
            }
        }

        var fast = GeodesicDistance.ToOutletPlane(image, 1, FlowDirection.X, ComputeOptions.Default);

        // Textbook Dijkstra with a priority queue from all outlet voxels (x = w - 1).
        var dist = new double[w, h, d];
        var queue = new PriorityQueue<(int, int, int), double>();
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            dist[x, y, z] = double.PositiveInfinity;
            if (x == w - 1 && image.GetLabel(x, y, z) == 1)
            {
                dist[x, y, z] = 0;
                queue.Enqueue((x, y, z), 0);
            }
        }

        while (queue.TryDequeue(out var v, out double dv))
        {
            var (x, y, z) = v;
            if (dv > dist[x, y, z])
            {
                continue;
            }

            for (int dz = -1; dz <= 1; dz++) for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++)
            {
                int xx = x + dx, yy = y + dy, zz = z + dz;
                if ((dx | dy | dz) == 0 || xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d || image.GetLabel(xx, yy, zz) != 1)
                {
                    continue;
                }

                double nd = dv + Math.Sqrt(dx * dx * 1.0 + dy * dy * 2.25 + dz * dz * 4.0);
                if (nd < dist[xx, yy, zz])
                {
                    dist[xx, yy, zz] = nd;
                    queue.Enqueue((xx, yy, zz), nd);
                }
            }
        }

        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            double expected = image.GetLabel(x, y, z) == 1 ? dist[x, y, z] : double.PositiveInfinity;
            double actual = fast.GetValue(x, y, z);
            if (double.IsPositiveInfinity(expected))
            {
                Assert.True(double.IsPositiveInfinity(actual), $"({x},{y},{z}) should be unreachable");
            }
            else
            {
                Assert.Equal(expected, actual, 4);
            }
        }
    }

    [Fact]
    public void SlantedChannelIsLongerThanTheThickness()
    {
        // A one-voxel-wide channel that steps one voxel in x every z (a 45 degree staircase, connected
        // through edges only): shortest path = 19 diagonal steps of sqrt(2), thickness 19 -> sqrt(2).
        var image = new PhaseImage(24, 4, 20, TwoPhases);
        for (int z = 0; z < 20; z++)
        {
            for (int y = 0; y < 4; y++)
            {
                image.GetLabels(z)[y * 24 + z] = 1;
            }
        }

        var r = GeodesicTortuosityAnalysis.Compute(image, Pore, FlowDirection.Z, 5, ComputeOptions.Default);
        // Float path lengths: 19 additions in single precision.
        Assert.Equal(Math.Sqrt(2), r.Mean, 5);
        Assert.Equal(Math.Sqrt(2), r.Maximum, 5);
        Assert.Equal(1.0, r.PercolatingFraction);
    }

    [Fact]
    public void PhaseThatDoesNotPercolateReportsZero()
    {
        var image = new PhaseImage(8, 8, 10, TwoPhases);
        for (int z = 0; z < 10; z++)
        {
            if (z != 5)
            {
                image.GetLabels(z).Fill(1); // a solid wall at z = 5
            }
        }

        var r = GeodesicTortuosityAnalysis.Compute(image, Pore, FlowDirection.Z, 10, ComputeOptions.Default);
        Assert.Equal(0.0, r.PercolatingFraction);
        Assert.Equal(64L, r.InletVoxels);
        Assert.True(double.IsNaN(r.Mean));
        Assert.Empty(r.Distribution);
    }

    [Fact]
    public void DistributionSumsToOne()
    {
        var rng = new Random(9);
        var image = new PhaseImage(30, 30, 30, TwoPhases);
        for (int z = 0; z < 30; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextDouble() < 0.75 ? (byte)1 : (byte)0;
            }
        }

        var r = GeodesicTortuosityAnalysis.Compute(image, Pore, FlowDirection.Y, 20, ComputeOptions.Default);
        Assert.Equal(r.PercolatingVoxels, r.Distribution.Sum(b => b.Count));
        Assert.Equal(1.0, r.Distribution.Sum(b => b.Fraction), 12);
        Assert.True(r.Minimum >= 1.0 - 1e-9);
        Assert.InRange(r.Median, r.Quantile25, r.Quantile75);
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class GrainRasterizerTests
{
    private static readonly PhaseTable Phases = new([new Phase(0, "Pore", default), new Phase(1, "Solid", default), new Phase(2, "Other", default)]);

    /// <summary>
    /// Independent point-in-spheroid test in the grain's own frame: u along the axis, w across it,
    /// inside when (u/p)^2 + (w/e)^2 &lt;= 1 (or &lt; 1 for open grains).
    /// </summary>
    private static bool Inside(PlacedGrain g, double x, double y, double z, bool open)
    {
        double n = Math.Sqrt(g.Grain.AxisX * g.Grain.AxisX + g.Grain.AxisY * g.Grain.AxisY + g.Grain.AxisZ * g.Grain.AxisZ);
        double dx = x - g.X, dy = y - g.Y, dz = z - g.Z;
        double u = (dx * g.Grain.AxisX + dy * g.Grain.AxisY + dz * g.Grain.AxisZ) / n;
        double w2 = Math.Max(0, dx * dx + dy * dy + dz * dz - u * u);
        double f = u * u / (g.Grain.PolarRadius * g.Grain.PolarRadius) + w2 / (g.Grain.EquatorialRadius * g.Grain.EquatorialRadius);
        return open ? f < 1 : f <= 1;
    }

    /// <summary>The label volume by testing every voxel centre against every grain.</summary>
    private static PhaseImage BruteForce(int w, int h, int d, VoxelSize voxel, IReadOnlyList<PlacedGrain> grains, bool open)
    {
        var image = new PhaseImage(w, h, d, Phases) { VoxelSize = voxel };
        for (int z = 0; z < d; z++)
        {
            var slice = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double cx = (x + 0.5) * voxel.X, cy = (y + 0.5) * voxel.Y, cz = (z + 0.5) * voxel.Z;
                    if (grains.Any(g => Inside(g, cx, cy, cz, open)))
                    {
                        slice[y * w + x] = 1;
                    }
                }
            }
        }

        return image;
    }

    private static PhaseImage Painted(int w, int h, int d, VoxelSize voxel, IReadOnlyList<PlacedGrain> grains, bool open, int threads = -1)
    {
        var image = new PhaseImage(w, h, d, Phases) { VoxelSize = voxel };
        GrainRasterizer.Paint(image, 1, grains, open, new ComputeOptions { MaxDegreeOfParallelism = threads });
        return image;
    }

    private static void AssertSameVoxels(PhaseImage expected, PhaseImage actual)
    {
        long inside = 0;
        for (int z = 0; z < expected.Depth; z++)
        {
            var e = expected.GetLabels(z);
            var a = actual.GetLabels(z);
            for (int i = 0; i < e.Length; i++)
            {
                if (e[i] != a[i])
                {
                    Assert.Fail($"Voxel ({i % expected.Width}, {i / expected.Width}, {z}): expected {e[i]}, painted {a[i]}.");
                }

                inside += e[i];
            }
        }

        Assert.True(inside > 0, "the test grains must cover some voxels");
    }

    /// <summary>Random spheroids (oblate and prolate, any orientation, some reaching out of the image).</summary>
    private static PlacedGrain[] RandomGrains(int seed, int count, double sizeX, double sizeY, double sizeZ)
    {
        var random = new Random(seed);
        var grains = new PlacedGrain[count];
        for (int i = 0; i < count; i++)
        {
            double p = 0.4 + 9 * random.NextDouble(), e = 0.4 + 9 * random.NextDouble();
            double ax = random.NextDouble() * 2 - 1, ay = random.NextDouble() * 2 - 1, az = random.NextDouble() * 2 - 1;
            grains[i] = new PlacedGrain(
                (random.NextDouble() * 1.2 - 0.1) * sizeX,
                (random.NextDouble() * 1.2 - 0.1) * sizeY,
                (random.NextDouble() * 1.2 - 0.1) * sizeZ,
                new Grain(p, e, ax, ay, az));
        }

        return grains;
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(0.7, 1.1, 1.6)]
    [InlineData(10.0, 10.0, 20.0)]
    public void RandomSpheroidsCoverExactlyTheVoxelCentresInsideThem(double vx, double vy, double vz)
    {
        const int W = 41, H = 37, D = 29;
        var voxel = new VoxelSize(vx, vy, vz, "nm");
        // Sizes drawn in voxel units of the smallest edge, then scaled to the unit.
        var grains = RandomGrains((int)(vx * 100 + vy * 10 + vz), 40, W * vx, H * vy, D * vz)
            .Select(g => g with { Grain = g.Grain with { PolarRadius = g.Grain.PolarRadius * vx, EquatorialRadius = g.Grain.EquatorialRadius * vx } })
            .ToArray();
        foreach (bool open in new[] { false, true })
        {
            AssertSameVoxels(BruteForce(W, H, D, voxel, grains, open), Painted(W, H, D, voxel, grains, open));
        }
    }

    [Fact]
    public void AxisAlignedAndDegenerateOrientationsAreExact()
    {
        var voxel = new VoxelSize(1, "voxel");
        PlacedGrain[] grains =
        [
            new(10.3, 9.8, 10.1, new Grain(2, 7, 1, 0, 0)),
            new(20.7, 20.2, 12.9, new Grain(6, 1.5, 0, 1, 0)),
            new(12.1, 25.4, 20.6, new Grain(1, 5, 0, 0, 1)),
            new(25.5, 8.5, 22.5, new Grain(4, 4, 0.3, -0.2, 0.9)),
            new(3.3, 3.3, 3.3, new Grain(3, 8, 1, 1, 1)),
        ];
        AssertSameVoxels(BruteForce(32, 32, 28, voxel, grains, false), Painted(32, 32, 28, voxel, grains, false));
    }

    [Fact]
    public void OpenBallsLeaveOutTheVoxelCentresOnTheSphere()
    {
        // Radius 3 around a voxel centre: the 123 lattice points with |v|^2 <= 9 are in the closed
        // ball; the 30 with |v|^2 = 9 ((3,0,0) and (2,2,1) up to signs and order) are not in the open one.
        var ball = new[] { new PlacedGrain(10.5, 10.5, 10.5, Grain.Ball(3)) };
        var voxel = new VoxelSize(1, "voxel");
        Assert.Equal(123, Count(Painted(21, 21, 21, voxel, ball, false)));
        Assert.Equal(93, Count(Painted(21, 21, 21, voxel, ball, true)));
        AssertSameVoxels(BruteForce(21, 21, 21, voxel, ball, true), Painted(21, 21, 21, voxel, ball, true));
    }

    [Fact]
    public void OpenAndClosedSpheroidOnAnisotropicVoxelsAtAnExactBoundary()
    {
        // Polar half-axis 1 along z, equatorial 2, centred on a voxel centre of 0.5 x 1 x 0.5 voxels:
        // the centre offsets (i/2, j, k/2) are inside when i^2 + 4 j^2 + 4 k^2 <= 16 (closed) or < 16 (open).
        var voxel = new VoxelSize(0.5, 1, 0.5, "µm");
        var grain = new[] { new PlacedGrain(10.25, 5.5, 5.25, new Grain(1, 2, 0, 0, 1)) };
        int closed = 0, open = 0;
        for (int i = -8; i <= 8; i++)
        {
            for (int j = -4; j <= 4; j++)
            {
                for (int k = -8; k <= 8; k++)
                {
                    int q = i * i + 4 * j * j + 4 * k * k;
                    closed += q <= 16 ? 1 : 0;
                    open += q < 16 ? 1 : 0;
                }
            }
        }

        var painted = Painted(41, 11, 21, voxel, grain, false);
        var paintedOpen = Painted(41, 11, 21, voxel, grain, true);
        Assert.Equal(closed, Count(painted));
        Assert.Equal(open, Count(paintedOpen));
        Assert.True(closed > open);
        Assert.Equal(1, painted.GetLabel(20 + 4, 5, 10));     // offset (2, 0, 0): on the equator
        Assert.Equal(0, paintedOpen.GetLabel(20 + 4, 5, 10));
        Assert.Equal(1, painted.GetLabel(20, 5, 10 + 2));     // offset (0, 0, 1): the pole
        Assert.Equal(0, paintedOpen.GetLabel(20, 5, 10 + 2));
    }

    [Fact]
    public void PaintingOverwritesOtherLabelsAndKeepsTheRest()
    {
        var image = new PhaseImage(20, 20, 20, Phases);
        for (int z = 0; z < 20; z++)
        {
            image.GetLabels(z).Fill(2);
        }

        GrainRasterizer.Paint(image, 0, [new PlacedGrain(10, 10, 10, Grain.Ball(4))], false, ComputeOptions.Default);
        Assert.Equal(0, image.GetLabel(10, 10, 10));
        Assert.Equal(2, image.GetLabel(0, 0, 0));
        Assert.Equal(20 * 20 * 20 - 280, Count(image, 2)); // 280 voxel centres with (i + 0.5 - 10)^2 + (j + 0.5 - 10)^2 + (k + 0.5 - 10)^2 <= 16
    }

    [Fact]
    public void SameVoxelsAtAnyDegreeOfParallelism()
    {
        var grains = RandomGrains(5, 60, 48, 40, 36);
        var one = Painted(48, 40, 36, new VoxelSize(1, "voxel"), grains, false, threads: 1);
        var two = Painted(48, 40, 36, new VoxelSize(1, "voxel"), grains, false, threads: 2);
        AssertSameVoxels(one, two);
    }

    [Fact]
    public void BadLabelsAndGrainsAreRefused()
    {
        var image = new PhaseImage(8, 8, 8, Phases);
        Assert.Equal("LabelNotInPhaseTable", Assert.Throws<MicroMorphException>(
            () => GrainRasterizer.Paint(image, 7, [new PlacedGrain(4, 4, 4, Grain.Ball(2))], false, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidGrain", Assert.Throws<MicroMorphException>(
            () => GrainRasterizer.Paint(image, 1, [new PlacedGrain(4, 4, 4, Grain.Ball(-2))], false, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidGrain", Assert.Throws<MicroMorphException>(
            () => GrainRasterizer.Paint(image, 1, [new PlacedGrain(double.NaN, 4, 4, Grain.Ball(2))], false, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidGrain", Assert.Throws<MicroMorphException>(
            () => GrainRasterizer.Paint(image, 1, [new PlacedGrain(4, 4, 4, new Grain(1, 2, 0, 0, 0))], false, ComputeOptions.Default)).ErrorId);
    }

    internal static long Count(PhaseImage image, byte label = 1)
    {
        long n = 0;
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                n += b == label ? 1 : 0;
            }
        }

        return n;
    }
}

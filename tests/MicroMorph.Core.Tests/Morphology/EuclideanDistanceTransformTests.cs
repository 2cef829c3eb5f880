using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class EuclideanDistanceTransformTests
{
    private static readonly PhaseTable TwoPhases = RandomPhaseImage.TwoPhases;

    private static PhaseImage Random(int w, int h, int d, double porosity, int seed, VoxelSize size) =>
        RandomPhaseImage.Create(w, h, d, porosity, seed, size);

    /// <summary>Independent brute force: minimum over all background voxels (and, optionally, the outside faces).</summary>
    private static double BruteForce(PhaseImage image, int x, int y, int z, bool border)
    {
        if (image.GetLabel(x, y, z) != 1)
        {
            return 0;
        }

        var vs = image.VoxelSize;
        double best = double.PositiveInfinity;
        for (int zz = 0; zz < image.Depth; zz++)
        {
            for (int yy = 0; yy < image.Height; yy++)
            {
                for (int xx = 0; xx < image.Width; xx++)
                {
                    if (image.GetLabel(xx, yy, zz) != 1)
                    {
                        double dx = (x - xx) * vs.X, dy = (y - yy) * vs.Y, dz = (z - zz) * vs.Z;
                        best = Math.Min(best, dx * dx + dy * dy + dz * dz);
                    }
                }
            }
        }

        if (border)
        {
            double face = Math.Min(Math.Min(Math.Min(x + 1, image.Width - x) * vs.X, Math.Min(y + 1, image.Height - y) * vs.Y), Math.Min(z + 1, image.Depth - z) * vs.Z);
            best = Math.Min(best, face * face);
        }

        return Math.Sqrt(best);
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, false, 0.7, 1)]
    [InlineData(1.0, 1.0, 1.0, true, 0.9, 2)]
    [InlineData(10.0, 10.0, 20.0, false, 0.8, 3)]
    [InlineData(0.5, 1.5, 2.5, true, 0.85, 4)]
    [InlineData(1.0, 1.0, 1.0, false, 0.97, 5)]
    public void EqualsBruteForceOnRandomVolumes(double sx, double sy, double sz, bool border, double porosity, int seed)
    {
        var image = Random(13, 11, 9, porosity, seed, new VoxelSize(sx, sy, sz, "nm"));
        var edt = EuclideanDistanceTransform.Compute(image, 1, border, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        for (int z = 0; z < 9; z++)
        {
            for (int y = 0; y < 11; y++)
            {
                for (int x = 0; x < 13; x++)
                {
                    Assert.Equal(BruteForce(image, x, y, z, border), edt.GetValue(x, y, z), 4);
                }
            }
        }
    }

    [Fact]
    public void PhaseWithoutBackgroundIsInfiniteUnlessTheBorderCounts()
    {
        var image = new PhaseImage(4, 4, 4, TwoPhases);
        for (int z = 0; z < 4; z++)
        {
            image.GetLabels(z).Fill(1);
        }

        Assert.True(double.IsPositiveInfinity(EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default).GetValue(1, 1, 1)));
        Assert.Equal(2, EuclideanDistanceTransform.Compute(image, 1, true, ComputeOptions.Default).GetValue(1, 1, 1));
    }

    [Fact]
    public void TwoDimensionalImagesWork()
    {
        var image = Random(40, 30, 1, 0.9, 7, new VoxelSize(1, 2, 1, "µm"));
        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        for (int y = 0; y < 30; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                Assert.Equal(BruteForce(image, x, y, 0, false), edt.GetValue(x, y, 0), 4);
            }
        }
    }
}

public class DistanceTransformAgainstSciPyTests
{
    [Fact]
    public void PeersVolumeMatchesScipyDistanceTransformEdt()
    {
        // scipy.ndimage.distance_transform_edt(pore): max 14.142135623730951, sum 23597986.164183475 (float64).
        var edt = EuclideanDistanceTransform.Compute(PeersVolume.Spheres256, 1, borderIsBackground: false, ComputeOptions.Default);
        double sum = 0, max = 0;
        for (int z = 0; z < edt.Depth; z++)
        {
            foreach (float v in edt.GetSlice<float>(z))
            {
                sum += v;
                max = Math.Max(max, v);
            }
        }

        Assert.Equal(14.142135623730951, max, 5);
        // Float32 output: each value carries a relative error below 6e-8.
        Assert.Equal(23597986.164183475, sum, 23597986.164183475 * 1e-7);
    }
}

public class DistanceTransformTwoDimensionalBorderTests
{
    [Fact]
    public void TwoDimensionalImageWithBackgroundBorderUsesOnlyTheInPlaneFaces()
    {
        // A 9 x 9 image of one depth, all phase: with the border as background the centre is
        // 5 voxels from the nearest face in x or y; there are no faces along z.
        var image = new PhaseImage(9, 9, 1, RandomPhaseImage.TwoPhases) { VoxelSize = new VoxelSize(1, 1, 0.5, "µm") };
        image.GetLabels(0).Fill(1);
        var edt = EuclideanDistanceTransform.Compute(image, 1, borderIsBackground: true, ComputeOptions.Default);
        Assert.Equal(5, edt.GetValue(4, 4, 0), 6);
        Assert.Equal(1, edt.GetValue(0, 4, 0), 6);
    }
}

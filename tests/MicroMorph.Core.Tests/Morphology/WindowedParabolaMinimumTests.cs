using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

/// <summary>
/// The windowed passes 2 and 3 of the EDT (WindowedParabolaMinimum, with the lower envelope as
/// fallback) against an independent brute force over all background voxels: exactly (bit for bit)
/// when the squared distances are integer multiples of s^2 (isotropic power-of-two voxels, the float
/// lanes), to float rounding otherwise (double lanes); volumes wider than one block of lanes, long
/// lines whose windows are too long (the envelope fallback), a border on and off, 2D.
/// </summary>
public class WindowedParabolaMinimumTests
{
    private static readonly ComputeOptions TwoThreads = new() { MaxDegreeOfParallelism = 2 };

    /// <summary>Squared distance of every voxel (x fastest) to the nearest background voxel (and faces).</summary>
    private static double[] BruteForceSquared(PhaseImage image, bool border)
    {
        int w = image.Width, h = image.Height, d = image.Depth;
        var vs = image.VoxelSize;
        var background = new List<(int X, int Y, int Z)>();
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    if (image.GetLabel(x, y, z) != 1)
                    {
                        background.Add((x, y, z));
                    }
                }
            }
        }

        var result = new double[(long)w * h * d];
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double best = double.PositiveInfinity;
                    if (image.GetLabel(x, y, z) != 1)
                    {
                        best = 0;
                    }
                    else
                    {
                        foreach (var (bx, by, bz) in background)
                        {
                            double dx = (x - bx) * vs.X, dy = (y - by) * vs.Y, dz = (z - bz) * vs.Z;
                            best = Math.Min(best, dx * dx + dy * dy + dz * dz);
                        }

                        if (border)
                        {
                            // A 2D image (depth 1) has no faces along z.
                            double face = Math.Min(Math.Min(x + 1, w - x) * vs.X, Math.Min(y + 1, h - y) * vs.Y);
                            if (d > 1)
                            {
                                face = Math.Min(face, Math.Min(z + 1, d - z) * vs.Z);
                            }

                            best = Math.Min(best, face * face);
                        }
                    }

                    result[((long)z * h + y) * w + x] = best;
                }
            }
        }

        return result;
    }

    private static void AssertSquaredDistances(PhaseImage image, bool border, bool exact)
    {
        var foreground = new bool[256];
        foreground[1] = true;
        var squared = EuclideanDistanceTransform.Compute(image, foreground, border, TwoThreads, into: null, squared: true);
        var distance = EuclideanDistanceTransform.Compute(image, foreground, border, TwoThreads);
        var expected = BruteForceSquared(image, border);
        int w = image.Width, h = image.Height;
        for (int z = 0; z < image.Depth; z++)
        {
            var s = squared.GetSlice<float>(z);
            var r = distance.GetSlice<float>(z);
            for (int i = 0; i < s.Length; i++)
            {
                double e = expected[(long)z * w * h + i];
                if (exact || double.IsPositiveInfinity(e))
                {
                    Assert.Equal((float)e, s[i]);
                    Assert.Equal(MathF.Sqrt((float)e), r[i]);
                }
                else
                {
                    Assert.Equal(e, s[i], e * 3e-7);
                    Assert.Equal(Math.Sqrt(e), r[i], Math.Sqrt(e) * 3e-7);
                }
            }
        }
    }

    [Theory]
    [InlineData(1.0, false, 0.8, 1)]
    [InlineData(1.0, true, 0.9, 2)]
    [InlineData(0.5, false, 0.7, 3)]
    [InlineData(2.0, true, 0.85, 4)]
    public void IsotropicPowerOfTwoVoxelsAreExact(double size, bool border, double porosity, int seed)
    {
        // 37 columns: one full block of 32 lanes and a partial one.
        var image = RandomPhaseImage.Create(37, 21, 18, porosity, seed, new VoxelSize(size, "µm"));
        AssertSquaredDistances(image, border, exact: true);
    }

    [Theory]
    [InlineData(0.5, 1.5, 2.5, true, 0.85, 5)]
    [InlineData(0.3, 0.3, 0.3, false, 0.8, 6)]
    [InlineData(1.0, 1.0, 2.0, false, 0.9, 7)]
    [InlineData(10.0, 10.0, 20.0, true, 0.7, 8)]
    public void OtherVoxelSizesMatchToFloatRounding(double sx, double sy, double sz, bool border, double porosity, int seed)
    {
        var image = RandomPhaseImage.Create(35, 19, 17, porosity, seed, new VoxelSize(sx, sy, sz, "µm"));
        AssertSquaredDistances(image, border, exact: false);
    }

    [Theory]
    [InlineData(6, 150, 5, false, 9)]
    [InlineData(6, 150, 5, true, 10)]
    [InlineData(5, 6, 150, false, 11)]
    [InlineData(5, 6, 150, true, 12)]
    public void LongLinesWithFewBackgroundVoxelsFallBackToTheEnvelope(int w, int h, int d, bool border, int seed)
    {
        // Almost no background: most lines along the long axis have windows longer than the envelope's cost.
        var image = RandomPhaseImage.Create(w, h, d, 0.998, seed, VoxelSize.Uncalibrated);
        AssertSquaredDistances(image, border, exact: true);
        image.VoxelSize = new VoxelSize(0.7, 1.1, 0.9, "µm");
        AssertSquaredDistances(image, border, exact: false);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoDimensionalImagesAreExact(bool border)
    {
        var image = RandomPhaseImage.Create(70, 45, 1, 0.85, 13, VoxelSize.Uncalibrated);
        AssertSquaredDistances(image, border, exact: true);
    }

    [Fact]
    public void FloatLanesGiveTheDoubleLanesResultsOnIntegerSquares()
    {
        // The exactness claim behind FloatSumsAreExact, on the kernel itself: integer squared
        // distances (and infinities) in, the same bits out of both lane types.
        const int Lanes = WindowedParabolaMinimum.Lanes;
        var rng = new Random(14);
        foreach (int n in new[] { 1, 2, 17, 300 })
        {
            var block = new float[n * Lanes];
            for (int i = 0; i < block.Length; i++)
            {
                int k = rng.Next(12);
                block[i] = k == 0 ? 0 : k == 1 ? float.PositiveInfinity : rng.Next(1, 3 * 300 * 300);
            }

            foreach (bool border in new[] { false, true })
            {
                foreach (bool root in new[] { false, true })
                {
                    var inDouble = new float[Lanes];
                    var inFloat = new float[Lanes];
                    for (int p = 0; p < n; p++)
                    {
                        int r = rng.Next(n + 1);
                        WindowedParabolaMinimum.Row(block, n, p, r, 1, border, inDouble, root);
                        WindowedParabolaMinimum.RowInFloat(block, n, p, r, 1, border, inFloat, root);
                        Assert.Equal(inDouble, inFloat);
                    }
                }
            }
        }
    }
}

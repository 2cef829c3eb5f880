using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Filtering;

public class GaussianFilterTests
{
    private static VoxelStack RandomStack(int w, int h, int d, int seed, VoxelDataType type = VoxelDataType.Float32)
    {
        var rng = new Random(seed);
        var s = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    s.SetValue(x, y, z, type == VoxelDataType.Float32 ? rng.NextDouble() * 100 - 20 : rng.Next(256));
                }
            }
        }

        return s;
    }

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(2.0, 0)]
    [InlineData(1.5, 1)]
    [InlineData(3.0, 2)]
    public void KernelHasTheGaussianMoments(double sigma, int order)
    {
        // Discrete moments of the normalised sampled Gaussian: sum g = 1, sum x^2 g ~ sigma^2. As
        // correlation weights w(m) = g^(order)(-m): sum w = 1 (order 0), sum m w = 1 (order 1: the
        // derivative of the ramp f(x) = x), sum m^2 w / 2 = 1 (order 2: of f(x) = x^2 / 2).
        var k = GaussianKernel.Create(sigma, order);
        int r = k.Length / 2;
        Assert.Equal((int)(4 * sigma + 0.5), r);
        double moment = 0;
        for (int j = 0; j < k.Length; j++)
        {
            double m = j - r;
            moment += k[j] * Math.Pow(m, order) / (order == 2 ? 2 : 1);
        }

        Assert.Equal(1.0, moment, sigma < 1 || order == 2 ? 0.01 : 1e-3); // truncation at 4 sigma cuts the fourth moment slightly
        for (int j = 0; j < k.Length; j++)
        {
            Assert.Equal(order == 1 ? -k[k.Length - 1 - j] : k[k.Length - 1 - j], k[j], 1e-7);
        }
    }

    [Fact]
    public void MirrorIsScipysReflectMode()
    {
        // (d c b a | a b c d | d c b a) for n = 4, also beyond one period.
        int[] expected = [3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 1];
        for (int i = -4; i < 10; i++)
        {
            Assert.Equal(expected[i + 4], GaussianFilter.Mirror(i, 4));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EqualsBruteForceTripleSumWithMirroredBorders(int threads)
    {
        var input = RandomStack(13, 9, 7, 5, VoxelDataType.UInt8);
        (double, double, double) sigma = (1.2, 3.0, 0.8); // the y kernel is longer than the image: reflected twice
        (int, int, int) order = (1, 0, 2);
        var result = GaussianFilter.Apply(input, sigma, order, new ComputeOptions { MaxDegreeOfParallelism = threads });
        var kx = GaussianKernel.Create(1.2, 1);
        var ky = GaussianKernel.Create(3.0, 0);
        var kz = GaussianKernel.Create(0.8, 2);
        for (int z = 0; z < 7; z++)
        {
            for (int y = 0; y < 9; y++)
            {
                for (int x = 0; x < 13; x++)
                {
                    double sum = 0;
                    for (int c = 0; c < kz.Length; c++)
                    {
                        for (int b = 0; b < ky.Length; b++)
                        {
                            for (int a = 0; a < kx.Length; a++)
                            {
                                sum += (double)kx[a] * ky[b] * kz[c] * input.GetValue(
                                    GaussianFilter.Mirror(x + a - kx.Length / 2, 13),
                                    GaussianFilter.Mirror(y + b - ky.Length / 2, 9),
                                    GaussianFilter.Mirror(z + c - kz.Length / 2, 7));
                            }
                        }
                    }

                    Assert.Equal(sum, result.GetValue(x, y, z), 1e-3);
                }
            }
        }
    }

    [Theory]
    [InlineData(100, 300, 2, 1.0, 2.0, 0.0, 0, 1, 0)]
    [InlineData(101, 2, 300, 0.0, 0.0, 2.5, 0, 0, 2)]
    public void LongAxesAreFilteredInSeveralColumnBlocks(int w, int h, int d, double sx, double sy, double sz, int ox, int oy, int oz)
    {
        // 300 rows do not fit one 64 KiB block of 100 columns: the y (or z) pass runs in blocks of
        // 48 columns and a 4- or 5-column scalar tail; compare with the direct sum along the axis.
        var input = RandomStack(w, h, d, 3);
        var result = GaussianFilter.Apply(input, (sx, sy, sz), (ox, oy, oz), ComputeOptions.Default);
        var kx = GaussianKernel.Create(sx, ox);
        var ky = GaussianKernel.Create(sy, oy);
        var kz = GaussianKernel.Create(sz, oz);
        for (int z = 0; z < d; z += d > 2 ? 7 : 1)
        {
            for (int y = 0; y < h; y += h > 2 ? 7 : 1)
            {
                for (int x = 0; x < w; x++)
                {
                    double sum = 0;
                    for (int c = 0; c < kz.Length; c++)
                    {
                        for (int b = 0; b < ky.Length; b++)
                        {
                            for (int a = 0; a < kx.Length; a++)
                            {
                                sum += (double)kx[a] * ky[b] * kz[c] * input.GetValue(
                                    GaussianFilter.Mirror(x + a - (kx.Length / 2), w),
                                    GaussianFilter.Mirror(y + b - (ky.Length / 2), h),
                                    GaussianFilter.Mirror(z + c - (kz.Length / 2), d));
                            }
                        }
                    }

                    Assert.Equal(sum, result.GetValue(x, y, z), 2e-3);
                }
            }
        }
    }

    [Fact]
    public void SmoothingKeepsConstantsAndDerivativesOfARampAreItsSlope()
    {
        var ramp = new VoxelStack(40, 6, 5, VoxelDataType.Float32);
        for (int z = 0; z < 5; z++)
        {
            for (int y = 0; y < 6; y++)
            {
                for (int x = 0; x < 40; x++)
                {
                    ramp.SetValue(x, y, z, 7 + 0.5 * x);
                }
            }
        }

        var smooth = GaussianFilter.Smooth(ramp, 0, 2, 1, ComputeOptions.Default); // constant along y and z
        var dx = GaussianFilter.Apply(ramp, (2, 2, 1), (1, 0, 0), ComputeOptions.Default);
        var dy = GaussianFilter.Apply(ramp, (2, 2, 1), (0, 1, 0), ComputeOptions.Default);
        for (int x = 0; x < 40; x++)
        {
            Assert.Equal(7 + 0.5 * x, smooth.GetValue(x, 3, 2), 1e-4);
            Assert.Equal(0, dy.GetValue(x, 3, 2), 1e-5);
        }

        for (int x = 9; x < 31; x++)
        {
            Assert.Equal(0.5, dx.GetValue(x, 3, 2), 1e-3); // away from the mirrored borders
        }
    }

    [Fact]
    public void EqualsScipyGaussianFilter()
    {
        var input = RandomStack(31, 24, 17, 11);
        using var tmp = new TempFolder();
        string path = tmp.File("in.f32");
        using (var f = File.Create(path))
        {
            for (int z = 0; z < 17; z++)
            {
                f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.GetSlice<float>(z)));
            }
        }

        string? output = PeerPython.Run(
            """
            import sys, numpy as np
            from scipy import ndimage
            v = np.fromfile(sys.argv[1], dtype='<f4').reshape(17, 24, 31).astype(np.float64)
            for sig, order in [((1.5, 2.5, 0.9), (2, 0, 1)), ((0.0, 3.3, 2.0), (0, 1, 0))]:
                # scipy's axes are (z, y, x); ours are given as (x, y, z)
                r = ndimage.gaussian_filter(v, sigma=sig[::-1], order=order[::-1], mode='reflect', truncate=4.0)
                print(' '.join(repr(float(t)) for t in r[::3, ::5, ::4].ravel()))
            """,
            path);
        if (output is null)
        {
            return; // no SciPy on this machine
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var cases = new[] { ((1.5, 2.5, 0.9), (2, 0, 1)), ((0.0, 3.3, 2.0), (0, 1, 0)) };
        for (int c = 0; c < 2; c++)
        {
            var ours = GaussianFilter.Apply(input, cases[c].Item1, cases[c].Item2, ComputeOptions.Default);
            var expected = lines[c].Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            int i = 0;
            for (int z = 0; z < 17; z += 3)
            {
                for (int y = 0; y < 24; y += 5)
                {
                    for (int x = 0; x < 31; x += 4)
                    {
                        Assert.Equal(expected[i++], ours.GetValue(x, y, z), 2e-3);
                    }
                }
            }

            Assert.Equal(expected.Length, i);
        }
    }

    [Fact]
    public void RejectsNaNAndAbsurdSigmas()
    {
        var s = RandomStack(5, 5, 3, 1);
        s.SetValue(2, 2, 1, double.NaN);
        var e = Assert.Throws<MicroMorphException>(() => GaussianFilter.Smooth(s, 1, 1, 1, ComputeOptions.Default));
        Assert.Equal("NaNGreyValue", e.ErrorId);
        var ok = RandomStack(5, 5, 3, 1);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => GaussianFilter.Smooth(ok, -1, 1, 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => GaussianFilter.Smooth(ok, double.NaN, 1, 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => GaussianFilter.Apply(ok, (0, 1, 1), (1, 0, 0), ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidDerivativeOrder", Assert.Throws<MicroMorphException>(() => GaussianFilter.Apply(ok, (1, 1, 1), (3, 0, 0), ComputeOptions.Default)).ErrorId);
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Filtering;

/// <summary>Median filter against brute force (sort the mirrored ball) and SciPy's median_filter with a ball footprint.</summary>
public class MedianFilterTests
{
    private static VoxelStack RandomStack(int w, int h, int d, VoxelDataType type, int seed, VoxelSize size)
    {
        var rng = new Random(seed);
        var s = new VoxelStack(w, h, d, type) { VoxelSize = size };
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double v = type switch
                    {
                        VoxelDataType.UInt8 => rng.Next(256),
                        VoxelDataType.UInt16 => rng.Next(4) == 0 ? rng.Next(65536) : 30000 + rng.Next(600), // far-apart values: coarse skips
                        VoxelDataType.Int16 => rng.Next(-32768, 32768),
                        VoxelDataType.UInt32 => rng.Next(5) * 1_000_000_007L % 4_000_000_000L,
                        _ => (rng.NextDouble() * 50) - 10,
                    };
                    s.SetValue(x, y, z, v);
                }
            }
        }

        return s;
    }

    private static double BruteForce(VoxelStack s, int x, int y, int z, double r)
    {
        var v = s.VoxelSize;
        var values = new List<double>();
        int n = (int)Math.Ceiling(r / Math.Min(v.X, Math.Min(v.Y, v.Z))) + 1;
        for (int k = -n; k <= n; k++)
        {
            if (s.Depth == 1 && k != 0)
            {
                continue;
            }

            for (int j = -n; j <= n; j++)
            {
                for (int i = -n; i <= n; i++)
                {
                    if ((i * v.X * i * v.X) + (j * v.Y * j * v.Y) + (k * v.Z * k * v.Z) <= r * r)
                    {
                        values.Add(s.GetValue(GaussianFilter.Mirror(x + i, s.Width), GaussianFilter.Mirror(y + j, s.Height), GaussianFilter.Mirror(z + k, s.Depth)));
                    }
                }
            }
        }

        values.Sort();
        return values[values.Count / 2];
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8, 1.0, 1)]
    [InlineData(VoxelDataType.UInt8, 2.5, 2)]
    [InlineData(VoxelDataType.UInt16, 2.0, 2)]
    [InlineData(VoxelDataType.Int16, 1.8, 1)]
    [InlineData(VoxelDataType.UInt32, 1.5, 2)]
    [InlineData(VoxelDataType.Float32, 2.2, 1)]
    public void EqualsBruteForceOnAnisotropicVoxels(VoxelDataType type, double radius, int threads)
    {
        // Voxels 1 x 1 x 1.5: the ball spans fewer slices than rows.
        var s = RandomStack(11, 9, 6, type, 3, new VoxelSize(1, 1, 1.5, "µm"));
        var m = MedianFilter.Apply(s, radius, new ComputeOptions { MaxDegreeOfParallelism = threads });
        Assert.Equal(type, m.DataType);
        for (int z = 0; z < 6; z++)
        {
            for (int y = 0; y < 9; y++)
            {
                for (int x = 0; x < 11; x++)
                {
                    Assert.Equal(BruteForce(s, x, y, z, radius), m.GetValue(x, y, z), 1e-6);
                }
            }
        }
    }

    [Fact]
    public void BallLargerThanTheImageAndFlatImages()
    {
        // Radius 4 on 3 voxels: mirrored more than once along x and y.
        var s = RandomStack(3, 5, 1, VoxelDataType.UInt8, 4, new VoxelSize(1, 1, 1, "µm"));
        var m = MedianFilter.Apply(s, 4, ComputeOptions.Default);
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 3; x++)
            {
                Assert.Equal(BruteForce(s, x, y, 0, 4), m.GetValue(x, y, 0));
            }
        }

        // A radius below the voxel size is the identity.
        var id = MedianFilter.Apply(s, 0.5, ComputeOptions.Default);
        Assert.Equal(s.GetValue(1, 2, 0), id.GetValue(1, 2, 0));
    }

    [Fact]
    public void BallHasTheVoxelCountOfItsOffsets()
    {
        // Closed ball of radius 3 in unit voxels: 123 offsets; radius 2: 33; radius 1: 7.
        Assert.Equal(123, MedianFilter.Chords(3, new VoxelSize(1, 1, 1, "µm"), false).Count);
        Assert.Equal(33, MedianFilter.Chords(2, new VoxelSize(1, 1, 1, "µm"), false).Count);
        Assert.Equal(7, MedianFilter.Chords(1, new VoxelSize(1, 1, 1, "µm"), false).Count);
        Assert.Equal(13, MedianFilter.Chords(2, new VoxelSize(1, 1, 1, "µm"), true).Count);
    }

    [Fact]
    public void EqualsScipyMedianFilterWithABallFootprint()
    {
        var s = RandomStack(29, 23, 13, VoxelDataType.UInt16, 9, new VoxelSize(1, 1, 1, "µm"));
        using var tmp = new TempFolder();
        string path = tmp.File("in.u16");
        using (var f = File.Create(path))
        {
            for (int z = 0; z < 13; z++)
            {
                f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(s.GetSlice<ushort>(z)));
            }
        }

        string? output = PeerPython.Run(
            """
            import sys, numpy as np
            from scipy import ndimage
            v = np.fromfile(sys.argv[1], dtype='<u2').reshape(13, 23, 29)
            for r in (1.5, 3.0):
                n = int(r)
                k, j, i = np.mgrid[-n:n + 1, -n:n + 1, -n:n + 1]
                ball = i * i + j * j + k * k <= r * r
                m = ndimage.median_filter(v, footprint=ball, mode='reflect')
                print(' '.join(str(t) for t in m.ravel()))
            """,
            path);
        if (output is null)
        {
            return; // no SciPy on this machine
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        double[] radii = [1.5, 3.0];
        for (int c = 0; c < 2; c++)
        {
            var expected = lines[c].Split(' ').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            var ours = MedianFilter.Apply(s, radii[c], ComputeOptions.Default);
            var actual = Enumerable.Range(0, 13).SelectMany(z => ours.GetSlice<ushort>(z).ToArray().Select(u => (int)u)).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var s = RandomStack(5, 5, 5, VoxelDataType.Float32, 1, new VoxelSize(1, 1, 1, "µm"));
        Assert.Equal("InvalidRadius", Assert.Throws<MicroMorphException>(() => MedianFilter.Apply(s, 0, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidRadius", Assert.Throws<MicroMorphException>(() => MedianFilter.Apply(s, double.NaN, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidRadius", Assert.Throws<MicroMorphException>(() => MedianFilter.Apply(s, 1000, ComputeOptions.Default)).ErrorId);
        s.SetValue(2, 2, 2, double.NaN);
        Assert.Equal("NaNGreyValue", Assert.Throws<MicroMorphException>(() => MedianFilter.Apply(s, 1, ComputeOptions.Default)).ErrorId);
        var p = new PhaseImage(3, 3, 3, PhaseTable.ForLabels([0]));
        Assert.Equal("GreyStackRequired", Assert.Throws<MicroMorphException>(() => MedianFilter.Apply(p, 1, ComputeOptions.Default)).ErrorId);
    }
}

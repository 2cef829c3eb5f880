using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class BallMorphologyTests
{
    private static readonly PhaseTable Three = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);

    private static PhaseImage Random(int w, int h, int d, int seed, VoxelSize voxel)
    {
        var rng = new Random(seed);
        var image = new PhaseImage(w, h, d, Three) { VoxelSize = voxel };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                double u = rng.NextDouble();
                s[i] = (byte)(u < 0.5 ? 0 : u < 0.8 ? 1 : 2);
            }
        }

        return image;
    }

    /// <summary>Brute force: the set of voxels with a voxel of <paramref name="set"/> within the closed ball (dilation), or all of whose ball lies in the set (erosion); the volume continues beyond its faces, so only voxels inside count.</summary>
    private static bool[,,] BruteForce(bool[,,] set, bool dilate, double r, VoxelSize v)
    {
        int w = set.GetLength(0), h = set.GetLength(1), d = set.GetLength(2);
        var result = new bool[w, h, d];
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            bool any = false, all = true;
            for (int zz = 0; zz < d; zz++) for (int yy = 0; yy < h; yy++) for (int xx = 0; xx < w; xx++)
            {
                double dx = (xx - x) * v.X, dy = (yy - y) * v.Y, dz = (zz - z) * v.Z;
                if ((float)Math.Sqrt(dx * dx + dy * dy + dz * dz) <= (float)r)
                {
                    any |= set[xx, yy, zz];
                    all &= set[xx, yy, zz];
                }
            }

            result[x, y, z] = dilate ? any : all;
        }

        return result;
    }

    [Theory]
    [InlineData(MorphologicalOperation.Dilation, 1.5, 1.0, 1.0)]
    [InlineData(MorphologicalOperation.Erosion, 1.0, 1.0, 1.0)]
    [InlineData(MorphologicalOperation.Closing, 2.0, 1.0, 1.0)]
    [InlineData(MorphologicalOperation.Opening, 1.8, 0.7, 1.3)]
    [InlineData(MorphologicalOperation.Closing, 1.6, 0.7, 1.3)]
    public void EqualsBruteForceBallScanning(MorphologicalOperation operation, double radius, double spacing, double zSpacing)
    {
        var voxel = new VoxelSize(spacing, spacing, zSpacing, "um");
        var image = Random(11, 9, 7, 3, voxel);
        var result = BallMorphology.Apply(image, Three[1], operation, radius, Three[0], ComputeOptions.Default);

        var set = new bool[11, 9, 7];
        for (int z = 0; z < 7; z++) for (int y = 0; y < 9; y++) for (int x = 0; x < 11; x++)
        {
            set[x, y, z] = image.GetLabels(z)[y * 11 + x] == 1;
        }

        var expected = operation switch
        {
            MorphologicalOperation.Dilation => BruteForce(set, true, radius, voxel),
            MorphologicalOperation.Erosion => BruteForce(set, false, radius, voxel),
            MorphologicalOperation.Opening => BruteForce(BruteForce(set, false, radius, voxel), true, radius, voxel),
            _ => BruteForce(BruteForce(set, true, radius, voxel), false, radius, voxel),
        };
        for (int z = 0; z < 7; z++) for (int y = 0; y < 9; y++) for (int x = 0; x < 11; x++)
        {
            byte before = image.GetLabels(z)[y * 11 + x], after = result.GetLabels(z)[y * 11 + x];
            byte wanted = expected[x, y, z] ? (byte)1 : before == 1 ? (byte)0 : before;
            Assert.True(wanted == after, $"({x}, {y}, {z}): {before} -> {after}, expected {wanted}");
        }
    }

    [Fact]
    public void ClosingFillsAGapNarrowerThanTheBallAndKeepsTheRest()
    {
        // Two slabs of CBD 3 voxels apart: a closing with radius 2 joins them; the other phases outside stay.
        var image = new PhaseImage(20, 20, 20, Three) { VoxelSize = new VoxelSize(1, "um") };
        for (int z = 0; z < 20; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                int x = i % 20;
                s[i] = (byte)(x is >= 4 and < 8 or >= 11 and < 15 ? 1 : x >= 18 ? 2 : 0);
            }
        }

        var closed = BallMorphology.Apply(image, Three[1], MorphologicalOperation.Closing, 2, null, ComputeOptions.Default);
        var s0 = closed.GetLabels(10).ToArray();
        Assert.All(Enumerable.Range(4, 11), x => Assert.Equal(1, s0[10 * 20 + x]));
        Assert.Equal(0, s0[10 * 20 + 3]);
        Assert.Equal(0, s0[10 * 20 + 15]);
        Assert.Equal(2, s0[10 * 20 + 19]);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var image = Random(4, 4, 4, 1, new VoxelSize(1, "um"));
        MicroMorphException Fails(Action a) => Assert.Throws<MicroMorphException>(a);
        Assert.Equal("InvalidRadius", Fails(() => BallMorphology.Apply(image, Three[1], MorphologicalOperation.Closing, 0, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidRadius", Fails(() => BallMorphology.Apply(image, Three[1], MorphologicalOperation.Closing, double.NaN, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("ReplacementPhaseRequired", Fails(() => BallMorphology.Apply(image, Three[1], MorphologicalOperation.Opening, 1, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("SamePhaseTwice", Fails(() => BallMorphology.Apply(image, Three[1], MorphologicalOperation.Erosion, 1, Three[1], ComputeOptions.Default)).ErrorId);
    }
}

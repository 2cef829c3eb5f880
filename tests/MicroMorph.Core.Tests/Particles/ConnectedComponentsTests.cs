using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Tests.Particles;

public class ConnectedComponentsTests
{
    /// <summary>Independent brute force: breadth-first flood from each unvisited voxel in raster order.</summary>
    internal static int[] BruteForce(PhaseImage image, byte label, int connectivity, out int count)
    {
        int w = image.Width, h = image.Height, d = image.Depth;
        var result = new int[w * h * d];
        var offsets = new List<(int X, int Y, int Z)>();
        for (int dz = -1; dz <= 1; dz++)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int n = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                    if (n > 0 && (connectivity == 26 || (connectivity == 18 && n <= 2) || (connectivity == 6 && n == 1)))
                    {
                        offsets.Add((dx, dy, dz));
                    }
                }
            }
        }

        count = 0;
        var queue = new Queue<(int X, int Y, int Z)>();
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    if (image.GetLabel(x, y, z) != label || result[(z * h + y) * w + x] != 0)
                    {
                        continue;
                    }

                    count++;
                    result[(z * h + y) * w + x] = count;
                    queue.Enqueue((x, y, z));
                    while (queue.Count > 0)
                    {
                        var p = queue.Dequeue();
                        foreach (var o in offsets)
                        {
                            int xx = p.X + o.X, yy = p.Y + o.Y, zz = p.Z + o.Z;
                            if (xx >= 0 && yy >= 0 && zz >= 0 && xx < w && yy < h && zz < d &&
                                image.GetLabel(xx, yy, zz) == label && result[(zz * h + yy) * w + xx] == 0)
                            {
                                result[(zz * h + yy) * w + xx] = count;
                                queue.Enqueue((xx, yy, zz));
                            }
                        }
                    }
                }
            }
        }

        return result;
    }

    [Theory]
    [InlineData(6, 1, 0.45)]
    [InlineData(18, 1, 0.12)]
    [InlineData(26, 1, 0.08)]
    [InlineData(6, 2, 0.55)]
    [InlineData(18, 2, 0.15)]
    [InlineData(26, 2, 0.12)]
    public void MatchesBreadthFirstFloodExactly(int connectivity, int threads, double porosity)
    {
        var image = RandomPhaseImage.Create(23, 17, 19, porosity, 100 + connectivity, VoxelSize.Uncalibrated);
        var expected = BruteForce(image, 1, connectivity, out int count);
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], connectivity, new ComputeOptions { MaxDegreeOfParallelism = threads });
        Assert.Equal(count, particles.Count);
        Assert.True(count > 10);
        for (int z = 0; z < image.Depth; z++)
        {
            var slice = particles.Labels.GetSlice<uint>(z);
            for (int i = 0; i < slice.Length; i++)
            {
                Assert.Equal(expected[z * slice.Length + i], (int)slice[i]);
            }
        }
    }

    [Fact]
    public void TwoDimensionalImagesAndSingleRows()
    {
        foreach (var (w, h) in new[] { (40, 30), (57, 1), (1, 33) })
        {
            var image = RandomPhaseImage.Create(w, h, 1, 0.5, 7, VoxelSize.Uncalibrated);
            foreach (int c in new[] { 6, 26 })
            {
                BruteForce(image, 1, c, out int count);
                Assert.Equal(count, ConnectedComponents.Label(image, [image.Phases[1]], c, ComputeOptions.Default).Count);
            }
        }
    }

    [Fact]
    public void MatchesSciPyOnThePeersVolume()
    {
        // SciPy 1.10.1 ndimage.label(pore, structure=ones((3,3,3))) on spheres_256.raw
        // (../shared/peers/results-2026-11-23.tsv): 69 components, the largest of 8384706 voxels.
        var image = PeersVolume.Spheres256;
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        Assert.Equal(69, particles.Count);
        var sizes = new long[particles.Count + 1];
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (uint l in particles.Labels.GetSlice<uint>(z))
            {
                sizes[l]++;
            }
        }

        Assert.Equal(8384706, sizes.Skip(1).Max());
    }

    [Fact]
    public void RejectsBadConnectivityAndNoPhase()
    {
        var image = RandomPhaseImage.Create(4, 4, 4, 0.5, 1, VoxelSize.Uncalibrated);
        Assert.Equal("InvalidConnectivity", Assert.Throws<MicroMorphException>(() => ConnectedComponents.Label(image, [image.Phases[1]], 8, ComputeOptions.Default)).ErrorId);
        Assert.Equal("NoParticlePhase", Assert.Throws<MicroMorphException>(() => ConnectedComponents.Label(image, [], 26, ComputeOptions.Default)).ErrorId);
    }
}

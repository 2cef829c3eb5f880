using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Imaging;

/// <summary>Volumes above 2^31 voxels: chunked storage, 64-bit counts (about 2.2 GB of memory).</summary>
public class LargeVolumeTests
{
    [Fact]
    public void PhaseImageAboveTwoToThe31VoxelsIsMeasuredExactly()
    {
        const int W = 2048, H = 1024, D = 1025; // 2,149,580,800 voxels > 2^31 = 2,147,483,648
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);
        var image = new PhaseImage(W, H, D, table);
        Assert.True(image.VoxelCount > (1L << 31));

        // Solid in every slice with z % 5 == 0, plus one voxel at the very end (index beyond 2^31).
        for (int z = 0; z < D; z += 5)
        {
            image.GetLabels(z).Fill(1);
        }

        image.GetLabels(D - 1)[W * H - 1] = 1;
        long expectedSolid = (long)W * H * 205 + 1;

        var fractions = PhaseFraction.Compute(image, ComputeOptions.Default);
        Assert.Equal(expectedSolid, fractions[1].VoxelCount);
        Assert.Equal(image.VoxelCount - expectedSolid, fractions[0].VoxelCount);
        Assert.Equal((double)expectedSolid / image.VoxelCount, fractions[1].VolumeFraction, 15);
    }
}

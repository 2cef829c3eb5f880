using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class PhaseProfileTests
{
    private static readonly PhaseTable Table = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);

    // Voxel (x, y, z) is CBD when x < z (a linear gradient along z, 0 at z = 0), AM when y == 0, else pore.
    private static PhaseImage Gradient()
    {
        var image = new PhaseImage(10, 5, 8, Table) { VoxelSize = new VoxelSize(2, "µm") };
        for (int z = 0; z < 8; z++)
        {
            for (int y = 0; y < 5; y++)
            {
                for (int x = 0; x < 10; x++)
                {
                    image.GetLabels(z)[y * 10 + x] = y == 0 ? (byte)2 : x < z ? (byte)1 : (byte)0;
                }
            }
        }

        return image;
    }

    [Fact]
    public void ProfileAlongZFollowsTheConstructedGradient()
    {
        var points = PhaseProfile.Compute(Gradient(), FlowDirection.Z, ComputeOptions.Default);
        Assert.Equal(8 * 3, points.Count);
        for (int z = 0; z < 8; z++)
        {
            var cbd = points.Single(p => p.Slice == z && p.Phase == "CBD");
            Assert.Equal(4.0 * z / 50, cbd.VolumeFraction, 15); // 4 rows of z voxels out of 50
            Assert.Equal((z + 0.5) * 2, cbd.Position, 12);
            Assert.Equal(1.0, points.Where(p => p.Slice == z).Sum(p => p.VolumeFraction), 12);
        }
    }

    [Fact]
    public void ProfileAlongXAndYCountsColumns()
    {
        var alongY = PhaseProfile.Compute(Gradient(), FlowDirection.Y, ComputeOptions.Default);
        Assert.Equal(1.0, alongY.Single(p => p.Slice == 0 && p.Phase == "AM").VolumeFraction);
        Assert.Equal(0.0, alongY.Single(p => p.Slice == 3 && p.Phase == "AM").VolumeFraction);

        var alongX = PhaseProfile.Compute(Gradient(), FlowDirection.X, ComputeOptions.Default);
        // Column x: CBD where z > x and y > 0: 4 rows * (7 - x) slices out of 5 * 8 voxels.
        for (int x = 0; x < 10; x++)
        {
            Assert.Equal(4.0 * Math.Max(0, 7 - x) / 40, alongX.Single(p => p.Slice == x && p.Phase == "CBD").VolumeFraction, 15);
        }
    }
}

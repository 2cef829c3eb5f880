using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Processing;

/// <summary>Down-sampling keeps the physical extent: whole blocks only, factors no larger than the size.</summary>
public class DownsamplerExtentTests
{
    [Theory]
    [InlineData(256, 3, 85, 1)]
    [InlineData(256, 5, 51, 1)]
    [InlineData(10, 4, 2, 2)]
    [InlineData(7, 7, 1, 0)]
    public void DownsamplingKeepsWholeBlocksOnly(int size, int factor, int expected, int dropped)
    {
        var v = new VoxelStack(size, 2, 1, VoxelDataType.UInt8) { VoxelSize = new VoxelSize(0.390625, "µm") };
        var r = Downsampler.Downsample(v, (factor, 1, 1), DownsamplingMethod.Mean, ComputeOptions.Default);
        Assert.Equal(expected, r.Width);
        Assert.Equal((dropped, 0, 0), Downsampler.DroppedVoxels(v, (factor, 1, 1)));
        // The physical extent of the result never exceeds the sample's.
        Assert.True(r.Width * r.VoxelSize.X <= size * v.VoxelSize.X);
        Assert.Equal((size - dropped) * v.VoxelSize.X, r.Width * r.VoxelSize.X, 12);
    }

    [Fact]
    public void DownsamplingRefusesAFactorLargerThanTheSize()
    {
        var v = new VoxelStack(256, 256, 1, VoxelDataType.UInt8);
        Assert.Equal("DownsamplingFactorTooLarge", Assert.Throws<MicroMorphException>(() => Downsampler.Downsample(v, (300, 300, 1), DownsamplingMethod.Mean, ComputeOptions.Default)).ErrorId);
        Assert.Equal("DownsamplingFactorTooLarge", Assert.Throws<MicroMorphException>(() => Downsampler.Downsample(v, (2, 2, 2), DownsamplingMethod.Mean, ComputeOptions.Default)).ErrorId);
    }
}

using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Imaging;

/// <summary>Equality and isotropy of voxel sizes within VoxelSize.RelativeTolerance (1e-6).</summary>
public class VoxelSizeTests
{
    [Fact]
    public void TifffileRationalOfAFraction390625EqualsTheSize()
    {
        // tifffile stores 1 / 0.390625 pixels per µm as 4294967295/1677721600.
        double x = 1677721600.0 / 4294967295.0;
        Assert.NotEqual(0.390625, x);
        var read = new VoxelSize(x, x, 0.390625, "µm");
        Assert.Equal(new VoxelSize(0.390625, "µm"), read);
        Assert.True(read == new VoxelSize(0.390625, "µm"));
        Assert.True(read.IsIsotropic);
    }

    [Fact]
    public void ImageJMillionthsOf065EqualTheSize()
    {
        // ImageJ's TiffEncoder writes (int)(1e6 / 0.65) / 1e6 pixels per µm.
        double x = 1000000.0 / 1538461.0;
        Assert.Equal(new VoxelSize(0.65, "µm"), new VoxelSize(x, x, 0.65, "µm"));
        Assert.True(new VoxelSize(x, x, 0.65, "µm").IsIsotropic);
    }

    [Theory]
    [InlineData(0.65)]
    [InlineData(390.625)]
    [InlineData(1e-9)]
    [InlineData(12345.0)]
    public void ToleranceIsRelative(double size)
    {
        var reference = new VoxelSize(size, "nm");
        Assert.Equal(reference, new VoxelSize(size * (1 + 0.9e-6), "nm"));
        Assert.Equal(reference, new VoxelSize(size * (1 - 0.9e-6), "nm"));
        Assert.NotEqual(reference, new VoxelSize(size * (1 + 1.1e-6), "nm"));
        Assert.NotEqual(reference, new VoxelSize(size * (1 - 1.1e-6), "nm"));
        Assert.False(new VoxelSize(size, size, size * (1 + 1.1e-6), "nm").IsIsotropic);
        Assert.True(new VoxelSize(size, size, size * (1 + 0.9e-6), "nm").IsIsotropic);
    }

    [Fact]
    public void NearlyEqualSizesHashAlike()
    {
        var a = new VoxelSize(0.65, "µm");
        var b = new VoxelSize(0.6499999999999999, "µm");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<VoxelSize> { a, b });
    }

    [Fact]
    public void UnitsCompareExactly()
    {
        Assert.NotEqual(new VoxelSize(0.65, "µm"), new VoxelSize(0.65, "nm"));
        Assert.NotEqual(new VoxelSize(1, "µm"), VoxelSize.Uncalibrated);
        Assert.Equal(VoxelSize.Uncalibrated, new VoxelSize(1, 1, 1, VoxelSize.UncalibratedUnit));
    }

    [Fact]
    public void AnisotropicSizesStayDifferent()
    {
        var size = new VoxelSize(0.5, 0.5, 2, "µm");
        Assert.False(size.IsIsotropic);
        Assert.NotEqual(new VoxelSize(0.5, "µm"), size);
        Assert.Equal(new VoxelSize(0.5, 0.5, 2, "µm"), size);
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Imaging;

public class VolumeTests
{
    [Fact]
    public void StackHasLongVoxelCountAndPhysicalSize()
    {
        var s = new VoxelStack(5, 4, 3, VoxelDataType.Float32) { VoxelSize = new VoxelSize(10, 10, 20, "nm") };
        Assert.Equal(60L, s.VoxelCount);
        Assert.Equal(240L, s.ByteCount);
        Assert.Equal(2000, s.VoxelSize.VoxelVolume);
        Assert.False(s.VoxelSize.IsIsotropic);
        Assert.Equal("10 x 10 x 20 nm", s.VoxelSize.ToString());
    }

    [Fact]
    public void TwoDimensionalImageIsDepthOne()
    {
        var s = new VoxelStack(7, 3, 1, VoxelDataType.UInt8);
        Assert.True(s.IsTwoDimensional);
    }

    [Theory]
    [InlineData(0, 1, 1, "InvalidDimensions")]
    [InlineData(-3, 1, 1, "InvalidDimensions")]
    [InlineData(3_000_000_000L, 1, 1, "DimensionsOverflow")]
    [InlineData(2_000_000_000L, 2_000_000_000L, 2_000_000_000L, "DimensionsOverflow")]
    [InlineData(100_000L, 100_000L, 1, "SliceTooLarge")]
    public void BadDimensionsAreRefusedWithTheirErrorId(long w, long h, long d, string errorId)
    {
        var ex = Assert.Throws<MicroMorphException>(() => Volume.ValidateDimensions(w, h, d, VoxelDataType.UInt16));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public void SetValueRefusesValuesTheTypeCannotHold()
    {
        var s = new VoxelStack(2, 2, 1, VoxelDataType.UInt8);
        Assert.Equal("ValueOutOfRange", Assert.Throws<MicroMorphException>(() => s.SetValue(0, 0, 0, 256)).ErrorId);
        Assert.Equal("ValueOutOfRange", Assert.Throws<MicroMorphException>(() => s.SetValue(0, 0, 0, 1.5)).ErrorId);
        Assert.Equal("ValueOutOfRange", Assert.Throws<MicroMorphException>(() => s.SetValue(0, 0, 0, double.NaN)).ErrorId);
        var f = new VoxelStack(2, 2, 1, VoxelDataType.Float32);
        f.SetValue(1, 1, 0, double.NaN);
        Assert.True(double.IsNaN(f.GetValue(1, 1, 0)));
    }

    [Fact]
    public void TypedSliceViewMustMatchTheDataType()
    {
        var s = new VoxelStack(2, 2, 2, VoxelDataType.UInt16);
        s.GetSlice<ushort>(1)[3] = 65535;
        Assert.Equal(65535, s.GetValue(1, 1, 1));
        Assert.Throws<InvalidOperationException>(() => s.GetSlice<float>(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void VoxelSizeMustBePositiveAndFinite(double value)
    {
        Assert.Equal("InvalidVoxelSize", Assert.Throws<MicroMorphException>(() => new VoxelSize(value, "nm")).ErrorId);
    }

    [Fact]
    public void VoxelSizeFromValuesTakesOneOrThree()
    {
        Assert.Equal(new VoxelSize(2, 2, 2, "µm"), VoxelSize.FromValues([2.0], "µm"));
        Assert.Equal(new VoxelSize(1, 2, 3, "nm"), VoxelSize.FromValues([1.0, 2, 3], "nm"));
        Assert.Equal("InvalidVoxelSize", Assert.Throws<MicroMorphException>(() => VoxelSize.FromValues([1.0, 2], "nm")).ErrorId);
    }
}

public class VoxelValueTests
{
    [Fact]
    public void UInt32ValuesAbove2To24AreExact()
    {
        var s = new VoxelStack(1, 1, 1, VoxelDataType.UInt32);
        s.SetValue(0, 0, 0, 4_000_000_001);
        Assert.Equal(4_000_000_001d, s.GetValue(0, 0, 0));
    }
}

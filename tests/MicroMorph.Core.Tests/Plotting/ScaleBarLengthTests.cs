using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Plotting;

public class ScaleBarLengthTests
{
    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.999, 0.5)]
    [InlineData(4.99, 2.0)]
    [InlineData(5.0, 5.0)]
    [InlineData(73.0, 50.0)]
    [InlineData(1000.0, 1000.0)]
    [InlineData(1999.0, 1000.0)]
    [InlineData(0.0123, 0.01)]
    [InlineData(0.3, 0.2)]
    public void NiceIsTheLargestOneTwoOrFiveTimesAPowerOfTenNotAbove(double value, double nice) =>
        Assert.Equal(nice, ScaleBarLength.Nice(value), 12);

    [Theory]
    // electrode sample: 0.390625 µm voxels, 256 voxels: a fifth of 100 µm = 20 µm, 51.2 pixels
    [InlineData(0.390625, "µm", 256, 20.0, 51.2, "20 µm")]
    // the same at -Scale 2: pixels of 0.1953125 µm, 512 of them: still 20 µm, now 102.4 pixels
    [InlineData(0.1953125, "µm", 512, 20.0, 102.4, "20 µm")]
    // 10 nm pixels, 512 wide: a fifth is 1024 nm -> 1000 nm, written 1 µm, 100 pixels
    [InlineData(10.0, "nm", 512, 1000.0, 100.0, "1 µm")]
    // 5 nm pixels in µm: a fifth of 2.5 µm is 0.5 µm, written 500 nm
    [InlineData(0.005, "µm", 500, 0.5, 100.0, "500 nm")]
    [InlineData(0.005, "um", 500, 0.5, 100.0, "500 nm")]
    // 2 mm pixels of a 1000-pixel photo: 400 mm -> 200 mm
    [InlineData(2.0, "mm", 1000, 200.0, 100.0, "200 mm")]
    // uncalibrated: voxels, no conversion
    [InlineData(1.0, "voxel", 100, 20.0, 20.0, "20 voxels")]
    [InlineData(1.0, "voxel", 5, 1.0, 1.0, "1 voxel")]
    public void ChoosesANiceLengthAndItsPixels(double pixel, string unit, int width, double length, double pixels, string label)
    {
        var bar = ScaleBarLength.Choose(pixel, unit, width);
        Assert.Equal(length, bar.Length, 9);
        Assert.Equal(pixels, bar.Pixels, 9);
        Assert.Equal(label, bar.Label);
        Assert.True(bar.Pixels <= 0.2 * width + 1e-9);
        Assert.True(bar.Pixels > 0.2 * width * 0.4 - 1e-9, "a nice length is more than 2/5 of the longest allowed");
    }

    [Theory]
    [InlineData(0.0, 100)]
    [InlineData(-1.0, 100)]
    [InlineData(double.NaN, 100)]
    [InlineData(1.0, 0)]
    public void RefusesNonsense(double pixel, int width)
    {
        var ex = Assert.Throws<MicroMorphException>(() => ScaleBarLength.Choose(pixel, "nm", width));
        Assert.Equal("InvalidScaleBar", ex.ErrorId);
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Plotting;

public class OverlayBlendTests
{
    [Theory]
    // grey 100 under orange #E69F00 at 0.4: 0.6*100 + 0.4*(230, 159, 0) = (152, 123.6, 60) -> (152, 124, 60)
    [InlineData(100, 0.4, "#E69F00", "#987C3C")]
    [InlineData(100, 0.0, "#E69F00", "#646464")]
    [InlineData(100, 1.0, "#E69F00", "#E69F00")]
    // 0.5 of white over black: 127.5 rounds away from zero to 128
    [InlineData(0, 0.5, "#FFFFFF", "#808080")]
    public void BlendsLinearlyPerChannel(byte grey, double opacity, string colour, string expected)
    {
        var result = OverlayBlend.Blend(new RgbColor(grey, grey, grey), RgbColor.Parse(colour), opacity);
        Assert.Equal(expected, result.ToString());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RefusesOpacityOutsideZeroToOne(double opacity)
    {
        var ex = Assert.Throws<MicroMorphException>(() => OverlayBlend.Blend(default, default, opacity));
        Assert.Equal("InvalidOpacity", ex.ErrorId);
    }
}

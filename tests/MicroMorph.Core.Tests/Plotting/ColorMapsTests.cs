using MicroMorph.Core.Imaging;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Plotting;

public class ColorMapsTests
{
    // End colours as published with the maps (BIDS/colormap, matplotlib docs): viridis #440154 .. #FDE725,
    // magma #000004 .. #FCFDBF, inferno #000004 .. #FCFFA4, plasma #0D0887 .. #F0F921.
    [Theory]
    [InlineData(ColorMap.Viridis, "#440154", "#FDE725")]
    [InlineData(ColorMap.Magma, "#000004", "#FCFDBF")]
    [InlineData(ColorMap.Inferno, "#000004", "#FCFFA4")]
    [InlineData(ColorMap.Plasma, "#0D0887", "#F0F921")]
    [InlineData(ColorMap.Grey, "#000000", "#FFFFFF")]
    public void EndsAreThePublishedColours(ColorMap map, string low, string high)
    {
        Assert.Equal(low, ColorMaps.Map(map, 0).ToString());
        Assert.Equal(high, ColorMaps.Map(map, 1).ToString());
        Assert.Equal(low, ColorMaps.Map(map, -3).ToString());
        Assert.Equal(high, ColorMaps.Map(map, 7).ToString());
        Assert.Equal(low, ColorMaps.Map(map, double.NaN).ToString());
    }

    [Theory]
    [InlineData(ColorMap.Viridis)]
    [InlineData(ColorMap.Magma)]
    [InlineData(ColorMap.Inferno)]
    [InlineData(ColorMap.Plasma)]
    [InlineData(ColorMap.Grey)]
    public void LightnessRisesMonotonically(ColorMap map)
    {
        // The defining property of these maps: relative luminance (Rec. 709 on linearised sRGB) never falls.
        var table = ColorMaps.Table(map);
        Assert.Equal(256, table.Length);
        double previous = -1;
        foreach (var c in table)
        {
            double y = 0.2126 * Linear(c.R) + 0.7152 * Linear(c.G) + 0.0722 * Linear(c.B);
            Assert.True(y >= previous - 1e-3, $"{map}: luminance falls at {c}");
            previous = y;
        }
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 128)]
    [InlineData(255.0 / 256, 255)]
    [InlineData(1.0, 255)]
    [InlineData(0.999, 255)]
    [InlineData(1.0 / 256 - 1e-9, 0)]
    public void IndexIsFloorOf256T(double t, int index) => Assert.Equal(index, ColorMaps.Index(t));

    private static double Linear(byte channel)
    {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}

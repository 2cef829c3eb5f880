using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Morphology;

public class PlotTests
{
    private static ConstrictivityResult Curves(string phase) => new(
        phase, FlowDirection.Z, 0.5, 2, 1, 0.25, "µm",
        [new CurvePoint(0, 1), new CurvePoint(1, 0.8), new CurvePoint(2, 0.5), new CurvePoint(3, 0)],
        [new CurvePoint(0, 0.9), new CurvePoint(1, 0.5), new CurvePoint(2, 0.1)]);

    private static long CountColour((int Width, int Height, byte[] Rgb) picture, MicroMorph.Core.Imaging.RgbColor c)
    {
        long n = 0;
        for (int i = 0; i < picture.Rgb.Length; i += 3)
        {
            if (picture.Rgb[i] == c.R && picture.Rgb[i + 1] == c.G && picture.Rgb[i + 2] == c.B)
            {
                n++;
            }
        }

        return n;
    }

    [Fact]
    public void EverySeriesIsDrawnInItsOwnColour()
    {
        var plot = DescriptorPlots.For([Curves("Pore"), Curves("CBD")], null, 600, 400);
        Assert.Equal(4, plot.Series.Count);
        var picture = LinePlotRenderer.Render(plot);
        Assert.Equal((600, 400), (picture.Width, picture.Height));
        for (int s = 0; s < 4; s++)
        {
            Assert.True(CountColour(picture, LinePlotRenderer.SeriesColors[s]) > 100, $"series {s} is missing");
        }
    }

    [Fact]
    public void TicksAreNiceAndCoverTheRange()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], LinePlotRenderer.NiceTicks(0, 1));
        Assert.Equal([0.0, 2, 4, 6, 8], LinePlotRenderer.NiceTicks(0, 7.3));
        var t = LinePlotRenderer.NiceTicks(-0.061, 0.127);
        Assert.True(t[0] <= -0.061 && t[^1] >= 0.127);
    }

    [Fact]
    public void MixedOrUnknownResultsAreRefused()
    {
        var tortuosity = new GeodesicTortuosityResult("Pore", FlowDirection.Z, 0.5, 1.1, 0.1, 1, 1, 1, 1, 1, 1, 1.3, 10, 10, 1, [new HistogramBin(1, 1.1, 10, 1)]);
        Assert.Equal("MixedPlotInputs", Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => DescriptorPlots.For([Curves("Pore"), tortuosity], null, 600, 400)).ErrorId);
        Assert.Equal("NotAPlottableResult", Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => DescriptorPlots.For(["text"], null, 600, 400)).ErrorId);
        Assert.Equal("NothingToPlot", Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => DescriptorPlots.For([], null, 600, 400)).ErrorId);
    }
}

using System.Xml.Linq;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Particles;
using MicroMorph.Core.Plotting;
using SkiaSharp;

namespace MicroMorph.Core.Tests.Plotting;

/// <summary>
/// The figures through ScottPlot: format by extension, picture size with scale, text where the labels
/// are, SVG text with units, legend placement, log axes, intervals and the heatmap's counts.
/// </summary>
public class PlotTests
{
    private static ConstrictivityResult Curves(string phase, string unit = "µm") => new(
        phase, FlowDirection.Z, 0.5, 2, 1, 0.25, unit,
        [new CurvePoint(0, 1), new CurvePoint(1, 0.8), new CurvePoint(2, 0.5), new CurvePoint(3, 0)],
        [new CurvePoint(0, 0.9), new CurvePoint(1, 0.5), new CurvePoint(2, 0.1)]);

    private static PlotSpecification Line(string x, string y, params CurvePoint[] points) =>
        new("", x, y, [new PlotSeries("data", points)]);

    private static int[] PngHeaderSize(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        int BigEndian(int o) => (png[o] << 24) | (png[o + 1] << 16) | (png[o + 2] << 8) | png[o + 3];
        return [BigEndian(16), BigEndian(20)];
    }

    /// <summary>Pixels darker than mid grey in a rectangle (text and lines; the page is white).</summary>
    private static int Ink(SKBitmap bitmap, int x0, int y0, int x1, int y1)
    {
        int n = 0;
        for (int y = y0; y < y1; y++)
        {
            for (int x = x0; x < x1; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 128)
                {
                    n++;
                }
            }
        }

        return n;
    }

    [Theory]
    [InlineData("a.png", PlotFormat.Png)]
    [InlineData("dir.x/A.PNG", PlotFormat.Png)]
    [InlineData("b.svg", PlotFormat.Svg)]
    [InlineData("b.SVG", PlotFormat.Svg)]
    public void TheExtensionChoosesTheFormat(string path, PlotFormat format) => Assert.Equal(format, PlotFormats.FromPath(path));

    [Theory]
    [InlineData("a.jpg")]
    [InlineData("a.png.txt")]
    [InlineData("noextension")]
    public void OtherExtensionsAreRefused(string path) =>
        Assert.Equal("UnsupportedPlotFormat", Assert.Throws<MicroMorphException>(() => PlotFormats.FromPath(path)).ErrorId);

    [Theory]
    [InlineData("µm^3", "µm³")]
    [InlineData("nm^-1", "nm⁻¹")]
    [InlineData("m^{-2}", "m⁻²")]
    [InlineData("µm", "µm")]
    [InlineData("a^b", "a^b")]
    [InlineData("x^", "x^")]
    public void UnitPowersBecomeSuperscripts(string unit, string expected) => Assert.Equal(expected, PlotText.Unit(unit));

    [Fact]
    public void AxisLabelsCarryTheUnitAsGiven()
    {
        Assert.Equal("Radius (µm)", PlotText.Axis("Radius", "µm"));
        Assert.Equal("Particle volume (µm³)", PlotText.Axis("Particle volume", "µm", power: 3));
        Assert.Equal("Radius", PlotText.Axis("Radius", ""));
        Assert.Equal("0.25", PlotText.Number(0.25));
        Assert.Equal("−3", PlotText.Number(-3));
    }

    [Theory]
    [InlineData(640, 400, 1.0)]
    [InlineData(300, 200, 2.0)]
    [InlineData(900, 560, 1.5)]
    public void ThePngIsWidthTimesScaleByHeightTimesScale(int width, int height, double scale)
    {
        var figure = DescriptorPlots.For([Curves("Pore")], null);
        var png = PlotWriter.RenderPng(figure, new PlotSize(width, height, scale));
        Assert.Equal([(int)Math.Round(width * scale), (int)Math.Round(height * scale)], PngHeaderSize(png));
    }

    [Theory]
    [InlineData(199, 400, 1.0)]
    [InlineData(400, 149, 1.0)]
    [InlineData(400, 400, 0.1)]
    [InlineData(8000, 400, 4.0)]
    [InlineData(400, 400, double.NaN)]
    public void SizesOutsideTheLimitsAreRefused(int width, int height, double scale) =>
        Assert.Equal("InvalidPictureSize", Assert.Throws<MicroMorphException>(() => new PlotSize(width, height, scale)).ErrorId);

    [Fact]
    public void ScaleEnlargesTheFigureNotItsLayout()
    {
        // The same figure at scale 1 and 2: the ink of the scaled one is about 4 times as much (twice
        // as wide lines and text over twice the length), not the same ink on a bigger page.
        var figure = DescriptorPlots.For([Curves("Pore")], null);
        using var one = SKBitmap.Decode(PlotWriter.RenderPng(figure, new PlotSize(400, 300, 1)));
        using var two = SKBitmap.Decode(PlotWriter.RenderPng(figure, new PlotSize(400, 300, 2)));
        double ratio = (double)Ink(two, 0, 0, 800, 600) / Ink(one, 0, 0, 400, 300);
        Assert.InRange(ratio, 2.5, 5.5);
    }

    [Fact]
    public void AxisLabelsPutInkBelowAndLeftOfTheData()
    {
        // Ink in the bottom strip (x label) and the left strip (y label) against the same plot whose labels
        // are blank (spaces keep the layout, so only the letters differ).
        var points = new[] { new CurvePoint(0, 0), new CurvePoint(1, 1) };
        var size = new PlotSize(500, 400);
        using var labelled = SKBitmap.Decode(PlotWriter.RenderPng(Line("Radius r (µm)", "Fraction of the phase's volume", points), size));
        using var bare = SKBitmap.Decode(PlotWriter.RenderPng(Line("   ", "   ", points), size));
        Assert.True(Ink(labelled, 0, 375, 500, 400) > Ink(bare, 0, 375, 500, 400) + 40, "no x label in the bottom strip");
        Assert.True(Ink(labelled, 0, 0, 25, 400) > Ink(bare, 0, 0, 25, 400) + 40, "no y label in the left strip");
    }

    [Fact]
    public void SvgIsWellFormedWithTheLabelsAsText()
    {
        var figure = DescriptorPlots.For([Curves("Pore"), Curves("CBD")], null);
        string svg = PlotWriter.RenderSvg(figure, new PlotSize(600, 400, 1));
        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.Contains("Radius r (µm)", texts);
        Assert.Contains("Fraction of the phase's volume", texts);
        Assert.Contains("Pore: CPSD", texts);
        Assert.Contains("CBD: intrusion", texts);
        Assert.DoesNotContain(texts, t => t.Contains("µM", StringComparison.Ordinal));
    }

    [Fact]
    public void EverySeriesHasItsOwnColourAndEachPhaseItsOwn()
    {
        var figure = (PlotSpecification)DescriptorPlots.For([Curves("Pore"), Curves("CBD")], null);
        Assert.Equal(4, figure.Series.Count);
        Assert.Equal([0, 0, 1, 1], figure.Series.Select(s => s.Colour!.Value));
        Assert.Equal([false, true, false, true], figure.Series.Select(s => s.Dashed));
        string svg = PlotWriter.RenderSvg(figure, new PlotSize(600, 400));
        foreach (var c in PlotStyle.SeriesColors.Take(2))
        {
            string hex = $"#{c.R:X2}{c.G:X2}{c.B:X2}";
            Assert.True(svg.Contains(hex, StringComparison.OrdinalIgnoreCase) || svg.Contains($"rgb({c.R},{c.G},{c.B})", StringComparison.Ordinal), $"colour {hex} is not drawn");
        }
    }

    [Fact]
    public void TheLegendGoesToAnEmptyCornerOrOutside()
    {
        var size = new PlotSize(900, 560);

        // Falling from the upper left to the lower right: the upper right corner is empty.
        using var falling = Line("x", "y", new CurvePoint(0, 1), new CurvePoint(1, 0.02)).CreatePlot(size);
        Assert.Equal(ScottPlot.Alignment.UpperRight, falling.Legend.Alignment);
        Assert.True(falling.Legend.IsVisible);

        // Rising from the lower left to the upper right: the upper left is the first empty corner.
        using var rising = Line("x", "y", new CurvePoint(0, 0), new CurvePoint(1, 1)).CreatePlot(size);
        Assert.Equal(ScottPlot.Alignment.UpperLeft, rising.Legend.Alignment);

        // Lines along the top and the bottom take every corner; the middle of the right edge is free.
        var apart = new PlotSpecification("", "x", "y",
        [
            new PlotSeries("high", [new CurvePoint(0, 1), new CurvePoint(1, 1)]),
            new PlotSeries("low", [new CurvePoint(0, 0), new CurvePoint(1, 0)]),
        ]);
        using var middle = apart.CreatePlot(size);
        Assert.Equal(ScottPlot.Alignment.MiddleRight, middle.Legend.Alignment);

        // A band over the whole area leaves no corner: the legend moves out of the data area.
        var full = new PlotSpecification("", "x", "y", [new PlotSeries("data", [new CurvePoint(0, 0.5), new CurvePoint(1, 0.5)])
        {
            Band = [new PlotInterval(0, 0, 1), new PlotInterval(1, 0, 1)], BandName = "band",
        }]);
        using var outside = full.CreatePlot(size);
        Assert.False(outside.Legend.IsVisible);
        Assert.Contains(outside.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
    }

    [Fact]
    public void ALegendTooWideForACornerGoesBelowThePlot()
    {
        var size = new PlotSize(700, 560);
        var wide = new PlotSpecification("", "x", "y", [new PlotSeries("electrode.tiff [phases 0=Pore, 85=NMC, 170=CBD] [crop 0,0,0 +64x64x64]", [new CurvePoint(0, 0.5), new CurvePoint(1, 0.5)])
        {
            Band = [new PlotInterval(0, 0, 1), new PlotInterval(1, 0, 1)],
        }]);
        using var plot = wide.CreatePlot(size);
        var panel = Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
        Assert.Equal(ScottPlot.Edge.Bottom, panel.Edge);
    }

    [Fact]
    public void EqualAxesCutATallCurveOnceTheOtherAxisIsWidenedTheMostAllowed()
    {
        // A blocking electrode's shape: a 45-degree line to (1, 1), then a capacitive line up to -Im Z = 40.
        var points = Enumerable.Range(0, 11).Select(i => new CurvePoint(i / 10.0, i / 10.0))
            .Concat(Enumerable.Range(1, 40).Select(i => new CurvePoint(1, 1 + i))).ToArray();
        var size = new PlotSize(700, 560);
        foreach (double? widening in new double?[] { null, 2 })
        {
            var spec = new PlotSpecification("", "Re Z", "-Im Z", [new PlotSeries("Z", points)]) { ZeroBased = true, EqualAspect = true, EqualAspectMaxWidening = widening };
            using var plot = spec.CreatePlot(size);
            plot.RenderInMemory(size.Width, size.Height);
            var area = plot.LastRender.DataRect;
            var limits = plot.Axes.GetLimits();

            // Square units on the final layout, anchored at the origin.
            Assert.Equal(0, limits.Left, 9);
            Assert.Equal(0, limits.Bottom, 9);
            Assert.Equal(limits.HorizontalSpan / area.Width, limits.VerticalSpan / area.Height, 1e-6 * limits.VerticalSpan / area.Height);
            if (widening is null)
            {
                // Never cut: the whole line is shown, and the x axis widened as far as that takes.
                Assert.True(limits.Top >= 41, $"top {limits.Top}");
            }
            else
            {
                // Re Z widened at most twice its (padded) range; the capacitive line leaves through the top.
                Assert.InRange(limits.Right, 1.0, 2 * 1.02 + 1e-9);
                Assert.InRange(limits.Top, 1.0, 41);
            }
        }
    }

    [Fact]
    public void DashedLinesStayDashedInSvg()
    {
        // Skia's SVG canvas drops path effects: the phase of a Bode plot came out as solid as |Z|.
        var spec = new PlotSpecification("", "f", "y",
        [
            new PlotSeries("solid", [new CurvePoint(0, 0), new CurvePoint(1, 1)]) { Colour = 0 },
            new PlotSeries("dashed", [new CurvePoint(0, 1), new CurvePoint(1, 0)]) { Colour = 1, Dashed = true },
        ]);
        foreach (double scale in new[] { 1.0, 2.0 })
        {
            string svg = PlotWriter.RenderSvg(spec, new PlotSize(600, 400, scale));
            string Colour(int k) => "#" + PlotStyle.SeriesColour(k).ToHex()[1..7];
            var paths = System.Text.RegularExpressions.Regex.Matches(svg, "<path [^>]*>").Select(m => m.Value).ToArray();
            var dashed = paths.Where(p => p.Contains($"stroke=\"{Colour(1)}\"", StringComparison.OrdinalIgnoreCase)).ToArray();
            var solid = paths.Where(p => p.Contains($"stroke=\"{Colour(0)}\"", StringComparison.OrdinalIgnoreCase)).ToArray();

            // The line and its legend symbol, each dashed with the pattern scaled like the picture; the solid line not.
            Assert.Equal(2, dashed.Length);
            string expected = $"stroke-dasharray=\"{10 * scale} {10 * scale}\"";
            Assert.All(dashed, p => Assert.Contains(expected, p));
            Assert.NotEmpty(solid);
            Assert.All(solid, p => Assert.DoesNotContain("stroke-dasharray", p));
            Assert.DoesNotContain("#010203", svg, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void LogAxesLabelEveryDecadeTheSameWay()
    {
        Assert.Equal("10⁶", PlotText.PowerOfTen(6));
        Assert.Equal("10⁻³", PlotText.PowerOfTen(-3));
        Assert.Equal("10⁻¹²", PlotText.PowerOfTen(-12));

        static string[] Labels(double min, double max)
        {
            using var plot = new ScottPlot.Plot();
            var ticks = PlotStyle.LogTicks(min, max);
            plot.Axes.Bottom.TickGenerator = ticks;
            plot.Axes.SetLimitsX(min, max);
            plot.RenderInMemory(800, 400);
            return ticks.Ticks.Where(t => t.IsMajor).OrderBy(t => t.Position).Select(t => t.Label).ToArray();
        }

        // A Bode plot's frequencies, 10^2.9 to 10^6.4 Hz: powers of ten throughout (not 1000 ... 100000 beside 1E+06).
        Assert.Equal(["10³", "10⁴", "10⁵", "10⁶"], Labels(2.9, 6.4));
        Assert.Equal(["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²"], Labels(-5.2, -1.5));

        // Within 10^-3 .. 10^4 the decades stay plain numbers; under three decades 2 and 5 are labelled too.
        Assert.Equal(["0.01", "0.1", "1", "10", "100"], Labels(-2, 2.1));
        Assert.Equal(["1", "2", "5", "10", "20", "50"], Labels(0, 1.9));
    }

    [Fact]
    public void LiberationOverVolumesSpanningDecadesUsesALogAxis()
    {
        var classes = new[] { (0.1, 1.0, 0.9), (1.0, 10.0, 0.8), (10.0, 1000.0, 0.4) };
        LiberationResult Result(SizeMeasure measure) => new()
        {
            Phase = "Calcite", Unit = "µm", SizeMeasure = measure, LiberationDegree = 0.7,
            SizeClasses = classes.Select(c => new SizeClassLiberation(c.Item1, c.Item2, 5, 3, 1, 1, c.Item3)).ToArray(),
        };
        var volume = ParticlePlots.Liberation([Result(SizeMeasure.Volume)], null);
        Assert.True(volume.LogX);
        Assert.Equal("Particle volume (µm³)", volume.XLabel);
        // On the log axis each class sits at its geometric centre.
        double[] centres = [Math.Sqrt(0.1), Math.Sqrt(10), 100];
        Assert.Equal(3, volume.Series[0].Points.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(centres[i], volume.Series[0].Points[i].X, 9);
        }

        var diameter = ParticlePlots.Liberation([Result(SizeMeasure.EquivalentDiameter)], null);
        Assert.False(diameter.LogX);
        Assert.Equal("Equivalent spherical diameter (µm)", diameter.XLabel);
        Assert.Equal([400, 300], PngHeaderSize(PlotWriter.RenderPng(volume, new PlotSize(400, 300))));
    }

    [Fact]
    public void RepresentativenessShowsTheStandardErrorAndTheConfidenceInterval()
    {
        var result = new RepresentativenessResult
        {
            PieceCount = 8, SizeMeasure = SizeMeasure.EquivalentDiameter, Unit = "µm",
            SizeClasses = [new SizeClassFrequency(0, 2, 0.5, 0.05, 0.38, 0.62, 10), new SizeClassFrequency(2, 4, 0.3, 0.04, 0.2, 0.4, 6)],
        };
        var figure = ParticlePlots.Representativeness([result], null);
        var s = Assert.Single(figure.Series);
        Assert.Equal([new PlotInterval(1, 0.38, 0.62), new PlotInterval(3, 0.2, 0.4)], s.Band);
        Assert.Equal(0.45, s.ErrorBars[0].Lower, 12);
        Assert.Equal(0.55, s.ErrorBars[0].Upper, 12);
        Assert.Equal(PlotStyle.BandGrey, s.BandColour);
        string svg = PlotWriter.RenderSvg(figure, new PlotSize(600, 400));
        var texts = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.Contains("95% confidence interval", texts);
        Assert.Contains("± standard error", texts);
        Assert.Contains("Equivalent spherical diameter (µm)", texts);
    }

    [Fact]
    public void TheHeatmapCountsEveryAggregateOnceInItsCell()
    {
        SchmahlIndexResult R(double p, double m) => new() { CarbonFraction = p, SchmahlIndex = m };
        var results = new[] { R(0.05, 0.05), R(0.05, 0.07), R(0.55, 0.95), R(0.99, 0.42) };
        var heatmap = MixingPlots.Heatmap(results, null, 0.1);
        Assert.Equal(10, heatmap.Values.GetLength(0));
        Assert.Equal(10, heatmap.Values.GetLength(1));
        Assert.Equal(2, heatmap.Values[0, 0]);
        Assert.Equal(1, heatmap.Values[9, 5]);
        Assert.Equal(1, heatmap.Values[4, 9]);
        Assert.Equal(4, heatmap.Values.Cast<double>().Where(double.IsFinite).Sum());
        Assert.True(double.IsNaN(heatmap.Values[5, 5]), "an empty cell is left empty");
        var mark = Assert.Single(heatmap.Marks);
        Assert.Equal(0.41, mark.X, 12);
        Assert.Equal(0.3725, mark.Y, 12);
        // The drawn cells cover exactly the bins: [0, 1] in both directions here.
        using (var plot = heatmap.CreatePlot(new PlotSize(600, 500)))
        {
            var extent = plot.GetPlottables<ScottPlot.Plottables.Heatmap>().Single().GetAlignedExtent();
            Assert.Equal((0.0, 1.0, 0.0, 1.0), (Math.Round(extent.Left, 9), Math.Round(extent.Right, 9), Math.Round(extent.Bottom, 9), Math.Round(extent.Top, 9)));
        }

        // One bin across (a bin width above 1) still draws, with cells as wide as the bin.
        var wide = MixingPlots.Heatmap(results, null, 2);
        Assert.Equal(1, wide.Values.GetLength(1));
        using (var plot = wide.CreatePlot(new PlotSize(600, 500)))
        {
            var extent = plot.GetPlottables<ScottPlot.Plottables.Heatmap>().Single().GetAlignedExtent();
            Assert.Equal(0, extent.Left, 9);
            Assert.Equal(4, extent.Right, 9); // the bin [0, 2] and its empty neighbour
        }

        Assert.NotEmpty(PlotWriter.RenderPng(wide, new PlotSize(400, 300)));
        string svg = PlotWriter.RenderSvg(heatmap, new PlotSize(600, 500));
        var texts = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.Contains("Number of aggregates", texts);
        Assert.Contains("Carbon fraction P", texts);
    }

    [Fact]
    public void TableIntervalsBecomeErrorBarsOrBandsNamedOnce()
    {
        TablePlotPoint[] points =
        [
            new("Solid", 0.1, 0.5, 0.4, 0.6), new("Pore", 0.1, 0.3, 0.35, 0.25), new("Solid", 0.2, 0.55, 0.55, 0.55), new("Pore", 0.2, 0.2),
        ];
        var bars = TablePlot.Build(points, "t", "x", "y", intervalName: "Minimum to maximum");
        Assert.Equal(["Solid", "Pore"], bars.Series.Select(s => s.Name));
        Assert.Equal([new PlotInterval(0.1, 0.4, 0.6)], bars.Series[0].ErrorBars); // the zero-width interval at 0.2 is left out
        Assert.Equal([new PlotInterval(0.1, 0.25, 0.35)], bars.Series[1].ErrorBars); // ends given the wrong way round are ordered
        // With several series, each interval's legend entry names its series (not one entry that reads as the first series').
        Assert.Equal(["Solid: Minimum to maximum", "Pore: Minimum to maximum"], bars.Series.Select(s => s.ErrorBarName));
        Assert.All(bars.Series, s => Assert.Empty(s.Band));
        var band = TablePlot.Build(points, "t", "x", "y", intervalName: "95%", band: true);
        Assert.Equal(bars.Series[0].ErrorBars, band.Series[0].Band);
        Assert.Equal("Solid: 95%", band.Series[0].BandName);
        Assert.All(band.Series, s => Assert.Empty(s.ErrorBars));
        var texts = SvgTexts(bars);
        Assert.Single(texts, "Solid: Minimum to maximum");
        Assert.Single(texts, "Pore: Minimum to maximum");
        Assert.DoesNotContain("Minimum to maximum", texts);

        // One series: the entry is the interval's name alone.
        var single = TablePlot.Build(points.Where(p => p.Series == "Solid").ToArray(), "t", "x", "y", intervalName: "95% interval", band: true);
        Assert.Equal("95% interval", single.Series[0].BandName);
    }

    private static string[] SvgTexts(PlotFigure figure, PlotSize? size = null) =>
        XDocument.Parse(PlotWriter.RenderSvg(figure, size ?? new PlotSize(600, 400))).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();

    private static XElement[] SvgElements(PlotFigure figure, string name) =>
        XDocument.Parse(PlotWriter.RenderSvg(figure, new PlotSize(600, 400))).Descendants().Where(e => e.Name.LocalName == name).ToArray();

    [Theory]
    [InlineData("Schmahl index M_AS", "Schmahl index Mₐₛ")]
    [InlineData("Schmahl index M_{AS}", "Schmahl index Mₐₛ")]
    [InlineData("ψ_P and ψ_MAS", "ψₚ and ψₘₐₛ")]
    [InlineData("(x_1, x_{n+1})", "(x₁, xₙ₊₁)")]
    [InlineData("s^2 of M_{AS}", "s^2 of Mₐₛ")] // powers are Unit's business
    [InlineData("grain_volume", "grain_volume")] // a name, not a symbol with a subscript
    [InlineData("ψ_comb", "ψ_comb")] // c and b have no subscript form: kept whole rather than half subscripted
    [InlineData("M_ABCD", "M_ABCD")] // too long for a bare subscript
    [InlineData("M_{AS", "M_{AS")]
    [InlineData("a_", "a_")]
    [InlineData("no subscript", "no subscript")]
    public void SubscriptsBecomeSubscriptCharacters(string text, string expected) => Assert.Equal(expected, PlotText.Label(text));

    [Fact]
    public void TheShippedFontHasEverySubscriptCharacter()
    {
        string subscripts = PlotText.SubscriptCharacters;
        Assert.True(subscripts.Length >= 30);
        foreach (char c in subscripts)
        {
            Assert.True(PlotFonts.Typeface.ContainsGlyphs(c.ToString()), $"DejaVu Sans has no glyph for U+{(int)c:X4}");
        }
    }

    [Fact]
    public void MixingPlotsWriteTheSchmahlIndexWithItsSubscript()
    {
        SchmahlIndexResult R(double p, double m) => new() { CarbonFraction = p, SchmahlIndex = m };
        SchmahlIndexResult[] results = [R(0.3, 0.5), R(0.4, 0.62), R(0.5, 0.9)];
        foreach (var kind in new[] { MixingPlotKind.Histogram, MixingPlotKind.Heatmap })
        {
            var texts = SvgTexts(MixingPlots.For(results, kind, null));
            Assert.Contains("Schmahl index Mₐₛ", texts);
            Assert.DoesNotContain(texts, t => t.Contains('_', StringComparison.Ordinal));
        }

        // Labels given by the caller get the same treatment (title, axes and legend).
        var line = new PlotSpecification("Mean M_AS", "ψ_P", "y", [new PlotSeries("M_{AS} of C65", [new CurvePoint(0, 1), new CurvePoint(1, 2)])]);
        var lineTexts = SvgTexts(line);
        Assert.Contains("Mean Mₐₛ", lineTexts);
        Assert.Contains("ψₚ", lineTexts);
        Assert.Contains("Mₐₛ of C65", lineTexts);
    }

    [Fact]
    public void MarkersAppearOnFewPointsOnlyUnlessForced()
    {
        TablePlotPoint[] Curve(int n) => Enumerable.Range(0, n).Select(i => new TablePlotPoint("c", i, Math.Sin(i / 10.0))).ToArray();
        Assert.True(TablePlot.Build(Curve(PlotStyle.AutoMarkerLimit), "t", "x", "y").Series[0].Markers);
        Assert.False(TablePlot.Build(Curve(PlotStyle.AutoMarkerLimit + 1), "t", "x", "y").Series[0].Markers);
        Assert.True(TablePlot.Build(Curve(256), "t", "x", "y", markers: PlotMarkers.Always).Series[0].Markers);
        Assert.False(TablePlot.Build(Curve(5), "t", "x", "y", markers: PlotMarkers.Never).Series[0].Markers);

        // ScottPlot writes a circle marker as an SVG <ellipse>: one per point and one in the legend.
        Assert.Equal(5 + 1, SvgElements(TablePlot.Build(Curve(5), "t", "x", "y"), "ellipse").Length);
        Assert.Empty(SvgElements(TablePlot.Build(Curve(256), "t", "x", "y"), "ellipse"));
        Assert.Empty(SvgElements(TablePlot.Build(Curve(5), "t", "x", "y", markers: PlotMarkers.Never), "ellipse"));
        Assert.Equal(40 + 1, SvgElements(TablePlot.Build(Curve(40), "t", "x", "y", markers: PlotMarkers.Always), "ellipse").Length);
    }

    [Fact]
    public void ScatterDrawsMarkersWithoutALine()
    {
        var points = Enumerable.Range(1, 100).Select(i => new TablePlotPoint("grains", i, i * 0.5 + (i % 7)))
            .Concat(Enumerable.Range(1, 10).Select(i => new TablePlotPoint("means", i * 10, i * 5)))
            .ToArray();
        static bool Stroked(XElement path, string colour) => string.Equals((string?)path.Attribute("stroke"), colour, StringComparison.OrdinalIgnoreCase);

        // Every series as scatter: 110 markers and 2 legend markers, and no line in either colour.
        var all = TablePlot.Build(points, "t", "x", "y", style: LinePlotStyle.Scatter);
        Assert.All(all.Series, s => Assert.True(s.Scatter));
        Assert.Equal(110 + 2, SvgElements(all, "ellipse").Length);
        Assert.DoesNotContain(SvgElements(all, "path"), p => Stroked(p, "#0072B2") || Stroked(p, "#D55E00"));

        // Only the named series as scatter: the grains' cloud, the means a marked line (10 points).
        var mixed = TablePlot.Build(points, "t", "x", "y", scatterSeries: ["GRAINS"]);
        Assert.Equal([true, false], mixed.Series.Select(s => s.Scatter));
        var paths = SvgElements(mixed, "path");
        Assert.DoesNotContain(paths, p => Stroked(p, "#0072B2"));
        Assert.Contains(paths, p => Stroked(p, "#D55E00") && ((string?)p.Attribute("d") ?? string.Empty).Count(c => c == 'L') == 9);
        Assert.Equal(110 + 2, SvgElements(mixed, "ellipse").Length);

        var error = Assert.Throws<MicroMorphException>(() => TablePlot.Build(points, "t", "x", "y", scatterSeries: ["grain"]));
        Assert.Equal("UnknownPlotSeries", error.ErrorId);
        Assert.Contains("'grains', 'means'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASingleBandIsGreyAndSeveralAreTintsOfTheirSeries()
    {
        PlotSeries Banded(string name, double offset) => new(name, [new CurvePoint(0, offset), new CurvePoint(1, offset + 1), new CurvePoint(2, offset + 1.5)])
        {
            Band = [new PlotInterval(0, offset - 0.2, offset + 0.2), new PlotInterval(1, offset + 0.8, offset + 1.2), new PlotInterval(2, offset + 1.3, offset + 1.7)],
            BandName = name + ": 95% interval",
        };
        // Skia writes #999999 as #999.
        static string Long(string c) => c.Length == 4 && c[0] == '#' ? $"#{c[1]}{c[1]}{c[2]}{c[2]}{c[3]}{c[3]}" : c;
        static string[] Fills(PlotFigure f) => SvgElements(f, "path").Select(p => Long(((string?)p.Attribute("fill") ?? "none").ToUpperInvariant())).Where(f => f != "NONE").ToArray();
        string grey = $"#{PlotStyle.BandGrey.R:X2}{PlotStyle.BandGrey.G:X2}{PlotStyle.BandGrey.B:X2}";

        var one = new PlotSpecification("t", "x", "y", [Banded("Pore", 0)]);
        Assert.Contains(grey, Fills(one));
        Assert.DoesNotContain("#0072B2", Fills(one)); // not the line's colour

        var two = new PlotSpecification("t", "x", "y", [Banded("Pore", 0), Banded("Solid", 3)]);
        Assert.DoesNotContain(grey, Fills(two));
        Assert.Contains("#0072B2", Fills(two));
        Assert.Contains("#D55E00", Fills(two));
        var texts = SvgTexts(two);
        Assert.Contains("Pore: 95% interval", texts);
        Assert.Contains("Solid: 95% interval", texts);
    }

    [Fact]
    public void GroupedHistogramsAreDrawnOverOneAnother()
    {
        SchmahlIndexResult R(double m) => new() { CarbonFraction = 0.5, SchmahlIndex = m };
        object[] results = [R(0.81), R(0.85), R(0.93), R(0.42), R(0.55), R(0.57), R(0.58), R(0.05)];
        string[] groups = ["C65", "C65", "C65", "KB", "KB", "KB", "KB", "KB"];
        var spec = Assert.IsType<PlotSpecification>(MixingPlots.For(results, null, null, 0.1, groups));
        Assert.Equal(2, spec.Series.Count);
        Assert.All(spec.Series, s => Assert.True(s.Bars));

        // Common bins from [0, 0.1) to [0.9, 1.0); each group's relative frequencies add up to 1 and
        // are its counts per bin over its size (counted here by hand).
        Assert.All(spec.Series, s => Assert.Equal(Enumerable.Range(0, 10).Select(b => (b + 0.5) / 10), s.Points.Select(p => p.X), new ToleranceComparer(1e-12)));
        Assert.All(spec.Series, s => Assert.Equal(1, s.Points.Sum(p => p.Y), 12));
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 2, 1 }.Select(c => c / 3), spec.Series[0].Points.Select(p => p.Y), new ToleranceComparer(1e-12));
        Assert.Equal(new double[] { 1, 0, 0, 0, 1, 3, 0, 0, 0, 0 }.Select(c => c / 5), spec.Series[1].Points.Select(p => p.Y), new ToleranceComparer(1e-12));
        Assert.Equal(["C65: 3 aggregates, mean 0.863", "KB: 5 aggregates, mean 0.434"], spec.Series.Select(s => s.Name));

        var texts = SvgTexts(spec);
        Assert.Contains("C65: 3 aggregates, mean 0.863", texts);
        Assert.Contains("KB: 5 aggregates, mean 0.434", texts);

        // Ungrouped: one histogram of all eight.
        var all = Assert.IsType<PlotSpecification>(MixingPlots.For(results, null, null));
        Assert.Equal(["8 aggregates, mean 0.595"], all.Series.Select(s => s.Name));
        Assert.Equal("GroupingNeedsHistogram", Assert.Throws<MicroMorphException>(() => MixingPlots.For(results, MixingPlotKind.Heatmap, null, 0.1, groups)).ErrorId);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void CombiningAccentsSitOnTheirLetterInPngAndStayInSvg()
    {
        // Render a title "M" and a title "M̂" (M + U+0302); the difference is the accent's ink. Shaped
        // (HarfBuzz mark attachment) it is centred over the M; drawn unshaped, DejaVu Sans puts it at
        // the right edge of the M, half a letter off.
        var size = new PlotSize(240, 160, 4);
        PlotSpecification Titled(string title) => new(title, "x", "y", [new PlotSeries("", [new CurvePoint(0, 0), new CurvePoint(1, 1)])]);
        foreach (string accent in new[] { "\u0302", "\u0303" })
        {
            using var plain = SKBitmap.Decode(PlotWriter.RenderPng(Titled("M"), size));
            using var accented = SKBitmap.Decode(PlotWriter.RenderPng(Titled("M" + accent), size));
            double mx = 0, mn = 0, ax = 0, an = 0;
            int mLeft = int.MaxValue, mRight = -1;
            // The title's rows (down to the frame of the data area) and the middle half of the width (no tick labels).
            for (int y = 0; y < plain.Height && Enumerable.Range(0, plain.Width).Count(x => plain.GetPixel(x, y).Red < 128) < plain.Width / 3; y++)
            {
                for (int x = plain.Width / 4; x < plain.Width * 3 / 4; x++)
                {
                    bool inkM = plain.GetPixel(x, y).Red < 128, inkA = accented.GetPixel(x, y).Red < 128;
                    if (inkM)
                    {
                        mx += x;
                        mn++;
                        mLeft = Math.Min(mLeft, x);
                        mRight = Math.Max(mRight, x);
                    }

                    if (inkA && !inkM)
                    {
                        ax += x;
                        an++;
                    }
                }
            }

            Assert.True(mn > 100 && an > 20, $"ink of M {mn}, of the accent {an}");
            double centreM = mx / mn, centreAccent = ax / an, width = mRight - mLeft;
            Assert.True(Math.Abs(centreAccent - centreM) < 0.08 * width, $"accent centred at {centreAccent:F1}, M at {centreM:F1}, M is {width} px wide");
        }

        // The SVG keeps the characters, accent included, for the viewer to place.
        Assert.Contains("M\u0302 and M\u0303", SvgTexts(Titled("M\u0302 and M\u0303")));
    }

    [Fact]
    public void MixedUnknownOrEmptyInputsAreRefused()
    {
        var tortuosity = new GeodesicTortuosityResult("Pore", FlowDirection.Z, 0.5, 1.1, 0.1, 1, 1, 1, 1, 1, 1, 1.3, 10, 10, 1, [new HistogramBin(1, 1.1, 10, 1)]);
        Assert.Equal("MixedPlotInputs", Assert.Throws<MicroMorphException>(() => DescriptorPlots.For([Curves("Pore"), tortuosity], null)).ErrorId);
        Assert.Equal("NotAPlottableResult", Assert.Throws<MicroMorphException>(() => DescriptorPlots.For(["text"], null)).ErrorId);
        Assert.Equal("NothingToPlot", Assert.Throws<MicroMorphException>(() => DescriptorPlots.For([], null)).ErrorId);
        Assert.Equal("MixedPlotUnits", Assert.Throws<MicroMorphException>(() => DescriptorPlots.For([Curves("Pore", "µm"), Curves("CBD", "nm")], null)).ErrorId);
        var nan = Line("x", "y", new CurvePoint(double.NaN, 1));
        Assert.Equal("NothingToPlot", Assert.Throws<MicroMorphException>(() => PlotWriter.RenderPng(nan, new PlotSize())).ErrorId);
    }

    [Fact]
    public void WriteRefusesAnExistingFileAndAnUnknownFormatWithoutWriting()
    {
        using var folder = new TempFolder();
        var figure = DescriptorPlots.For([Curves("Pore")], null);
        string svg = Path.Combine(folder.Path, "a.svg");
        PlotWriter.Write(figure, svg, new PlotSize(), force: false);
        Assert.StartsWith("<?xml", File.ReadAllText(svg), StringComparison.Ordinal);
        Assert.Equal("OutputExists", Assert.Throws<MicroMorphException>(() => PlotWriter.Write(figure, svg, new PlotSize(), force: false)).ErrorId);
        Assert.Equal("UnsupportedPlotFormat", Assert.Throws<MicroMorphException>(() => PlotWriter.Write(figure, Path.Combine(folder.Path, "a.jpg"), new PlotSize(), force: false)).ErrorId);
        Assert.Equal(["a.svg"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}

using MicroMorph.Core.Plotting;
using ScottPlot;
using SkiaSharp;

namespace MicroMorph.Core.Tests.Plotting;

/// <summary>
/// The shipped plot font (issue 19, item 2): the embedded DejaVu Sans loads, has the glyphs our units
/// need, and every text element of a ScottPlot figure resolves to it after <see cref="PlotFonts.Apply"/>.
/// The proof on a host without any fonts is tests/Pester/NativeAssets.Tests.ps1.
/// </summary>
public sealed class PlotFontsTests
{
    [Fact]
    public void ShippedFaceIsDejaVuSansInTwoWeights()
    {
        Assert.Equal("DejaVu Sans", PlotFonts.FamilyName);
        Assert.Equal("DejaVu Sans", PlotFonts.BoldTypeface.FamilyName);
        Assert.Equal(SKFontStyleWeight.Normal, (SKFontStyleWeight)PlotFonts.Typeface.FontWeight);
        Assert.Equal(SKFontStyleWeight.Bold, (SKFontStyleWeight)PlotFonts.BoldTypeface.FontWeight);
        Assert.Same(PlotFonts.BoldTypeface, PlotFonts.GetTypeface(bold: true));
    }

    [Theory]
    [InlineData("µm")]       // micrometre (U+00B5)
    [InlineData("nm⁻¹")]     // superscript minus and one (U+207B, U+00B9)
    [InlineData("m²")]       // superscript two (U+00B2)
    [InlineData("nm^-1")]
    [InlineData("τ ε ρ σ")]  // tortuosity, porosity, ... in Greek
    public void ShippedFaceHasTheGlyphsOfOurUnits(string text)
    {
        foreach (SKTypeface face in new[] { PlotFonts.Typeface, PlotFonts.BoldTypeface })
        {
            ushort[] glyphs = face.GetGlyphs(text);
            Assert.Equal(text.Length, glyphs.Length);
            Assert.DoesNotContain((ushort)0, glyphs); // glyph 0 is .notdef, the empty box
        }
    }

    [Fact]
    public void ShippedFaceDrawsInkWithoutAnySystemFont()
    {
        // Drawn straight through Skia with the embedded face: no font manager is involved.
        Assert.Equal(0, DarkPixels(canvas => { }));
        using var font = new SKFont(PlotFonts.Typeface, 24);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        int ink = DarkPixels(canvas => canvas.DrawText("Radius (µm)", 5, 30, font, paint));
        Assert.True(ink > 100, $"only {ink} dark pixels for a 24 px label");
    }

    [Fact]
    public void ApplyPointsEveryTextElementAtTheShippedFace()
    {
        var plot = new Plot();
        plot.Title("Pore-size distribution");
        plot.XLabel("Radius (µm)");
        plot.YLabel("Volume fraction");
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 }).LegendText = "Pore";
        var text = plot.Add.Text("c(r) at r = 2 µm", 2, 4);
        var annotation = plot.Add.Annotation("ε = 0.45");
        var heatmap = plot.Add.Heatmap(new double[,] { { 0, 1 }, { 2, 3 } });
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "Distance (µm)";
        // A label that asked for a font the host may not have, and one with a fixed SKTypeface.
        plot.Axes.Right.Label.FontName = "Some Font Nobody Has";
        plot.Axes.Top.TickLabelStyle.Font = SKTypeface.Default;
        plot.ShowLegend();

        PlotFonts.Apply(plot);

        var labels = new List<(string Where, LabelStyle Style)>
        {
            ("title", plot.Axes.Title.Label),
            ("text", text.LabelStyle),
            ("annotation", annotation.LabelStyle),
            ("colour bar label", colorBar.Axis.Label),
            ("colour bar ticks", colorBar.Axis.TickLabelStyle),
        };
        foreach (IAxis axis in plot.Axes.GetAxes())
        {
            labels.Add(($"{axis.Edge} axis label", axis.Label));
            labels.Add(($"{axis.Edge} tick labels", axis.TickLabelStyle));
        }

        foreach ((string where, LabelStyle style) in labels)
        {
            Assert.True(style.FontName == "DejaVu Sans", $"{where}: {style.FontName}");
            Assert.True(style.Font is null, $"{where}: a fixed typeface overrides the font name");
            SKTypeface resolved = Fonts.GetTypeface(style.FontName, style.Bold, style.Italic);
            Assert.Same(PlotFonts.GetTypeface(style.Bold), resolved);
        }

        Assert.Equal("DejaVu Sans", plot.Legend.FontName);
        Assert.True(plot.Axes.Title.Label.Bold); // ScottPlot's bold title keeps its weight: the bold face
    }

    [Fact]
    public void UnknownFamiliesFallBackToTheShippedFaceNotToAnEmptyDefault()
    {
        PlotFonts.EnsureRegistered();
        Assert.Same(PlotFonts.Typeface, Fonts.GetTypeface("MicroMorph Test Family That Does Not Exist", false, false));
        Assert.Same(PlotFonts.BoldTypeface, Fonts.GetTypeface("MicroMorph Test Family That Does Not Exist", true, false));
        Assert.Equal("DejaVu Sans", Fonts.Default);
    }

    [Fact]
    public void RenderedLabelsHaveInkWhereTheLabelsAre()
    {
        // The same figure twice, once with its title and axis label drawn in transparent ink: the layout is
        // identical, so every dark pixel that differs is a glyph of the shipped face.
        static SKBitmap Render(bool visibleText)
        {
            var plot = new Plot();
            plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 });
            plot.Title("Radius (µm)");
            plot.XLabel("Specific surface (nm⁻¹)");
            PlotFonts.Apply(plot);
            if (!visibleText)
            {
                plot.Axes.Title.Label.ForeColor = Colors.Transparent;
                plot.Axes.Bottom.Label.ForeColor = Colors.Transparent;
            }

            return SKBitmap.Decode(plot.GetImageBytes(400, 300, ImageFormat.Png));
        }

        using SKBitmap with = Render(visibleText: true);
        using SKBitmap without = Render(visibleText: false);
        var titleBand = new SKRectI(0, 0, 400, 40);
        var bottomBand = new SKRectI(0, 260, 400, 300);
        Assert.True(DarkPixels(with, titleBand) - DarkPixels(without, titleBand) > 100, "no title glyphs");
        Assert.True(DarkPixels(with, bottomBand) - DarkPixels(without, bottomBand) > 100, "no axis-label glyphs");
    }

    private static int DarkPixels(Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(300, 50);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            draw(canvas);
        }

        return DarkPixels(bitmap, new SKRectI(0, 0, bitmap.Width, bitmap.Height));
    }

    private static int DarkPixels(SKBitmap bitmap, SKRectI region)
    {
        int count = 0;
        for (int y = region.Top; y < region.Bottom; y++)
        {
            for (int x = region.Left; x < region.Right; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 3 * 128)
                {
                    count++;
                }
            }
        }

        return count;
    }
}

using System.Text;
using MicroMorph.Core.IO;
using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Renders a <see cref="PlotFigure"/> through ScottPlot as PNG or SVG: the shipped font on every text
/// (<see cref="PlotFonts.Apply"/>), the <see cref="PlotSize.Scale"/> as ScottPlot's scale factor, and
/// the file written atomically (a temporary name, then renamed; nothing is left on failure).
/// </summary>
public static class PlotWriter
{
    /// <summary>Text shaping is a process-wide ScottPlot switch (<see cref="LabelStyle.RTLSupport"/>); renders hold this while it is set.</summary>
    private static readonly object ShapingLock = new();

    /// <summary>
    /// The PNG bytes of the figure, <see cref="PlotSize.PixelWidth"/> x <see cref="PlotSize.PixelHeight"/> pixels.
    /// Text is shaped with HarfBuzz, so that combining accents sit on their letter (M̂, M̃).
    /// </summary>
    public static byte[] RenderPng(PlotFigure figure, PlotSize size)
    {
        using var plot = Prepare(figure, size);
        lock (ShapingLock)
        {
            LabelStyle.RTLSupport = true;
            return plot.GetImageBytes(size.PixelWidth, size.PixelHeight, ImageFormat.Png);
        }
    }

    /// <summary>
    /// The SVG document of the figure (text as &lt;text&gt; elements), <see cref="PlotSize.PixelWidth"/> x <see cref="PlotSize.PixelHeight"/> units.
    /// Text is not shaped here: shaped text reaches the SVG as glyphs mapped back to characters, which
    /// loses a combining accent that the font composes with its letter; unshaped, the SVG keeps the
    /// characters (M followed by U+0302) and the viewer's text engine places the accent.
    /// </summary>
    public static string RenderSvg(PlotFigure figure, PlotSize size)
    {
        using var plot = Prepare(figure, size);
        var dashed = SvgDashes.Mark(plot);
        lock (ShapingLock)
        {
            LabelStyle.RTLSupport = false;
            try
            {
                return dashed.Restore(plot.GetSvgXml(size.PixelWidth, size.PixelHeight), size.Scale);
            }
            finally
            {
                LabelStyle.RTLSupport = true;
            }
        }
    }

    /// <summary>
    /// Writes the figure to <paramref name="target"/> in the format its extension names (PNG or SVG;
    /// <c>UnsupportedPlotFormat</c> otherwise, before anything is drawn), refusing an existing file unless <paramref name="force"/>.
    /// </summary>
    public static void Write(PlotFigure figure, string target, PlotSize size, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(size);
        var format = PlotFormats.FromPath(target);
        AtomicFileWriter.CheckTargets([target], force);
        if (format == PlotFormat.Svg)
        {
            string svg = RenderSvg(figure, size);
            AtomicFileWriter.Write(target, t => File.WriteAllText(t, svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)), force, cancellationToken);
        }
        else
        {
            byte[] png = RenderPng(figure, size);
            AtomicFileWriter.Write(target, t => File.WriteAllBytes(t, png), force, cancellationToken);
        }
    }

    private static Plot Prepare(PlotFigure figure, PlotSize size)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(size);
        var plot = figure.CreatePlot(size);
        plot.ScaleFactor = size.Scale;
        PlotFonts.Apply(plot);
        return plot;
    }
}

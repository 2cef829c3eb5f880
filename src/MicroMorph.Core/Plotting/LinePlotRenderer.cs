using System.Collections.Immutable;
using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Draws a <see cref="PlotSpecification"/> as an RGB picture: axes with "nice" ticks (1, 2, 5 x 10^k)
/// and labels, one colour per series (Okabe-Ito), lines or bars, and a legend.
/// </summary>
public static class LinePlotRenderer
{
    private static readonly RgbColor White = new(255, 255, 255), Black = new(0, 0, 0), Grid = new(225, 225, 225);

    /// <summary>
    /// Okabe-Ito colours (colour-blind safe) in an order that keeps neighbours distinct; black last.
    /// An ImmutableArray, not an IReadOnlyList: a collection expression typed IReadOnlyList is a hidden
    /// compiler type that PowerShell cannot index ([LinePlotRenderer]::SeriesColors[0]).
    /// </summary>
    public static ImmutableArray<RgbColor> SeriesColors { get; } =
    [
        new(0x00, 0x72, 0xB2), new(0xD5, 0x5E, 0x00), new(0x00, 0x9E, 0x73), new(0xCC, 0x79, 0xA7),
        new(0xE6, 0x9F, 0x00), new(0x56, 0xB4, 0xE9), new(0x99, 0x99, 0x99), new(0xF0, 0xE4, 0x42), new(0x00, 0x00, 0x00),
    ];

    public static (int Width, int Height, byte[] Rgb) Render(PlotSpecification plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (plot.Width is < 200 or > 8000 || plot.Height is < 150 or > 8000)
        {
            throw MicroMorphException.Argument("InvalidPictureSize", $"A plot must be 200-8000 by 150-8000 pixels; {plot.Width} x {plot.Height} was asked for.", plot);
        }

        var points = plot.Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        if (points.Length == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "The results hold no finite points to plot.", plot);
        }

        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        double yMin = points.Min(p => p.Y), yMax = points.Max(p => p.Y);
        if (plot.ZeroBased)
        {
            xMin = Math.Min(0, xMin);
            yMin = Math.Min(0, yMin);
            yMax = Math.Max(0, yMax);
        }

        var xTicks = NiceTicks(xMin, xMax);
        var yTicks = NiceTicks(yMin, yMax);
        xMin = xTicks[0];
        xMax = xTicks[^1];
        yMin = yTicks[0];
        yMax = yTicks[^1];

        var canvas = new Canvas(plot.Width, plot.Height, White);
        const int Scale = 2;
        int left = 90, right = plot.Width - 30, top = 50, bottom = plot.Height - 70;
        double X(double x) => left + (x - xMin) / (xMax - xMin) * (right - left);
        double Y(double y) => bottom - (y - yMin) / (yMax - yMin) * (bottom - top);

        foreach (double t in xTicks)
        {
            canvas.Line(X(t), top, X(t), bottom, Grid);
            string label = Format(t);
            canvas.Text((int)X(t) - BitmapFont.Measure(label, Scale) / 2, bottom + 8, label, Black, Scale);
        }

        foreach (double t in yTicks)
        {
            canvas.Line(left, Y(t), right, Y(t), Grid);
            string label = Format(t);
            canvas.Text(left - 8 - BitmapFont.Measure(label, Scale), (int)Y(t) - BitmapFont.Height * Scale / 2, label, Black, Scale);
        }

        canvas.Line(left, bottom, right, bottom, Black, 2);
        canvas.Line(left, top, left, bottom, Black, 2);
        canvas.Text((left + right - BitmapFont.Measure(plot.XLabel, Scale)) / 2, plot.Height - 28, plot.XLabel, Black, Scale);
        canvas.Text(12, (top + bottom + BitmapFont.Measure(plot.YLabel, Scale)) / 2, plot.YLabel, Black, Scale, vertical: true);
        canvas.Text((plot.Width - BitmapFont.Measure(plot.Title, Scale)) / 2, 16, plot.Title, Black, Scale);

        for (int s = 0; s < plot.Series.Count; s++)
        {
            var series = plot.Series[s];
            var colour = SeriesColors[s % SeriesColors.Length];
            var pts = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ToArray();
            if (series.Bars)
            {
                double width = pts.Length > 1 ? (pts[1].X - pts[0].X) : (xMax - xMin) / 20;
                foreach (var p in pts)
                {
                    int x0 = (int)X(p.X - width / 2) + 1, x1 = (int)X(p.X + width / 2) - 1;
                    int y0 = (int)Y(Math.Max(0, p.Y)), y1 = (int)Y(Math.Min(0, p.Y));
                    canvas.FillRectangle(x0, y0, Math.Max(1, x1 - x0), Math.Max(1, y1 - y0), colour);
                }
            }
            else
            {
                for (int i = 1; i < pts.Length; i++)
                {
                    canvas.Line(X(pts[i - 1].X), Y(pts[i - 1].Y), X(pts[i].X), Y(pts[i].Y), colour, 3);
                }

                if (series.Markers)
                {
                    foreach (var p in pts)
                    {
                        canvas.FillRectangle((int)X(p.X) - 4, (int)Y(p.Y) - 4, 9, 9, colour);
                    }
                }
            }

            // Legend, top right.
            int ly = top + 10 + s * 22;
            int lx = right - 20 - BitmapFont.Measure(series.Name, Scale) - 40;
            canvas.FillRectangle(lx, ly + 4, 30, 6, colour);
            canvas.Text(lx + 38, ly, series.Name, Black, Scale);
        }

        return (canvas.Width, canvas.Height, canvas.Rgb);
    }

    /// <summary>Tick positions covering [min, max] with a step of 1, 2 or 5 times a power of ten.</summary>
    internal static double[] NiceTicks(double min, double max)
    {
        if (!(max > min))
        {
            max = min + 1;
        }

        double raw = (max - min) / 6;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        double start = Math.Floor(min / step) * step, end = Math.Ceiling(max / step) * step;
        int n = (int)Math.Round((end - start) / step);
        return Enumerable.Range(0, n + 1).Select(i => Math.Round(start + i * step, 12)).ToArray();
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Pictures of the mixing results as RGB images: the histogram of Schmahl indices (000 Fig. 5a) and
/// R(h) with its fit (Fig. 7) through <see cref="LinePlotRenderer"/>, and the heatmap of Schmahl
/// index against carbon fraction (Fig. 6) drawn here on a <see cref="Canvas"/>.
/// </summary>
public static class MixingPlots
{
    private static readonly RgbColor White = new(255, 255, 255), Black = new(0, 0, 0), Grid = new(225, 225, 225);

    public static (int Width, int Height, byte[] Rgb) Render(IReadOnlyList<object> results, MixingPlotKind? kind, string? title, int width, int height, double binWidth = 0.1)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No results were given to plot.", results);
        }

        if (!(binWidth > 0) || double.IsInfinity(binWidth))
        {
            throw MicroMorphException.Argument("InvalidBinWidth", $"The bin width must be positive, not {binWidth}.", binWidth);
        }

        var indices = results.OfType<SchmahlIndexResult>().ToArray();
        var curves = results.OfType<ConcentrationCorrelationResult>().ToArray();
        if (indices.Length + curves.Length != results.Count || (indices.Length > 0 && curves.Length > 0))
        {
            throw MicroMorphException.Argument("NotAPlottableResult", "Pipe either Get-SchmahlIndex results (Histogram, Heatmap) or Get-ConcentrationCorrelation results (Correlation) to one picture.", results[0]);
        }

        var k = kind ?? (curves.Length > 0 ? MixingPlotKind.Correlation : MixingPlotKind.Histogram);
        if ((k == MixingPlotKind.Correlation) != (curves.Length > 0))
        {
            throw MicroMorphException.Argument("NotAPlottableResult", $"A {k} picture needs {(k == MixingPlotKind.Correlation ? "Get-ConcentrationCorrelation" : "Get-SchmahlIndex")} results.", results[0]);
        }

        var finite = indices.Where(r => double.IsFinite(r.SchmahlIndex)).ToArray();
        if (k != MixingPlotKind.Correlation && finite.Length == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No finite Schmahl index to plot (single-pixel rows have none).", results);
        }

        return k switch
        {
            MixingPlotKind.Histogram => LinePlotRenderer.Render(Histogram(finite, title, width, height, binWidth)),
            MixingPlotKind.Heatmap => Heatmap(finite, title, width, height, binWidth),
            _ => LinePlotRenderer.Render(Correlation(curves, title, width, height)),
        };
    }

    /// <summary>Relative frequencies of the Schmahl index in bins of <paramref name="binWidth"/> (Fig. 5a).</summary>
    public static PlotSpecification Histogram(IReadOnlyList<SchmahlIndexResult> results, string? title, int width, int height, double binWidth)
    {
        var bins = new SortedDictionary<long, int>();
        foreach (var r in results)
        {
            long b = (long)Math.Floor(r.SchmahlIndex / binWidth);
            bins[b] = bins.GetValueOrDefault(b) + 1;
        }

        long lo = bins.Keys.First(), hi = bins.Keys.Last();
        var points = new List<CurvePoint>();
        for (long b = lo; b <= hi; b++)
        {
            points.Add(new CurvePoint((b + 0.5) * binWidth, (double)bins.GetValueOrDefault(b) / results.Count));
        }

        double mean = results.Average(r => r.SchmahlIndex);
        string name = string.Create(CultureInfo.InvariantCulture, $"{results.Count} aggregates, mean {mean:F3}");
        return new PlotSpecification(title ?? "Schmahl index", "Schmahl index M_AS", "Relative frequency", [new PlotSeries(name, points, Bars: true)], width, height);
    }

    /// <summary>The smoothed R(h) of each result and, where fitted, its Eq. 14 model (Fig. 7).</summary>
    public static PlotSpecification Correlation(IReadOnlyList<ConcentrationCorrelationResult> results, string? title, int width, int height)
    {
        var series = new List<PlotSeries>();
        foreach (var r in results)
        {
            string name = r.Name.Length > 0 ? r.Name : "R(h)";
            series.Add(new PlotSeries(name, r.Points.Select(p => new CurvePoint(p.Distance, p.SmoothedCorrelation)).ToArray()));
            if (r.Fit is { } fit)
            {
                series.Add(new PlotSeries(
                    string.Create(CultureInfo.InvariantCulture, $"Eq. 14 fit, R2 {fit.RSquared:F4}"),
                    r.Points.Select(p => new CurvePoint(p.Distance, fit.Evaluate(p.Distance))).ToArray(),
                    Markers: false));
            }
        }

        return new PlotSpecification(title ?? "Correlation coefficient function", $"Distance h ({results[0].Unit})", "R(h)", series, width, height, ZeroBased: true);
    }

    /// <summary>Aggregate counts over (carbon fraction, Schmahl index) cells, darker = more; the means marked x (Fig. 6).</summary>
    public static (int Width, int Height, byte[] Rgb) Heatmap(IReadOnlyList<SchmahlIndexResult> results, string? title, int width, int height, double binWidth)
    {
        if (width is < 200 or > 8000 || height is < 150 or > 8000)
        {
            throw MicroMorphException.Argument("InvalidPictureSize", $"A plot must be 200-8000 by 150-8000 pixels; {width} x {height} was asked for.", width);
        }

        double yMinData = Math.Min(0, results.Min(r => r.SchmahlIndex)), yMaxData = Math.Max(1, results.Max(r => r.SchmahlIndex));
        double yLo = Math.Floor(yMinData / binWidth) * binWidth, yHi = Math.Ceiling(yMaxData / binWidth) * binWidth;
        if (yHi <= yLo)
        {
            yHi = yLo + binWidth;
        }

        int nx = (int)Math.Ceiling(1 / binWidth - 1e-9), ny = (int)Math.Round((yHi - yLo) / binWidth);
        var counts = new int[nx, ny];
        foreach (var r in results)
        {
            int i = Math.Clamp((int)Math.Floor(r.CarbonFraction / binWidth), 0, nx - 1);
            int j = Math.Clamp((int)Math.Floor((r.SchmahlIndex - yLo) / binWidth), 0, ny - 1);
            counts[i, j]++;
        }

        int max = counts.Cast<int>().Max();
        var canvas = new Canvas(width, height, White);
        const int Scale = 2;
        int left = 90, right = width - 30, top = 50, bottom = height - 70;
        double X(double x) => left + x * (right - left);
        double Y(double y) => bottom - (y - yLo) / (yHi - yLo) * (bottom - top);
        for (int i = 0; i < nx; i++)
        {
            for (int j = 0; j < ny; j++)
            {
                if (counts[i, j] == 0)
                {
                    continue;
                }

                // Light to dark purple with the count.
                double t = (double)counts[i, j] / max;
                var c = new RgbColor((byte)(235 - 150 * t), (byte)(225 - 200 * t), (byte)(245 - 110 * t));
                int x0 = (int)X(i * binWidth), x1 = (int)X(Math.Min(1, (i + 1) * binWidth));
                int y0 = (int)Y(yLo + (j + 1) * binWidth), y1 = (int)Y(yLo + j * binWidth);
                canvas.FillRectangle(x0, y0, Math.Max(1, x1 - x0), Math.Max(1, y1 - y0), c);
                string label = counts[i, j].ToString(CultureInfo.InvariantCulture);
                if (x1 - x0 > BitmapFont.Measure(label, 1) + 2 && y1 - y0 > BitmapFont.Height + 2)
                {
                    canvas.Text((x0 + x1 - BitmapFont.Measure(label, 1)) / 2, (y0 + y1 - BitmapFont.Height) / 2, label, t > 0.5 ? White : Black, 1);
                }
            }
        }

        foreach (double tx in LinePlotRenderer.NiceTicks(0, 1))
        {
            canvas.Line(X(tx), top, X(tx), bottom, Grid);
            string label = tx.ToString("G4", CultureInfo.InvariantCulture);
            canvas.Text((int)X(tx) - BitmapFont.Measure(label, Scale) / 2, bottom + 8, label, Black, Scale);
        }

        foreach (double ty in LinePlotRenderer.NiceTicks(yLo, yHi).Where(v => v >= yLo - 1e-9 && v <= yHi + 1e-9))
        {
            string label = ty.ToString("G4", CultureInfo.InvariantCulture);
            canvas.Text(left - 8 - BitmapFont.Measure(label, Scale), (int)Y(ty) - BitmapFont.Height * Scale / 2, label, Black, Scale);
        }

        canvas.Line(left, bottom, right, bottom, Black, 2);
        canvas.Line(left, top, left, bottom, Black, 2);
        double mx = results.Average(r => r.CarbonFraction), my = results.Average(r => r.SchmahlIndex);
        canvas.Line(X(mx) - 8, Y(my) - 8, X(mx) + 8, Y(my) + 8, new RgbColor(0xD5, 0x5E, 0x00), 3);
        canvas.Line(X(mx) - 8, Y(my) + 8, X(mx) + 8, Y(my) - 8, new RgbColor(0xD5, 0x5E, 0x00), 3);
        canvas.Text((left + right - BitmapFont.Measure("Carbon fraction P", Scale)) / 2, height - 28, "Carbon fraction P", Black, Scale);
        canvas.Text(12, (top + bottom + BitmapFont.Measure("Schmahl index M_AS", Scale)) / 2, "Schmahl index M_AS", Black, Scale, vertical: true);
        string heading = title ?? string.Create(CultureInfo.InvariantCulture, $"{results.Count} aggregates, mean x = ({mx:F2}, {my:F2})");
        canvas.Text((width - BitmapFont.Measure(heading, Scale)) / 2, 16, heading, Black, Scale);
        return (canvas.Width, canvas.Height, canvas.Rgb);
    }
}

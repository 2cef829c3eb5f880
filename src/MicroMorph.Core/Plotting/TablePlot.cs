using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// One measured value for a table plot: the series it belongs to, its coordinates and, optionally,
/// the ends of an interval around Y (e.g. minimum and maximum over realizations, 001 Fig. 8).
/// </summary>
public readonly record struct TablePlotPoint(string Series, double X, double Y, double Lower = double.NaN, double Upper = double.NaN);

/// <summary>
/// Line plots of tabulated measurements (e.g. a descriptor against a model parameter, 001 Fig. 8):
/// one marked line per series, in the order the series first appear, axes fitted to the data.
/// </summary>
public static class TablePlot
{
    /// <param name="intervalName">The legend entry of the intervals (shown once, on the first series that has them).</param>
    /// <param name="band">Draws the intervals as shaded bands instead of error bars.</param>
    public static PlotSpecification Build(IReadOnlyList<TablePlotPoint> points, string title, string xLabel, string yLabel, bool logX = false, bool logY = false, string intervalName = "", bool band = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No values were given to plot.", points);
        }

        bool named = false;
        var series = points
            .GroupBy(p => p.Series, StringComparer.Ordinal)
            .Select(g =>
            {
                // An interval of no width (one realization) draws nothing rather than a bare cap.
                var intervals = g.Where(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper) && p.Lower != p.Upper)
                    .Select(p => new PlotInterval(p.X, Math.Min(p.Lower, p.Upper), Math.Max(p.Lower, p.Upper)))
                    .OrderBy(p => p.X)
                    .ToArray();
                string name = intervals.Length > 0 && !named ? intervalName : string.Empty;
                named |= intervals.Length > 0;
                var s = new PlotSeries(g.Key, g.Select(p => new CurvePoint(p.X, p.Y)).OrderBy(p => p.X).ToArray(), Markers: true);
                return band ? s with { Band = intervals, BandName = name } : s with { ErrorBars = intervals, ErrorBarName = name };
            })
            .ToArray();
        if (series.Length > PlotStyle.SeriesColors.Length)
        {
            throw MicroMorphException.Argument(
                "TooManySeries",
                $"A plot distinguishes at most {PlotStyle.SeriesColors.Length} series by colour; the values form {series.Length}.",
                points);
        }

        return new PlotSpecification(title, xLabel, yLabel, series) { ZeroBased = false, LogX = logX, LogY = logY };
    }
}

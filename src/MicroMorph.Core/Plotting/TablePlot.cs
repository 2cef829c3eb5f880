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
/// one line per series, in the order the series first appear, axes fitted to the data. Points are
/// marked on series of a few measured values (<see cref="PlotMarkers.Auto"/>); a series may be drawn
/// as a scatter cloud instead (004 Fig. 11: every grain against its particle).
/// </summary>
public static class TablePlot
{
    /// <param name="intervalName">
    /// The legend entry of the intervals: as it is when one series is plotted, else one entry per series
    /// that has intervals, "series: intervalName", so that an entry is never read as the first series' only.
    /// </param>
    /// <param name="band">Draws the intervals as shaded bands instead of error bars.</param>
    /// <param name="markers">When lines get markers (default: series of at most <see cref="PlotStyle.AutoMarkerLimit"/> points).</param>
    /// <param name="style">Lines or scatter clouds, for every series.</param>
    /// <param name="scatterSeries">Series drawn as scatter clouds whatever <paramref name="style"/> says (e.g. the single grains under their class means).</param>
    public static PlotSpecification Build(
        IReadOnlyList<TablePlotPoint> points,
        string title,
        string xLabel,
        string yLabel,
        bool logX = false,
        bool logY = false,
        string intervalName = "",
        bool band = false,
        PlotMarkers markers = PlotMarkers.Auto,
        LinePlotStyle style = LinePlotStyle.Line,
        IReadOnlyCollection<string>? scatterSeries = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No values were given to plot.", points);
        }

        var groups = points.GroupBy(p => p.Series, StringComparer.Ordinal).ToArray();
        if (groups.Length > PlotStyle.SeriesColors.Length)
        {
            throw MicroMorphException.Argument(
                "TooManySeries",
                $"A plot distinguishes at most {PlotStyle.SeriesColors.Length} series by colour; the values form {groups.Length}.",
                points);
        }

        var scatterNames = new HashSet<string>(scatterSeries ?? [], StringComparer.OrdinalIgnoreCase);
        if (scatterNames.FirstOrDefault(n => !groups.Any(g => string.Equals(g.Key, n, StringComparison.OrdinalIgnoreCase))) is { } unknown)
        {
            throw MicroMorphException.Argument(
                "UnknownPlotSeries",
                $"No series is called '{unknown}'; the series are {string.Join(", ", groups.Select(g => $"'{g.Key}'"))}. Name one of them to draw it as a scatter cloud.",
                unknown);
        }

        var series = groups
            .Select(g =>
            {
                // An interval of no width (one realization) draws nothing rather than a bare cap.
                var intervals = g.Where(p => double.IsFinite(p.Lower) && double.IsFinite(p.Upper) && p.Lower != p.Upper)
                    .Select(p => new PlotInterval(p.X, Math.Min(p.Lower, p.Upper), Math.Max(p.Lower, p.Upper)))
                    .OrderBy(p => p.X)
                    .ToArray();
                string name = intervals.Length == 0 || intervalName.Length == 0 ? string.Empty
                    : groups.Length == 1 ? intervalName
                    : $"{g.Key}: {intervalName}";
                var curve = g.Select(p => new CurvePoint(p.X, p.Y)).OrderBy(p => p.X).ToArray();
                bool marked = markers switch
                {
                    PlotMarkers.Always => true,
                    PlotMarkers.Never => false,
                    _ => curve.Length <= PlotStyle.AutoMarkerLimit,
                };
                var s = new PlotSeries(g.Key, curve, Markers: marked)
                {
                    Scatter = style == LinePlotStyle.Scatter || scatterNames.Contains(g.Key),
                };
                return band ? s with { Band = intervals, BandName = name } : s with { ErrorBars = intervals, ErrorBarName = name };
            })
            .ToArray();

        return new PlotSpecification(title, xLabel, yLabel, series) { ZeroBased = false, LogX = logX, LogY = logY };
    }
}

using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>One measured value for a table plot: the series it belongs to and its coordinates.</summary>
public readonly record struct TablePlotPoint(string Series, double X, double Y);

/// <summary>
/// Line plots of tabulated measurements (e.g. a descriptor against a model parameter, 001 Fig. 8):
/// one marked line per series, in the order the series first appear, axes fitted to the data.
/// </summary>
public static class TablePlot
{
    public static PlotSpecification Build(IReadOnlyList<TablePlotPoint> points, string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No values were given to plot.", points);
        }

        var series = points
            .GroupBy(p => p.Series, StringComparer.Ordinal)
            .Select(g => new PlotSeries(g.Key, g.Select(p => new CurvePoint(p.X, p.Y)).OrderBy(p => p.X).ToArray(), Markers: true))
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

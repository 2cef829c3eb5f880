using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// The figures of the mixing results: the histogram of Schmahl indices (000 Fig. 5a) and R(h) with its
/// fit (Fig. 7) as <see cref="PlotSpecification"/>s, and the heatmap of Schmahl index against carbon
/// fraction with a colour bar (Fig. 6) as a <see cref="HeatmapSpecification"/>.
/// </summary>
public static class MixingPlots
{
    /// <summary>The axis label of the Schmahl index, M_AS with its subscript (000 Eq. 6).</summary>
    public static string SchmahlIndexLabel { get; } = PlotText.Label("Schmahl index M_{AS}");

    /// <param name="groups">
    /// For a histogram: the group (e.g. aggregate type or process condition) of each result, in the order
    /// of <paramref name="results"/>; each group becomes one histogram, drawn over the others (000 Fig. 5a
    /// overlays C65 and KB). Null: all results form one histogram.
    /// </param>
    public static PlotFigure For(IReadOnlyList<object> results, MixingPlotKind? kind, string? title, double binWidth = 0.1, IReadOnlyList<string>? groups = null)
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

        if (groups is not null && k != MixingPlotKind.Histogram)
        {
            throw MicroMorphException.Argument("GroupingNeedsHistogram", $"Grouping draws one histogram per group over the others; a {k} picture is not grouped. Leave out -GroupBy, or draw -Kind Histogram.", groups);
        }

        if (groups is not null && groups.Count != results.Count)
        {
            throw new ArgumentException($"{groups.Count} group names were given for {results.Count} results.", nameof(groups));
        }

        var finiteAt = Enumerable.Range(0, indices.Length).Where(i => double.IsFinite(indices[i].SchmahlIndex)).ToArray();
        var finite = finiteAt.Select(i => indices[i]).ToArray();
        if (k != MixingPlotKind.Correlation && finite.Length == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No finite Schmahl index to plot (single-pixel rows have none).", results);
        }

        return k switch
        {
            MixingPlotKind.Histogram => Histogram(finite, title, binWidth, groups is null ? null : finiteAt.Select(i => groups[i]).ToArray()),
            MixingPlotKind.Heatmap => Heatmap(finite, title, binWidth),
            _ => Correlation(curves, title),
        };
    }

    /// <summary>
    /// Relative frequencies of the Schmahl index in bins of <paramref name="binWidth"/> (Fig. 5a), one
    /// histogram per group (in the order the groups first appear) on common bins, drawn over one another;
    /// each group's frequencies add up to 1, and its legend entry gives its number of aggregates and mean.
    /// </summary>
    public static PlotSpecification Histogram(IReadOnlyList<SchmahlIndexResult> results, string? title, double binWidth, IReadOnlyList<string>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var grouped = Enumerable.Range(0, results.Count)
            .GroupBy(i => groups?[i] ?? string.Empty, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Results: g.Select(i => results[i]).ToArray()))
            .ToArray();
        if (grouped.Length > PlotStyle.SeriesColors.Length)
        {
            throw MicroMorphException.Argument(
                "TooManySeries",
                $"A plot distinguishes at most {PlotStyle.SeriesColors.Length} histograms by colour; the groups are {grouped.Length}.",
                groups);
        }

        long Bin(SchmahlIndexResult r) => (long)Math.Floor(r.SchmahlIndex / binWidth);
        long lo = results.Min(Bin), hi = results.Max(Bin);
        var series = new List<PlotSeries>();
        foreach (var (groupName, members) in grouped)
        {
            var counts = members.GroupBy(Bin).ToDictionary(g => g.Key, g => g.Count());
            var points = new List<CurvePoint>();
            for (long b = lo; b <= hi; b++)
            {
                points.Add(new CurvePoint((b + 0.5) * binWidth, (double)counts.GetValueOrDefault(b) / members.Length));
            }

            double mean = members.Average(r => r.SchmahlIndex);
            string name = string.Create(CultureInfo.InvariantCulture, $"{(groupName.Length > 0 ? groupName + ": " : string.Empty)}{members.Length} aggregates, mean {mean:F3}");
            series.Add(new PlotSeries(name, points, Bars: true) { BarWidth = binWidth });
        }

        return new PlotSpecification(title ?? "Schmahl index", SchmahlIndexLabel, "Relative frequency", series);
    }

    /// <summary>The smoothed R(h) of each result (solid) and, where fitted, its Eq. 14 model (dashed, same colour) (Fig. 7).</summary>
    public static PlotSpecification Correlation(IReadOnlyList<ConcentrationCorrelationResult> results, string? title)
    {
        ArgumentNullException.ThrowIfNull(results);
        string unit = DescriptorPlots.CommonUnit(results.Select(r => r.Unit), results);
        var series = new List<PlotSeries>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            string name = r.Name.Length > 0 ? r.Name : "R(h)";
            series.Add(new PlotSeries(name, r.Points.Select(p => new CurvePoint(p.Distance, p.SmoothedCorrelation)).ToArray()) { Colour = i });
            if (r.Fit is { } fit)
            {
                series.Add(new PlotSeries(
                    string.Create(CultureInfo.InvariantCulture, $"{(r.Name.Length > 0 ? r.Name + ": " : string.Empty)}Eq. 14 fit, R² = {fit.RSquared:F4}"),
                    r.Points.Select(p => new CurvePoint(p.Distance, fit.Evaluate(p.Distance))).ToArray())
                { Colour = i, Dashed = true });
            }
        }

        return new PlotSpecification(title ?? "Correlation coefficient function", PlotText.Axis("Distance h", unit), "Correlation coefficient R(h)", series);
    }

    /// <summary>Aggregate counts over (carbon fraction, Schmahl index) cells with a colour bar; the mean marked x (Fig. 6).</summary>
    public static HeatmapSpecification Heatmap(IReadOnlyList<SchmahlIndexResult> results, string? title, double binWidth)
    {
        ArgumentNullException.ThrowIfNull(results);
        double yMinData = Math.Min(0, results.Min(r => r.SchmahlIndex)), yMaxData = Math.Max(1, results.Max(r => r.SchmahlIndex));
        double yLo = Math.Floor(yMinData / binWidth) * binWidth, yHi = Math.Ceiling(yMaxData / binWidth) * binWidth;
        if (yHi <= yLo)
        {
            yHi = yLo + binWidth;
        }

        int nx = (int)Math.Ceiling(1 / binWidth - 1e-9), ny = (int)Math.Round((yHi - yLo) / binWidth);
        var counts = new double[ny, nx];
        foreach (var r in results)
        {
            int i = Math.Clamp((int)Math.Floor(r.CarbonFraction / binWidth), 0, nx - 1);
            int j = Math.Clamp((int)Math.Floor((r.SchmahlIndex - yLo) / binWidth), 0, ny - 1);
            counts[j, i]++;
        }

        // Empty cells stay empty (white), so that a count of one stands out from none.
        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                if (counts[j, i] == 0)
                {
                    counts[j, i] = double.NaN;
                }
            }
        }

        double mx = results.Average(r => r.CarbonFraction), my = results.Average(r => r.SchmahlIndex);
        return new HeatmapSpecification(
            title ?? string.Create(CultureInfo.InvariantCulture, $"Schmahl index against carbon fraction, {results.Count} aggregates"),
            "Carbon fraction P",
            SchmahlIndexLabel,
            "Number of aggregates",
            counts,
            0,
            nx * binWidth,
            yLo,
            yHi)
        {
            Marks = [new PlotMark(string.Create(CultureInfo.InvariantCulture, $"Mean ({mx:F2}, {my:F2})"), mx, my)],
        };
    }
}

using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The figures of descriptor results: CPSD and intrusion curves (002 Figs. 6-7), geodesic tortuosity
/// histograms (002 Fig. 8), two-point coverage C(h) (001 Fig. 7, 002 Fig. 9), and the particle figures
/// of <see cref="ParticlePlots"/>.
/// </summary>
public static class DescriptorPlots
{
    public static PlotFigure For(IReadOnlyList<object> results, string? title)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No results were given to plot.", results);
        }

        var kind = results[0].GetType();
        if (results.Any(r => r.GetType() != kind))
        {
            throw MicroMorphException.Argument("MixedPlotInputs", "One picture shows one kind of result; pipe constrictivity, tortuosity and two-point coverage results to separate plots.", results);
        }

        return results[0] switch
        {
            ConstrictivityResult => Constrictivity(results.Cast<ConstrictivityResult>().ToArray(), title),
            GeodesicTortuosityResult => Tortuosity(results.Cast<GeodesicTortuosityResult>().ToArray(), title),
            TwoPointCoverageResult => Coverage(results.Cast<TwoPointCoverageResult>().ToArray(), title),
            Particles.LiberationResult => ParticlePlots.Liberation(results.Cast<Particles.LiberationResult>().ToArray(), title),
            Particles.RepresentativenessResult => ParticlePlots.Representativeness(results.Cast<Particles.RepresentativenessResult>().ToArray(), title),
            _ => throw MicroMorphException.Argument(
                "NotAPlottableResult",
                $"{kind.Name} cannot be plotted; plot the results of Measure-Constrictivity, Measure-GeodesicTortuosity, Measure-TwoPointCoverage, Measure-Liberation or Measure-Representativeness.",
                results[0]),
        };
    }

    /// <summary>The one length unit of the results (an axis has one unit); <c>MixedPlotUnits</c> when they differ.</summary>
    internal static string CommonUnit(IEnumerable<string> units, object target)
    {
        var distinct = units.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > 1)
        {
            throw MicroMorphException.Argument(
                "MixedPlotUnits",
                $"The results are in different units ({string.Join(", ", distinct)}); one axis has one unit, so plot them separately or measure them in one unit.",
                target);
        }

        return distinct[0];
    }

    /// <summary>CPSD solid and intrusion curve dashed, in one colour per result (002 Figs. 6-7 pair curves by line style).</summary>
    private static PlotSpecification Constrictivity(ConstrictivityResult[] results, string? title)
    {
        string unit = CommonUnit(results.Select(r => r.Unit), results);
        bool directions = results.Select(r => r.Direction).Distinct().Count() > 1;
        var series = results.SelectMany((r, i) => new[]
        {
            new PlotSeries($"{r.Phase}: CPSD", r.PoreSizeDistribution) { Colour = i },
            new PlotSeries(directions || results.Length == 1 ? $"{r.Phase}: intrusion along {Axis(r.Direction)}" : $"{r.Phase}: intrusion", r.IntrusionCurve) { Colour = i, Dashed = true },
        }).ToArray();
        return new PlotSpecification(
            title ?? "Continuous phase size distribution and simulated intrusion",
            PlotText.Axis("Radius r", unit),
            "Fraction of the phase's volume",
            series);
    }

    private static PlotSpecification Tortuosity(GeodesicTortuosityResult[] results, string? title)
    {
        var series = results.Select(r => new PlotSeries(
            string.Create(CultureInfo.InvariantCulture, $"{r.Phase}, along {Axis(r.Direction)}: mean {r.Mean:0.###}"),
            r.Distribution.Select(b => new CurvePoint((b.Lower + b.Upper) / 2, b.Fraction)).ToArray(),
            Bars: results.Length == 1,
            Markers: results.Length > 1 && r.Distribution.Count <= 25)
        {
            BarWidth = r.Distribution.Count > 0 ? r.Distribution[0].Upper - r.Distribution[0].Lower : null,
        }).ToArray();
        // Tortuosity is at least 1: the X axis fits the distribution instead of starting at 0.
        return new PlotSpecification(title ?? "Geodesic tortuosity", "Geodesic tortuosity τ", "Relative frequency", series) { FitX = true };
    }

    private static PlotSpecification Coverage(TwoPointCoverageResult[] results, string? title)
    {
        string unit = CommonUnit(results.Select(r => r.Unit), results);
        bool cross = results.Any(r => r.Phase != r.SecondPhase);
        var series = results.Select(r => new PlotSeries(r.Phase == r.SecondPhase ? r.Phase : $"{r.Phase} × {r.SecondPhase}", r.Isotropic)).ToArray();
        string y = results.All(r => r.Centered)
            ? (cross ? "Centred two-point coverage C(h) − ε₁ε₂" : "Centred two-point coverage C(h) − ε²")
            : "Two-point coverage C(h)";
        return new PlotSpecification(title ?? "Two-point coverage probability", PlotText.Axis("Distance h", unit), y, series);
    }

    private static string Axis(FlowDirection direction) => direction.ToString().ToLowerInvariant();
}

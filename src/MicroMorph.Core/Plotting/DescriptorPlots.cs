using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>The pictures of descriptor results: CPSD and intrusion curves, tortuosity histograms, C(h).</summary>
public static class DescriptorPlots
{
    public static PlotSpecification For(IReadOnlyList<object> results, string? title, int width, int height)
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
            ConstrictivityResult => Constrictivity(results.Cast<ConstrictivityResult>().ToArray(), title, width, height),
            GeodesicTortuosityResult => Tortuosity(results.Cast<GeodesicTortuosityResult>().ToArray(), title, width, height),
            TwoPointCoverageResult => Coverage(results.Cast<TwoPointCoverageResult>().ToArray(), title, width, height),
            Particles.LiberationResult => ParticlePlots.Liberation(results.Cast<Particles.LiberationResult>().ToArray(), title, width, height),
            Particles.RepresentativenessResult => ParticlePlots.Representativeness(results.Cast<Particles.RepresentativenessResult>().ToArray(), title, width, height),
            _ => throw MicroMorphException.Argument(
                "NotAPlottableResult",
                $"{kind.Name} cannot be plotted; plot the results of Measure-Constrictivity, Measure-GeodesicTortuosity, Measure-TwoPointCoverage, Measure-Liberation or Measure-Representativeness.",
                results[0]),
        };
    }

    private static PlotSpecification Constrictivity(ConstrictivityResult[] results, string? title, int width, int height)
    {
        var series = results.SelectMany(r => new[]
        {
            new PlotSeries($"{r.Phase} CPSD", r.PoreSizeDistribution),
            new PlotSeries($"{r.Phase} intrusion {r.Direction}", r.IntrusionCurve),
        }).ToArray();
        return new PlotSpecification(title ?? "Continuous phase size distribution and intrusion", $"Radius ({results[0].Unit})", "Covered fraction", series, width, height);
    }

    private static PlotSpecification Tortuosity(GeodesicTortuosityResult[] results, string? title, int width, int height)
    {
        var series = results.Select(r => new PlotSeries(
            $"{r.Phase} {r.Direction}",
            r.Distribution.Select(b => new CurvePoint((b.Lower + b.Upper) / 2, b.Fraction)).ToArray(),
            Bars: results.Length == 1)).ToArray();
        return new PlotSpecification(title ?? "Geodesic tortuosity", "Geodesic tortuosity", "Relative frequency", series, width, height);
    }

    private static PlotSpecification Coverage(TwoPointCoverageResult[] results, string? title, int width, int height)
    {
        var series = results.Select(r => new PlotSeries(r.Phase == r.SecondPhase ? r.Phase : $"{r.Phase} x {r.SecondPhase}", r.Isotropic)).ToArray();
        string y = results.All(r => r.Centered) ? "C(h) - e e" : "C(h)";
        return new PlotSpecification(title ?? "Two-point coverage", $"Distance h ({results[0].Unit})", y, series, width, height);
    }
}

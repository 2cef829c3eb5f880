using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Plotting;

/// <summary>The pictures of particle results: liberation degree per size class (004 Fig. 10) and size-class frequencies over sub-volumes (Fig. 12).</summary>
public static class ParticlePlots
{
    /// <summary>Liberation degree against the size-class centre, one series per phase.</summary>
    public static PlotSpecification Liberation(LiberationResult[] results, string? title, int width, int height)
    {
        if (results.Any(r => r.SizeClasses.Count == 0))
        {
            throw MicroMorphException.Argument("NoSizeClasses", "Plot liberation results computed with -SizeClass (the liberation degree per size class, Eq. 2).", results);
        }

        var series = results.Select(r => new PlotSeries(
            r.Phase,
            r.SizeClasses.Where(c => !double.IsNaN(c.LiberationDegree)).Select(c => new CurvePoint((c.LowerBound + c.UpperBound) / 2, c.LiberationDegree)).ToArray(),
            Markers: true)).ToArray();
        string x = results[0].SizeMeasure == SizeMeasure.Volume ? $"Particle volume ({results[0].Unit}^3)" : $"Equivalent diameter ({results[0].Unit})";
        return new PlotSpecification(title ?? "Liberation degree per size class", x, "Liberation degree", series, width, height);
    }

    /// <summary>Mean frequency per size class with its standard error band and 95% confidence interval.</summary>
    public static PlotSpecification Representativeness(RepresentativenessResult[] results, string? title, int width, int height)
    {
        var series = new List<PlotSeries>();
        foreach (var r in results)
        {
            string prefix = results.Length > 1 ? $"k={r.PieceCount} " : string.Empty;
            CurvePoint[] Points(Func<SizeClassFrequency, double> y) =>
                r.SizeClasses.Select(c => new CurvePoint((c.LowerBound + c.UpperBound) / 2, y(c))).ToArray();
            series.Add(new PlotSeries(prefix + "mean frequency", Points(c => c.MeanFrequency), Markers: true));
            series.Add(new PlotSeries(prefix + "mean + standard error", Points(c => c.MeanFrequency + c.StandardError)));
            series.Add(new PlotSeries(prefix + "mean - standard error", Points(c => c.MeanFrequency - c.StandardError)));
            series.Add(new PlotSeries(prefix + "95% upper", Points(c => c.ConfidenceUpper)));
            series.Add(new PlotSeries(prefix + "95% lower", Points(c => c.ConfidenceLower)));
        }

        string x = results[0].SizeMeasure == SizeMeasure.Volume ? $"Particle volume ({results[0].Unit}^3)" : $"Equivalent diameter ({results[0].Unit})";
        return new PlotSpecification(title ?? $"Particle size frequencies over {results[0].PieceCount} sub-volumes", x, "Frequency", series, width, height);
    }
}

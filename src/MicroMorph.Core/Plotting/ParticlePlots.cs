using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Plotting;

/// <summary>The figures of particle results: liberation degree per size class (004 Fig. 10) and size-class frequencies over sub-volumes (004 Fig. 12).</summary>
public static class ParticlePlots
{
    /// <summary>
    /// Liberation degree against the size class, one series per phase. Particle volumes spanning a
    /// decade or more go on a logarithmic axis, as in 004 Fig. 10 (volumes from 0.1 to 1000 µm³), each
    /// class at its geometric centre there.
    /// </summary>
    public static PlotSpecification Liberation(LiberationResult[] results, string? title)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Any(r => r.SizeClasses.Count == 0))
        {
            throw MicroMorphException.Argument("NoSizeClasses", "Plot liberation results computed with -SizeClass (the liberation degree per size class, Eq. 2).", results);
        }

        string unit = DescriptorPlots.CommonUnit(results.Select(r => r.Unit), results);
        bool volume = results[0].SizeMeasure == SizeMeasure.Volume;
        var positive = results.SelectMany(r => r.SizeClasses).Where(c => c.UpperBound > 0 && double.IsFinite(c.UpperBound)).ToArray();
        bool log = volume && positive.Length > 0 && positive.Max(c => c.UpperBound) >= 10 * positive.Where(c => c.LowerBound > 0).Select(c => c.LowerBound).DefaultIfEmpty(positive.Min(c => c.UpperBound)).Min();
        double Centre(SizeClassLiberation c) => log && c.LowerBound > 0 ? Math.Sqrt(c.LowerBound * c.UpperBound) : log ? c.UpperBound / 2 : (c.LowerBound + c.UpperBound) / 2;

        var series = results.Select(r => new PlotSeries(
            string.Create(CultureInfo.InvariantCulture, $"{r.Phase} (overall {r.LiberationDegree:0.###})"),
            r.SizeClasses.Where(c => !double.IsNaN(c.LiberationDegree)).Select(c => new CurvePoint(Centre(c), c.LiberationDegree)).ToArray(),
            Markers: true)).ToArray();
        return new PlotSpecification(
            title ?? (volume ? "Volume-specific liberation degree" : "Liberation degree per size class"),
            SizeAxis(results[0].SizeMeasure, unit),
            "Liberation degree",
            series)
        {
            LogX = log,
            FitX = true,
            YLimits = (0, 1.04),
        };
    }

    /// <summary>
    /// Mean frequency per size class over the sub-volumes with ± one standard error as error bars and
    /// the 95% confidence interval as a grey band (004 Fig. 12: means, standard errors, 95% intervals in grey).
    /// </summary>
    public static PlotSpecification Representativeness(RepresentativenessResult[] results, string? title)
    {
        ArgumentNullException.ThrowIfNull(results);
        string unit = DescriptorPlots.CommonUnit(results.Select(r => r.Unit), results);
        bool single = results.Length == 1;
        var series = new List<PlotSeries>();
        for (int i = 0; i < results.Length; i++)
        {
            var r = results[i];
            string prefix = single ? string.Empty : $"{r.PieceCount} pieces: ";
            var classes = r.SizeClasses.Where(c => double.IsFinite(c.MeanFrequency)).ToArray();
            double Centre(SizeClassFrequency c) => (c.LowerBound + c.UpperBound) / 2;
            series.Add(new PlotSeries(prefix + "mean frequency", classes.Select(c => new CurvePoint(Centre(c), c.MeanFrequency)).ToArray(), Markers: true)
            {
                Colour = i,
                Band = classes.Select(c => new PlotInterval(Centre(c), c.ConfidenceLower, c.ConfidenceUpper)).ToArray(),
                BandName = prefix + "95% confidence interval",
                BandColour = single ? PlotStyle.BandGrey : null,
                ErrorBars = classes.Select(c => new PlotInterval(Centre(c), c.MeanFrequency - c.StandardError, c.MeanFrequency + c.StandardError)).ToArray(),
                ErrorBarName = prefix + "± standard error",
                ErrorBarColour = single ? PlotStyle.SeriesColors[3] : null,
            });
        }

        return new PlotSpecification(
            title ?? (results.Select(r => r.PieceCount).Distinct().Count() == 1
                ? string.Create(CultureInfo.InvariantCulture, $"Size-class frequencies over {results[0].PieceCount} sub-volumes")
                : "Size-class frequencies over sub-volumes"),
            SizeAxis(results[0].SizeMeasure, unit),
            "Frequency (fraction of particles)",
            series)
        {
            FitX = true,
        };
    }

    private static string SizeAxis(SizeMeasure measure, string unit) => measure == SizeMeasure.Volume
        ? PlotText.Axis("Particle volume", unit, power: 3)
        : PlotText.Axis("Equivalent spherical diameter", unit);
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The grey window of a picture from percentiles of its values, so that a few hot or dead voxels (or
/// the zero padding of a reconstruction) do not squeeze the rest into a narrow band of greys. The
/// percentile is the linear interpolation between order statistics that numpy.percentile uses by
/// default (Hyndman and Fan 1996, definition 7): rank p/100 (n - 1) of the n sorted finite values.
/// </summary>
public static class PercentileWindow
{
    /// <summary>The default window: 0.5 % to 99.5 %.</summary>
    public const double DefaultLow = 0.5;

    /// <inheritdoc cref="DefaultLow"/>
    public const double DefaultHigh = 99.5;

    /// <summary>
    /// The window [low percentile, high percentile] of the finite <paramref name="values"/>;
    /// (0, 1) when there are none, and (v, v + 1) for a constant section, so that it is drawn black.
    /// </summary>
    public static (double Minimum, double Maximum) Compute(IEnumerable<double> values, double lowPercent, double highPercent)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check(lowPercent, highPercent);
        double[] sorted = values.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0)
        {
            return (0, 1);
        }

        Array.Sort(sorted);
        double lo = Percentile(sorted, lowPercent), hi = Percentile(sorted, highPercent);
        return hi > lo ? (lo, hi) : (lo, lo + 1);
    }

    /// <summary>The <paramref name="percent"/> percentile of values sorted ascending (definition 7).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        double rank = percent / 100 * (sorted.Count - 1);
        int below = (int)Math.Floor(rank);
        if (below >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        double fraction = rank - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }

    /// <summary>Refuses percentiles outside 0..100 or not increasing with <c>InvalidPercentile</c>.</summary>
    public static void Check(double lowPercent, double highPercent)
    {
        if (!(lowPercent >= 0 && highPercent <= 100 && lowPercent < highPercent))
        {
            throw MicroMorphException.Argument(
                "InvalidPercentile",
                FormattableString.Invariant($"The grey window percentiles must satisfy 0 <= low < high <= 100 (e.g. 0.5, 99.5); got {lowPercent} and {highPercent}."),
                highPercent);
        }
    }
}

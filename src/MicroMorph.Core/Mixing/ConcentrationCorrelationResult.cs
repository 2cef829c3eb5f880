using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Mixing;

/// <summary>One distance of a correlation curve: raw C(h), R(h) and pair count (Eqs. 7, 8), and the smoothed R.</summary>
public readonly record struct CorrelationPoint(double Distance, double Correlation, double SmoothedCorrelation, double Covariance, long PairCount);

/// <summary>
/// The scale of segregation of one aggregate, or the point-wise mean of several (000 Section 2.3.3,
/// Eqs. 7-9): the concentration covariance C(h) over foreground pixel pairs at distance h (integer
/// pixel distances, pairs binned by rounded length), R(h) = C(h) / s^2_max and its Gaussian-kernel
/// smoothing; distances in <see cref="Unit"/>. For a mean (<see cref="AggregateCount"/> > 1) only
/// the smoothed curve is averaged (Eq. 9); the raw columns are NaN and pair counts summed.
/// </summary>
public sealed record ConcentrationCorrelationResult
{
    public string Name { get; init; } = string.Empty;

    public int AggregateCount { get; init; } = 1;

    public double CarbonFraction { get; init; }

    /// <summary>s^2_intra,max (Eq. 4), the normaliser of Eq. 8.</summary>
    public double MaxVariance { get; init; }

    /// <summary>Standard deviation of the Gaussian smoothing kernel, in <see cref="Unit"/> (0: none).</summary>
    public double Bandwidth { get; init; }

    public double MaxDistance { get; init; }

    public double PixelSize { get; init; }

    public string Unit { get; init; } = string.Empty;

    public IReadOnlyList<CorrelationPoint> Points
    {
        get => _points;
        init => _points = ResultList.Of<CorrelationPoint>(value, "distances");
    }

    private readonly IReadOnlyList<CorrelationPoint> _points = ResultList.Of<CorrelationPoint>([], "distances");

    /// <summary>The Eq. 14 fit, when asked for.</summary>
    public CorrelationModelFit? Fit { get; init; }
}

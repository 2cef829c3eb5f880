using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Constrictivity of one phase along one direction (001 Section 3.3; Münch and Holzer 2008):
/// beta = (RMin / RMax)^2 with RMax = CPSD^-1(0.5) and RMin = intrusion^-1(0.5).
/// </summary>
public sealed record ConstrictivityResult(
    string Phase,
    FlowDirection Direction,
    double VolumeFraction,
    double RMax,
    double RMin,
    double Constrictivity,
    string Unit,
    IReadOnlyList<CurvePoint> PoreSizeDistribution,
    IReadOnlyList<CurvePoint> IntrusionCurve)
{
    /// <summary>The phase size distribution (CPSD): fraction of the phase covered by balls of radius at least r, per radius r in <see cref="Unit"/>.</summary>
    public IReadOnlyList<CurvePoint> PoreSizeDistribution { get; init; } = Curve.Of(PoreSizeDistribution, "Radius", "CoveredFraction", Unit);

    /// <summary>The intrusion curve: fraction of the phase intruded from the inlet face by balls of radius r, per radius r in <see cref="Unit"/>.</summary>
    public IReadOnlyList<CurvePoint> IntrusionCurve { get; init; } = Curve.Of(IntrusionCurve, "Radius", "IntrudedFraction", Unit);

    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// Whether the intrusion from the inlet face reaches the outlet face (a 6-connected path through the
    /// phase joins them). When it does not, RMin describes only the part reached from the inlet.
    /// </summary>
    public bool Percolates { get; init; } = true;
}

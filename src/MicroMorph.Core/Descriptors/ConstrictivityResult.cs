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
    public string Source { get; init; } = string.Empty;
}

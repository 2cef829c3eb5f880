namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Two-point coverage C(h) = P(x in phase i, x + h in phase j) (001 Section 3.2.2 / Eq. 21,
/// 002 Section 5.1), or its centred form C(h) - e_i e_j: radially averaged over |h| and along
/// each axis; distances in <see cref="Unit"/>. The isotropic curve has one point per distinct
/// distance |h|, the mean over all shifts of that length.
/// </summary>
public sealed record TwoPointCoverageResult(
    string Phase,
    string SecondPhase,
    bool Centered,
    double VolumeFraction,
    double SecondVolumeFraction,
    IReadOnlyList<CurvePoint> Isotropic,
    IReadOnlyList<CurvePoint> AlongX,
    IReadOnlyList<CurvePoint> AlongY,
    IReadOnlyList<CurvePoint> AlongZ,
    string Unit)
{
    public IReadOnlyList<CurvePoint> Isotropic { get; init; } = Curve.Of(Isotropic, "Distance", CoverageName(Centered), Unit, "Isotropic");

    public IReadOnlyList<CurvePoint> AlongX { get; init; } = Curve.Of(AlongX, "Distance", CoverageName(Centered), Unit, "X");

    public IReadOnlyList<CurvePoint> AlongY { get; init; } = Curve.Of(AlongY, "Distance", CoverageName(Centered), Unit, "Y");

    public IReadOnlyList<CurvePoint> AlongZ { get; init; } = Curve.Of(AlongZ, "Distance", CoverageName(Centered), Unit, "Z");

    public string Source { get; init; } = string.Empty;

    private static string CoverageName(bool centered) => centered ? "CenteredCoverage" : "Coverage";
}

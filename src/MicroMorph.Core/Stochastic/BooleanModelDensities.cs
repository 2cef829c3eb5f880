namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Densities of the intrinsic volumes of a stationary isotropic Boolean model by Miles' formulas
/// (001 Eqs. 10-13), in the same conventions as <see cref="Descriptors.IntrinsicVolumeResult"/>:
/// VolumeFraction; SurfaceDensity (unit^-1); MeanCurvatureDensity, the integral of the mean
/// curvature H = (k1 + k2)/2 per unit volume (unit^-2); EulerDensity, the Euler characteristic per
/// unit volume (unit^-3). The grain means (V-bar, S-bar, K-bar of Eqs. 14-16) are reported beside them.
/// </summary>
public sealed record BooleanModelDensities(
    BooleanModelParameters Parameters,
    double VolumeFraction,
    double SurfaceDensity,
    double MeanCurvatureDensity,
    double EulerDensity,
    double MeanGrainVolume,
    double MeanGrainSurfaceArea,
    double MeanGrainIntegralOfMeanCurvature,
    string Method)
{
    public double Intensity => Parameters.Intensity;

    public GrainDistribution Grains => Parameters.Grains;

    public override string ToString() =>
        FormattableString.Invariant($"V {VolumeFraction:G5}, S {SurfaceDensity:G5}, K {MeanCurvatureDensity:G5}, N {EulerDensity:G5} ({Parameters.Grains}, intensity {Parameters.Intensity:G4})");
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// The four densities a Boolean model is calibrated to (001 Eqs. 6-9; the hatted values of Eq. 17),
/// in the conventions of <see cref="Descriptors.IntrinsicVolumeResult"/>: volume fraction, surface
/// area per unit volume (unit^-1), integral of mean curvature H = (k1 + k2)/2 per unit volume
/// (unit^-2) and Euler characteristic per unit volume (unit^-3).
/// </summary>
public sealed record IntrinsicVolumeDensities(double VolumeFraction, double SurfaceDensity, double MeanCurvatureDensity, double EulerDensity)
{
    /// <summary>Throws <c>InvalidTargetVolumeFraction</c> or <c>InvalidTargetDensity</c> before any work.</summary>
    public void Validate()
    {
        if (!(VolumeFraction > 0 && VolumeFraction < 1))
        {
            throw MicroMorphException.Argument(
                "InvalidTargetVolumeFraction",
                FormattableString.Invariant($"A Boolean model can only be fitted to a volume fraction strictly between 0 and 1; it is {VolumeFraction}."),
                VolumeFraction);
        }

        if (!(SurfaceDensity > 0) || double.IsInfinity(SurfaceDensity))
        {
            throw MicroMorphException.Argument(
                "InvalidTargetDensity",
                FormattableString.Invariant($"The target surface density must be a finite positive number per length unit; it is {SurfaceDensity}."),
                SurfaceDensity);
        }

        foreach (var (value, name) in new[] { (MeanCurvatureDensity, "mean curvature density"), (EulerDensity, "Euler density") })
        {
            if (!double.IsFinite(value))
            {
                throw MicroMorphException.Argument(
                    "InvalidTargetDensity",
                    FormattableString.Invariant($"The target {name} must be a finite number; it is {value}."),
                    value);
            }
        }
    }

    public static IntrinsicVolumeDensities From(BooleanModelDensities densities)
    {
        ArgumentNullException.ThrowIfNull(densities);
        return new(densities.VolumeFraction, densities.SurfaceDensity, densities.MeanCurvatureDensity, densities.EulerDensity);
    }

    public static IntrinsicVolumeDensities From(Descriptors.IntrinsicVolumeResult measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        return new(measured.VolumeFraction, measured.SurfaceDensity, measured.MeanCurvatureDensity, measured.EulerDensity);
    }

    public override string ToString() =>
        FormattableString.Invariant($"V {VolumeFraction:G5}, S {SurfaceDensity:G5}, K {MeanCurvatureDensity:G5}, N {EulerDensity:G5}");
}

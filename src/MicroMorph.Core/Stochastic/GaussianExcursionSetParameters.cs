using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// The excursion set {Z >= <see cref="Threshold"/>} of a stationary isotropic Gaussian random field Z
/// with mean 0, variance 1 and covariance rho(h) = 1 / (1 + (<see cref="CovarianceScale"/> h)^2)
/// (001 Section 3.1.2, Eq. 2). The scale eta is per physical length unit; its volume fraction is
/// 1 - Phi(mu) (Eq. 18).
/// </summary>
public sealed record GaussianExcursionSetParameters(double Threshold, double CovarianceScale)
{
    public void Validate()
    {
        if (!double.IsFinite(Threshold))
        {
            throw MicroMorphException.Argument("InvalidThreshold", FormattableString.Invariant($"The threshold mu must be a finite number; it is {Threshold}."), Threshold);
        }

        if (!(CovarianceScale > 0) || double.IsInfinity(CovarianceScale))
        {
            throw MicroMorphException.Argument(
                "InvalidCovarianceScale",
                FormattableString.Invariant($"The covariance scale eta must be a finite positive number per length unit; it is {CovarianceScale}."),
                CovarianceScale);
        }
    }

    /// <summary>Covariance of the field at distance <paramref name="h"/> (Eq. 2).</summary>
    public double Covariance(double h) => 1 / (1 + CovarianceScale * h * CovarianceScale * h);

    /// <summary>The same set in a length unit <paramref name="factor"/> times smaller.</summary>
    public GaussianExcursionSetParameters Scale(double factor) => this with { CovarianceScale = CovarianceScale / factor };
}

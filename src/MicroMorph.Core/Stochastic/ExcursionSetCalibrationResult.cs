namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A Gaussian excursion set calibrated to a phase (001 Section 3.2.2): volume fraction V, threshold
/// mu = Phi^-1(1 - V) (Eq. 19), covariance scale eta per <see cref="Unit"/> (least squares of Eq. 2),
/// the root mean square residual of that fit, and the non-parametric table behind it: the measured
/// two-point coverage C(h), the correlation rho(h) that Eq. 21 (with its 1/(2 pi)) gives for it, and
/// the fitted rho. <see cref="Parameters"/> feeds <c>New-GaussianExcursionSet</c>.
/// </summary>
public sealed record ExcursionSetCalibrationResult(
    string Phase,
    double VolumeFraction,
    double Threshold,
    double CovarianceScale,
    double FitResidual,
    IReadOnlyList<ExcursionSetCovariancePoint> Covariance,
    double MaxDistance,
    string Unit)
{
    public IReadOnlyList<ExcursionSetCovariancePoint> Covariance { get; init; } = Descriptors.ResultList.Of(Covariance, "distances");

    public string Source { get; init; } = string.Empty;

    /// <summary>(mu, eta) for generating realisations.</summary>
    public GaussianExcursionSetParameters Parameters => new(Threshold, CovarianceScale);

    /// <summary>1 / eta: the distance at which the fitted correlation has fallen to 1/2.</summary>
    public double CorrelationLength => 1 / CovarianceScale;
}

/// <summary>One distance of the calibration: measured coverage C(h), correlation rho(h) from Eq. 21, fitted rho of Eq. 2.</summary>
public readonly record struct ExcursionSetCovariancePoint(double Distance, double Coverage, double Rho, double FittedRho)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({Distance:G6}, C {Coverage:G6}, rho {Rho:G6}, fit {FittedRho:G6})");
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Mean primary particle diameters of carbon black and silica and the standard deviations of their
/// size distributions, in the map's length unit (000 Eq. 5: d_CB,PP, d_SiO2,PP, sigma_SD).
/// </summary>
public sealed record PrimaryParticleSizes(double CarbonDiameter, double SilicaDiameter, double CarbonDiameterSpread = 0, double SilicaDiameterSpread = 0)
{
    public void Validate()
    {
        foreach (var (value, name) in new[] { (CarbonDiameter, "CarbonDiameter"), (SilicaDiameter, "SilicaDiameter") })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw MicroMorphException.Argument("Invalid" + name, $"{name} must be positive and finite, not {value}.", value);
            }
        }

        foreach (var (value, name) in new[] { (CarbonDiameterSpread, "CarbonDiameterSpread"), (SilicaDiameterSpread, "SilicaDiameterSpread") })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw MicroMorphException.Argument("Invalid" + name, $"{name} must be >= 0 and finite, not {value}.", value);
            }
        }
    }

    /// <summary>
    /// The expected projected area of one primary particle of an aggregate with carbon
    /// concentration P (an area fraction): carbon particles make up the number fraction
    /// q = (P / A_C) / (P / A_C + (1 - P) / A_S), so the mean is 1 / (P / A_C + (1 - P) / A_S),
    /// with A = pi / 4 E[d^2] = pi / 4 (mean^2 + spread^2) per species (000 Section 2.2).
    /// </summary>
    public double MeanProjectedArea(double carbonFraction)
    {
        double ac = Math.PI / 4 * (CarbonDiameter * CarbonDiameter + CarbonDiameterSpread * CarbonDiameterSpread);
        double asi = Math.PI / 4 * (SilicaDiameter * SilicaDiameter + SilicaDiameterSpread * SilicaDiameterSpread);
        return 1 / (carbonFraction / ac + (1 - carbonFraction) / asi);
    }

    /// <summary>
    /// The variance of completely random mixing, 000 Eq. 5 in its dimensionless reading
    /// s^2_min = P (1 - P) / N (d_C d_S / d_mean^2)^2 (1 + (1 - P) cv_C^2 + P cv_S^2), where
    /// d_mean^2 = 1 / (P / d_C^2 + (1 - P) / d_S^2) is the number-weighted mean squared diameter
    /// (the printed d_mean lacks this square) and cv = spread / mean diameter (docs/methods/mixing-quality.md).
    /// For equal monodisperse species it is P (1 - P) / N.
    /// </summary>
    public double MinVariance(double carbonFraction, double particleCount)
    {
        double p = carbonFraction;
        double dc = CarbonDiameter, ds = SilicaDiameter;
        double meanSquare = 1 / (p / (dc * dc) + (1 - p) / (ds * ds));
        double ratio = dc * ds / meanSquare;
        double cvc = CarbonDiameterSpread / dc, cvs = SilicaDiameterSpread / ds;
        return p * (1 - p) / particleCount * ratio * ratio * (1 + (1 - p) * cvc * cvc + p * cvs * cvs);
    }
}

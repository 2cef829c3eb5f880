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
    /// s^2_min = P (1 - P) / N (d_C d_S / d_mean^2)^2 (1 + (1 - P) sigma_C^2 + P sigma_S^2), where
    /// d_mean^2 = 1 / (P / d_C^2 + (1 - P) / d_S^2) is the number-weighted mean squared diameter
    /// (the printed d_mean lacks this square). <paramref name="reading"/> chooses sigma^2:
    /// <see cref="SizeSpreadReading.Area"/> (default) the squared coefficient of variation of the projected
    /// area, with the size factor from the mean areas (d^2 read as E[d^2]);
    /// <see cref="SizeSpreadReading.Diameter"/> the squared coefficient of variation of the diameter with
    /// the mean diameters (docs/methods/mixing-quality.md). Both give P (1 - P) / N for equal
    /// monodisperse species.
    /// </summary>
    public double MinVariance(double carbonFraction, double particleCount, SizeSpreadReading reading = SizeSpreadReading.Area)
    {
        double p = carbonFraction;
        double cvc = CarbonDiameterSpread / CarbonDiameter, cvs = SilicaDiameterSpread / SilicaDiameter;
        double dc2, ds2, sc, ss;
        if (reading == SizeSpreadReading.Diameter)
        {
            dc2 = CarbonDiameter * CarbonDiameter;
            ds2 = SilicaDiameter * SilicaDiameter;
            sc = cvc * cvc;
            ss = cvs * cvs;
        }
        else
        {
            dc2 = CarbonDiameter * CarbonDiameter * (1 + cvc * cvc);
            ds2 = SilicaDiameter * SilicaDiameter * (1 + cvs * cvs);
            sc = AreaCv2(cvc);
            ss = AreaCv2(cvs);
        }

        double meanSquare = 1 / (p / dc2 + (1 - p) / ds2);
        double ratio = dc2 * ds2 / (meanSquare * meanSquare);
        return p * (1 - p) / particleCount * ratio * (1 + (1 - p) * sc + p * ss);
    }

    /// <summary>
    /// The squared coefficient of variation of the area pi d^2 / 4 of gamma-distributed diameters with
    /// coefficient of variation <paramref name="diameterCv"/>: with shape k = 1 / cv^2,
    /// Var(d^2) / E[d^2]^2 = (4 k + 6) / (k (k + 1)) (= 4 cv^2 to first order).
    /// </summary>
    public static double AreaCv2(double diameterCv)
    {
        if (diameterCv == 0)
        {
            return 0;
        }

        double k = 1 / (diameterCv * diameterCv);
        return (4 * k + 6) / (k * (k + 1));
    }
}

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Miles' formulas for a stationary isotropic Boolean model with convex grains in R^3
/// (001 Eqs. 10-13; Chiu, Stoyan, Kendall and Mecke, Stochastic Geometry and its Applications,
/// 3rd ed., Eqs. 3.45-3.48; Schneider and Weil, Stochastic and Integral Geometry, Thm. 9.1.4):
/// <code>
/// V = 1 - exp(-lambda V-bar)                                                     (10)
/// S = lambda (1 - V) S-bar                                                        (11)
/// K = lambda (1 - V) (K-bar - pi^2 lambda S-bar^2 / 32)                           (12)
/// N = lambda (1 - V) (1 - lambda K-bar S-bar / (4 pi) + pi lambda^2 S-bar^3 / 384) (13)
/// </code>
/// K and K-bar integrate H = (k1 + k2)/2 (a ball: 4 pi r) and N is the Euler characteristic per unit
/// volume: exactly what <see cref="Descriptors.IntrinsicVolumeAnalysis"/> estimates from images
/// (MeanCurvatureDensity = 2 pi chi_A, EulerDensity = chi_V), so no conversion is needed. In
/// Schneider and Weil's intrinsic volumes V_3 = V, V_2 = S/2, V_1 = K/pi, V_0 = chi; the theorem
/// there reads V_1(Z) = e^(-V_3)(V_1 - pi/8 V_2^2) and V_0(Z) = e^(-V_3)(V_0 - V_1 V_2 / 2 + pi/48 V_2^3)
/// per unit volume, which is Eqs. 12-13 term by term.
/// </summary>
public static class MilesFormulas
{
    /// <summary>Densities of the Boolean model with the grain means taken as <paramref name="options"/> says.</summary>
    public static BooleanModelDensities Compute(BooleanModelParameters parameters, GrainMomentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= GrainMomentOptions.Quadrature;
        options.Validate();
        parameters.Validate();
        var means = GrainMoments.Compute(parameters.Grains, options);
        return FromMeans(parameters, means, options.ToString());
    }

    /// <summary>Eqs. 10-13 from the intensity and given grain means.</summary>
    public static BooleanModelDensities FromMeans(BooleanModelParameters parameters, GrainMeans means, string method = "Given grain means")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(means);
        double lambda = parameters.Intensity;
        double v = means.MeanVolume, s = means.MeanSurfaceArea, k = means.MeanIntegralOfMeanCurvature;
        double free = Math.Exp(-lambda * v);                                                       // 1 - V
        double volumeFraction = OneMinusExp(lambda * v);                                    // (10)
        double surface = lambda * free * s;                                                        // (11)
        double curvature = lambda * free * (k - Math.PI * Math.PI * lambda * s * s / 32);          // (12)
        double euler = lambda * free * (1 - lambda * k * s / (4 * Math.PI) + Math.PI * lambda * lambda * s * s * s / 384); // (13)
        return new BooleanModelDensities(parameters, volumeFraction, surface, curvature, euler, v, s, k, method);
    }

    /// <summary>1 - e^-x, accurate also for tiny x (sparse models).</summary>
    private static double OneMinusExp(double x) =>
        Math.Abs(x) < 1e-5 ? x * (1 - x / 2 * (1 - x / 3)) : 1 - Math.Exp(-x);
}

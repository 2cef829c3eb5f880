using MicroMorph.Core.Errors;
using MicroMorph.Core.Numerics;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Mean volume, surface area and integral of mean curvature of the grains of a
/// <see cref="GrainDistribution"/> (V-bar, S-bar, K-bar of 001 Eqs. 14-16):
/// <list type="bullet">
/// <item>balls of radius r: 4/3 pi r^3, 4 pi r^2, 4 pi r;</item>
/// <item>balls with exponential radii of rate theta (E R = 1/theta, E R^2 = 2/theta^2, E R^3 = 6/theta^3):
/// 8 pi/theta^3, 8 pi/theta^2, 4 pi/theta;</item>
/// <item>gamma spheroids: Eqs. 14-16 averaged over the two gamma laws, by quadrature (default) or by
/// Monte Carlo as in the paper.</item>
/// </list>
/// The quadrature uses that for A ~ Gamma(a1, g) and C ~ Gamma(a2, g) with a common rate, T = A + C
/// ~ Gamma(a1 + a2, g) and B = A / (A + C) ~ Beta(a1, a2) are independent. Each measure of Eqs. 14-16
/// is homogeneous of degree k in the half-axes, so E[f(A, C)] = E[T^k] E[f(B, 1 - B)], E[T^k] is
/// closed-form, and the remaining one-dimensional expectation is taken over Z = ln(A / C), whose
/// density e^(a1 z) / (1 + e^z)^(a1 + a2) / B(a1, a2) is smooth and log-concave for all shapes; the
/// ratio of the two half-axes is delta = e^(-|z|), so the kink of min/max at A = C lies at z = 0,
/// where the integral is split. Adaptive Gauss-Kronrod over the range where the density exceeds
/// e^-50 of its peak gives ~1e-12 relative accuracy for shapes from below 1 to beyond 10^4.
/// </summary>
public static class GrainMoments
{
    /// <summary>Stream of the Monte Carlo grains (what it is for: "Miles").</summary>
    private const long MonteCarloStream = 0x4D696C6573;

    private const double QuadratureTolerance = 1e-12;

    public static GrainMeans Compute(GrainDistribution grains, GrainMomentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        options ??= GrainMomentOptions.Quadrature;
        options.Validate();
        grains.Validate();
        if (options.IsMonteCarlo)
        {
            return MonteCarlo(grains, options.MonteCarloSamples, options.Seed);
        }

        return grains switch
        {
            ConstantRadiusBalls b => Ball(b.Radius),
            ExponentialRadiusBalls e => new GrainMeans(8 * Math.PI / (e.Rate * e.Rate * e.Rate), 8 * Math.PI / (e.Rate * e.Rate), 4 * Math.PI / e.Rate),
            GammaSpheroids s => GammaSpheroidQuadrature(s.ShapeA, s.ShapeC, s.Rate),
            _ => throw new MicroMorphException(
                "GrainMomentsNotSupported",
                MicroMorphErrorKind.NotSupported,
                $"No quadrature is known for {grains}; use Monte Carlo samples.",
                grains),
        };
    }

    /// <summary>Volume, surface area and integral of mean curvature of a ball of radius r.</summary>
    public static GrainMeans Ball(double radius) =>
        new(4.0 / 3 * Math.PI * radius * radius * radius, 4 * Math.PI * radius * radius, 4 * Math.PI * radius);

    /// <summary>
    /// Volume, surface area and integral of mean curvature of the oblate spheroid with half-axes
    /// <paramref name="a"/>, <paramref name="c"/> and max(a, c) (001 Eqs. 14-16 inside the expectation;
    /// delta = min/max). Continuous at a = c, where it is the ball.
    /// </summary>
    public static GrainMeans Spheroid(double a, double c)
    {
        double max = Math.Max(a, c), min = Math.Min(a, c);
        double delta = min / max;
        double eSquared = (max - min) * (max + min) / (max * max); // 1 - delta^2 without cancellation
        return new GrainMeans(
            4.0 / 3 * Math.PI * delta * max * max * max,
            2 * Math.PI * max * max * SurfaceFactor(delta, eSquared),
            2 * Math.PI * max * CurvatureFactor(delta, eSquared));
    }

    /// <summary>
    /// Eq. 15 divided by 2 pi max^2: delta (1/delta - delta/e ln((1 - e)/delta)) = 1 + delta^2 artanh(e)/e
    /// with e = sqrt(1 - delta^2), since ln((1 - e)/delta) = -ln((1 + e)/delta) = -artanh(e). 2 at a ball.
    /// </summary>
    internal static double SurfaceFactor(double delta, double eSquared)
    {
        double e = Math.Sqrt(eSquared);
        if (delta == 0)
        {
            return 1; // a flat disc: both faces
        }

        double artanhOverE;
        if (e < 0.01)
        {
            // artanh(e)/e = sum e^(2k) / (2k + 1); eight terms reach e^16 < 1e-32.
            artanhOverE = 0;
            double power = 1;
            for (int k = 0; k < 8; k++)
            {
                artanhOverE += power / (2 * k + 1);
                power *= eSquared;
            }
        }
        else
        {
            artanhOverE = Math.Log((1 + e) / delta) / e;
        }

        return 1 + delta * delta * artanhOverE;
    }

    /// <summary>Eq. 16 divided by 2 pi max: delta + arcsin(e)/e, with arcsin(e) = atan2(e, delta). 2 at a ball.</summary>
    internal static double CurvatureFactor(double delta, double eSquared)
    {
        double e = Math.Sqrt(eSquared);
        return delta + (e == 0 ? 1 : Math.Atan2(e, delta) / e);
    }

    private static GrainMeans MonteCarlo(GrainDistribution grains, int samples, long seed)
    {
        // 001 Section 3.2.1: the bracketed expressions of Eqs. 14-16 averaged over drawn grains.
        var random = new RandomStream(seed, MonteCarloStream);
        double v = 0, s = 0, k = 0;
        for (int i = 0; i < samples; i++)
        {
            var g = grains.Sample(random);
            var m = Spheroid(g.PolarRadius, g.EquatorialRadius);
            v += m.MeanVolume;
            s += m.MeanSurfaceArea;
            k += m.MeanIntegralOfMeanCurvature;
        }

        return new GrainMeans(v / samples, s / samples, k / samples);
    }

    private static GrainMeans GammaSpheroidQuadrature(double shapeA, double shapeC, double rate)
    {
        // E[T^k] for T ~ Gamma(a1 + a2, rate).
        double sum = shapeA + shapeC;
        double t1 = sum / rate;
        double t2 = t1 * (sum + 1) / rate;
        double t3 = t2 * (sum + 2) / rate;

        // Log-density of Z = ln(A/C) relative to its mode z* = ln(a1/a2), written in w = z - z*:
        // a1 w - (a1 + a2) ln(1 + p (e^w - 1)) with p = a1/(a1 + a2). The two terms are each of order
        // sqrt(a) near the mode, so for shapes up to 1e13 this keeps the log-density exact to ~1e-9,
        // where the form a1 z - (a1 + a2) ln(1 + e^z) would lose all digits to cancellation.
        double p = shapeA / sum;
        double mode = Math.Log(shapeA / shapeC);
        double RelativeLog(double z)
        {
            double w = z - mode;
            return shapeA * w - sum * LogOnePlus(p * ExpMinusOne(w));
        }

        double width = Math.Sqrt(1 / shapeA + 1 / shapeC);
        double lower = Bound(RelativeLog, mode, -width);
        double upper = Bound(RelativeLog, mode, width);

        // Components: density, and density times the V, S, K integrands per unit of T^k.
        void Integrand(double z, double[] values)
        {
            double density = Math.Exp(RelativeLog(z));
            double x = Math.Abs(z);
            double delta = Math.Exp(-x);
            double oneMinusDelta = -ExpMinusOne(-x);
            double eSquared = oneMinusDelta * (1 + delta);
            double maxPart = 1 / (1 + delta); // max(B, 1 - B)
            values[0] = density;
            values[1] = density * delta * maxPart * maxPart * maxPart;               // min max^2 = delta max^3
            values[2] = density * maxPart * maxPart * SurfaceFactor(delta, eSquared);
            values[3] = density * maxPart * CurvatureFactor(delta, eSquared);
        }

        var total = new double[4];
        if (lower < 0)
        {
            Accumulate(GaussKronrod.Integrate(Integrand, 4, lower, Math.Min(0, upper), QuadratureTolerance));
        }

        if (upper > 0)
        {
            Accumulate(GaussKronrod.Integrate(Integrand, 4, Math.Max(0, lower), upper, QuadratureTolerance));
        }

        void Accumulate(double[] part)
        {
            for (int i = 0; i < 4; i++)
            {
                total[i] += part[i];
            }
        }

        double mass = total[0];
        return new GrainMeans(
            4.0 / 3 * Math.PI * t3 * total[1] / mass,
            2 * Math.PI * t2 * total[2] / mass,
            2 * Math.PI * t1 * total[3] / mass);
    }

    /// <summary>e^x - 1 without cancellation near 0 (2 sinh(x/2) e^(x/2); sinh is exact for small x).</summary>
    private static double ExpMinusOne(double x) => Math.Abs(x) > 40 ? Math.Exp(x) - 1 : 2 * Math.Sinh(x / 2) * Math.Exp(x / 2);

    /// <summary>ln(1 + x) without cancellation near 0 (Goldberg's correction of the rounded 1 + x).</summary>
    private static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>
    /// A point beyond which the log-concave <paramref name="relativeLog"/> (0 at <paramref name="mode"/>)
    /// has dropped below -50, searched from the mode in the direction of <paramref name="step"/> by doubling.
    /// </summary>
    private static double Bound(Func<double, double> relativeLog, double mode, double step)
    {
        double z = mode + step;
        for (int i = 0; i < 200 && relativeLog(z) > -50; i++)
        {
            step *= 2;
            z = mode + step;
        }

        return z;
    }
}

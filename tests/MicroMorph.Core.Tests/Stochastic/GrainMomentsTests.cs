using MathNet.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class GrainMomentsTests
{
    /// <summary>Composite Simpson rule with n (even) panels: an integrator independent of the code under test.</summary>
    private static double Simpson(Func<double, double> f, double a, double b, int n = 20000)
    {
        double h = (b - a) / n, sum = f(a) + f(b);
        for (int i = 1; i < n; i++)
        {
            sum += f(a + i * h) * (i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3;
    }

    [Fact]
    public void BallsHaveTheClosedForms()
    {
        var m = GrainMoments.Compute(new ConstantRadiusBalls(3));
        Assert.Equal(4.0 / 3 * Math.PI * 27, m.MeanVolume, 12);
        Assert.Equal(4 * Math.PI * 9, m.MeanSurfaceArea, 12);
        Assert.Equal(4 * Math.PI * 3, m.MeanIntegralOfMeanCurvature, 12);
    }

    [Fact]
    public void ExponentialBallClosedFormsMatchQuadratureOfTheExponentialLaw()
    {
        const double Theta = 0.0105; // 001 Table 2, per nm
        var m = GrainMoments.Compute(new ExponentialRadiusBalls(Theta));
        double Expect(Func<double, double> f) => Simpson(r => f(r) * Theta * Math.Exp(-Theta * r), 0, 80 / Theta);
        Assert.Equal(1, m.MeanVolume / Expect(r => 4.0 / 3 * Math.PI * r * r * r), 9);
        Assert.Equal(1, m.MeanSurfaceArea / Expect(r => 4 * Math.PI * r * r), 9);
        Assert.Equal(1, m.MeanIntegralOfMeanCurvature / Expect(r => 4 * Math.PI * r), 9);
        Assert.Equal(8 * Math.PI / (Theta * Theta * Theta), m.MeanVolume, 1e-6 * m.MeanVolume); // 001 Eq. 24 uses E R^3 = 6/theta^3
    }

    [Theory]
    [InlineData(0.999)]
    [InlineData(0.5)]
    [InlineData(0.05)]
    [InlineData(0.001)]
    public void SpheroidFormulasMatchSurfaceAndSupportFunctionIntegrals(double delta)
    {
        // Oblate spheroid with equatorial radius L = 2 and polar half-axis c = delta L.
        const double L = 2;
        double c = delta * L;
        var m = GrainMoments.Spheroid(c, L);
        // Surface of revolution: x = L sin t, z = c cos t.
        double area = 2 * Math.PI * Simpson(t => L * Math.Sin(t) * Math.Sqrt(L * L * Math.Cos(t) * Math.Cos(t) + c * c * Math.Sin(t) * Math.Sin(t)), 0, Math.PI);
        // Integral of mean curvature (k1 + k2)/2 of a convex body = integral of its support function over the unit sphere.
        double curvature = 2 * Math.PI * Simpson(t => Math.Sqrt(L * L * (1 - t * t) + c * c * t * t), -1, 1);
        Assert.Equal(4.0 / 3 * Math.PI * L * L * c, m.MeanVolume, 1e-12 * m.MeanVolume);
        Assert.Equal(1, m.MeanSurfaceArea / area, 9);
        Assert.Equal(1, m.MeanIntegralOfMeanCurvature / curvature, 6); // the Simpson reference is limited by the near-kinks of the support function of a flat spheroid at t = +-1
    }

    [Fact]
    public void SpheroidFormulasTendToTheBallWithoutZeroOverZero()
    {
        var ball = GrainMoments.Ball(5);
        var exact = GrainMoments.Spheroid(5, 5);
        Assert.Equal(ball, exact); // delta = 1 exactly: K = 2 pi r (1 + 1) = 4 pi r, S = 2 pi r^2 (1 + 1)
        foreach (double eps in new[] { 1e-15, 1e-12, 1e-8, 1e-5, 1e-3 })
        {
            var near = GrainMoments.Spheroid(5 * (1 - eps), 5);
            Assert.InRange(near.MeanSurfaceArea / ball.MeanSurfaceArea, 1 - 2 * eps, 1);
            Assert.InRange(near.MeanIntegralOfMeanCurvature / ball.MeanIntegralOfMeanCurvature, 1 - 2 * eps, 1);
        }

        // Flat limit: a disc of radius a has K = pi^2 a and S = 2 pi a^2.
        var disc = GrainMoments.Spheroid(1e-9, 1);
        Assert.Equal(Math.PI * Math.PI, disc.MeanIntegralOfMeanCurvature, 6);
        Assert.Equal(2 * Math.PI, disc.MeanSurfaceArea, 6);
    }

    [Fact]
    public void GammaSpheroidsWithEqualLargeShapesTendToBalls()
    {
        // The first correction is of order the coefficient of variation 1/sqrt(alpha) (E max(A, C) exceeds
        // E A by sd/sqrt(pi)), so a shape of 1e12 puts the law within about 1e-6 of the ball; this also
        // exercises the quadrature far beyond realistic shapes.
        const double Shape = 1e12, Radius = 50;
        var m = GrainMoments.Compute(new GammaSpheroids(Shape, Shape, Shape / Radius));
        var ball = GrainMoments.Ball(Radius);
        Assert.Equal(1, m.MeanVolume / ball.MeanVolume, 5);
        Assert.Equal(1, m.MeanSurfaceArea / ball.MeanSurfaceArea, 5);
        Assert.Equal(1, m.MeanIntegralOfMeanCurvature / ball.MeanIntegralOfMeanCurvature, 5);
    }

    /// <summary>
    /// E[min(A,C) max(A,C)^2] in closed form: with T = A + C and B = A/T ~ Beta(a1, a2) independent,
    /// it is E[T^3] (E[B (1-B)^2; B &lt; 1/2] + E[B^2 (1-B); B &gt; 1/2]), each a ratio of beta functions
    /// times a regularised incomplete beta function.
    /// </summary>
    [Theory]
    [InlineData(205, 3944, 1.971)]
    [InlineData(50, 50, 0.5)]
    [InlineData(3, 7, 1)]
    [InlineData(0.7, 1.3, 2)]
    [InlineData(1, 1, 1)]
    [InlineData(5000, 5200, 3)]
    [InlineData(1, 10000, 1)]
    public void QuadratureMeanVolumeMatchesTheIncompleteBetaClosedForm(double a1, double a2, double rate)
    {
        double s = a1 + a2;
        double t3 = s * (s + 1) * (s + 2) / (rate * rate * rate);
        double Part(double p, double q, bool lowerHalf)
        {
            double ratio = Math.Exp(SpecialFunctions.BetaLn(a1 + p, a2 + q) - SpecialFunctions.BetaLn(a1, a2));
            double lower = SpecialFunctions.BetaRegularized(a1 + p, a2 + q, 0.5);
            return ratio * (lowerHalf ? lower : 1 - lower);
        }

        double expected = 4.0 / 3 * Math.PI * t3 * (Part(1, 2, true) + Part(2, 1, false));
        var m = GrainMoments.Compute(new GammaSpheroids(a1, a2, rate));
        Assert.Equal(1, m.MeanVolume / expected, 9);
    }

    /// <summary>The quadrature against a direct two-dimensional integral over the two gamma densities.</summary>
    [Theory]
    [InlineData(3, 7)]
    [InlineData(20, 20)]
    [InlineData(1.5, 40)]
    public void QuadratureMatchesTheDoubleIntegralOverBothGammaDensities(double a1, double a2)
    {
        double Density(double shape, double x) => Math.Exp((shape - 1) * Math.Log(x) - x - SpecialFunctions.GammaLn(shape));
        double upperA = a1 + 40 * Math.Sqrt(a1) + 40, upperC = a2 + 40 * Math.Sqrt(a2) + 40;
        // x = u^2 removes the x^(shape - 1) singularities at 0; the inner integral is split at the kink c = a.
        double Expect(Func<GrainMeans, double> measure) => Simpson(
            u =>
            {
                double a = u * u;
                double below = Simpson(v => 2 * v * Density(a2, v * v) * measure(GrainMoments.Spheroid(a, v * v)), 1e-9, u, 200);
                double above = Simpson(c => Density(a2, c) * measure(GrainMoments.Spheroid(a, c)), a, upperC, 1000);
                return 2 * u * Density(a1, a) * (below + above);
            },
            1e-9,
            Math.Sqrt(upperA),
            400);

        var m = GrainMoments.Compute(new GammaSpheroids(a1, a2, 1));
        Assert.Equal(1, m.MeanSurfaceArea / Expect(g => g.MeanSurfaceArea), 5);
        Assert.Equal(1, m.MeanIntegralOfMeanCurvature / Expect(g => g.MeanIntegralOfMeanCurvature), 5);
    }

    [Theory]
    [InlineData(205, 3944, 1.971)]
    [InlineData(2, 5, 0.1)]
    [InlineData(0.8, 0.8, 1)]
    public void QuadratureAndMonteCarloAgree(double a1, double a2, double rate)
    {
        var grains = new GammaSpheroids(a1, a2, rate);
        var q = GrainMoments.Compute(grains);
        var mc = GrainMoments.Compute(grains, new GrainMomentOptions(200_000, 11));
        // 200000 draws: standard errors below 0.4 % even for the heavy-tailed volume of shape 0.8.
        double tolerance = a1 < 1 ? 0.02 : 0.006;
        Assert.InRange(mc.MeanVolume / q.MeanVolume, 1 - tolerance, 1 + tolerance);
        Assert.InRange(mc.MeanSurfaceArea / q.MeanSurfaceArea, 1 - tolerance, 1 + tolerance);
        Assert.InRange(mc.MeanIntegralOfMeanCurvature / q.MeanIntegralOfMeanCurvature, 1 - tolerance, 1 + tolerance);
        // The paper's 10000 samples: deterministic for a seed, within 1 % here.
        var paper = GrainMoments.Compute(grains, new GrainMomentOptions(10_000, 1));
        Assert.Equal(paper, GrainMoments.Compute(grains, new GrainMomentOptions(10_000, 1)));
    }

    [Fact]
    public void BadGrainParametersAreRefused()
    {
        Assert.Equal("InvalidGrainParameter", Assert.Throws<MicroMorphException>(() => GrainMoments.Compute(new GammaSpheroids(0, 3944, 1.971))).ErrorId);
        Assert.Equal("InvalidGrainParameter", Assert.Throws<MicroMorphException>(() => GrainMoments.Compute(new ExponentialRadiusBalls(double.NaN))).ErrorId);
        Assert.Equal("InvalidMonteCarloSamples", Assert.Throws<MicroMorphException>(() => GrainMoments.Compute(new ConstantRadiusBalls(1), new GrainMomentOptions(-5))).ErrorId);
    }
}

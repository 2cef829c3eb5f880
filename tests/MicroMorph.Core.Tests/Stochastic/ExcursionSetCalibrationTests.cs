using System.Globalization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class ExcursionSetCalibrationTests
{
    private static readonly double[] Thresholds = [0, 0.499, 1.5, -0.8, 2.5];
    private static readonly double[] Correlations = [-0.99, -0.9, -0.3, 0, 0.2, 0.5, 0.95, 0.999];

    /// <summary>
    /// P(X >= mu, Y >= mu) for standard normals with correlation rho, conditioning on X:
    /// integral_mu^inf phi(x) (1 - Phi((mu - rho x) / sqrt(1 - rho^2))) dx (an independent route to Eq. 21).
    /// </summary>
    private static double Orthant(double mu, double rho)
    {
        double s = Math.Sqrt(1 - rho * rho);
        return Integrate.OnClosedInterval(x => Normal.PDF(0, 1, x) * (1 - Normal.CDF(0, 1, (mu - rho * x) / s)), mu, mu + 40, 1e-14);
    }

    [Fact]
    public void CorrectedEq21HasTheRightLimitsAndSheppardsFormulaAtMuZero()
    {
        foreach (double mu in Thresholds)
        {
            double v = 1 - Normal.CDF(0, 1, mu);
            Assert.Equal(v, ExcursionSetCalibration.CoverageFromCorrelation(mu, 1), 12);      // the same point
            Assert.Equal(v * v, ExcursionSetCalibration.CoverageFromCorrelation(mu, 0), 14);  // independence
            Assert.Equal(Math.Max(0, 2 * v - 1), ExcursionSetCalibration.CoverageFromCorrelation(mu, -1), 12); // Z2 = -Z1
        }

        // Sheppard: P(X >= 0, Y >= 0) = 1/4 + asin(rho) / (2 pi); the printed Eq. 21 (no 1/(2 pi)) would give 1/4 + asin(rho).
        foreach (double rho in Correlations)
        {
            Assert.Equal(0.25 + Math.Asin(rho) / (2 * Math.PI), ExcursionSetCalibration.CoverageFromCorrelation(0, rho), 14);
        }
    }

    [Fact]
    public void CorrectedEq21EqualsTheBivariateNormalOrthantProbability()
    {
        foreach (double mu in Thresholds)
        {
            foreach (double rho in Correlations)
            {
                Assert.Equal(Orthant(mu, rho), ExcursionSetCalibration.CoverageFromCorrelation(mu, rho), 1e-10);
            }
        }
    }

    [Fact]
    public void CorrectedEq21EqualsScipysBivariateNormalCdf()
    {
        // P(X >= mu, Y >= mu) = P(X <= -mu, Y <= -mu) = multivariate_normal.cdf([-mu, -mu]).
        string args = string.Join(";", Thresholds.SelectMany(mu => Correlations.Select(r => string.Create(CultureInfo.InvariantCulture, $"{mu:R},{r:R}"))));
        string? output = PeerPython.Run(
            """
            import sys
            from scipy.stats import multivariate_normal as mvn
            for pair in sys.argv[1].split(';'):
                mu, r = map(float, pair.split(','))
                print(repr(mvn.cdf([-mu, -mu], mean=[0, 0], cov=[[1, r], [r, 1]], abseps=1e-12, releps=1e-12)))
            """,
            args);
        if (output is null)
        {
            return; // no SciPy on this machine
        }

        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int i = 0;
        foreach (double mu in Thresholds)
        {
            foreach (double rho in Correlations)
            {
                Assert.Equal(expected[i++], ExcursionSetCalibration.CoverageFromCorrelation(mu, rho), 1e-9);
            }
        }
    }

    [Fact]
    public void BisectionInvertsEq21AndClampsOutsideItsRange()
    {
        foreach (double mu in Thresholds)
        {
            foreach (double rho in Correlations.Where(r => r > -0.95))
            {
                // Where C hardly moves with rho (C below 1e-6, e.g. mu = 1.5 and rho = -0.9 give C = 2.6e-13),
                // rho is only determined as far as C's rounding allows: check the coverage instead.
                double c = ExcursionSetCalibration.CoverageFromCorrelation(mu, rho);
                double back = ExcursionSetCalibration.CorrelationFromCoverage(mu, c);
                if (c > 1e-6)
                {
                    Assert.Equal(rho, back, 1e-8);
                }
                else
                {
                    Assert.Equal(c, ExcursionSetCalibration.CoverageFromCorrelation(mu, back), 1e-15);
                }
            }

            double v = 1 - Normal.CDF(0, 1, mu);
            Assert.Equal(1, ExcursionSetCalibration.CorrelationFromCoverage(mu, v + 0.01));
            Assert.Equal(-1, ExcursionSetCalibration.CorrelationFromCoverage(mu, Math.Max(0, 2 * v - 1) - 0.01));
        }
    }

    [Fact]
    public void ThresholdIsTheNormalQuantileOfEq19()
    {
        Assert.Equal(0, ExcursionSetCalibration.Threshold(0.5), 14);
        Assert.Equal(1.0, ExcursionSetCalibration.Threshold(1 - Normal.CDF(0, 1, 1.0)), 10);
        Assert.Equal(0.499, ExcursionSetCalibration.Threshold(ExcursionSetCalibration.VolumeFraction(0.499)), 10);
        Assert.Equal(-2.0, ExcursionSetCalibration.Threshold(Normal.CDF(0, 1, 2.0)), 10);
        foreach (double bad in new[] { 0.0, 1.0, -0.1, 1.5, double.NaN })
        {
            Assert.Equal("InvalidVolumeFraction", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Threshold(bad)).ErrorId);
        }
    }

    [Fact]
    public void LeastSquaresRecoversEtaFromExactCorrelations()
    {
        const double eta = 0.0127;
        var points = Enumerable.Range(1, 40).Select(k => (k * 20.0, 1 / (1 + eta * k * 20.0 * eta * k * 20.0))).ToArray();
        var (fitted, residual) = ExcursionSetCalibration.FitCovarianceScale(points);
        Assert.Equal(eta, fitted, 1e-9);
        Assert.True(residual < 1e-9);

        var flat = Enumerable.Range(1, 10).Select(k => (k * 1.0, 0.999)).ToArray();
        Assert.Equal("CovarianceNotResolved", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.FitCovarianceScale(flat)).ErrorId);
    }

    [Fact]
    public void RoundTripRecoversThresholdAndCovarianceScaleWithinTenPercent()
    {
        // 144^3 voxels of 20 nm, eta = 0.03 / nm (1/eta = 1.7 voxels), mu = 1. The estimate of mu
        // fluctuates like the window mean of Z (sd about 0.027, see FieldStatistics), so 10 % of mu is
        // more than 3.5 standard deviations.
        const int n = 144;
        const double mu = 1.0, eta = 0.03, voxel = 20;
        double sdMu = FieldStatistics.MeanDeviation(n, n, n, voxel, voxel, voxel, h => 1 / (1 + eta * h * eta * h));
        Assert.True(0.1 * mu > 3.5 * sdMu, $"sd of mu {sdMu}");

        var image = GaussianExcursionSet.Generate(n, n, n, new VoxelSize(voxel, "nm"), new GaussianExcursionSetParameters(mu, eta), 31, ComputeOptions.Default);
        var result = ExcursionSetCalibration.Calibrate(image, image.Phases[1], null, ComputeOptions.Default);
        Assert.Equal("Solid", result.Phase);
        Assert.Equal("nm", result.Unit);
        Assert.Equal(36 * 20.0, result.MaxDistance, 9); // a quarter of the extent
        Assert.Equal(mu, result.Threshold, 0.1 * mu);
        Assert.Equal(eta, result.CovarianceScale, 0.1 * eta);
        Assert.Equal(result.Threshold, ExcursionSetCalibration.Threshold(result.VolumeFraction), 12);
        Assert.Equal(new GaussianExcursionSetParameters(result.Threshold, result.CovarianceScale), result.Parameters);
        Assert.True(result.FitResidual < 0.02, $"residual {result.FitResidual}");

        // The non-parametric table: every distinct distance up to the maximum, rho from Eq. 21.
        Assert.All(result.Covariance, p =>
        {
            Assert.InRange(p.Distance, 1e-9, result.MaxDistance);
            Assert.Equal(p.Rho, ExcursionSetCalibration.CorrelationFromCoverage(result.Threshold, p.Coverage), 9);
            Assert.Equal(1 / (1 + result.CovarianceScale * p.Distance * result.CovarianceScale * p.Distance), p.FittedRho, 12);
        });
        var first = result.Covariance[0];
        Assert.Equal(20.0, first.Distance, 9);
        Assert.Equal(1 / (1 + 0.36), first.Rho, 0.05); // rho(20 nm) = 0.735
    }

    [Fact]
    public void DegenerateImagesAndDistancesAreRefused()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);
        var empty = new PhaseImage(16, 16, 16, table);
        Assert.Equal("DegenerateVolumeFraction", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Calibrate(empty, table[1], null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("DegenerateVolumeFraction", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Calibrate(empty, table[0], null, ComputeOptions.Default)).ErrorId);
        empty.GetLabels(3)[5] = 1;
        Assert.Equal("InvalidMaxDistance", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Calibrate(empty, table[1], -1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidMaxDistance", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Calibrate(empty, table[1], double.NaN, ComputeOptions.Default)).ErrorId);

        // White noise: uncorrelated at one voxel already, so eta is not resolved.
        var noise = new PhaseImage(32, 32, 32, table);
        var rng = new RandomStream(1);
        for (int z = 0; z < 32; z++)
        {
            var s = noise.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextDouble() < 0.4 ? (byte)1 : (byte)0;
            }
        }

        Assert.Equal("CovarianceNotResolved", Assert.Throws<MicroMorphException>(() => ExcursionSetCalibration.Calibrate(noise, table[1], 5, ComputeOptions.Default)).ErrorId);
    }
}

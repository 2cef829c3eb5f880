using MicroMorph.Core.Errors;
using MicroMorph.Core.Transport;
using Xunit;

namespace MicroMorph.Core.Tests.Transport;

public class MFactorRegressionTests
{
    [Fact]
    public void PaperCoefficientsPredictEq28()
    {
        var paper = MFactorPowerLaw.Paper;
        Assert.Equal((2.1939, 0.0, 5.0152), (paper.A, paper.B, paper.C));
        Assert.Equal(Math.Pow(0.4, 2.1939) / Math.Pow(1.2, 5.0152), paper.Predict(0.4, 0.3, 1.2), 14);
    }

    [Fact]
    public void PowerLawFitRecoversExactCoefficients()
    {
        // Samples generated from M = eps^1.5 beta^0.4 / tau^2.2 exactly: least squares on the logs returns them with R^2 = 1.
        var rng = new Random(5);
        var samples = Enumerable.Range(0, 12).Select(_ =>
        {
            double e = 0.2 + 0.6 * rng.NextDouble(), b = 0.1 + 0.8 * rng.NextDouble(), t = 1 + rng.NextDouble();
            return new MFactorSample(e, b, t, Math.Pow(e, 1.5) * Math.Pow(b, 0.4) / Math.Pow(t, 2.2));
        }).ToArray();
        var fit = MFactorRegression.FitPowerLaw(samples);
        Assert.Equal(1.5, fit.A, 10);
        Assert.Equal(0.4, fit.B, 10);
        Assert.Equal(2.2, fit.C, 10);
        Assert.Equal(1.0, fit.RSquared, 12);
        Assert.Equal(12, fit.Count);

        var withoutBeta = MFactorRegression.FitPowerLaw(samples.Select(s => s with { MFactor = Math.Pow(s.VolumeFraction, 2.1939) / Math.Pow(s.GeodesicTortuosity, 5.0152) }).ToArray(), fitConstrictivity: false);
        Assert.Equal((2.1939, 0.0, 5.0152), (Math.Round(withoutBeta.A, 10), withoutBeta.B, Math.Round(withoutBeta.C, 10)));
    }

    [Fact]
    public void LinearFitMatchesClosedForm()
    {
        // Points on the paper's solid-phase line M = 0.5588 V1 - 0.02061 plus symmetric noise: slope and intercept exact.
        double[] v1 = [0.05, 0.10, 0.15, 0.20];
        double[] noise = [0.001, -0.001, -0.001, 0.001];
        var samples = v1.Select((v, i) => new MFactorSample(0.5, 0.3, 1.5, 0.5588 * v - 0.02061 + noise[i], v)).ToArray();
        var fit = MFactorRegression.FitLinear(samples);
        Assert.Equal(0.5588, fit.C1, 10);
        Assert.Equal(-0.02061, fit.C0, 10);
        Assert.InRange(fit.RSquared, 0.99, 1.0);
    }

    [Fact]
    public void NonPercolatingSamplesAndTooFewAreRefused()
    {
        Assert.Equal("InvalidSample", Assert.Throws<MicroMorphException>(() => MFactorRegression.FitPowerLaw([new(0.3, 0.2, 1.2, 0.1), new(0.3, 0.2, 1.3, 0), new(0.4, 0.3, 1.1, 0.2)])).ErrorId);
        Assert.Equal("TooFewSamples", Assert.Throws<MicroMorphException>(() => MFactorRegression.FitPowerLaw([new(0.3, 0.2, 1.2, 0.1)])).ErrorId);
        Assert.Equal("TooFewSamples", Assert.Throws<MicroMorphException>(() => MFactorRegression.FitLinear([new(0.3, 0.2, 1.2, 0.1, 0.1)])).ErrorId);
    }
}

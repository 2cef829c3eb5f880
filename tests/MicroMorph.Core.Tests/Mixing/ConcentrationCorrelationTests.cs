using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;
using Xunit.Abstractions;

namespace MicroMorph.Core.Tests.Mixing;

public class ConcentrationCorrelationTests(ITestOutputHelper output)
{
    private static AggregateMap Map(int size, long seed, MixtureArrangement arrangement = MixtureArrangement.Random) => AggregateMapSimulator.Generate(new AggregateMapParameters
    {
        Width = size,
        Height = size - 7, // not square, to catch axis mix-ups
        CarbonDiameter = 7,
        SilicaDiameter = 5,
        CarbonParticleFraction = 0.5,
        Coverage = 0.7,
        Arrangement = arrangement,
        Seed = seed,
        PixelSize = 2,
        Unit = "nm",
    });

    /// <summary>Eq. 7 by the definition: every ordered pair of foreground pixels whose distance rounds to h.</summary>
    private static (double[] C, long[] N) BruteForce(AggregateMap map, int maxLag)
    {
        double p = map.CarbonFraction;
        var sums = new double[maxLag + 1];
        var counts = new long[maxLag + 1];
        double Conc(PixelClass c) => c == PixelClass.CarbonOnly ? 1 : c == PixelClass.Both ? 0.5 : 0;
        for (int y = 0; y < map.Height; y++)
        {
            for (int x = 0; x < map.Width; x++)
            {
                if (map[x, y] == PixelClass.Background)
                {
                    continue;
                }

                for (int dy = -maxLag - 1; dy <= maxLag + 1; dy++)
                {
                    for (int dx = -maxLag - 1; dx <= maxLag + 1; dx++)
                    {
                        int u = x + dx, v = y + dy;
                        if (u < 0 || v < 0 || u >= map.Width || v >= map.Height || map[u, v] == PixelClass.Background)
                        {
                            continue;
                        }

                        int h = (int)Math.Round(Math.Sqrt(dx * dx + dy * dy), MidpointRounding.AwayFromZero);
                        if (h <= maxLag)
                        {
                            sums[h] += (Conc(map[x, y]) - p) * (Conc(map[u, v]) - p);
                            counts[h]++;
                        }
                    }
                }
            }
        }

        return (sums.Select((s, h) => s / (counts[h] - 1)).ToArray(), counts);
    }

    [Fact]
    public void FftCovarianceEqualsTheDirectSumOverPixelPairs()
    {
        var map = Map(48, 3);
        var r = ConcentrationCorrelation.Compute(map, 20, 0); // 10 pixels
        var (c, n) = BruteForce(map, 10);
        Assert.Equal(11, r.Points.Count);
        for (int h = 0; h <= 10; h++)
        {
            Assert.Equal(n[h], r.Points[h].PairCount);
            Assert.Equal(c[h], r.Points[h].Covariance, 10);
            Assert.Equal(c[h] / map.MaxVariance, r.Points[h].Correlation, 10);
            Assert.Equal(2.0 * h, r.Points[h].Distance, 12);
        }
    }

    [Fact]
    public void CorrelationAtZeroIsOneAndSwappingSpeciesChangesNothing()
    {
        var map = Map(120, 8, MixtureArrangement.Segregated);
        var r = ConcentrationCorrelation.Compute(map, 60, 3);
        long n0 = map.ForegroundCount;
        Assert.Equal(n0, r.Points[0].PairCount);
        Assert.InRange(r.Points[0].Correlation - 1, 0, 1.0 / (n0 - 1) + 1e-9); // R(0) = n0 / (n0 - 1) by Eq. 7's n - 1

        // Silica concentration 1 - c: swap the [1,0] and [0,1] classes.
        var swapped = new AggregateMap(map.Width, map.Height, map.GetClasses().Select(v => (byte)(v == 1 ? 2 : v == 2 ? 1 : v)).ToArray(), map.PixelSize, map.Unit);
        Assert.Equal(1 - map.CarbonFraction, swapped.CarbonFraction, 12);
        var s = ConcentrationCorrelation.Compute(swapped, 60, 3);
        for (int h = 0; h < r.Points.Count; h++)
        {
            Assert.Equal(r.Points[h].Correlation, s.Points[h].Correlation, 10);
            Assert.Equal(r.Points[h].SmoothedCorrelation, s.Points[h].SmoothedCorrelation, 10);
        }

        // Segregated clusters stay correlated far longer than a random mixture.
        var random = ConcentrationCorrelation.Compute(Map(120, 8), 60, 3);
        output.WriteLine($"R(10 nm): segregated {r.Points[5].Correlation:F3}, random {random.Points[5].Correlation:F3}");
        Assert.True(r.Points[5].Correlation > 0.5);
        Assert.True(Math.Abs(random.Points[10].Correlation) < 0.1);
    }

    [Fact]
    public void ResultDoesNotDependOnTheDegreeOfParallelism()
    {
        var map = Map(100, 4);
        var one = ConcentrationCorrelation.Compute(map, 40, 2, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = ConcentrationCorrelation.Compute(map, 40, 2, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Points, two.Points);
    }

    [Fact]
    public void SmoothingAndAveragingFollowEq9()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [1, 0.5, 0.2, 0.1, 0];
        var s = ConcentrationCorrelation.Smooth(x, y, 1, [0.0, 2.0]);
        double W(double u) => Math.Exp(-0.5 * u * u);
        double expected0 = (W(0) * 1 + 2 * W(1) * 0.5 + 2 * W(2) * 0.2 + 2 * W(3) * 0.1) / (W(0) + 2 * (W(1) + W(2) + W(3) + W(4)));
        Assert.Equal(expected0, s[0], 12);
        Assert.Equal(0.35, ConcentrationCorrelation.Smooth(x, y, 0, [1.5])[0], 12);

        var a = ConcentrationCorrelation.Compute(Map(80, 1), 30, 2);
        var b = ConcentrationCorrelation.Compute(Map(80, 2), 30, 2);
        var mean = ConcentrationCorrelation.Average([a, b]);
        Assert.Equal(2, mean.AggregateCount);
        for (int i = 0; i < mean.Points.Count; i++)
        {
            Assert.Equal(0.5 * (a.Points[i].SmoothedCorrelation + b.Points[i].SmoothedCorrelation), mean.Points[i].SmoothedCorrelation, 12);
        }
    }

    [Theory]
    [InlineData(new[] { "Segregated-101", "Segregated-102", "Segregated-110" }, "Segregated, mean of 3 maps")]
    [InlineData(new[] { "C65-1", "C65-2" }, "C65, mean of 2 maps")]
    [InlineData(new[] { "C65_Map2", "C65_Map7" }, "C65_Map, mean of 2 maps")]
    [InlineData(new[] { "KB", "C65" }, "mean of 2 maps")]
    [InlineData(new[] { "Dispersed-1" }, "Dispersed-1, mean of 1 map")]
    public void TheMeanIsNamedAfterTheMaps(string[] names, string expected)
    {
        // Figure legends and tables tell the means of several conditions apart by their names (000 Fig. 7).
        var curve = ConcentrationCorrelation.Compute(Map(40, 1), 10, 1);
        var curves = names.Select(n => curve with { Name = n }).ToArray();
        Assert.Equal(expected, ConcentrationCorrelation.Average(curves).Name);
        Assert.Equal("given", ConcentrationCorrelation.Average(curves, "given").Name);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var map = Map(40, 1);
        Assert.Equal("InvalidMaxDistance", Assert.Throws<MicroMorphException>(() => ConcentrationCorrelation.Compute(map, 0, 1)).ErrorId);
        Assert.Equal("InvalidMaxDistance", Assert.Throws<MicroMorphException>(() => ConcentrationCorrelation.Compute(map, 1, 1)).ErrorId); // below one 2 nm pixel
        Assert.Equal("InvalidBandwidth", Assert.Throws<MicroMorphException>(() => ConcentrationCorrelation.Compute(map, 10, -1)).ErrorId);
        Assert.Equal("EmptyForeground", Assert.Throws<MicroMorphException>(() => ConcentrationCorrelation.Compute(new AggregateMap(5, 5, new byte[25]), 3, 0)).ErrorId);
    }
}

public class CorrelationModelTests(ITestOutputHelper output)
{
    private static readonly double[] Distances = Enumerable.Range(0, 201).Select(i => (double)i).ToArray();

    [Theory]
    [InlineData(5.13, 9.34, 0.86, 0.13)] // 000 Table 1, KB
    [InlineData(9.93, 4.70, 1.19, 0.22)] // 000 Table 1, C65
    public void Table1ParametersAreRecoveredFromNoiseFreeCurves(double s1, double s2, double nu, double lambda)
    {
        var r = Distances.Select(h => CorrelationModel.Evaluate(h, s1, s2, nu, lambda)).ToArray();
        var fit = CorrelationModel.Fit(Distances, r);
        output.WriteLine($"{fit}");
        Assert.InRange(fit.S1 / s1, 0.98, 1.02);
        Assert.InRange(fit.S2 / s2, 0.98, 1.02);
        Assert.InRange(fit.Nu / nu, 0.98, 1.02);
        Assert.InRange(fit.Lambda / lambda, 0.98, 1.02);
        Assert.True(fit.RSquared > 0.999999);
    }

    [Theory]
    [InlineData(5.13, 9.34, 0.86, 0.13)]
    [InlineData(9.93, 4.70, 1.19, 0.22)]
    public void FitIsStableUnderNoise(double s1, double s2, double nu, double lambda)
    {
        var rng = new RandomStream(42, 7);
        var r = Distances.Select(h => CorrelationModel.Evaluate(h, s1, s2, nu, lambda) + 0.005 * rng.NextGaussian()).ToArray();
        var fit = CorrelationModel.Fit(Distances, r);
        output.WriteLine($"{fit}");
        Assert.InRange(fit.S1 / s1, 0.9, 1.1);
        Assert.InRange(fit.S2 / s2, 0.9, 1.1);
        Assert.InRange(fit.Nu / nu, 0.9, 1.1);
        Assert.InRange(fit.Lambda, lambda - 0.03, lambda + 0.03);
        Assert.True(fit.RSquared > 0.99);
        Assert.Equal(1.0, CorrelationModel.Evaluate(0, fit.S1, fit.S2, fit.Nu, fit.Lambda), 12);
    }

    [Fact]
    public void TooFewPointsAreRefused() =>
        Assert.Equal("TooFewPoints", Assert.Throws<MicroMorphException>(() => CorrelationModel.Fit([0, 1, 2], [1, 0.5, 0.2])).ErrorId);
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;
using Xunit.Abstractions;

namespace MicroMorph.Core.Tests.Mixing;

public class SchmahlIndexTests(ITestOutputHelper output)
{
    private static AggregateMap Simulate(MixtureArrangement arrangement, long seed, double dc = 10, double ds = 10, double q = 0.5, double spreadC = 0, double spreadS = 0) =>
        AggregateMapSimulator.Generate(new AggregateMapParameters
        {
            Width = 512,
            Height = 512,
            CarbonDiameter = dc,
            SilicaDiameter = ds,
            CarbonDiameterSpread = spreadC,
            SilicaDiameterSpread = spreadS,
            CarbonParticleFraction = q,
            Arrangement = arrangement,
            Seed = seed,
        });

    private static double MeanIndex(MixtureArrangement arrangement, double dc, double ds, double q, double spreadC = 0, double spreadS = 0, int maps = 20, ITestOutputHelper? log = null)
    {
        double sum = 0;
        for (int i = 0; i < maps; i++)
        {
            var map = Simulate(arrangement, 100 + i, dc, ds, q, spreadC, spreadS);
            var r = SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = new PrimaryParticleSizes(dc, ds, spreadC, spreadS), Seed = i })[0];
            log?.WriteLine($"{i}: P={r.CarbonFraction:F3} s2={r.Variance:F5} max={r.MaxVariance:F4} min={r.MinVariance:F5} M={r.SchmahlIndex:F3}");
            sum += r.SchmahlIndex;
        }

        return sum / maps;
    }

    [Theory]
    [InlineData(8, 8, 0.5, 0, 0)]
    [InlineData(11, 6, 0.4, 0, 0)]
    [InlineData(9, 6, 0.6, 2, 1.5)]
    public void RandomMixturesHaveSchmahlIndexNearOne(double dc, double ds, double q, double spreadC, double spreadS)
    {
        double mean = MeanIndex(MixtureArrangement.Random, dc, ds, q, spreadC, spreadS, log: output);
        output.WriteLine($"mean {mean:F3}");
        Assert.InRange(mean, 0.85, 1.15);
    }

    [Fact]
    public void SegregatedMixturesHaveSchmahlIndexNearZero()
    {
        double mean = MeanIndex(MixtureArrangement.Segregated, 8, 8, 0.5, log: output);
        output.WriteLine($"mean {mean:F3}");
        Assert.InRange(mean, -0.15, 0.15);
    }
}

public class SchmahlIndexPropertyTests
{
    private static AggregateMap RandomMap(long seed) => AggregateMapSimulator.Generate(new AggregateMapParameters
    {
        Width = 200,
        Height = 200,
        CarbonDiameter = 9,
        SilicaDiameter = 6,
        CarbonParticleFraction = 0.4,
        Coverage = 0.6,
        Seed = seed,
    });

    [Fact]
    public void SinglePixelCutoutsGiveTheUnmixedVariance()
    {
        var map = RandomMap(5);
        Assert.True(map.BothCount > 0); // the test covers all three classes
        var r = SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = new PrimaryParticleSizes(9, 6), ParticleCounts = [0], SampleCount = 4000, Seed = 3 })[0];
        double p = map.CarbonFraction;
        double eq4 = map.P10 * (1 - p) * (1 - p) + map.P01 * p * p + map.P11 * (0.5 - p) * (0.5 - p);
        Assert.Equal(eq4, r.MaxVariance, 12);
        Assert.InRange(r.Variance / eq4, 0.95, 1.05);
        Assert.Equal(1, r.CutoutSide);
        Assert.True(double.IsNaN(r.SchmahlIndex));
    }

    [Fact]
    public void ClassFractionsAndConcentrationFollowEq3()
    {
        // 2 x 2 map: [1,0], [0,1], [1,1], background.
        var map = new AggregateMap(2, 2, [1, 2, 3, 0]);
        Assert.Equal(3, map.ForegroundCount);
        Assert.Equal(1.0 / 3, map.P10, 12);
        Assert.Equal(1.0 / 3, map.P01, 12);
        Assert.Equal(1.0 / 3, map.P11, 12);
        Assert.Equal(0.5, map.CarbonFraction, 12);
        Assert.Equal((0.25 + 0.25 + 0) / 3, map.MaxVariance, 12);
    }

    [Theory]
    [InlineData(0.3, 10)]
    [InlineData(0.7, 25)]
    public void MinimumVarianceReducesToBernoulliForEqualMonodisperseSpecies(double p, int n)
    {
        var sizes = new PrimaryParticleSizes(20, 20);
        Assert.Equal(p * (1 - p) / n, sizes.MinVariance(p, n), 14);
        Assert.Equal(Math.PI * 100, sizes.MeanProjectedArea(p), 10);
    }

    [Fact]
    public void MinimumVarianceOfUnequalSpeciesIsTheFirstOrderValueOfTheAreaWeightedConcentration()
    {
        // Delta method on X = sum s_k a_C / sum (s_k a_C + (1 - s_k) a_S) with n_C ~ Bin(N, q):
        // Var X = q (1 - q) / N (a_C a_S / a_mean^2)^2, a_mean = q a_C + (1 - q) a_S.
        double dc = 30, ds = 10, q = 0.2, n = 25;
        double ac = dc * dc, asi = ds * ds, am = q * ac + (1 - q) * asi;
        double p = q * ac / am;
        double expected = q * (1 - q) / n * Math.Pow(ac * asi / (am * am), 2);
        Assert.Equal(expected, new PrimaryParticleSizes(dc, ds).MinVariance(p, n), 12);
    }

    [Fact]
    public void CutoutsAreTheSmallestSquaresHoldingTheTargetAreaByBruteForce()
    {
        var map = RandomMap(9);
        var sampler = new CutoutSampler(map);
        var rng = new Random(1);
        foreach (double target in new[] { 1.0, 7.5, 200, 1234 })
        {
            for (int k = 0; k < 20; k++)
            {
                int pixel = sampler.ForegroundPixels[rng.Next(sampler.ForegroundPixels.Length)];
                var (radius, concentration) = sampler.Cutout(pixel, target);
                int x = pixel % map.Width, y = pixel / map.Width;
                var (f, c) = Brute(map, x, y, radius);
                Assert.True(f >= target);
                Assert.Equal(0.5 * c / f, concentration, 14);
                if (radius > 0)
                {
                    Assert.True(Brute(map, x, y, radius - 1).Foreground < target);
                }
            }
        }
    }

    private static (int Foreground, int CarbonHalves) Brute(AggregateMap map, int x, int y, int rad)
    {
        int f = 0, c2 = 0;
        for (int j = Math.Max(0, y - rad); j <= Math.Min(map.Height - 1, y + rad); j++)
        {
            for (int i = Math.Max(0, x - rad); i <= Math.Min(map.Width - 1, x + rad); i++)
            {
                var v = map[i, j];
                if (v != PixelClass.Background)
                {
                    f++;
                    c2 += v == PixelClass.CarbonOnly ? 2 : v == PixelClass.Both ? 1 : 0;
                }
            }
        }

        return (f, c2);
    }

    [Fact]
    public void SameSeedSameResultAndCountsAreIndependent()
    {
        var map = RandomMap(2);
        var sizes = new PrimaryParticleSizes(9, 6);
        var a = SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = sizes, ParticleCounts = [5, 25], Seed = 4 });
        var b = SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = sizes, ParticleCounts = [25], Seed = 4 });
        Assert.Equal(a[1].Variance, b[0].Variance);
        Assert.Equal(a[1].LocalConcentrations, b[0].LocalConcentrations);
    }

    [Fact]
    public void VarianceFallsWithCutoutSize()
    {
        var map = RandomMap(3);
        var rs = SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = new PrimaryParticleSizes(9, 6), ParticleCounts = [0, 1, 5, 25, 60], SampleCount = 300, Seed = 2 });
        for (int i = 1; i < rs.Count; i++)
        {
            Assert.True(rs[i].Variance < rs[i - 1].Variance, $"N = {rs[i].ParticleCount}");
            Assert.True(rs[i].CutoutSide > rs[i - 1].CutoutSide);
        }
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var sizes = new PrimaryParticleSizes(9, 6);
        var options = new SchmahlIndexOptions { Sizes = sizes };
        Assert.Equal("EmptyForeground", Assert.Throws<MicroMorphException>(() => SchmahlIndexAnalysis.Compute(new AggregateMap(4, 4, new byte[16]), options)).ErrorId);
        var carbonOnly = new byte[16];
        carbonOnly[3] = 1;
        Assert.Equal("SpeciesMissing", Assert.Throws<MicroMorphException>(() => SchmahlIndexAnalysis.Compute(new AggregateMap(4, 4, carbonOnly), options)).ErrorId);
        var map = RandomMap(1);
        Assert.Equal("CutoutExceedsAggregate", Assert.Throws<MicroMorphException>(() => SchmahlIndexAnalysis.Compute(map, options with { ParticleCounts = [100000] })).ErrorId);
        Assert.Equal("InvalidSampleCount", Assert.Throws<MicroMorphException>(() => SchmahlIndexAnalysis.Compute(map, options with { SampleCount = 1 })).ErrorId);
        Assert.Equal("InvalidCarbonDiameter", Assert.Throws<MicroMorphException>(() => SchmahlIndexAnalysis.Compute(map, options with { Sizes = new PrimaryParticleSizes(0, 6) })).ErrorId);
        Assert.Equal("InvalidPixelClass", Assert.Throws<MicroMorphException>(() => new AggregateMap(1, 1, [7])).ErrorId);
    }
}

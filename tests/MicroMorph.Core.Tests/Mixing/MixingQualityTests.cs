using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;

namespace MicroMorph.Core.Tests.Mixing;

public class MixingQualityTests
{
    /// <summary>n values with the given sample mean and empirical variance (n - 1): half at mean + d, half at mean - d.</summary>
    private static double[] WithMeanAndVariance(int n, double mean, double variance)
    {
        double d = Math.Sqrt((n - 1) * variance / n);
        return Enumerable.Range(0, n).Select(i => i % 2 == 0 ? mean + d : mean - d).ToArray();
    }

    /// <summary>
    /// 000 Section 3.3: C65 (50 maps) P-bar 0.71, s^2 0.015, M-bar 0.458, s^2_M 0.033 -> 0.927, 0.867, 0.751;
    /// KB (30 maps) M-bar 0.557, s^2_M 0.125, s^2 0.125, P-bar "0.61" -> 0.474, 0.493, 0.508. With P-bar = 0.61
    /// exactly psi_P would be 0.4746 (0.475); the printed 0.474 needs P-bar in [0.6102, 0.6121], which still
    /// rounds to 0.61, so the KB input uses P-bar = 0.612.
    /// </summary>
    [Theory]
    [InlineData(50, 0.71, 0.015, 0.458, 0.033, 0.927, 0.867, 0.751)]
    [InlineData(30, 0.612, 0.125, 0.557, 0.125, 0.474, 0.493, 0.508)]
    public void PaperValuesOfSection33AreReproduced(int n, double pMean, double pVar, double mMean, double mVar, double psiP, double psiM, double psiComb)
    {
        var r = MixingQuality.Compute(WithMeanAndVariance(n, pMean, pVar), WithMeanAndVariance(n, mMean, mVar));
        Assert.Equal(n, r.AggregateCount);
        Assert.Equal(pMean, r.MeanCarbonFraction, 12);
        Assert.Equal(pVar, r.CarbonFractionVariance, 12);
        Assert.Equal(mVar, r.SchmahlIndexVariance, 12);
        Assert.Equal(psiP, Math.Round(r.PsiP, 3));
        Assert.Equal(psiM, Math.Round(r.PsiM, 3));
        Assert.Equal(psiComb, Math.Round(r.PsiCombined, 3));
    }

    [Fact]
    public void WeightsAndExclusionFollowEq13AndSection32()
    {
        double[] p = [0.5, 0.6, 0.97, 0.7];
        double[] m = [0.3, 0.5, 0.99, 0.4];
        var all = MixingQuality.Compute(p, m, 1, 2, 3);
        Assert.Equal((all.MeanSchmahlIndex + 2 * all.PsiM + 3 * all.PsiP) / 6, all.PsiCombined, 14);
        var cut = MixingQuality.Compute(p, m, maxCarbonFraction: 0.95);
        Assert.Equal(3, cut.AggregateCount);
        Assert.Equal(1, cut.ExcludedCount);
        Assert.Equal(0.6, cut.MeanCarbonFraction, 14);
        Assert.Equal(0.01, cut.CarbonFractionVariance, 14);
        Assert.Equal(0.4, cut.MeanSchmahlIndex, 14);
        Assert.Equal(1 - 0.01 / 0.24, cut.PsiP, 14);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Equal("TooFewAggregates", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([0.5], [0.5])).ErrorId);
        Assert.Equal("TooFewAggregates", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([0.5, 0.99], [0.5, 0.2], maxCarbonFraction: 0.95)).ErrorId);
        Assert.Equal("InvalidWeight", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([0.5, 0.6], [0.5, 0.2], 0, 0, 0)).ErrorId);
        Assert.Equal("InvalidAggregate", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([0.5, 0.6], [0.5, double.NaN])).ErrorId);
        // A carbon fraction is a concentration: 7 (a decimal-comma "0,7" read invariantly) or NaN is refused.
        Assert.Equal("InvalidAggregate", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([7, 0.72], [0.45, 0.5])).ErrorId);
        Assert.Equal("InvalidAggregate", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([0.5, double.NaN], [0.45, 0.5])).ErrorId);
        Assert.Equal("InvalidAggregate", Assert.Throws<MicroMorphException>(() => MixingQuality.Compute([-0.1, 0.5], [0.45, 0.5])).ErrorId);
    }

    [Fact]
    public void PsiMeasuresAreNeverNaNAndSayWhichIndicesTheyUsed()
    {
        double[] p = [0.5, 0.55, 0.45, 0.52];
        // Random mixtures: the paper's indices average above 1, so Eq. 11's bound M (1 - M) is negative.
        double[] paper = [1.12, 1.05, 1.2, 0.98];
        double[] reference = [1.02, 0.95, 1.08, 0.9];
        var capped = MixingQuality.Compute(p, paper);
        Assert.Equal(MixingQuality.PaperCappedSource, capped.PsiIndexSource);
        Assert.Equal(paper.Average(), capped.MeanSchmahlIndex, 14); // always the paper's mean
        double[] c = [1, 1, 1, 0.98];
        double mean = c.Average(), variance = c.Sum(v => (v - mean) * (v - mean)) / 3;
        Assert.Equal(mean, capped.PsiIndexMean, 14);
        Assert.Equal(1 - variance / (mean * (1 - mean)), capped.PsiM, 12);
        Assert.Equal((mean + capped.PsiM + capped.PsiP) / 3, capped.PsiCombined, 14);

        var withReference = MixingQuality.Compute(p, paper, referenceIndices: reference);
        Assert.Equal(MixingQuality.ReferenceCappedSource, withReference.PsiIndexSource);
        Assert.Equal(reference.Average(), withReference.MeanReferenceIndex, 14);
        double[] rc = [1, 0.95, 1, 0.9];
        Assert.Equal(rc.Average(), withReference.PsiIndexMean, 14);
        Assert.True(double.IsFinite(withReference.PsiM) && double.IsFinite(withReference.PsiCombined));

        // Every index at or above 1: no variance left, psi_MAS = 1.
        var allRandom = MixingQuality.Compute(p, [1.1, 1.2, 1.05, 1.3]);
        Assert.Equal(1, allRandom.PsiM);
        // The paper's mean in (0, 1): the paper's Eqs. 11-13 as printed, whatever the reference says.
        var mixed = MixingQuality.Compute(p, [0.4, 0.6, 1.1, 0.5], referenceIndices: reference);
        Assert.Equal(MixingQuality.PaperSource, mixed.PsiIndexSource);
        Assert.Equal(mixed.MeanSchmahlIndex, mixed.PsiIndexMean, 14);
        // Identical pure aggregates: psi_P = 1 instead of 0 / 0.
        Assert.Equal(1, MixingQuality.Compute([1.0, 1.0], [0.5, 0.6]).PsiP);
    }

    [Fact]
    public void TwelveRandomMapsGiveFinitePsiValues()
    {
        var rows = Enumerable.Range(0, 12).Select(i =>
        {
            var map = RandomMixtureReferenceTests.Map(0.4, true, 0.5, 0, 40 + i, 450);
            return SchmahlIndexAnalysis.Compute(map, new SchmahlIndexOptions { Sizes = new PrimaryParticleSizes(10, 10), Seed = i, ReferenceSimulations = 8 })[0];
        }).ToArray();
        Assert.True(rows.Average(r => r.SchmahlIndex) > 1); // the audit's finding: the paper's index of random mixtures
        var result = MixingQuality.Compute(rows.Select(r => r.CarbonFraction).ToArray(), rows.Select(r => r.SchmahlIndex).ToArray(), referenceIndices: rows.Select(r => r.ReferenceIndex).ToArray());
        Assert.Equal(MixingQuality.ReferenceCappedSource, result.PsiIndexSource);
        Assert.True(double.IsFinite(result.PsiP) && double.IsFinite(result.PsiM) && double.IsFinite(result.PsiCombined));
        Assert.InRange(result.PsiM, 0, 1);
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Inter-aggregate mixing measures from per-aggregate (P_i, M_AS,i) pairs, 000 Eqs. 2 and 10-13, never
/// NaN. Eqs. 11-13 use the paper's indices when their mean lies in (0, 1) (<see cref="PaperSource"/>).
/// Otherwise (random mixtures average above 1 on the paper's index, issue 22) they use MicroMorph's
/// reference-normalised indices when every aggregate has one, else the paper's, each capped to [0, 1]
/// (<see cref="ReferenceCappedSource"/>, <see cref="PaperCappedSource"/>): an index above 1 is a random
/// mixture within sampling error, the best state the bounds know. A bound m (1 - m) of 0 (all values at
/// 0, or all at 1) means zero variance, and psi is then 1 (every aggregate the same).
/// </summary>
public static class MixingQuality
{
    public static MixingQualityResult Compute(
        IReadOnlyList<double> carbonFractions,
        IReadOnlyList<double> schmahlIndices,
        double alpha = 1,
        double beta = 1,
        double gamma = 1,
        double maxCarbonFraction = double.PositiveInfinity,
        IReadOnlyList<double>? referenceIndices = null)
    {
        ArgumentNullException.ThrowIfNull(carbonFractions);
        ArgumentNullException.ThrowIfNull(schmahlIndices);
        if (carbonFractions.Count != schmahlIndices.Count)
        {
            throw MicroMorphException.Argument("MismatchedInput", $"{carbonFractions.Count} carbon fractions but {schmahlIndices.Count} Schmahl indices.", schmahlIndices);
        }

        foreach (var (w, name) in new[] { (alpha, "Alpha"), (beta, "Beta"), (gamma, "Gamma") })
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw MicroMorphException.Argument("InvalidWeight", $"The weight {name} must be >= 0 and finite (000 Eq. 13), not {w}.", w);
            }
        }

        if (!(alpha + beta + gamma > 0))
        {
            throw MicroMorphException.Argument("InvalidWeight", "At least one of the weights Alpha, Beta, Gamma must be positive.", alpha);
        }

        if (double.IsNaN(maxCarbonFraction))
        {
            throw MicroMorphException.Argument("InvalidMaxCarbonFraction", "The carbon fraction cut must be a number.", maxCarbonFraction);
        }

        if (referenceIndices is not null && referenceIndices.Count != carbonFractions.Count)
        {
            throw MicroMorphException.Argument("MismatchedInput", $"{carbonFractions.Count} carbon fractions but {referenceIndices.Count} reference indices.", referenceIndices);
        }

        var p = new List<double>();
        var m = new List<double>();
        var r = new List<double>();
        int excluded = 0;
        for (int i = 0; i < carbonFractions.Count; i++)
        {
            double pi = carbonFractions[i], mi = schmahlIndices[i];
            // P is a concentration (000 Eq. 2); M_AS may stray below 0 or above 1 (Eq. 6 is a log ratio of
            // sampled variances) but must be a number.
            if (!(pi >= 0 && pi <= 1) || !double.IsFinite(mi))
            {
                throw MicroMorphException.Argument("InvalidAggregate", string.Create(CultureInfo.InvariantCulture, $"Aggregate {i + 1} has carbon fraction {pi} and Schmahl index {mi}; the carbon fraction must lie in [0, 1] and the index must be finite (single-pixel cutouts have no index)."), i);
            }

            if (pi > maxCarbonFraction)
            {
                excluded++;
                continue;
            }

            p.Add(pi);
            m.Add(mi);
            r.Add(referenceIndices?[i] ?? double.NaN);
        }

        if (p.Count < 2)
        {
            throw MicroMorphException.Argument("TooFewAggregates", $"The inter-aggregate variances (Eqs. 2, 12) need at least 2 aggregates; {p.Count} remain{(excluded > 0 ? $" after excluding {excluded} above carbon fraction {maxCarbonFraction}" : string.Empty)}.", carbonFractions);
        }

        var (pMean, pVar) = MeanAndVariance(p);
        var (mMean, mVar) = MeanAndVariance(m);
        double psiP = Normalized(pVar, pMean);
        bool haveReference = r.All(double.IsFinite);
        string source = PaperSource;
        var (iMean, iVar) = (mMean, mVar);
        if (!(mMean > 0 && mMean < 1))
        {
            source = haveReference ? ReferenceCappedSource : PaperCappedSource;
            (iMean, iVar) = MeanAndVariance((haveReference ? r : m).Select(v => Math.Clamp(v, 0, 1)).ToList());
        }

        double psiM = Normalized(iVar, iMean);
        return new MixingQualityResult
        {
            AggregateCount = p.Count,
            ExcludedCount = excluded,
            MaxCarbonFraction = maxCarbonFraction,
            MeanCarbonFraction = pMean,
            CarbonFractionVariance = pVar,
            PsiP = psiP,
            MeanSchmahlIndex = mMean,
            SchmahlIndexVariance = mVar,
            MeanReferenceIndex = haveReference ? r.Average() : double.NaN,
            PsiIndexSource = source,
            PsiIndexMean = iMean,
            PsiIndexVariance = iVar,
            PsiM = psiM,
            PsiCombined = (alpha * iMean + beta * psiM + gamma * psiP) / (alpha + beta + gamma), // Eq. 13
            Alpha = alpha,
            Beta = beta,
            Gamma = gamma,
        };
    }

    /// <summary>Eqs. 11-13 used the paper's Schmahl indices as they are.</summary>
    public const string PaperSource = "Paper";

    /// <summary>The paper's mean index was not in (0, 1): Eqs. 11-13 used the reference-normalised indices capped to [0, 1].</summary>
    public const string ReferenceCappedSource = "ReferenceCapped";

    /// <summary>The paper's mean index was not in (0, 1) and no reference was given: the paper's indices capped to [0, 1].</summary>
    public const string PaperCappedSource = "PaperCapped";

    /// <summary>The sample mean and the empirical variance with n - 1 (Eqs. 2, 12).</summary>
    public static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return (mean, ss / (values.Count - 1));
    }

    /// <summary>
    /// 1 - s^2 / (mean (1 - mean)), Eqs. 10 and 11, for values in [0, 1]; 1 when the bound is 0 (all
    /// values at 0 or all at 1: no variance). NaN only for a mean outside [0, 1], which
    /// <see cref="Compute"/> never passes.
    /// </summary>
    public static double Normalized(double variance, double mean)
    {
        double bound = mean * (1 - mean);
        return bound > 0 ? 1 - variance / bound : bound == 0 ? 1 : double.NaN;
    }
}

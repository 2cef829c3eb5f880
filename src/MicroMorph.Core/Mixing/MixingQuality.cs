using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Inter-aggregate mixing measures from per-aggregate (P_i, M_AS,i) pairs, 000 Eqs. 2 and 10-13.
/// psi_P and psi_MAS are NaN when their bound P(1 - P) or M(1 - M) is not positive (a mean outside
/// (0, 1)); psi_comb is then NaN too.
/// </summary>
public static class MixingQuality
{
    public static MixingQualityResult Compute(
        IReadOnlyList<double> carbonFractions,
        IReadOnlyList<double> schmahlIndices,
        double alpha = 1,
        double beta = 1,
        double gamma = 1,
        double maxCarbonFraction = double.PositiveInfinity)
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

        var p = new List<double>();
        var m = new List<double>();
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
        }

        if (p.Count < 2)
        {
            throw MicroMorphException.Argument("TooFewAggregates", $"The inter-aggregate variances (Eqs. 2, 12) need at least 2 aggregates; {p.Count} remain{(excluded > 0 ? $" after excluding {excluded} above carbon fraction {maxCarbonFraction}" : string.Empty)}.", carbonFractions);
        }

        var (pMean, pVar) = MeanAndVariance(p);
        var (mMean, mVar) = MeanAndVariance(m);
        double psiP = Normalized(pVar, pMean);
        double psiM = Normalized(mVar, mMean);
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
            PsiM = psiM,
            PsiCombined = (alpha * mMean + beta * psiM + gamma * psiP) / (alpha + beta + gamma), // Eq. 13
            Alpha = alpha,
            Beta = beta,
            Gamma = gamma,
        };
    }

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

    /// <summary>1 - s^2 / (mean (1 - mean)), Eqs. 10 and 11.</summary>
    public static double Normalized(double variance, double mean)
    {
        double bound = mean * (1 - mean);
        return bound > 0 ? 1 - variance / bound : double.NaN;
    }
}

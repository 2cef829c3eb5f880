namespace MicroMorph.Core.Mixing;

/// <summary>
/// The inter-aggregate mixing state of a set of aggregates (000 Section 3.3): the mean carbon
/// concentration and its variance (Eq. 2), psi_P (Eq. 10), the mean Schmahl index and its variance
/// (Eq. 12), psi_MAS (Eq. 11) and the weighted combination psi_comb (Eq. 13).
/// </summary>
public sealed record MixingQualityResult
{
    /// <summary>Aggregates used (after the carbon fraction cut).</summary>
    public int AggregateCount { get; init; }

    /// <summary>Aggregates left out because their carbon fraction exceeded <see cref="MaxCarbonFraction"/>.</summary>
    public int ExcludedCount { get; init; }

    public double MaxCarbonFraction { get; init; } = double.PositiveInfinity;

    /// <summary>P-bar.</summary>
    public double MeanCarbonFraction { get; init; }

    /// <summary>s^2_inter, Eq. 2.</summary>
    public double CarbonFractionVariance { get; init; }

    /// <summary>psi_P, Eq. 10.</summary>
    public double PsiP { get; init; }

    /// <summary>M-bar_AS, the mean of the paper's indices (always the paper's, whatever Eqs. 11-13 used).</summary>
    public double MeanSchmahlIndex { get; init; }

    /// <summary>s^2_MAS, Eq. 12.</summary>
    public double SchmahlIndexVariance { get; init; }

    /// <summary>MicroMorph extension: the mean reference-normalised index (NaN unless every aggregate had one).</summary>
    public double MeanReferenceIndex { get; init; } = double.NaN;

    /// <summary>
    /// Which indices Eqs. 11-13 used: "Paper" (the paper's, their mean in (0, 1)), "ReferenceCapped"
    /// (the reference-normalised indices capped to [0, 1]) or "PaperCapped" (the paper's capped to [0, 1]).
    /// </summary>
    public string PsiIndexSource { get; init; } = MixingQuality.PaperSource;

    /// <summary>Mean of the indices Eqs. 11 and 13 used (M-bar_AS when <see cref="PsiIndexSource"/> is "Paper").</summary>
    public double PsiIndexMean { get; init; }

    /// <summary>Variance (Eq. 12) of the indices Eq. 11 used.</summary>
    public double PsiIndexVariance { get; init; }

    /// <summary>psi_MAS, Eq. 11 (from the indices named by <see cref="PsiIndexSource"/>).</summary>
    public double PsiM { get; init; }

    /// <summary>psi_comb, Eq. 13 (with <see cref="PsiIndexMean"/> for M-bar_AS).</summary>
    public double PsiCombined { get; init; }

    public double Alpha { get; init; } = 1;

    public double Beta { get; init; } = 1;

    public double Gamma { get; init; } = 1;
}

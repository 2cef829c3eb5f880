namespace MicroMorph.Core.Mixing;

/// <summary>The pictures of 000: Fig. 5 (histogram), Fig. 6 (heatmap), Fig. 7 (correlation function).</summary>
public enum MixingPlotKind
{
    /// <summary>Histogram of Schmahl indices (Fig. 5a).</summary>
    Histogram,

    /// <summary>Counts of aggregates over carbon fraction and Schmahl index, mean marked x (Fig. 6).</summary>
    Heatmap,

    /// <summary>R(h) and its Eq. 14 fit (Fig. 7).</summary>
    Correlation,
}

namespace MicroMorph.Core.Mixing;

/// <summary>How the species of simulated primary particles are arranged.</summary>
public enum MixtureArrangement
{
    /// <summary>Each particle's species drawn independently: a completely random mixture (Schmahl index about 1).</summary>
    Random,

    /// <summary>Species by cluster: each particle takes the species of its nearest cluster centre (Schmahl index near 0).</summary>
    Segregated,
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Classification;

/// <summary>
/// Settings of <see cref="RandomForestTrainer"/> (Breiman 2001, reference [44] of 001): trees,
/// depth limit, smallest leaf, channels tried per split, split-search bins, and the seed.
/// </summary>
public sealed record RandomForestOptions
{
    /// <summary>
    /// Trees in the forest. ilastik uses 100; on the texture phantom 50 trees of depth 12 with
    /// leaves of 5 gave the same held-out IoU (within 0.003) as 100 unlimited trees at an eighth
    /// of the prediction time (bench/RESULTS.md), hence the defaults.
    /// </summary>
    public int TreeCount { get; init; } = 50;

    /// <summary>The longest root-to-leaf path; prediction takes this many steps per tree.</summary>
    public int MaximumDepth { get; init; } = 12;

    /// <summary>Bootstrap samples a leaf must hold at least.</summary>
    public int MinimumLeafSize { get; init; } = 5;

    /// <summary>Channels drawn per split; 0 means floor(sqrt(channels)), Breiman's choice.</summary>
    public int FeaturesPerSplit { get; init; }

    /// <summary>Quantile bins per channel for the split search (at most 256).</summary>
    public int BinCount { get; init; } = 256;

    public long Seed { get; init; }

    internal void Validate()
    {
        if (TreeCount is < 1 or > 10000)
        {
            throw MicroMorphException.Argument("InvalidTreeCount", $"The number of trees must be between 1 and 10000; it is {TreeCount}.", TreeCount);
        }

        if (MaximumDepth is < 1 or > 64)
        {
            throw MicroMorphException.Argument("InvalidMaximumDepth", $"The maximum depth must be between 1 and 64; it is {MaximumDepth}.", MaximumDepth);
        }

        if (MinimumLeafSize < 1)
        {
            throw MicroMorphException.Argument("InvalidMinimumLeafSize", $"The minimum leaf size must be at least 1; it is {MinimumLeafSize}.", MinimumLeafSize);
        }

        if (FeaturesPerSplit < 0)
        {
            throw MicroMorphException.Argument("InvalidFeaturesPerSplit", $"The features per split must be 0 (square root of the channel count) or positive; it is {FeaturesPerSplit}.", FeaturesPerSplit);
        }

        if (BinCount is < 2 or > 256)
        {
            throw MicroMorphException.Argument("InvalidBinCount", $"The bin count must be between 2 and 256; it is {BinCount}.", BinCount);
        }
    }
}

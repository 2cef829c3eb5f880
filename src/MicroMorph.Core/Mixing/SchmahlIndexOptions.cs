namespace MicroMorph.Core.Mixing;

/// <summary>Settings of <see cref="SchmahlIndexAnalysis"/>.</summary>
public sealed record SchmahlIndexOptions
{
    /// <summary>Numbers N of primary particles per cutout; 0 stands for single-pixel cutouts.</summary>
    public IReadOnlyList<int> ParticleCounts { get; init; } = [25];

    /// <summary>Cutouts per aggregate and particle count (n_samples; 150 in 000 Section 3.2).</summary>
    public int SampleCount { get; init; } = 150;

    public required PrimaryParticleSizes Sizes { get; init; }

    /// <summary>Pixel edge length in the diameters' unit; null takes the map's.</summary>
    public double? PixelSize { get; init; }

    public long Seed { get; init; }
}

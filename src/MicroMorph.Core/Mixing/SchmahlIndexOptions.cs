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

    /// <summary>How Eq. 5 reads the size spreads (default: the projected-area coefficient of variation).</summary>
    public SizeSpreadReading SpreadReading { get; init; } = SizeSpreadReading.Area;

    /// <summary>
    /// Simulated random mixtures of the geometry-aware reference (<see cref="RandomMixtureReference"/>,
    /// a MicroMorph extension); 0 (default here; the cmdlet's default is 40) leaves the Reference* results NaN.
    /// </summary>
    public int ReferenceSimulations { get; init; }
}

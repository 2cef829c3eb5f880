using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Particles;

/// <summary>The spread of one size class's frequency over the sub-volumes (004 Fig. 12).</summary>
/// <param name="LowerBound">Lower edge of the class (inclusive).</param>
/// <param name="UpperBound">Upper edge (exclusive).</param>
/// <param name="MeanFrequency">Mean over the pieces of the fraction of a piece's particles in the class.</param>
/// <param name="StandardError">Sample standard deviation of the frequencies / sqrt(k).</param>
/// <param name="ConfidenceLower">Mean - t(0.975, k - 1) x standard error.</param>
/// <param name="ConfidenceUpper">Mean + t(0.975, k - 1) x standard error.</param>
/// <param name="MeanCount">Mean number of particles of the class per piece.</param>
public sealed record SizeClassFrequency(double LowerBound, double UpperBound, double MeanFrequency, double StandardError, double ConfidenceLower, double ConfidenceUpper, double MeanCount);

/// <summary>Particle size distributions in k equal sub-volumes (004 Section 3.5).</summary>
public sealed record RepresentativenessResult
{
    /// <summary>Number of pieces k = PiecesX x PiecesY x PiecesZ.</summary>
    public int PieceCount { get; init; }

    public int PiecesX { get; init; }

    public int PiecesY { get; init; }

    public int PiecesZ { get; init; }

    /// <summary>Size of one piece, "W x H x D" voxels.</summary>
    public string PieceSize { get; init; } = string.Empty;

    public SizeMeasure SizeMeasure { get; init; }

    public string Unit { get; init; } = string.Empty;

    /// <summary>Mean number of particles (in any class) per piece.</summary>
    public double MeanParticleCount { get; init; }

    public IReadOnlyList<SizeClassFrequency> SizeClasses
    {
        get => _sizeClasses;
        init => _sizeClasses = ResultList.Of<SizeClassFrequency>(value, "size classes");
    }

    private readonly IReadOnlyList<SizeClassFrequency> _sizeClasses = ResultList.Of<SizeClassFrequency>([], "size classes");

    /// <summary>Frequencies[piece][class], pieces in x-fastest order.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Frequencies
    {
        get => _frequencies;
        init => _frequencies = ResultList.Of<IReadOnlyList<double>>(value?.Select(v => ResultList.Of(v, "frequencies")).ToArray(), "pieces");
    }

    private readonly IReadOnlyList<IReadOnlyList<double>> _frequencies = ResultList.Of<IReadOnlyList<double>>([], "pieces");
}

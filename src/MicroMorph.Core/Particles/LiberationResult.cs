using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Particles;

/// <summary>The liberation degree of one phase in one size class (004 Eq. 2).</summary>
/// <param name="LowerBound">Lower edge of the class (inclusive), in the size measure's unit.</param>
/// <param name="UpperBound">Upper edge (exclusive).</param>
/// <param name="ParticleCount">Particles of the class that contain the phase.</param>
/// <param name="FreeParticleCount">Of those, the free ones (phase fraction above the threshold).</param>
/// <param name="FreeVolume">Volume of the phase in the free particles of the class, V^I_free.</param>
/// <param name="IntergrownVolume">Volume of the phase in the other particles of the class, V^I_intergrown.</param>
/// <param name="LiberationDegree">V^I_free / (V^I_free + V^I_intergrown); NaN when the class holds none of the phase.</param>
public sealed record SizeClassLiberation(double LowerBound, double UpperBound, long ParticleCount, long FreeParticleCount, double FreeVolume, double IntergrownVolume, double LiberationDegree);

/// <summary>One grain of the phase against the volume of its particle (004 Fig. 11).</summary>
public sealed record GrainVolumeRecord(long ParticleLabel, double ParticleVolume, double GrainVolume, double PhaseFraction);

/// <summary>The liberation degree of one phase over all particles (004 Eq. 1) and per size class (Eq. 2).</summary>
public sealed record LiberationResult
{
    public string Phase { get; init; } = string.Empty;

    /// <summary>A particle is free when the phase holds more than this fraction of its volume.</summary>
    public double Threshold { get; init; }

    /// <summary>LD_i = V_free / (V_free + V_intergrown) (Eq. 1); NaN when no particle holds the phase.</summary>
    public double LiberationDegree { get; init; }

    /// <summary>Volume of the phase in free particles.</summary>
    public double FreeVolume { get; init; }

    /// <summary>Volume of the phase in the other particles.</summary>
    public double IntergrownVolume { get; init; }

    /// <summary>Particles that contain the phase.</summary>
    public long ParticleCount { get; init; }

    public long FreeParticleCount { get; init; }

    public string Unit { get; init; } = string.Empty;

    public SizeMeasure SizeMeasure { get; init; }

    /// <summary>Eq. 2 per size class (empty without classes).</summary>
    public IReadOnlyList<SizeClassLiberation> SizeClasses
    {
        get => _sizeClasses;
        init => _sizeClasses = ResultList.Of<SizeClassLiberation>(value, "size classes");
    }

    private readonly IReadOnlyList<SizeClassLiberation> _sizeClasses = ResultList.Of<SizeClassLiberation>([], "size classes");

    /// <summary>Every grain of the phase with the volume of its particle (the table of Fig. 11).</summary>
    public IReadOnlyList<GrainVolumeRecord> Grains
    {
        get => _grains;
        init => _grains = ResultList.Of<GrainVolumeRecord>(value, "grains");
    }

    private readonly IReadOnlyList<GrainVolumeRecord> _grains = ResultList.Of<GrainVolumeRecord>([], "grains");
}

using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Particles;

/// <summary>The share of one phase in one particle (004 Sections 2.3.1 and 2.3.4).</summary>
/// <param name="Phase">Phase name.</param>
/// <param name="Label">Phase label.</param>
/// <param name="VoxelCount">Voxels of the phase in the particle.</param>
/// <param name="Volume">Their volume, in the unit cubed.</param>
/// <param name="VolumeFraction">Volume of the phase / volume of the particle.</param>
/// <param name="GrainCount">Connected components of the phase within the particle ("grains").</param>
/// <param name="GrainVolumes">Volume of each grain, largest first.</param>
public sealed record ParticlePhaseShare(string Phase, byte Label, long VoxelCount, double Volume, double VolumeFraction, int GrainCount, IReadOnlyList<double> GrainVolumes)
{
    public IReadOnlyList<double> GrainVolumes { get; init; } = ResultList.Of(GrainVolumes, "grain volumes");
}

/// <summary>One particle: size, position, shape and (with a phase image) its composition.</summary>
public sealed record ParticleMeasurement
{
    public long Label { get; init; }

    public long VoxelCount { get; init; }

    /// <summary>Volume in the unit cubed.</summary>
    public double Volume { get; init; }

    /// <summary>Diameter of the ball of the same volume, (6 V / pi)^(1/3).</summary>
    public double EquivalentDiameter { get; init; }

    /// <summary>Surface area (unit squared) from the 2x2x2 configurations (discrete Cauchy-Crofton, 13 directions).</summary>
    public double SurfaceArea { get; init; }

    public double CentroidX { get; init; }

    public double CentroidY { get; init; }

    public double CentroidZ { get; init; }

    /// <summary>
    /// Bounding box as voxel indices (inclusive, from 0), not in <see cref="Unit"/>: MinVoxelX..MaxVoxelZ. The
    /// centroid is physical; the physical box is (MinVoxelX - 0.5) to (MaxVoxelX + 0.5) times the voxel size.
    /// </summary>
    public int MinVoxelX { get; init; }

    public int MinVoxelY { get; init; }

    public int MinVoxelZ { get; init; }

    public int MaxVoxelX { get; init; }

    public int MaxVoxelY { get; init; }

    public int MaxVoxelZ { get; init; }

    /// <summary>True when a voxel lies on a face of the volume (the particle may be cut).</summary>
    public bool TouchesBorder { get; init; }

    public string Unit { get; init; } = string.Empty;

    /// <summary>Composition, one entry per phase of the phase table (empty without a phase image).</summary>
    public IReadOnlyList<ParticlePhaseShare> Phases
    {
        get => _phases;
        init => _phases = ResultList.Of<ParticlePhaseShare>(value, "phases");
    }

    private readonly IReadOnlyList<ParticlePhaseShare> _phases = ResultList.Of<ParticlePhaseShare>([], "phases");

    /// <summary>The phase with the largest volume fraction (empty without a phase image).</summary>
    public string DominantPhase => Phases.Count == 0 ? string.Empty : Phases.MaxBy(p => p.VoxelCount)!.Phase;

    /// <summary>Volume fraction of the dominant phase (NaN without a phase image).</summary>
    public double DominantFraction => Phases.Count == 0 ? double.NaN : Phases.Max(p => p.VolumeFraction);

    /// <summary>The share of a phase by name or label, or null.</summary>
    public ParticlePhaseShare? Share(string phase) =>
        Phases.FirstOrDefault(p => string.Equals(p.Phase, phase, StringComparison.OrdinalIgnoreCase) || p.Label.ToString(System.Globalization.CultureInfo.InvariantCulture) == phase);
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Labelled particles: a UInt32 label volume (0 outside every particle, 1..Count inside; stored
/// in slabs like every volume, so more than 2^31 voxels work) plus the phase image the particles
/// were found in and the connectivity that defines them.
/// </summary>
public sealed class ParticleImage
{
    public ParticleImage(VoxelStack labels, long count, PhaseImage? phaseImage, IReadOnlyList<Phase> particlePhases, int connectivity)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(particlePhases);
        if (labels.DataType != VoxelDataType.UInt32)
        {
            throw MicroMorphException.Argument("LabelsNotUInt32", $"Particle labels are UInt32; this volume is {labels.DataType}.", labels);
        }

        RunLabeller.ValidateConnectivity(connectivity);
        Labels = labels;
        Count = count;
        PhaseImage = phaseImage;
        ParticlePhases = Descriptors.ResultList.Of(particlePhases, "phases");
        Connectivity = connectivity;
    }

    /// <summary>The label volume (UInt32; export it with Export-VoxelStack for inspection).</summary>
    public VoxelStack Labels { get; }

    /// <summary>Number of particles; labels run from 1 to Count.</summary>
    public long Count { get; }

    /// <summary>The phase image the particles come from (null when built from labels alone).</summary>
    public PhaseImage? PhaseImage { get; }

    /// <summary>The phases whose voxels form the particles.</summary>
    public IReadOnlyList<Phase> ParticlePhases { get; }

    /// <summary>Voxel adjacency of the labelling: 6, 18 or 26.</summary>
    public int Connectivity { get; }

    public VoxelSize VoxelSize => Labels.VoxelSize;

    public int Width => Labels.Width;

    public int Height => Labels.Height;

    public int Depth => Labels.Depth;

    public string Dimensions => Labels.Dimensions;

    /// <summary>Names of the particle phases, for display.</summary>
    public string Phases => string.Join(", ", ParticlePhases.Select(p => p.Name));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ParticleImage {Dimensions}, {Count} particles of [{Phases}] ({VoxelSize})");
}

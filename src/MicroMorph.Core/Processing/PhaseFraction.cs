using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>
/// Voxel count, volume fraction (point-count estimator) and physical volume of one phase.
/// </summary>
public sealed record PhaseFraction(string Phase, byte Label, long VoxelCount, double VolumeFraction, double Volume, string Unit, string Source)
{
    /// <summary>One entry per phase of the table, in label order (phases with no voxels included, fraction 0).</summary>
    public static IReadOnlyList<PhaseFraction> Compute(PhaseImage image, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        var counts = PhaseCounter.CountLabels(image, options);
        double total = image.VoxelCount;
        var size = image.VoxelSize;
        return image.Phases
            .Select(p => new PhaseFraction(p.Name, p.Label, counts[p.Label], counts[p.Label] / total, counts[p.Label] * size.VoxelVolume, size.Unit + "^3", image.Source))
            .ToArray();
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Continuous phase size distribution (001 Eq. 26), simulated mercury intrusion and
/// constrictivity of one phase, for all radii in one pass each: one distance transform, one
/// covering-radius painting for the CPSD, one bottleneck flood plus painting for the intrusion.
/// </summary>
public static class ConstrictivityAnalysis
{
    public static ConstrictivityResult Compute(PhaseImage image, Phase phase, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        int extent = direction switch { FlowDirection.X => image.Width, FlowDirection.Y => image.Height, _ => image.Depth };
        if (extent < 2)
        {
            throw MicroMorphException.Argument(
                "DirectionTooShort",
                $"The volume is {extent} voxel(s) long along {direction}; intrusion needs at least 2 (use another -Direction).",
                direction);
        }

        long phaseVoxels = PhaseCounter.CountLabels(image, options)[phase.Label];
        if (phaseVoxels == 0)
        {
            throw MicroMorphException.InvalidData("EmptyPhase", $"The phase '{phase.Name}' has no voxels in this image.", phase);
        }

        // Border not background: the structure is taken to continue beyond the sample (stationarity).
        var distance = EuclideanDistanceTransform.Compute(image, phase.Label, borderIsBackground: false, options);
        if (phaseVoxels == image.VoxelCount)
        {
            throw MicroMorphException.InvalidData("PhaseFillsVolume", $"The phase '{phase.Name}' fills the whole image; its size distribution is unbounded.", phase);
        }

        var cpsd = RadiusDistribution.Curve(LocalThickness.Compute(distance, options), phaseVoxels);
        var intrusionRadius = IntrusionRadius.Compute(distance, direction, options);
        var intrusion = RadiusDistribution.Curve(LocalThickness.Compute(intrusionRadius, options), phaseVoxels);
        double rMax = RadiusDistribution.Inverse(cpsd, 0.5);
        double rMin = RadiusDistribution.Inverse(intrusion, 0.5);
        double beta = rMax > 0 ? rMin * rMin / (rMax * rMax) : 0;
        return new ConstrictivityResult(phase.Name, direction, (double)phaseVoxels / image.VoxelCount, rMax, rMin, beta, image.VoxelSize.Unit, cpsd, intrusion)
        {
            Source = image.Source,
        };
    }
}

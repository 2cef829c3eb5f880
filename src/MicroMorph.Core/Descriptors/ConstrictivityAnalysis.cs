using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Continuous phase size distribution (001 Eq. 26), simulated mercury intrusion and
/// constrictivity of one phase, for all radii in one pass each: one distance transform, one
/// covering-radius painting for the CPSD, one bottleneck computation (IntrusionByRegions) plus painting for the intrusion.
/// </summary>
public static class ConstrictivityAnalysis
{
    public static ConstrictivityResult Compute(PhaseImage image, Phase phase, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        DescriptorPreconditions.RequireExtent(image, direction, "intrusion");
        long phaseVoxels = DescriptorPreconditions.RequirePhaseVoxels(image, phase, options);

        var distance = PhaseSizeDistribution.DistanceOf(image, phase, phaseVoxels, options);
        var cpsd = PhaseSizeDistribution.FromDistance(distance, phaseVoxels, options);
        var intrusionRadius = IntrusionRadius.Compute(distance, direction, options);
        var intrusion = RadiusDistribution.Curve(LocalThickness.Compute(intrusionRadius, options), phaseVoxels, options);
        double rMax = RadiusDistribution.Inverse(cpsd, 0.5);
        double rMin = RadiusDistribution.Inverse(intrusion, 0.5);
        double beta = rMax > 0 ? rMin * rMin / (rMax * rMax) : 0;
        return new ConstrictivityResult(phase.Name, direction, (double)phaseVoxels / image.VoxelCount, rMax, rMin, beta, image.VoxelSize.Unit, cpsd, intrusion)
        {
            Source = image.Source,
        };
    }
}

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
        var levels = RadiusLevels.Of(distance, options);
        var (cpsd, intrusion) = levels.FitsSixteenBits
            ? Curves(levels.Ranks<ushort>(distance, options), distance, levels, direction, phaseVoxels, options)
            : Curves(levels.Ranks<uint>(distance, options), distance, levels, direction, phaseVoxels, options);
        double rMax = RadiusDistribution.Inverse(cpsd, 0.5);
        double rMin = RadiusDistribution.Inverse(intrusion, 0.5);
        double beta = rMax > 0 ? rMin * rMin / (rMax * rMax) : 0;
        return new ConstrictivityResult(phase.Name, direction, (double)phaseVoxels / image.VoxelCount, rMax, rMin, beta, image.VoxelSize.Unit, cpsd, intrusion)
        {
            Source = image.Source,
        };
    }

    /// <summary>
    /// Both curves on the ranks of the distance map's radii: the intrusion radius takes its values
    /// among them, so one set of levels serves the CPSD, the intrusion and the curves.
    /// </summary>
    private static (IReadOnlyList<CurvePoint> Cpsd, IReadOnlyList<CurvePoint> Intrusion) Curves<T>(T[][] distance, VoxelStack shape, RadiusLevels levels, FlowDirection direction, long phaseVoxels, ComputeOptions options)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var cpsd = RadiusDistribution.OfCovering(distance, shape, levels, phaseVoxels, options);
        var intrusion = IntrusionRadius.Ranks(distance, shape, direction, levels.Values.Length, options);
        return (cpsd, RadiusDistribution.OfCovering(intrusion, shape, levels, phaseVoxels, options));
    }
}

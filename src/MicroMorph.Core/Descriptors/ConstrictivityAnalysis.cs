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

        // Shares of the run measured on the electrode (256^3, pore phase: about 0.1, 2.0, 0.35, 1.6, 2.7 and 1.0 s on two cores).
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 0.5),
            new ProgressStage("Distance transform", 6),
            new ProgressStage("Radius levels", 1),
            new ProgressStage("Phase size distribution (covering radii)", 5),
            new ProgressStage("Intrusion radii", 8),
            new ProgressStage("Intrusion curve (covering radii)", 3));
        long phaseVoxels = DescriptorPreconditions.RequirePhaseVoxels(image, phase, stages.Next());

        var distance = PhaseSizeDistribution.DistanceOf(image, phase, phaseVoxels, stages.Next());
        var ranking = stages.Next();
        var levels = RadiusLevels.Of(distance, ranking);
        var (cpsd, intrusion, percolates) = levels.FitsSixteenBits
            ? Curves(levels.Ranks<ushort>(distance, ranking), distance, levels, direction, phaseVoxels, stages)
            : Curves(levels.Ranks<uint>(distance, ranking), distance, levels, direction, phaseVoxels, stages);
        double rMax = RadiusDistribution.Inverse(cpsd, 0.5);
        double rMin = RadiusDistribution.Inverse(intrusion, 0.5);
        double beta = rMax > 0 ? rMin * rMin / (rMax * rMax) : 0;
        return new ConstrictivityResult(phase.Name, direction, (double)phaseVoxels / image.VoxelCount, rMax, rMin, beta, image.VoxelSize.Unit, cpsd, intrusion)
        {
            Source = image.Source,
            Percolates = percolates,
        };
    }

    /// <summary>
    /// Both curves on the ranks of the distance map's radii: the intrusion radius takes its values
    /// among them, so one set of levels serves the CPSD, the intrusion and the curves.
    /// </summary>
    private static (IReadOnlyList<CurvePoint> Cpsd, IReadOnlyList<CurvePoint> Intrusion, bool Percolates) Curves<T>(T[][] distance, VoxelStack shape, RadiusLevels levels, FlowDirection direction, long phaseVoxels, StagedProgress stages)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var cpsd = RadiusDistribution.OfCovering(distance, shape, levels, phaseVoxels, stages.Next());
        var intrusion = IntrusionRadius.Ranks(distance, shape, direction, levels.Values.Length, stages.Next());
        return (cpsd, RadiusDistribution.OfCovering(intrusion, shape, levels, phaseVoxels, stages.Next()), ReachesOutlet(intrusion, shape, direction));
    }

    /// <summary>
    /// Whether the intrusion reaches the outlet face: a voxel there with a non-zero intrusion rank lies on a
    /// 6-connected path through the phase from the inlet face, i.e. the phase percolates along the direction.
    /// </summary>
    internal static bool ReachesOutlet<T>(T[][] intrusion, Volume shape, FlowDirection direction)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        int w = shape.Width, h = shape.Height, d = shape.Depth;
        if (direction == FlowDirection.Z)
        {
            return Array.Exists(intrusion[d - 1], r => r != T.Zero);
        }

        for (int z = 0; z < d; z++)
        {
            var slice = intrusion[z];
            if (direction == FlowDirection.X)
            {
                for (int y = 0; y < h; y++)
                {
                    if (slice[(y * w) + w - 1] != T.Zero)
                    {
                        return true;
                    }
                }
            }
            else
            {
                for (int x = 0, i = (h - 1) * w; x < w; x++, i++)
                {
                    if (slice[i] != T.Zero)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}

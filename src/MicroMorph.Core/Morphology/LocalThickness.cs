using System.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// Covering radius ("local thickness", radius form): for each voxel x of a phase, the largest R(c)
/// over centres c with |x - c| &lt; R(c), where R is a radius map (the distance transform, or the
/// intrusion radius of <see cref="IntrusionRadius"/>). With R = distance transform, x lies in the
/// opening of the phase with the open ball B(o, r) exactly when its covering radius is at least r
/// (001 Eq. 26), so one map gives the opening for every r at once.
/// </summary>
/// <remarks>
/// The map is painted on the ranks of its distinct radii (<see cref="CoveringRadius"/>), from the
/// few centres whose balls are not covered otherwise (<see cref="CoveringCentres"/>), and turned
/// back into radii. A voxel at +infinity (a phase without background) keeps its own radius.
/// </remarks>
public static class LocalThickness
{
    /// <summary>The local thickness of one phase of <paramref name="image"/>: its distance transform, then the covering radii (two stages of one run).</summary>
    public static VoxelStack Compute(PhaseImage image, byte label, bool borderIsBackground, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stages = new StagedProgress(options, new ProgressStage("Distance transform", 1), new ProgressStage("Covering radii", 2));
        var distance = EuclideanDistanceTransform.Compute(image, label, borderIsBackground, stages.Next());
        return Covering(distance, stages.Next(), inPlace: true); // the distance map is only ours: the radii replace it
    }

    /// <summary>Covering radius map (Float32, physical units, 0 outside the phase) of a radius map.</summary>
    public static VoxelStack Compute(VoxelStack radius, ComputeOptions options) => Covering(radius, options, inPlace: false);

    /// <summary>
    /// The covering radii of <paramref name="radius"/>, into a new stack or, when <paramref name="inPlace"/>, over the
    /// radius map itself once its ranks are taken (saves a map's worth of fresh memory).
    /// </summary>
    private static VoxelStack Covering(VoxelStack radius, ComputeOptions options, bool inPlace)
    {
        ArgumentNullException.ThrowIfNull(radius);
        ArgumentNullException.ThrowIfNull(options);
        if (radius.DataType != VoxelDataType.Float32)
        {
            throw MicroMorphException.Argument("RadiusMapNeedsFloat32", "The radius map must be a Float32 stack (e.g. a distance transform).", radius);
        }

        VoxelStack result;
        if (inPlace)
        {
            result = radius;
        }
        else
        {
            result = VoxelStack.CreateUninitialized(radius.Width, radius.Height, radius.Depth, VoxelDataType.Float32); // Fill writes every voxel
            result.DeriveFrom(radius);
        }

        result.Source = radius.Source + " [local thickness]";
        var levels = RadiusLevels.Of(radius, options);
        if (levels.FitsSixteenBits)
        {
            levels.Fill(Ranks(levels.Ranks<ushort>(radius, options), radius, levels, options), result, options);
        }
        else
        {
            levels.Fill(Ranks(levels.Ranks<uint>(radius, options), radius, levels, options), result, options);
        }

        return result;
    }

    /// <summary>The covering ranks of a rank map of <paramref name="shape"/>'s size and voxel size.</summary>
    internal static T[][] Ranks<T>(T[][] ranks, Volume shape, RadiusLevels levels, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T> =>
        CoveringRadius.Paint(ranks, shape.Width, shape.Height, shape.VoxelSize, levels, options);

    /// <summary>
    /// R^2 shrunk by a few float ulps: radii are float square roots of exact squared distances, so
    /// R * R can land just above the true value and would put the ball's boundary points (which
    /// the open ball B(c, R) excludes, 001 Eq. 26) inside.
    /// </summary>
    public static double OpenBallSquared(float radius) => (double)radius * radius * (1 - 4e-7);
}

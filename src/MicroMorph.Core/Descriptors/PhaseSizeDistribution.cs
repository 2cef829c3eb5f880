using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// The continuous phase size distribution CPSD(r) of one phase (001 Eq. 26): the fraction of the
/// phase covered by the opening with a ball of radius r, for all radii at once (one distance
/// transform and one covering-radius painting), radii in the image's physical unit.
/// </summary>
public static class PhaseSizeDistribution
{
    public static IReadOnlyList<CurvePoint> Compute(PhaseImage image, Phase phase, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        long phaseVoxels = DescriptorPreconditions.RequirePhaseVoxels(image, phase, options);
        var distance = DistanceOf(image, phase, phaseVoxels, options);
        return FromDistance(distance, phaseVoxels, options);
    }

    /// <summary>
    /// The distance map the CPSD and the intrusion start from. The border is not background: the
    /// structure is taken to continue beyond the sample (stationarity). Throws <c>PhaseFillsVolume</c>
    /// when the phase has no boundary, since its size distribution is then unbounded.
    /// </summary>
    internal static VoxelStack DistanceOf(PhaseImage image, Phase phase, long phaseVoxels, ComputeOptions options)
    {
        if (phaseVoxels == image.VoxelCount)
        {
            throw MicroMorphException.InvalidData("PhaseFillsVolume", $"The phase '{phase.Name}' fills the whole image; its size distribution is unbounded.", phase);
        }

        return EuclideanDistanceTransform.Compute(image, phase.Label, borderIsBackground: false, options);
    }

    /// <summary>The CPSD from the phase's distance map.</summary>
    internal static IReadOnlyList<CurvePoint> FromDistance(VoxelStack distance, long phaseVoxels, ComputeOptions options)
    {
        var levels = RadiusLevels.Of(distance, options);
        return levels.FitsSixteenBits
            ? RadiusDistribution.OfCovering(levels.Ranks<ushort>(distance, options), distance, levels, phaseVoxels, options)
            : RadiusDistribution.OfCovering(levels.Ranks<uint>(distance, options), distance, levels, phaseVoxels, options);
    }

    /// <summary>
    /// The L1 distance, integral over r of |F(r) - G(r)|, of two such curves, each linear between
    /// its points and 0 beyond its last (the criterion of the theta calibration, 001 Section 3.2.3).
    /// </summary>
    public static double L1Distance(IReadOnlyList<CurvePoint> first, IReadOnlyList<CurvePoint> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var radii = first.Select(p => p.X).Concat(second.Select(p => p.X)).Append(0).Distinct().Order().ToArray();
        double total = 0;
        for (int k = 0; k + 1 < radii.Length; k++)
        {
            double a = radii[k], b = radii[k + 1];
            double da = At(first, a, fromRight: true) - At(second, a, fromRight: true);
            double db = At(first, b, fromRight: false) - At(second, b, fromRight: false);
            total += (da >= 0) == (db >= 0)
                ? Math.Abs(da + db) / 2 * (b - a)
                : (da * da + db * db) / (2 * (Math.Abs(da) + Math.Abs(db))) * (b - a); // the difference changes sign inside
        }

        return total;
    }

    /// <summary>The point-wise mean of curves, each linear between its points and 0 beyond its last, on the union of their radii.</summary>
    public static IReadOnlyList<CurvePoint> Mean(IReadOnlyList<IReadOnlyList<CurvePoint>> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 1)
        {
            return curves[0];
        }

        var radii = curves.SelectMany(c => c.Select(p => p.X)).Distinct().Order();
        return radii.Select(r => new CurvePoint(r, curves.Average(c => At(c, r, fromRight: false)))).ToArray();
    }

    /// <summary>F at r, linear between points; beyond the last point 0 (approached from the right) or its value (from the left).</summary>
    private static double At(IReadOnlyList<CurvePoint> curve, double r, bool fromRight)
    {
        if (curve.Count == 0 || r > curve[^1].X || (fromRight && r >= curve[^1].X))
        {
            return 0;
        }

        for (int k = 0; k + 1 < curve.Count; k++)
        {
            if (r >= curve[k].X && r <= curve[k + 1].X)
            {
                double t = curve[k + 1].X > curve[k].X ? (r - curve[k].X) / (curve[k + 1].X - curve[k].X) : 0;
                return curve[k].Y + t * (curve[k + 1].Y - curve[k].Y);
            }
        }

        return curve[0].Y;
    }
}

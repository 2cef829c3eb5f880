using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Turns a covering-radius map into the curve F(r) = fraction of the phase whose covering radius
/// is at least r (CPSD or intrusion curve), and inverts it at a level by linear interpolation.
/// </summary>
public static class RadiusDistribution
{
    /// <summary>The curve of the covering radius of a rank map (<see cref="LocalThickness"/> on ranks, counted as it is painted).</summary>
    internal static IReadOnlyList<CurvePoint> OfCovering<T>(T[][] ranks, Volume shape, RadiusLevels levels, long phaseVoxels, ComputeOptions options)
        where T : unmanaged, System.Numerics.IBinaryInteger<T> =>
        Curve(levels, CoveringRadius.Counts(ranks, shape.Width, shape.Height, shape.VoxelSize, levels, options), phaseVoxels);

    /// <summary>
    /// The curve from the number of voxels whose covering radius is each level's value: points at
    /// r = 0 and at every covering radius that occurs, F(0) = fraction with a radius above 0,
    /// F(r_k) = #{radius &gt;= r_k} / phase voxels.
    /// </summary>
    private static IReadOnlyList<CurvePoint> Curve(RadiusLevels levels, long[] counts, long phaseVoxels)
    {
        var points = new List<CurvePoint>(levels.Values.Length);
        double n = Math.Max(1, phaseVoxels);
        long atLeast = counts.Skip(1).Sum();
        points.Add(new CurvePoint(0, atLeast / n));
        for (int r = 1; r < counts.Length; r++)
        {
            if (counts[r] > 0)
            {
                points.Add(new CurvePoint(levels.Values[r], atLeast / n));
                atLeast -= counts[r];
            }
        }

        return points;
    }

    /// <summary>
    /// The largest r with F(r) = <paramref name="level"/>, linearly interpolated between the
    /// curve's points; 0 when F is below the level already at r = 0.
    /// </summary>
    public static double Inverse(IReadOnlyList<CurvePoint> curve, double level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0 || curve[0].Y < level)
        {
            return 0;
        }

        for (int k = 0; k + 1 < curve.Count; k++)
        {
            var a = curve[k];
            var b = curve[k + 1];
            if (a.Y >= level && b.Y < level)
            {
                return a.X + (a.Y - level) / (a.Y - b.Y) * (b.X - a.X);
            }
        }

        // F never drops below the level: every voxel is covered up to the largest radius.
        return curve[^1].X;
    }
}

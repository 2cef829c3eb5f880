using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Turns a covering-radius map into the curve F(r) = fraction of the phase whose covering radius
/// is at least r (CPSD or intrusion curve), and inverts it at a level by linear interpolation.
/// </summary>
public static class RadiusDistribution
{
    /// <summary>
    /// The curve at r = 0 and at every distinct covering radius: F(0) = fraction with a radius
    /// above 0, F(r_k) = #{radius &gt;= r_k} / phase voxels.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(VoxelStack coveringRadius, long phaseVoxels)
    {
        ArgumentNullException.ThrowIfNull(coveringRadius);
        var counts = new SortedDictionary<float, long>();
        for (int z = 0; z < coveringRadius.Depth; z++)
        {
            foreach (float r in coveringRadius.GetSlice<float>(z))
            {
                if (r > 0)
                {
                    counts[r] = counts.TryGetValue(r, out long c) ? c + 1 : 1;
                }
            }
        }

        var points = new List<CurvePoint>(counts.Count + 1);
        double n = Math.Max(1, phaseVoxels);
        long atLeast = counts.Values.Sum();
        points.Add(new CurvePoint(0, atLeast / n));
        foreach (var (r, c) in counts)
        {
            points.Add(new CurvePoint(r, atLeast / n));
            atLeast -= c;
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

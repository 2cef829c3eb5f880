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
/// Only "ridge" centres are painted: a centre whose ball lies inside a neighbour's ball
/// (R(c') &gt;= R(c) + |c - c'|) adds nothing. Painting runs slice by slice in parallel, each
/// slice taking the discs of the balls that cut it, so no two threads write the same voxel.
/// </remarks>
public static class LocalThickness
{
    /// <summary>Covering radius map (Float32, physical units, 0 outside the phase) of a radius map.</summary>
    public static VoxelStack Compute(VoxelStack radius, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(radius);
        if (radius.DataType != VoxelDataType.Float32)
        {
            throw MicroMorphException.Argument("RadiusMapNeedsFloat32", "The radius map must be a Float32 stack (e.g. a distance transform).", radius);
        }

        var vs = radius.VoxelSize;
        var centres = RidgeCentres(radius, options);
        // Sorted by z so each slice finds the balls that can reach it by binary search.
        centres.Sort((a, b) => a.Z.CompareTo(b.Z));
        float maxRadius = centres.Count == 0 ? 0 : centres.Max(c => c.R);
        int reachZ = (int)Math.Ceiling(maxRadius / vs.Z);
        var zs = centres.Select(c => c.Z).ToArray();

        var result = new VoxelStack(radius.Width, radius.Height, radius.Depth, VoxelDataType.Float32);
        result.CopyAttributesFrom(radius);
        result.Source = radius.Source + " [local thickness]";
        int w = radius.Width, h = radius.Height;
        SliceIterator.For(radius.Depth, options, "Local thickness", z =>
        {
            var output = result.GetSlice<float>(z);
            int first = LowerBound(zs, z - reachZ), last = LowerBound(zs, z + reachZ + 1);
            for (int k = first; k < last; k++)
            {
                var c = centres[k];
                double dz = (z - c.Z) * vs.Z;
                double r2 = (double)c.R * c.R - dz * dz;
                if (r2 <= 0)
                {
                    continue;
                }

                // Disc of radius sqrt(r2) in this slice, open: (dx^2 + dy^2) < r2.
                int ry = (int)Math.Ceiling(Math.Sqrt(r2) / vs.Y);
                int y0 = Math.Max(0, c.Y - ry), y1 = Math.Min(h - 1, c.Y + ry);
                for (int y = y0; y <= y1; y++)
                {
                    double dy = (y - c.Y) * vs.Y;
                    double rest = r2 - dy * dy;
                    if (rest <= 0)
                    {
                        continue;
                    }

                    double half = Math.Sqrt(rest) / vs.X;
                    int rx = (int)Math.Ceiling(half);
                    int x0 = Math.Max(0, c.X - rx), x1 = Math.Min(w - 1, c.X + rx);
                    var row = output.Slice(y * w, w);
                    for (int x = x0; x <= x1; x++)
                    {
                        double dx = (x - c.X) * vs.X;
                        if (dx * dx < rest && row[x] < c.R)
                        {
                            row[x] = c.R;
                        }
                    }
                }
            }
        });
        return result;
    }

    public readonly record struct Centre(int X, int Y, int Z, float R);

    /// <summary>Centres whose ball is not contained in the ball of one of their 26 neighbours.</summary>
    public static List<Centre> RidgeCentres(VoxelStack radius, ComputeOptions options)
    {
        int w = radius.Width, h = radius.Height, d = radius.Depth;
        var vs = radius.VoxelSize;
        var perSlice = new List<Centre>[d];
        var steps = new List<(int Dx, int Dy, int Dz, float Length)>();
        for (int dz = -1; dz <= 1; dz++)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    if (dx != 0 || dy != 0 || dz != 0)
                    {
                        steps.Add((dx, dy, dz, (float)Math.Sqrt(dx * vs.X * dx * vs.X + dy * vs.Y * dy * vs.Y + dz * vs.Z * dz * vs.Z)));
                    }
                }
            }
        }

        SliceIterator.For(d, options with { Progress = null }, "Local thickness", z =>
        {
            var list = new List<Centre>();
            var mid = radius.GetSlice<float>(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    float r = mid[y * w + x];
                    if (!(r > 0) || float.IsPositiveInfinity(r))
                    {
                        continue;
                    }

                    bool contained = false;
                    foreach (var (dx, dy, dz, length) in steps)
                    {
                        int xx = x + dx, yy = y + dy, zz = z + dz;
                        if ((uint)xx < (uint)w && (uint)yy < (uint)h && (uint)zz < (uint)d &&
                            radius.GetSlice<float>(zz)[yy * w + xx] >= r + length)
                        {
                            contained = true;
                            break;
                        }
                    }

                    if (!contained)
                    {
                        list.Add(new Centre(x, y, z, r));
                    }
                }
            }

            perSlice[z] = list;
        });
        return perSlice.SelectMany(l => l).ToList();
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        // In z order (RidgeCentres lists slice by slice), so each slice finds the balls that can reach it by binary search.
        float maxRadius = centres.Count == 0 ? 0 : centres.Max(c => c.R);
        int reachZ = (int)Math.Ceiling(maxRadius / vs.Z);
        var zs = centres.Select(c => c.Z).ToArray();

        var result = new VoxelStack(radius.Width, radius.Height, radius.Depth, VoxelDataType.Float32);
        result.CopyAttributesFrom(radius);
        result.Source = radius.Source + " [local thickness]";
        int w = radius.Width, h = radius.Height;
        var stampOf = vs.IsIsotropic ? BallStamps.For(centres, vs.X) : null;
        SliceIterator.For(radius.Depth, options, "Local thickness", z =>
        {
            var output = result.GetSlice<float>(z);
            int first = LowerBound(zs, z - reachZ), last = LowerBound(zs, z + reachZ + 1);
            for (int k = first; k < last; k++)
            {
                var c = centres[k];
                if (stampOf?[k] is { } stamp)
                {
                    PaintStamp(output, w, h, c, z - c.Z, stamp);
                }
                else
                {
                    PaintDisc(output, w, h, vs, c, z);
                }
            }
        });
        return result;
    }

    /// <summary>
    /// The cut of the open ball of <paramref name="c"/> with slice z, from the precomputed runs of
    /// its squared radius (isotropic voxels): no square roots, one short vector maximum per row,
    /// and no clipping for balls inside the slice's rectangle.
    /// </summary>
    private static void PaintStamp(Span<float> output, int w, int h, Centre c, int dz, BallStamps.Stamp stamp)
    {
        int r = stamp.Reach;
        if (dz < -r || dz > r)
        {
            return;
        }

        float value = c.R;
        int from = stamp.Starts[dz + r], to = stamp.Starts[dz + r + 1];
        var dys = stamp.RowOffsets;
        var rxs = stamp.HalfWidths;
        if (c.X >= r && c.X + r < w && c.Y >= r && c.Y + r < h)
        {
            ref float centre = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), c.Y * w + c.X);
            for (int e = from; e < to; e++)
            {
                int rx = rxs[e];
                RaiseTo(ref Unsafe.Add(ref centre, dys[e] * w - rx), 2 * rx + 1, value);
            }

            return;
        }

        for (int e = from; e < to; e++)
        {
            int y = c.Y + dys[e], rx = rxs[e];
            if ((uint)y < (uint)h)
            {
                int x0 = Math.Max(0, c.X - rx), x1 = Math.Min(w - 1, c.X + rx);
                if (x1 >= x0)
                {
                    RaiseTo(output.Slice(y * w + x0, x1 - x0 + 1), value);
                }
            }
        }
    }

    /// <summary>The cut of the open ball of <paramref name="c"/> with slice z, any voxel size.</summary>
    private static void PaintDisc(Span<float> output, int w, int h, VoxelSize vs, Centre c, int z)
    {
        double dz = (z - c.Z) * vs.Z;
        double r2 = OpenBallSquared(c.R) - dz * dz;
        if (r2 <= 0)
        {
            return;
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

            // The run of x with (m sx)^2 < rest, |m| <= rx: found once, then a plain maximum over it.
            int rx = (int)Math.Floor(Math.Sqrt(rest) / vs.X);
            while (rx >= 0 && rx * vs.X * (rx * vs.X) >= rest)
            {
                rx--;
            }

            while ((rx + 1) * vs.X * ((rx + 1) * vs.X) < rest)
            {
                rx++;
            }

            int x0 = Math.Max(0, c.X - rx), x1 = Math.Min(w - 1, c.X + rx);
            if (x1 >= x0)
            {
                RaiseTo(output.Slice(y * w + x0, x1 - x0 + 1), c.R);
            }
        }
    }

    /// <summary>
    /// Open lattice balls {|d|^2 &lt; k} as runs: for each dz the rows dy that meet the ball and
    /// the half-width rx of their run |dx| &lt;= rx. On isotropic voxels every radius of a distance
    /// map is s sqrt(k) for an integer k, so centres share a few hundred stamps; stamps are built
    /// for k up to <see cref="MaxK"/> (radius 40 voxels), larger balls take the general disc path.
    /// </summary>
    private static class BallStamps
    {
        private const int MaxK = 1600;

        public sealed record Stamp(int Reach, int[] Starts, int[] RowOffsets, int[] HalfWidths);

        /// <summary>The stamp of each centre (null: too large, painted as discs).</summary>
        public static Stamp?[] For(List<Centre> centres, double spacing)
        {
            double s2 = spacing * spacing;
            var byK = new Stamp?[MaxK + 1];
            var result = new Stamp?[centres.Count];
            for (int i = 0; i < centres.Count; i++)
            {
                int k = (int)Math.Round(centres[i].R * (double)centres[i].R / s2);
                if (k <= MaxK)
                {
                    result[i] = byK[k] ??= Build(k);
                }
            }

            return result;
        }

        private static Stamp Build(int k)
        {
            int r = (int)Math.Ceiling(Math.Sqrt(k));
            var starts = new int[2 * r + 2];
            var dys = new List<int>();
            var rxs = new List<int>();
            for (int dz = -r; dz <= r; dz++)
            {
                starts[dz + r] = dys.Count;
                for (int dy = -r; dy <= r; dy++)
                {
                    int rest = k - dz * dz - dy * dy; // dx^2 < rest
                    int rx = -1;
                    while (rest > 0 && (rx + 1) * (rx + 1) < rest)
                    {
                        rx++;
                    }

                    if (rx >= 0)
                    {
                        dys.Add(dy);
                        rxs.Add(rx);
                    }
                }
            }

            starts[2 * r + 1] = dys.Count;
            return new Stamp(r, starts, dys.ToArray(), rxs.ToArray());
        }
    }

    internal readonly record struct Centre(int X, int Y, int Z, float R);

    /// <summary>
    /// Centres, in z order, whose ball is not contained in the ball of one of their 26 neighbours. On an
    /// isotropic grid the test is exact for the discrete balls (BoneJ's distance ridge): with
    /// squared radii k in voxel units, the ball {|d|^2 &lt; k} of c lies inside the ball of the
    /// neighbour c' = c - e exactly when max over that ball of |d + e|^2 is below k'. Otherwise the
    /// continuous criterion R(c') &gt;= R(c) + |e| is used (it keeps more centres, never too few).
    /// </summary>
    internal static List<Centre> RidgeCentres(VoxelStack radius, ComputeOptions options)
    {
        int w = radius.Width, h = radius.Height, d = radius.Depth;
        var vs = radius.VoxelSize;
        bool isotropic = vs.IsIsotropic;
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

        // Face neighbours first: they contain a ball most often, and the test stops at the first.
        steps.Sort((a, b) => (Math.Abs(a.Dx) + Math.Abs(a.Dy) + Math.Abs(a.Dz)).CompareTo(Math.Abs(b.Dx) + Math.Abs(b.Dy) + Math.Abs(b.Dz)));

        double s2 = vs.X * vs.X;
        DiscreteBallContainment? containment = null;
        if (isotropic)
        {
            float largest = 0;
            for (int z = 0; z < d; z++)
            {
                foreach (float v in radius.GetSlice<float>(z))
                {
                    if (v > largest && !float.IsPositiveInfinity(v))
                    {
                        largest = v;
                    }
                }
            }

            containment = new DiscreteBallContainment((int)Math.Round(largest * (double)largest / s2) + 1);
        }

        SliceIterator.For(d, options with { Progress = null }, "Local thickness", z =>
        {
            perSlice[z] = RidgeOfSlice(radius, z, steps, containment, s2);
        });
        return perSlice.SelectMany(l => l).ToList();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static List<Centre> RidgeOfSlice(VoxelStack radius, int z, List<(int Dx, int Dy, int Dz, float Length)> steps, DiscreteBallContainment? containment, double s2)
    {
        int w = radius.Width, h = radius.Height, d = radius.Depth;
        var list = new List<Centre>();
        // The three slices a 26-neighbourhood touches, fetched once (an empty span outside the volume).
        ReadOnlySpan<float> below = z > 0 ? radius.GetSlice<float>(z - 1) : default;
        ReadOnlySpan<float> mid = radius.GetSlice<float>(z);
        ReadOnlySpan<float> above = z + 1 < d ? radius.GetSlice<float>(z + 1) : default;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                float r = mid[y * w + x];
                if (!(r > 0) || float.IsPositiveInfinity(r))
                {
                    continue;
                }

                int k = containment is null ? 0 : (int)Math.Round(r * (double)r / s2);
                if (containment is not null && x > 0 && x < w - 1 && y > 0 && y < h - 1 && !below.IsEmpty && !above.IsEmpty)
                {
                    if (!containment.ContainedInNeighbour(below, mid, above, y * w + x, w, r, k, s2))
                    {
                        list.Add(new Centre(x, y, z, r));
                    }

                    continue;
                }

                bool contained = false;
                foreach (var (dx, dy, dz, length) in steps)
                {
                    int xx = x + dx, yy = y + dy;
                    var plane = dz < 0 ? below : dz > 0 ? above : mid;
                    if ((uint)xx >= (uint)w || (uint)yy >= (uint)h || plane.IsEmpty)
                    {
                        continue;
                    }

                    float other = plane[yy * w + xx];
                    if (!(other > r) || float.IsPositiveInfinity(other))
                    {
                        continue;
                    }

                    contained = containment is not null
                        ? containment.MaxSquaredDistance(k, dx, dy, dz) < (int)Math.Round(other * (double)other / s2)
                        : other >= r + length;
                    if (contained)
                    {
                        break;
                    }
                }

                if (!contained)
                {
                    list.Add(new Centre(x, y, z, r));
                }
            }
        }

        return list;
    }

    /// <summary>
    /// max |d + e|^2 over the lattice ball {|d|^2 &lt; k}, for the 26 unit steps e, for every k up
    /// to the largest squared radius. The ball is symmetric under sign changes and axis
    /// permutations, so the value depends only on the number of non-zero components of e.
    /// </summary>
    private sealed class DiscreteBallContainment
    {
        private readonly int[] _table; // 4 entries per k: index = number of non-zero components of e

        public DiscreteBallContainment(int maxK)
        {
            _table = new int[4 * (maxK + 1)];
            int r = (int)Math.Ceiling(Math.Sqrt(maxK)) + 1;

            // Each lattice offset d enters every ball with k > |d|^2: record its values at k = |d|^2 + 1,
            // then a running maximum over k fills the table.
            for (int a = -r; a <= r; a++)
            {
                for (int b = -r; b <= r; b++)
                {
                    for (int c = -r; c <= r; c++)
                    {
                        int k = a * a + b * b + c * c + 1;
                        if (k > maxK)
                        {
                            continue;
                        }

                        // e = (1,0,0), (1,1,0), (1,1,1): |d + e|^2 = |d|^2 + 2 d.e + |e|^2.
                        Raise(k, 1, k - 1 + 2 * a + 1);
                        Raise(k, 2, k - 1 + 2 * (a + b) + 2);
                        Raise(k, 3, k - 1 + 2 * (a + b + c) + 3);
                    }
                }
            }

            for (int k = 1; k <= maxK; k++)
            {
                for (int kind = 1; kind <= 3; kind++)
                {
                    _table[4 * k + kind] = Math.Max(_table[4 * k + kind], _table[4 * (k - 1) + kind]);
                }
            }
        }

        public int MaxSquaredDistance(int k, int dx, int dy, int dz) => _table[4 * k + Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz)];

        /// <summary>
        /// The same test for an interior voxel i of the middle plane, unrolled: the ball {|d|^2 &lt; k}
        /// lies in the ball of a neighbour at step e with radius R' exactly when R'^2 / s^2 (an
        /// integer up to rounding) exceeds max |d + e|^2, i.e. R'^2 &gt; (max + 1/2) s^2.
        /// </summary>
        public bool ContainedInNeighbour(ReadOnlySpan<float> below, ReadOnlySpan<float> mid, ReadOnlySpan<float> above, int i, int w, float r, int k, double s2)
        {
            double face = (_table[4 * k + 1] + 0.5) * s2, edge = (_table[4 * k + 2] + 0.5) * s2, corner = (_table[4 * k + 3] + 0.5) * s2;
            return Exceeds(below[i], r, face) || Exceeds(above[i], r, face)
                || Exceeds(mid[i - 1], r, face) || Exceeds(mid[i + 1], r, face) || Exceeds(mid[i - w], r, face) || Exceeds(mid[i + w], r, face)
                || Exceeds(mid[i - w - 1], r, edge) || Exceeds(mid[i - w + 1], r, edge) || Exceeds(mid[i + w - 1], r, edge) || Exceeds(mid[i + w + 1], r, edge)
                || Exceeds(below[i - 1], r, edge) || Exceeds(below[i + 1], r, edge) || Exceeds(below[i - w], r, edge) || Exceeds(below[i + w], r, edge)
                || Exceeds(above[i - 1], r, edge) || Exceeds(above[i + 1], r, edge) || Exceeds(above[i - w], r, edge) || Exceeds(above[i + w], r, edge)
                || Exceeds(below[i - w - 1], r, corner) || Exceeds(below[i - w + 1], r, corner) || Exceeds(below[i + w - 1], r, corner) || Exceeds(below[i + w + 1], r, corner)
                || Exceeds(above[i - w - 1], r, corner) || Exceeds(above[i - w + 1], r, corner) || Exceeds(above[i + w - 1], r, corner) || Exceeds(above[i + w + 1], r, corner);
        }

        private static bool Exceeds(float other, float r, double threshold) =>
            other > r && other * (double)other > threshold && !float.IsPositiveInfinity(other);

        private void Raise(int k, int kind, int value) => _table[4 * k + kind] = Math.Max(_table[4 * k + kind], value);
    }

    /// <summary>
    /// values[i] = max(values[i], r), vectorised; the last vector overlaps the previous one
    /// instead of a scalar tail (a maximum may be applied twice), so short runs cost one or two
    /// vector operations.
    /// </summary>
    private static void RaiseTo(Span<float> values, float r) => RaiseTo(ref MemoryMarshal.GetReference(values), values.Length, r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RaiseTo(ref float start, int n, float r)
    {
        if (n >= 8 && Vector256.IsHardwareAccelerated)
        {
            var radius = Vector256.Create(r);
            int i = 0;
            for (; i <= n - 8; i += 8)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref start, (nuint)i), radius).StoreUnsafe(ref start, (nuint)i);
            }

            if (i < n)
            {
                Vector256.Max(Vector256.LoadUnsafe(ref start, (nuint)(n - 8)), radius).StoreUnsafe(ref start, (nuint)(n - 8));
            }

            return;
        }

        if (n >= 4 && Vector128.IsHardwareAccelerated)
        {
            var radius = Vector128.Create(r);
            int i = 0;
            for (; i <= n - 4; i += 4)
            {
                Vector128.Max(Vector128.LoadUnsafe(ref start, (nuint)i), radius).StoreUnsafe(ref start, (nuint)i);
            }

            if (i < n)
            {
                Vector128.Max(Vector128.LoadUnsafe(ref start, (nuint)(n - 4)), radius).StoreUnsafe(ref start, (nuint)(n - 4));
            }

            return;
        }

        for (int i = 0; i < n; i++)
        {
            ref float v = ref Unsafe.Add(ref start, i);
            if (v < r)
            {
                v = r;
            }
        }
    }

    /// <summary>
    /// R^2 shrunk by a few float ulps: radii are float square roots of exact squared distances, so
    /// R * R can land just above the true value and would put the ball's boundary points (which
    /// the open ball B(c, R) excludes, 001 Eq. 26) inside.
    /// </summary>
    public static double OpenBallSquared(float radius) => (double)radius * radius * (1 - 4e-7);

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

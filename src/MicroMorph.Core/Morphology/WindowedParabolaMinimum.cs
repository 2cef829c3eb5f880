using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The 1D squared-distance pass of the exact EDT along one axis, D(p) = min_q f(q) + ((p - q) s)^2
/// (plus the faces with a background border), by a direct minimum over a bounded window of q,
/// on a block of lines stored row by row (row p holds f(p) of every line, <see cref="Lanes"/> lines
/// side by side), so every step is one SIMD operation over contiguous memory, without transposing.
/// </summary>
/// <remarks>
/// Exact, not an approximation: for squared distances (f &gt;= 0, f = 0 exactly on the background)
/// D(p) &lt;= B(p) = min(f(p), ((p - b) s)^2 for the nearest background rows b on either side, the face
/// term), since q = p and q = b are candidates. Any q that reaches the minimum has
/// ((p - q) s)^2 &lt;= f(q) + ((p - q) s)^2 = D(p) &lt;= B(p), so |p - q| &lt;= sqrt(B(p)) / s: the window
/// r(p) = floor(sqrt(B(p)) / s) + 1 (one extra row covers the rounding of the bound) holds every
/// minimiser, and the minimum over it is the minimum over the whole line. The window of row p is the
/// largest over the block's lanes. Each candidate is the same sum as in the lower envelope
/// (<c>dp * dp + f</c> with <c>dp = p s - q s</c> in double, rounded once to float), so the result is the
/// envelope's value wherever the envelope picks the minimising parabola (always with integer squared
/// distances; with other voxel sizes a near-tie rounded in the envelope's intersections can differ in
/// the last bit, and then this is the smaller, exact minimum). When the windows are long (large pores, a line without
/// background) the caller uses the lower envelope instead (<see cref="Radii"/> returns false).
/// </remarks>
internal static class WindowedParabolaMinimum
{
    /// <summary>Lines per block: four 256-bit vectors of floats per row (<see cref="RowInFloat"/> is written for four).</summary>
    public const int Lanes = 32;

    /// <summary>
    /// Mean window length (rows per row) above which the lower envelope is cheaper: about 50 cycles
    /// per voxel against one vector step per 8 voxels and window row.
    /// </summary>
    private const int MeanWindowLimit = 64;

    /// <summary>
    /// True when the sums can be formed in float lanes with the same results as in double: an
    /// isotropic voxel size that is a power of two (1 for uncalibrated volumes) keeps every f and every
    /// (dp)^2 an integer multiple of s^2 below 2^27 s^2 (lines shorter than 4096, so 3 * 4096^2 &lt; 2^27),
    /// whose double sum is exact; both paths then round that exact sum once to float, and the minimum
    /// of rounded sums is the rounded minimum (rounding is monotonic).
    /// </summary>
    public static bool FloatSumsAreExact(VoxelSize size, int longestLine) =>
        longestLine < 4096 && size.X == size.Y && size.Y == size.Z && IsModeratePowerOfTwo(size.X);

    /// <summary>A power of two between 2^-20 and 2^20 (no float underflow or overflow of s^2 n^2).</summary>
    private static bool IsModeratePowerOfTwo(double s) =>
        s >= 1.0 / (1 << 20) && s <= 1 << 20 && (BitConverter.DoubleToInt64Bits(s) & 0xF_FFFF_FFFF_FFFFL) == 0;

    /// <summary>
    /// The window r(p) of every row p of <paramref name="block"/> (n rows of <see cref="Lanes"/> floats,
    /// unused lanes 0); false when a row has no bound (a line without background) or the windows
    /// would cost more than the lower envelope. <paramref name="running"/> and <paramref name="left"/>
    /// are scratch (Lanes and n * Lanes floats).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Radii(ReadOnlySpan<float> block, int n, double s, bool border, Span<int> radius, Span<float> left, Span<float> running)
    {
        var step = Vector256.Create((float)s);
        var infinite = Vector256.Create(float.PositiveInfinity);
        ref float b = ref MemoryMarshal.GetReference(block);
        ref float l = ref MemoryMarshal.GetReference(left);
        ref float run = ref MemoryMarshal.GetReference(running);

        // Distance (in the axis' unit) to the nearest background row above each voxel, per lane.
        for (int i = 0; i < Lanes; i += 8)
        {
            infinite.StoreUnsafe(ref run, (nuint)i);
        }

        for (int p = 0; p < n; p++)
        {
            for (int i = 0; i < Lanes; i += 8)
            {
                var f = Vector256.LoadUnsafe(ref b, (nuint)(p * Lanes + i));
                var d = Vector256.ConditionalSelect(Vector256.Equals(f, Vector256<float>.Zero), Vector256<float>.Zero, Vector256.LoadUnsafe(ref run, (nuint)i) + step);
                d.StoreUnsafe(ref run, (nuint)i);
                d.StoreUnsafe(ref l, (nuint)(p * Lanes + i));
            }
        }

        // Below, then the bound B(p) = min(f, nearest background^2), its largest lane, the window.
        for (int i = 0; i < Lanes; i += 8)
        {
            infinite.StoreUnsafe(ref run, (nuint)i);
        }

        long cost = 0;
        for (int p = n - 1; p >= 0; p--)
        {
            var largest = Vector256<float>.Zero;
            for (int i = 0; i < Lanes; i += 8)
            {
                var f = Vector256.LoadUnsafe(ref b, (nuint)(p * Lanes + i));
                var d = Vector256.ConditionalSelect(Vector256.Equals(f, Vector256<float>.Zero), Vector256<float>.Zero, Vector256.LoadUnsafe(ref run, (nuint)i) + step);
                d.StoreUnsafe(ref run, (nuint)i);
                var nearest = Vector256.Min(d, Vector256.LoadUnsafe(ref l, (nuint)(p * Lanes + i)));
                largest = Vector256.Max(largest, Vector256.Min(f, nearest * nearest));
            }

            var half = Vector128.Max(largest.GetLower(), largest.GetUpper());
            half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
            half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
            double bound = half.ToScalar();
            if (border)
            {
                double toFace = Math.Min(p + 1, n - p) * s;
                bound = Math.Min(bound, toFace * toFace);
            }

            if (double.IsPositiveInfinity(bound))
            {
                return false;
            }

            double window = Math.Sqrt(bound) / s + 1;
            int r = window >= n ? n : (int)window;
            radius[p] = r;
            cost += Math.Min(2L * r + 1, n);
        }

        return cost <= (long)MeanWindowLimit * n;
    }

    /// <summary>
    /// Row p of the result: min over q in [p - r, p + r] of block[q] + (p s - q s)^2 (and the faces),
    /// in double lanes, rounded to float (square-rooted with <paramref name="root"/>) into
    /// <paramref name="output"/> (<see cref="Lanes"/> floats).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(ReadOnlySpan<float> block, int n, int p, int r, double s, bool border, Span<float> output, bool root)
    {
        int q0 = Math.Max(0, p - r), q1 = Math.Min(n - 1, p + r);
        double pp = p * s;
        var face = Vector256.Create(FaceSquared(p, n, s, border));
        ref float b = ref MemoryMarshal.GetReference(block);
        ref float o = ref MemoryMarshal.GetReference(output);
        for (int i = 0; i < Lanes; i += 8)
        {
            var lo = face;
            var hi = face;
            for (int q = q0; q <= q1; q++)
            {
                double dp = pp - q * s;
                var c = Vector256.Create(dp * dp);
                var (fl, fh) = Vector256.Widen(Vector256.LoadUnsafe(ref b, (nuint)(q * Lanes + i)));
                lo = Vector256.Min(lo, fl + c);
                hi = Vector256.Min(hi, fh + c);
            }

            var value = Vector256.Narrow(lo, hi);
            if (root)
            {
                value = Vector256.Sqrt(value);
            }

            value.StoreUnsafe(ref o, (nuint)i);
        }
    }

    /// <summary>
    /// The same in float lanes; only when <see cref="FloatSumsAreExact"/>. The four vectors of a row
    /// share each (dp)^2 and keep four independent minima.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowInFloat(ReadOnlySpan<float> block, int n, int p, int r, double s, bool border, Span<float> output, bool root)
    {
        int q0 = Math.Max(0, p - r), q1 = Math.Min(n - 1, p + r);
        double pp = p * s;
        var m0 = Vector256.Create((float)FaceSquared(p, n, s, border));
        var m1 = m0;
        var m2 = m0;
        var m3 = m0;
        ref float b = ref MemoryMarshal.GetReference(block);
        for (int q = q0; q <= q1; q++)
        {
            double dp = pp - q * s;
            var c = Vector256.Create((float)(dp * dp));
            ref float row = ref Unsafe.Add(ref b, q * Lanes);
            m0 = Vector256.Min(m0, Vector256.LoadUnsafe(ref row) + c);
            m1 = Vector256.Min(m1, Vector256.LoadUnsafe(ref row, 8) + c);
            m2 = Vector256.Min(m2, Vector256.LoadUnsafe(ref row, 16) + c);
            m3 = Vector256.Min(m3, Vector256.LoadUnsafe(ref row, 24) + c);
        }

        if (root)
        {
            m0 = Vector256.Sqrt(m0);
            m1 = Vector256.Sqrt(m1);
            m2 = Vector256.Sqrt(m2);
            m3 = Vector256.Sqrt(m3);
        }

        ref float o = ref MemoryMarshal.GetReference(output);
        m0.StoreUnsafe(ref o);
        m1.StoreUnsafe(ref o, 8);
        m2.StoreUnsafe(ref o, 16);
        m3.StoreUnsafe(ref o, 24);
    }

    private static double FaceSquared(int p, int n, double s, bool border)
    {
        if (!border)
        {
            return double.PositiveInfinity;
        }

        double toFace = Math.Min(p + 1, n - p) * s;
        return toFace * toFace;
    }
}

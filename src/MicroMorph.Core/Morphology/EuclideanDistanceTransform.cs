using System.Runtime.CompilerServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// Exact Euclidean distance transform: for every voxel of a phase, the physical distance to the
/// nearest voxel outside it (0 outside). Separable and linear-time: one 1D lower-envelope-of-
/// parabolas pass per axis (Felzenszwalb and Huttenlocher, Theory of Computing 8, 2012), with the
/// voxel size of each axis, so anisotropic voxels are exact. The result is a Float32 stack in the
/// volume's unit; it is the only allocation proportional to the volume (4 bytes per voxel).
/// </summary>
public static class EuclideanDistanceTransform
{
    private const int ColumnBlock = 32;

    /// <summary>Distance of each voxel with label <paramref name="label"/> to the nearest other voxel.</summary>
    /// <param name="borderIsBackground">
    /// True: the outside of the volume counts as background (distances are bounded by the distance
    /// to the faces). False (SciPy's convention): only voxels inside the volume count.
    /// </param>
    public static VoxelStack Compute(PhaseImage image, byte label, bool borderIsBackground, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        var foreground = new bool[256];
        foreground[label] = true;
        return Compute(image, foreground, borderIsBackground, options);
    }

    /// <summary>Distance transform of the voxels whose label <c>l</c> has <c>isForeground[l]</c> (on a UInt8 volume).</summary>
    public static VoxelStack Compute(Volume volume, bool[] isForeground, bool borderIsBackground, ComputeOptions options) =>
        Compute(volume, isForeground, borderIsBackground, options, into: null, squared: false);

    /// <summary>
    /// The same, written into <paramref name="into"/> (a Float32 stack of the volume's dimensions,
    /// e.g. reused across the steps of a morphological filter) when given, and with
    /// <paramref name="squared"/> the squared distances (no square roots).
    /// </summary>
    internal static VoxelStack Compute(Volume volume, bool[] isForeground, bool borderIsBackground, ComputeOptions options, VoxelStack? into, bool squared)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(isForeground);
        if (isForeground.Length != 256)
        {
            throw new ArgumentException("The foreground table needs one entry per label (256).", nameof(isForeground));
        }

        if (volume.DataType != VoxelDataType.UInt8)
        {
            throw MicroMorphException.Argument("DistanceTransformNeedsLabels", $"The distance transform works on labels (UInt8); this volume is {volume.DataType}.", volume);
        }

        int w = volume.Width, h = volume.Height, d = volume.Depth;
        var vs = volume.VoxelSize;
        var result = into ?? VoxelStack.CreateUninitialized(w, h, d, VoxelDataType.Float32);
        if (result.DataType != VoxelDataType.Float32 || result.Width != w || result.Height != h || result.Depth != d)
        {
            throw new ArgumentException("The output must be a Float32 stack of the volume's dimensions.", nameof(into));
        }

        result.VoxelSize = vs;
        result.Source = volume.Source + " [distance transform]";
        var work = new ProgressCounter(3L * d + h, options.Progress, "Distance transform");

        // Pass 1 (x) and pass 2 (y) within each slice; squared distances are kept in the output.
        SliceIterator.For(d, options with { Progress = null }, "Distance transform", z =>
        {
            var squared = result.GetSlice<float>(z);
            PassX(volume.GetSliceBytes(z), squared, w, h, vs.X, borderIsBackground, isForeground);
            work.Increment();
            PassY(squared, w, h, vs.Y, borderIsBackground, barriers: true);
            work.Increment();
        });

        // Pass 3 (z) across slices, a block of x-columns at a time for locality; it also takes the
        // square root as it writes back, so no extra pass over the volume is needed.
        SliceIterator.For(h, options with { Progress = null }, "Distance transform", y =>
        {
            PassZ(result, y, vs.Z, borderIsBackground, squared, barriers: true);
            work.Increment();
        });
        work.Increment(d);
        return result;
    }

    /// <summary>
    /// The generalised distance transform of a sampled function (Felzenszwalb and Huttenlocher):
    /// every voxel p of the Float32 stack <paramref name="values"/> is replaced in place by
    /// min_q f(q) + |p - q|^2 with physical distances (+infinity marks voxels that are no source).
    /// With f = -r(q)^2 on a set of centres, D(p) &lt;= 0 exactly where p lies in the union of the
    /// balls B(q, r(q)): a dilation with a radius that varies from voxel to voxel.
    /// </summary>
    public static void LowerEnvelope(VoxelStack values, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        if (values.DataType != VoxelDataType.Float32)
        {
            throw new ArgumentException("The lower envelope works on a Float32 stack.", nameof(values));
        }

        int w = values.Width, h = values.Height, d = values.Depth;
        var vs = values.VoxelSize;
        SliceIterator.For(d, options with { Progress = null }, "Lower envelope", z =>
        {
            var slice = values.GetSlice<float>(z);
            var scratch = new Scratch(w, vs.X);
            for (int y = 0; y < h; y++)
            {
                LowerEnvelope(scratch, slice.Slice(y * w, w), vs.X, false, barriers: false);
            }

            PassY(slice, w, h, vs.Y, false, barriers: false);
        });
        SliceIterator.For(h, options with { Progress = null }, "Lower envelope", y => PassZ(values, y, vs.Z, false, squared: true, barriers: false));
    }

    /// <summary>Pass 2: the lower envelope along y for every x of one slice, gathering blocks of columns row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassY(Span<float> squared, int w, int h, double sy, bool border, bool barriers)
    {
        var scratch = new Scratch(h, sy);
        var block = new float[ColumnBlock * h];
        for (int x0 = 0; x0 < w; x0 += ColumnBlock)
        {
            int n = Math.Min(ColumnBlock, w - x0);
            for (int y = 0; y < h; y++)
            {
                var row = squared.Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    block[i * h + y] = row[i];
                }
            }

            for (int i = 0; i < n; i++)
            {
                LowerEnvelope(scratch, block.AsSpan(i * h, h), sy, border, barriers);
            }

            for (int y = 0; y < h; y++)
            {
                var row = squared.Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    row[i] = block[i * h + y];
                }
            }
        }
    }

    /// <summary>Pass 3: the lower envelope along z for every x of one row y, gathering blocks of columns for locality.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassZ(VoxelStack result, int y, double sz, bool border, bool squared, bool barriers)
    {
        int w = result.Width, d = result.Depth;
        var scratch = new Scratch(d, sz);
        var block = new float[ColumnBlock * d];
        for (int x0 = 0; x0 < w; x0 += ColumnBlock)
        {
            int n = Math.Min(ColumnBlock, w - x0);
            for (int z = 0; z < d; z++)
            {
                var row = result.GetSlice<float>(z).Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    block[i * d + z] = row[i];
                }
            }

            // A 2D image (depth 1) has no z neighbours and no z faces: only the square root remains.
            for (int i = 0; d > 1 && i < n; i++)
            {
                LowerEnvelope(scratch, block.AsSpan(i * d, d), sz, border, barriers);
            }

            for (int z = 0; z < d; z++)
            {
                var row = result.GetSlice<float>(z).Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    row[i] = squared ? block[i * d + z] : MathF.Sqrt(block[i * d + z]);
                }
            }
        }
    }

    /// <summary>1D distance along x to the nearest background voxel of the row, squared, in physical units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassX(ReadOnlySpan<byte> labels, Span<float> squared, int w, int h, double sx, bool border, bool[] isForeground)
    {
        const float Infinite = float.PositiveInfinity;
        for (int y = 0; y < h; y++)
        {
            int o = y * w;
            // Forward: distance (in voxels) to the last background on the left.
            int last = border ? -1 : int.MinValue / 2;
            for (int x = 0; x < w; x++)
            {
                if (!isForeground[labels[o + x]])
                {
                    last = x;
                    squared[o + x] = 0;
                }
                else
                {
                    squared[o + x] = x - (long)last > w + 1 ? Infinite : x - last;
                }
            }

            // Backward: the nearer of left and right, then square in physical units.
            int next = border ? w : int.MaxValue / 2;
            for (int x = w - 1; x >= 0; x--)
            {
                if (!isForeground[labels[o + x]])
                {
                    next = x;
                    continue;
                }

                float left = squared[o + x];
                float right = next - (long)x > w + 1 ? Infinite : next - x;
                float steps = Math.Min(left, right);
                squared[o + x] = float.IsPositiveInfinity(steps) ? Infinite : (float)(steps * sx * (steps * sx));
            }
        }
    }

    /// <summary>
    /// Lower envelope of the parabolas (p - q)^2 + f(q) along one line with spacing <paramref name="s"/>:
    /// D(p) = min_q f(q) + ((p - q) s)^2, plus, with a background border, the faces at -1 and n.
    /// </summary>
    /// <remarks>
    /// With <paramref name="barriers"/> (squared distances, f &gt;= 0, f = 0 exactly on the background) the
    /// line splits into runs of f &gt; 0 between background voxels, as edt's multi-segment pass does: a
    /// background voxel b is nearer to every p beyond it than any source r behind it, since
    /// ((p - r) s)^2 + f(r) &gt;= ((p - b) s)^2, so each run needs only its own parabolas and the two
    /// background voxels that bound it, and background voxels elsewhere are 0 without an envelope.
    /// The parabolas behind a barrier never enter the envelope over the run, so every value is the same
    /// sum of the same parabola as over the whole line.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LowerEnvelope(Scratch t, Span<float> line, double s, bool border, bool barriers)
    {
        int n = line.Length;
        if (!barriers)
        {
            Envelope(t, line, 0, n, 0, n, s, border);
            return;
        }

        int start = 0;
        while (start < n)
        {
            if (line[start] == 0)
            {
                start++; // background: 0, also with a background border
                continue;
            }

            int end = start + 1;
            while (end < n && line[end] != 0)
            {
                end++;
            }

            Envelope(t, line, Math.Max(0, start - 1), Math.Min(n, end + 1), start, end, s, border);
            start = end;
        }
    }

    /// <summary>
    /// D(p) for p in [<paramref name="from"/>, <paramref name="to"/>) from the parabolas of q in
    /// [<paramref name="lo"/>, <paramref name="hi"/>), in place: f is read once while the envelope is built
    /// (each kept parabola's f is copied with it), so D can overwrite it (one copy of the line fewer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Envelope(Scratch t, Span<float> line, int lo, int hi, int from, int to, double s, bool border)
    {
        int n = line.Length;
        var fv = t.F;
        var g = t.G;
        var v = t.V;
        var zb = t.Z;
        int k = -1;
        for (int q = lo; q < hi; q++)
        {
            double fq = line[q];
            if (double.IsPositiveInfinity(fq))
            {
                continue;
            }

            double pq = q * s;
            g[q] = fq + pq * pq; // the parabola's value at the origin, reused in every intersection
            while (true)
            {
                if (k < 0)
                {
                    k = 0;
                    v[0] = q;
                    fv[0] = fq;
                    zb[0] = double.NegativeInfinity;
                    zb[1] = double.PositiveInfinity;
                    break;
                }

                double intersection = (g[q] - g[v[k]]) * t.HalfInverseDistance[q - v[k]];
                if (intersection <= zb[k])
                {
                    k--;
                    continue;
                }

                k++;
                v[k] = q;
                fv[k] = fq;
                zb[k] = intersection;
                zb[k + 1] = double.PositiveInfinity;
                break;
            }
        }

        if (k < 0)
        {
            for (int p = from; p < to; p++)
            {
                double toFace = border ? Math.Min(p + 1, n - p) * s : double.PositiveInfinity;
                line[p] = (float)(toFace * toFace);
            }

            return;
        }

        int j = 0;
        for (int p = from; p < to; p++)
        {
            double pp = p * s;
            while (zb[j + 1] < pp)
            {
                j++;
            }

            double dp = pp - v[j] * s;
            double value = dp * dp + fv[j];
            if (border)
            {
                double toFace = Math.Min(p + 1, n - p) * s;
                value = Math.Min(value, toFace * toFace);
            }

            line[p] = (float)value;
        }
    }

    private sealed class Scratch(int n, double s)
    {
        /// <summary>1 / (2 s delta) for delta = 1..n-1: the intersection of two parabolas without a division.</summary>
        public readonly double[] HalfInverseDistance = Enumerable.Range(0, n).Select(delta => 1 / (2 * s * delta)).ToArray();

        /// <summary>f of the parabolas on the envelope's stack.</summary>
        public readonly double[] F = new double[n];
        public readonly double[] G = new double[n];
        public readonly int[] V = new int[n];
        public readonly double[] Z = new double[n + 1];
    }
}

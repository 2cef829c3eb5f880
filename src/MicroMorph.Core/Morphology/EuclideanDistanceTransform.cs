using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// Exact Euclidean distance transform: for every voxel of a phase, the physical distance to the
/// nearest voxel outside it (0 outside). Separable: one 1D squared-distance pass per axis, min_q
/// f(q) + ((p - q) s)^2 (Felzenszwalb and Huttenlocher, Theory of Computing 8, 2012), with the
/// voxel size of each axis, so anisotropic voxels are exact. Along x a two-sweep count; along y and z
/// the exact windowed minimum of <see cref="WindowedParabolaMinimum"/> (SIMD over blocks of lines),
/// or the linear-time lower envelope of parabolas where its windows would be long. The result is a
/// Float32 stack in the volume's unit; it is the only allocation proportional to the volume (4 bytes
/// per voxel).
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
        // Passes 2 and 3 take the windowed minimum (WindowedParabolaMinimum), in float lanes when
        // that gives the same sums as double.
        bool inFloat = WindowedParabolaMinimum.FloatSumsAreExact(vs, Math.Max(w, Math.Max(h, d)));
        var squaresAlongX = SquaresAlongX(w, vs.X);
        SliceIterator.For(
            d,
            options with { Progress = null },
            "Distance transform",
            () => new Workspace(h, vs.Y),
            (z, workspace) =>
            {
                PageAdvice.Populate(result.GetSliceBytes(z)); // map the fresh output slice in one call, not one fault per page
                var squared = result.GetSlice<float>(z);
                PassX(volume.GetSliceBytes(z), squared, w, h, borderIsBackground, isForeground, squaresAlongX, workspace.RowCounts(w));
                work.Increment();
                PassY(workspace, squared, w, borderIsBackground, inFloat);
                work.Increment();
            },
            _ => { });

        // Pass 3 (z) across slices, a block of x-columns at a time for locality; it also takes the
        // square root as it writes back, so no extra pass over the volume is needed.
        SliceIterator.For(
            h,
            options with { Progress = null },
            "Distance transform",
            () => new Workspace(d, vs.Z),
            (y, workspace) =>
            {
                PassZ(workspace, result, y, borderIsBackground, squared, inFloat);
                work.Increment();
            },
            _ => { });
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

            EnvelopePassY(slice, w, h, vs.Y);
        });
        SliceIterator.For(h, options with { Progress = null }, "Lower envelope", y => EnvelopePassZ(values, y, vs.Z));
    }

    /// <summary>
    /// Pass 2 of one slice: along y for every x, a block of <see cref="WindowedParabolaMinimum.Lanes"/>
    /// columns at a time (rows copied contiguously), by the windowed minimum, or the lower envelope when
    /// the windows are too long.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassY(Workspace ws, Span<float> squared, int w, bool border, bool inFloat)
    {
        const int Lanes = WindowedParabolaMinimum.Lanes;
        int h = ws.N;
        var block = ws.Block.AsSpan();
        for (int x0 = 0; x0 < w; x0 += Lanes)
        {
            int n = Math.Min(Lanes, w - x0);
            for (int y = 0; y < h; y++)
            {
                squared.Slice(y * w + x0, n).CopyTo(block.Slice(y * Lanes, n));
                block.Slice(y * Lanes + n, Lanes - n).Clear();
            }

            if (WindowedParabolaMinimum.Radii(block, h, ws.S, border, ws.Radius, ws.Left, ws.Running))
            {
                for (int p = 0; p < h; p++)
                {
                    ws.Row(block, p, ws.Radius[p], border, squared.Slice(p * w + x0, n), root: false, inFloat);
                }

                continue;
            }

            var columns = ws.EnvelopeColumns(block, n, border);
            for (int y = 0; y < h; y++)
            {
                var row = squared.Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    row[i] = columns[i * h + y];
                }
            }
        }
    }

    /// <summary>
    /// Pass 3 for one row y: along z for every x, as <see cref="PassY"/>, with the square root unless
    /// <paramref name="squared"/>. Row y of every slice is copied whole (all blocks of lanes at once),
    /// so each slice is fetched once per row for reading and once for writing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassZ(Workspace ws, VoxelStack result, int y, bool border, bool squared, bool inFloat)
    {
        const int Lanes = WindowedParabolaMinimum.Lanes;
        int w = result.Width, d = ws.N;
        if (d == 1)
        {
            // A 2D image (depth 1) has no z neighbours and no z faces: only the square root remains.
            var row = result.GetSlice<float>(0).Slice(y * w, w);
            for (int x = 0; !squared && x < w; x++)
            {
                row[x] = MathF.Sqrt(row[x]);
            }

            return;
        }

        // Block b holds d rows of Lanes lines, for x in [b Lanes, (b + 1) Lanes); the last one is padded with 0.
        int blocks = (w + Lanes - 1) / Lanes;
        var all = ws.AllBlocks(blocks);
        var radii = ws.AllRadii(blocks);
        var windowed = ws.Windowed(blocks);
        for (int z = 0; z < d; z++)
        {
            var source = result.GetSlice<float>(z).Slice(y * w, w);
            for (int b = 0; b < blocks; b++)
            {
                int n = Math.Min(Lanes, w - b * Lanes);
                var target = all.Slice((b * d + z) * Lanes, Lanes);
                source.Slice(b * Lanes, n).CopyTo(target);
                target.Slice(n).Clear();
            }
        }

        bool anyWindowed = false;
        for (int b = 0; b < blocks; b++)
        {
            windowed[b] = WindowedParabolaMinimum.Radii(all.Slice(b * d * Lanes, d * Lanes), d, ws.S, border, radii.Slice(b * d, d), ws.Left, ws.Running);
            anyWindowed |= windowed[b];
            if (!windowed[b])
            {
                EnvelopeBlockZ(ws, result, y, b, all.Slice(b * d * Lanes, d * Lanes), border, squared);
            }
        }

        for (int p = 0; anyWindowed && p < d; p++)
        {
            var output = result.GetSlice<float>(p).Slice(y * w, w);
            for (int b = 0; b < blocks; b++)
            {
                if (!windowed[b])
                {
                    continue;
                }

                int n = Math.Min(Lanes, w - b * Lanes);
                ws.Row(all.Slice(b * d * Lanes, d * Lanes), p, radii[b * d + p], border, output.Slice(b * Lanes, n), root: !squared, inFloat);
            }
        }
    }

    /// <summary>Pass 3 by the lower envelope for block <paramref name="b"/> of row y, whose windows are too long.</summary>
    private static void EnvelopeBlockZ(Workspace ws, VoxelStack result, int y, int b, ReadOnlySpan<float> block, bool border, bool squared)
    {
        const int Lanes = WindowedParabolaMinimum.Lanes;
        int w = result.Width, d = ws.N, x0 = b * Lanes;
        int n = Math.Min(Lanes, w - x0);
        var columns = ws.EnvelopeColumns(block, n, border);
        for (int z = 0; z < d; z++)
        {
            var row = result.GetSlice<float>(z).Slice(y * w + x0, n);
            for (int i = 0; i < n; i++)
            {
                row[i] = squared ? columns[i * d + z] : MathF.Sqrt(columns[i * d + z]);
            }
        }
    }

    /// <summary>The lower envelope along y for every x of one slice (generalised distance transform), gathering blocks of columns row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EnvelopePassY(Span<float> squared, int w, int h, double sy)
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
                LowerEnvelope(scratch, block.AsSpan(i * h, h), sy, false, barriers: false);
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

    /// <summary>The lower envelope along z for every x of one row y (generalised distance transform), gathering blocks of columns for locality.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EnvelopePassZ(VoxelStack result, int y, double sz)
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
                LowerEnvelope(scratch, block.AsSpan(i * d, d), sz, false, barriers: false);
            }

            for (int z = 0; z < d; z++)
            {
                var row = result.GetSlice<float>(z).Slice(y * w + x0, n);
                for (int i = 0; i < n; i++)
                {
                    row[i] = block[i * d + z];
                }
            }
        }
    }

    /// <summary>
    /// 1D distance along x to the nearest background voxel of the row, squared, in physical units:
    /// two sweeps counting voxels since the last background (branch-free), the square looked up in
    /// <paramref name="squares"/> (<see cref="SquaresAlongX"/>). <paramref name="left"/> holds a row's
    /// counts from the left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassX(ReadOnlySpan<byte> labels, Span<float> squared, int w, int h, bool border, bool[] isForeground, float[] squares, int[] left)
    {
        // Counts saturate at w + 2 (squares[w + 2] = infinity): no background on that side. A
        // background border is a background voxel at -1 and at w (count 0 before the first voxel).
        int far = w + 2;
        int start = border ? 0 : far;
        ref bool foreground = ref MemoryMarshal.GetArrayDataReference(isForeground);
        ref float square = ref MemoryMarshal.GetArrayDataReference(squares);
        ref int fromLeft = ref MemoryMarshal.GetArrayDataReference(left);
        for (int y = 0; y < h; y++)
        {
            ref byte row = ref Unsafe.Add(ref MemoryMarshal.GetReference(labels), y * w);
            ref float output = ref Unsafe.Add(ref MemoryMarshal.GetReference(squared), y * w);
            int count = start;
            for (int x = 0; x < w; x++)
            {
                int mask = -Unsafe.As<bool, byte>(ref Unsafe.Add(ref foreground, Unsafe.Add(ref row, x)));
                count = Math.Min(count + 1, far) & mask;
                Unsafe.Add(ref fromLeft, x) = count;
            }

            count = start;
            for (int x = w - 1; x >= 0; x--)
            {
                int mask = -Unsafe.As<bool, byte>(ref Unsafe.Add(ref foreground, Unsafe.Add(ref row, x)));
                count = Math.Min(count + 1, far) & mask;
                Unsafe.Add(ref output, x) = Unsafe.Add(ref square, Math.Min(count, Unsafe.Add(ref fromLeft, x)));
            }
        }
    }

    /// <summary>
    /// The squared physical length of k voxels along x for k = 0..w + 1, as float (the same product
    /// in double as the lower envelope's), and infinity at w + 2 (no background along the row).
    /// </summary>
    private static float[] SquaresAlongX(int w, double sx)
    {
        var squares = new float[w + 3];
        for (int k = 0; k <= w + 1; k++)
        {
            squares[k] = (float)(k * sx * (k * sx));
        }

        squares[w + 2] = float.PositiveInfinity;
        return squares;
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

    /// <summary>One worker's buffers for passes 2 and 3 along lines of length <paramref name="n"/> with spacing <paramref name="s"/>.</summary>
    private sealed class Workspace(int n, double s)
    {
        private Scratch? _envelope;
        private float[]? _columns;
        private int[]? _rowCounts;
        private float[]? _allBlocks;
        private int[]? _allRadii;
        private bool[]? _windowed;

        public int N { get; } = n;

        public double S { get; } = s;

        /// <summary>n rows of <see cref="WindowedParabolaMinimum.Lanes"/> lines.</summary>
        public float[] Block { get; } = new float[n * WindowedParabolaMinimum.Lanes];

        /// <summary>Scratch of <see cref="WindowedParabolaMinimum.Radii"/>: distances to the background above, and the running one.</summary>
        public float[] Left { get; } = new float[n * WindowedParabolaMinimum.Lanes];

        public float[] Running { get; } = new float[WindowedParabolaMinimum.Lanes];

        /// <summary>The window of every row of the current block.</summary>
        public int[] Radius { get; } = new int[n];

        /// <summary>One output row of a block narrower than the lanes (the last block of a row).</summary>
        public float[] Partial { get; } = new float[WindowedParabolaMinimum.Lanes];

        /// <summary>The lower envelope's buffers, made on the first block whose windows are too long.</summary>
        public Scratch Envelope => _envelope ??= new Scratch(N, S);

        public float[] Columns => _columns ??= new float[N * WindowedParabolaMinimum.Lanes];

        /// <summary>Pass 3: row y of every slice as <paramref name="blocks"/> blocks of n rows of lanes.</summary>
        public Span<float> AllBlocks(int blocks) => (_allBlocks ??= new float[blocks * N * WindowedParabolaMinimum.Lanes]).AsSpan();

        /// <summary>Pass 3: the windows of every block's rows.</summary>
        public Span<int> AllRadii(int blocks) => (_allRadii ??= new int[blocks * N]).AsSpan();

        /// <summary>Pass 3: whether each block takes the windowed minimum (else the envelope).</summary>
        public bool[] Windowed(int blocks) => _windowed ??= new bool[blocks];

        /// <summary>Pass 1's counts from the left along a row of <paramref name="w"/> voxels.</summary>
        public int[] RowCounts(int w) => _rowCounts ??= new int[w];

        /// <summary>
        /// Row p of the windowed minimum of <paramref name="block"/> into <paramref name="output"/>: all lanes, or the first
        /// output.Length of them (the last block of a row, through <see cref="Partial"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row(ReadOnlySpan<float> block, int p, int radius, bool border, Span<float> output, bool root, bool inFloat)
        {
            var lanes = output.Length == WindowedParabolaMinimum.Lanes ? output : Partial;
            if (inFloat)
            {
                WindowedParabolaMinimum.RowInFloat(block, N, p, radius, S, border, lanes, root);
            }
            else
            {
                WindowedParabolaMinimum.Row(block, N, p, radius, S, border, lanes, root);
            }

            if (output.Length < WindowedParabolaMinimum.Lanes)
            {
                Partial.AsSpan(0, output.Length).CopyTo(output);
            }
        }

        /// <summary>
        /// The lower envelope (the fallback for long windows) of the first <paramref name="n"/> lines of
        /// <paramref name="block"/> (N rows of Lanes lines), into <see cref="Columns"/>: line i at [i N, (i + 1) N).
        /// </summary>
        public float[] EnvelopeColumns(ReadOnlySpan<float> block, int n, bool border)
        {
            var columns = Columns;
            for (int p = 0; p < N; p++)
            {
                for (int i = 0; i < n; i++)
                {
                    columns[i * N + p] = block[p * WindowedParabolaMinimum.Lanes + i];
                }
            }

            for (int i = 0; i < n; i++)
            {
                LowerEnvelope(Envelope, columns.AsSpan(i * N, N), S, border, barriers: true);
            }

            return columns;
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

using System.Globalization;
using System.Runtime.CompilerServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Filtering;

/// <summary>
/// Median filter of a grey-value volume over a Euclidean ball of radius r in physical units (the
/// voxel offsets (i, j, k) with (i vx)^2 + (j vy)^2 + (k vz)^2 &lt;= r^2, as the morphological
/// filters' closed ball), borders mirrored as SciPy's mode 'reflect'. The median is the element of
/// rank n / 2 (0-based) of the n sorted values, as <c>scipy.ndimage.median_filter(v, footprint=ball)</c>.
/// UInt8, UInt16 and Int16 stacks use a sliding histogram along x (Huang's algorithm on the ball's
/// chords: per step the leaving and entering end of each x-chord are updated, and the median is
/// tracked with a two-level 256 x 256 histogram), so the cost per voxel is proportional to the
/// number of chords (~r^2) instead of the ball volume; UInt32 and Float32 stacks select the median
/// of the gathered ball per voxel. The output has the input's data type; a one-slice image is
/// filtered in 2-D.
/// </summary>
public static class MedianFilter
{
    /// <summary>The largest half-width of the ball in voxels along any axis.</summary>
    public const int MaximumRadiusVoxels = 100;

    /// <summary>The median-filtered copy of <paramref name="input"/> over a ball of radius <paramref name="radius"/> (image unit).</summary>
    public static VoxelStack Apply(Volume input, double radius, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input is PhaseImage)
        {
            throw MicroMorphException.Argument("GreyStackRequired", "The median filter needs a grey-value stack, not a phase image.", input);
        }

        var v = input.VoxelSize;
        if (!(radius > 0) || double.IsInfinity(radius) || radius / Math.Min(v.X, Math.Min(v.Y, input.Depth == 1 ? double.MaxValue : v.Z)) > MaximumRadiusVoxels)
        {
            throw MicroMorphException.Argument(
                "InvalidRadius",
                string.Create(CultureInfo.InvariantCulture, $"The ball radius must be a positive number of {v.Unit} of at most {MaximumRadiusVoxels} voxels; it is {radius}."),
                radius);
        }

        var chords = Chords(radius, v, input.Depth == 1);
        // The output plus, per worker, the mirrored slices around z (2 bytes per voxel as bins, 8 as doubles).
        int workers = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        double planes = ((2.0 * chords.Rz) + 1) * (input.Width + (2.0 * chords.Rx)) * input.Height * (input.DataType.BytesPerVoxel() <= 2 ? 2 : 8);
        // The output may go to a scratch file (issue 24); the working slices must fit in memory.
        MemoryBudget.RequireVolume(input.ByteCount, "The filtered stack", input);
        MemoryBudget.Require(Math.Min(workers, input.Depth) * planes, "The median's working slices", input);
        var output = VoxelStack.CreateUninitialized(input.Width, input.Height, input.Depth, input.DataType);
        output.DeriveFrom(input);
        switch (input.DataType)
        {
            case VoxelDataType.UInt8:
                Histogram<byte, ByteBins>(input, output, chords, 256, options);
                break;
            case VoxelDataType.UInt16:
                Histogram<ushort, UInt16Bins>(input, output, chords, 65536, options);
                break;
            case VoxelDataType.Int16:
                Histogram<short, Int16Bins>(input, output, chords, 65536, options);
                break;
            default:
                Select(input, output, chords, options);
                break;
        }

        output.Metadata["Filter.Median"] = string.Create(CultureInfo.InvariantCulture, $"r={radius:G6} {v.Unit} ({chords.Count} voxels)");
        return output;
    }

    /// <summary>The ball as x-chords: for each (dy, dz) the half-length ex of the run dx = -ex..ex.</summary>
    internal sealed class Ball
    {
        public required int[] Dy { get; init; }

        public required int[] Dz { get; init; }

        public required int[] Ex { get; init; }

        public int Rx { get; init; }

        public int Rz { get; init; }

        /// <summary>The number of voxels of the ball.</summary>
        public int Count { get; init; }
    }

    /// <summary>The chords of the closed ball of radius r for voxel size v (dz = 0 only when flat).</summary>
    internal static Ball Chords(double radius, VoxelSize v, bool flat)
    {
        int ry = (int)Math.Floor(radius / v.Y), rz = flat ? 0 : (int)Math.Floor(radius / v.Z);
        var dy = new List<int>();
        var dz = new List<int>();
        var ex = new List<int>();
        int count = 0, rx = 0;
        double r2 = radius * radius;
        for (int k = -rz; k <= rz; k++)
        {
            for (int j = -ry; j <= ry; j++)
            {
                double rest = r2 - (j * v.Y * j * v.Y) - (k * v.Z * k * v.Z);
                if (rest < 0)
                {
                    continue;
                }

                // The largest i with (i vx)^2 <= rest, robust against rounding of the square root.
                int e = (int)Math.Floor(Math.Sqrt(rest) / v.X);
                while ((e + 1) * v.X * (e + 1) * v.X <= rest)
                {
                    e++;
                }

                while (e > 0 && e * v.X * e * v.X > rest)
                {
                    e--;
                }

                dy.Add(j);
                dz.Add(k);
                ex.Add(e);
                rx = Math.Max(rx, e);
                count += (2 * e) + 1;
            }
        }

        return new Ball { Dy = dy.ToArray(), Dz = dz.ToArray(), Ex = ex.ToArray(), Rx = rx, Rz = rz, Count = count };
    }

    private interface IBins<T>
        where T : unmanaged
    {
        /// <summary>More than 256 bins: the coarse histogram is kept (8-bit data needs only the fine one).</summary>
        static abstract bool Wide { get; }

        static abstract int Bin(T value);

        static abstract T Value(int bin);
    }

    private readonly struct ByteBins : IBins<byte>
    {
        public static bool Wide => false;

        public static int Bin(byte value) => value;

        public static byte Value(int bin) => (byte)bin;
    }

    private readonly struct UInt16Bins : IBins<ushort>
    {
        public static bool Wide => true;

        public static int Bin(ushort value) => value;

        public static ushort Value(int bin) => (ushort)bin;
    }

    private readonly struct Int16Bins : IBins<short>
    {
        public static bool Wide => true;

        public static int Bin(short value) => value + 32768;

        public static short Value(int bin) => (short)(bin - 32768);
    }

    /// <summary>Per-thread state: the mirrored, x-padded bins of the 2 rz + 1 slices around z and the histograms.</summary>
    private sealed class HistogramState(int slices, int paddedWidth, int height, int bins)
    {
        public readonly ushort[] Planes = new ushort[(long)slices * paddedWidth * height];
        public readonly int[] Fine = new int[bins];
        public readonly int[] Coarse = new int[(bins + 255) / 256];
    }

    private static void Histogram<T, TBins>(Volume input, VoxelStack output, Ball ball, int bins, ComputeOptions options)
        where T : unmanaged
        where TBins : struct, IBins<T>
    {
        int w = input.Width, h = input.Height, d = input.Depth, rx = ball.Rx, rz = ball.Rz;
        int pw = w + (2 * rx), planeSize = pw * h, chords = ball.Ex.Length, rank = ball.Count / 2;
        SliceIterator.For(
            d,
            options,
            "Median filter",
            () => new HistogramState((2 * rz) + 1, pw, h, bins),
            (z, state) =>
            {
                var planes = state.Planes;
                for (int k = -rz; k <= rz; k++)
                {
                    ReadOnlySpan<T> src = input.GetSlice<T>(GaussianFilter.Mirror(z + k, d));
                    int o = (k + rz) * planeSize;
                    for (int y = 0; y < h; y++)
                    {
                        var row = src.Slice(y * w, w);
                        int ro = o + (y * pw);
                        for (int x = -rx; x < w + rx; x++)
                        {
                            planes[ro + x + rx] = (ushort)TBins.Bin(row[x >= 0 && x < w ? x : GaussianFilter.Mirror(x, w)]);
                        }
                    }
                }

                var target = output.GetSlice<T>(z);
                var fine = state.Fine;
                var coarse = state.Coarse;
                var rowOffset = new int[chords];
                for (int y = 0; y < h; y++)
                {
                    for (int c = 0; c < chords; c++)
                    {
                        // Index of the padded sample at x = 0 of chord c's row; x - ex .. x + ex are its samples at x.
                        rowOffset[c] = ((ball.Dz[c] + rz) * planeSize) + (GaussianFilter.Mirror(y + ball.Dy[c], h) * pw) + rx;
                    }

                    for (int c = 0; c < chords; c++)
                    {
                        int e = ball.Ex[c], o = rowOffset[c];
                        for (int i = o - e; i <= o + e; i++)
                        {
                            int b = planes[i];
                            fine[b]++;
                            if (TBins.Wide)
                            {
                                coarse[b >> 8]++;
                            }
                        }
                    }

                    int m = 0, below = 0;
                    Track(fine, coarse, rank, TBins.Wide, ref m, ref below);
                    int t = y * w;
                    target[t] = TBins.Value(m);
                    for (int x = 1; x < w; x++)
                    {
                        for (int c = 0; c < chords; c++)
                        {
                            int e = ball.Ex[c], o = rowOffset[c] + x;
                            int gone = planes[o - e - 1], come = planes[o + e];
                            fine[gone]--;
                            fine[come]++;
                            if (TBins.Wide)
                            {
                                coarse[gone >> 8]--;
                                coarse[come >> 8]++;
                            }

                            below += (come < m ? 1 : 0) - (gone < m ? 1 : 0);
                        }

                        Track(fine, coarse, rank, TBins.Wide, ref m, ref below);
                        target[t + x] = TBins.Value(m);
                    }

                    // Empty the histograms for the next row.
                    for (int c = 0; c < chords; c++)
                    {
                        int e = ball.Ex[c], o = rowOffset[c] + w - 1;
                        for (int i = o - e; i <= o + e; i++)
                        {
                            int b = planes[i];
                            fine[b]--;
                            if (TBins.Wide)
                            {
                                coarse[b >> 8]--;
                            }
                        }
                    }
                }
            },
            _ => { });
    }

    /// <summary>
    /// Moves m to the median bin: the bin with below &lt;= rank &lt; below + fine[m], where below
    /// counts the values in bins under m; whole coarse blocks of 256 bins are skipped when possible.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Track(int[] fine, int[] coarse, int rank, bool wide, ref int m, ref int below)
    {
        while (below > rank)
        {
            if (wide && (m & 255) == 0 && m >= 256 && below - coarse[(m >> 8) - 1] > rank)
            {
                below -= coarse[(m >> 8) - 1];
                m -= 256;
            }
            else
            {
                m--;
                below -= fine[m];
            }
        }

        while (below + fine[m] <= rank)
        {
            if (wide && (m & 255) == 0 && below + coarse[m >> 8] <= rank)
            {
                below += coarse[m >> 8];
                m += 256;
            }
            else
            {
                below += fine[m];
                m++;
            }
        }
    }

    /// <summary>UInt32 and Float32: gathers the ball of every voxel and selects the element of rank n / 2.</summary>
    private static void Select(Volume input, VoxelStack output, Ball ball, ComputeOptions options)
    {
        int w = input.Width, h = input.Height, d = input.Depth, rx = ball.Rx, rz = ball.Rz;
        int pw = w + (2 * rx), planeSize = pw * h, chords = ball.Ex.Length, rank = ball.Count / 2;
        bool isFloat = input.DataType == VoxelDataType.Float32;
        SliceIterator.For(
            d,
            options,
            "Median filter",
            () => (Planes: new double[(long)((2 * rz) + 1) * planeSize], Row: new double[w], Gather: new double[ball.Count], Offsets: new int[chords]),
            (z, state) =>
            {
                for (int k = -rz; k <= rz; k++)
                {
                    int zz = GaussianFilter.Mirror(z + k, d);
                    int o = (k + rz) * planeSize;
                    ReadOnlySpan<float> floats = isFloat ? input.GetSlice<float>(zz) : default;
                    ReadOnlySpan<uint> integers = isFloat ? default : input.GetSlice<uint>(zz);
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            state.Row[x] = isFloat ? floats[(y * w) + x] : (double)integers[(y * w) + x]; // not float: UInt32 needs 32 bits
                        }

                        for (int x = -rx; x < w + rx; x++)
                        {
                            double value = state.Row[x >= 0 && x < w ? x : GaussianFilter.Mirror(x, w)];
                            if (double.IsNaN(value))
                            {
                                throw MicroMorphException.InvalidData("NaNGreyValue", $"Slice {zz} holds NaN grey values; replace them before filtering.", input);
                            }

                            state.Planes[o + (y * pw) + x + rx] = value;
                        }
                    }
                }

                Span<float> floatTarget = isFloat ? output.GetSlice<float>(z) : default;
                Span<uint> integerTarget = isFloat ? default : output.GetSlice<uint>(z);
                for (int y = 0; y < h; y++)
                {
                    for (int c = 0; c < chords; c++)
                    {
                        state.Offsets[c] = ((ball.Dz[c] + rz) * planeSize) + (GaussianFilter.Mirror(y + ball.Dy[c], h) * pw) + rx;
                    }

                    for (int x = 0; x < w; x++)
                    {
                        int n = 0;
                        for (int c = 0; c < chords; c++)
                        {
                            int e = ball.Ex[c];
                            state.Planes.AsSpan(state.Offsets[c] + x - e, (2 * e) + 1).CopyTo(state.Gather.AsSpan(n));
                            n += (2 * e) + 1;
                        }

                        double median = QuickSelect(state.Gather, rank);
                        if (isFloat)
                        {
                            floatTarget[(y * w) + x] = (float)median;
                        }
                        else
                        {
                            integerTarget[(y * w) + x] = (uint)median;
                        }
                    }
                }
            },
            _ => { });
    }

    /// <summary>The element of 0-based rank k of <paramref name="a"/> (Hoare's selection; reorders a).</summary>
    internal static double QuickSelect(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }
}

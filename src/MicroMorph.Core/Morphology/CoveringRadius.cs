using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The covering-radius painting of <see cref="LocalThickness"/> on ranks of the distinct radii
/// (<see cref="RadiusLevels"/>): each voxel's covering rank is the largest rank of a ball
/// B(c, R(c)) containing it, i.e. max(own rank, ranks painted by the centres of
/// <see cref="CoveringCentres"/>). Ranks are 16-bit integers for up to 65 534 radii, so one
/// 256-bit maximum covers a 16-voxel run.
/// </summary>
/// <remarks>
/// Slices are painted in parallel, each by one thread taking the cuts of the balls that reach it
/// (the centres of each slice are ordered by descending reach, so the scan of a slice stops at the
/// first ball too small to reach), so no two threads write the same voxel. Runs shorter than a
/// vector are raised with a lane mask on a load and store of the whole vector; every output slice
/// has one 512-bit vector of padding so that the store stays in the array. On lattice radii a
/// ball's cut is skipped, member by member of a run, where <see cref="SliceDisks"/> finds it inside the
/// cut of another painted centre of rank at least its own (on balls of radius 30-40, 5 of 6 cuts), and
/// any cut, however small, where <see cref="ColumnContainers"/> finds it inside the cut of a centre of its
/// own column (half of all cuts, on large and on small pores).
/// The slice loop and the methods it calls per cut or per centre (here, in <see cref="BallRuns"/>,
/// <see cref="SliceDisks"/>, <see cref="CoveringCentres"/> and <see cref="FarContainers"/>) are compiled
/// fully optimized at once: in a one-shot call each stage lasts less than the tiered JIT's delay before
/// it counts calls, so they ran as unoptimized or on-stack-replaced code for most of the run (large pores
/// 2.3 s instead of 1.8 s at 256^3).
/// </remarks>
internal static class CoveringRadius
{
    /// <summary>The covering ranks of a rank map (arrays of width * height + padding; 0 outside the phase).</summary>
    public static T[][] Paint<T>(T[][] ranks, int width, int height, VoxelSize size, RadiusLevels levels, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        var result = new T[ranks.Length][];
        Run(ranks, width, height, size, levels, options, keep: true, () => 0, (z, slice, _) => result[z] = slice, _ => { });
        return result;
    }

    /// <summary>
    /// How many voxels have each covering rank (index 0: outside the phase), counted as each slice
    /// is painted: the map is never kept, each worker reuses one slice.
    /// </summary>
    public static long[] Counts<T>(T[][] ranks, int width, int height, VoxelSize size, RadiusLevels levels, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        int wh = width * height;
        var total = new long[levels.Values.Length];
        Run(ranks, width, height, size, levels, options, keep: false, () => new long[total.Length], (_, slice, local) =>
        {
            foreach (var r in slice.AsSpan(0, wh))
            {
                local[int.CreateTruncating(r)]++;
            }
        }, local =>
        {
            lock (total)
            {
                for (int r = 0; r < total.Length; r++)
                {
                    total[r] += local[r];
                }
            }
        });
        return total;
    }

    /// <summary>
    /// Paints every slice and hands it to <paramref name="sliceDone"/>: a new array per slice when
    /// <paramref name="keep"/>, otherwise one array per worker, overwritten by its next slice.
    /// </summary>
    private static void Run<T, TState>(T[][] ranks, int width, int height, VoxelSize size, RadiusLevels levels, ComputeOptions options, bool keep, Func<TState> createState, Action<int, T[], TState> sliceDone, Action<TState> releaseState)
        where T : unmanaged, IBinaryInteger<T>
    {
        int d = ranks.Length, w = width, h = height, wh = w * h;
        var balls = new BallRuns(levels, size, w);
        var reach = balls.Reaches;

        var centres = CoveringCentres.Find(ranks, w, h, size, levels, reach.Select(e => e.Z).ToArray(), options);

        int farthest = 0;
        foreach (var slice in centres.Runs)
        {
            farthest = slice.Length > 0 ? Math.Max(farthest, reach[slice[0].Rank].Z) : farthest; // the first reaches farthest
        }

        var masks = Masks<T>();
        var wideMasks = WideMasks<T>();
        var disks = SliceDisks.For(levels, w, h);
        var squares = levels.StepSquares;
        if (disks is not null)
        {
            ColumnContainers.Mark(centres.Runs, ranks, squares!, w, h, options);
        }

        SliceIterator.For(d, options, "Local thickness", () => new Worker<T, TState>(createState(), disks is null ? null : new SliceDisks.Columns(wh)), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (z, worker) =>
        {
            var output = keep || worker.Slice is null ? GC.AllocateUninitializedArray<T>(wh + Vector512<T>.Count) : worker.Slice;
            worker.Slice = output;
            var buffer = worker.Rows;
            ranks[z].AsSpan(0, wh).CopyTo(output);
            output.AsSpan(wh).Clear();
            // Cuts of balls reaching this slice: painted at once, or (lattice radii, disks wide enough to
            // be worth a test) recorded as slice disks and painted afterwards where no other disk contains them.
            var columns = worker.Columns;
            int tested = 0;
            for (int zc = Math.Max(0, z - farthest); zc <= Math.Min(d - 1, z + farthest); zc++)
            {
                int dz = z - zc, distance = Math.Abs(dz);
                var runs = centres.Runs[zc];
                for (int j = 0; j < runs.Length; j++)
                {
                    var run = runs[j];
                    int r = run.Rank;
                    if (reach[r].Z < distance)
                    {
                        break; // reaches descend: no later ball of this slice reaches z
                    }

                    if (run.ContainedAt(dz))
                    {
                        continue; // inside the disk of another centre of its column
                    }

                    long rest = squares is null ? 1 : squares[r] - (long)dz * dz;
                    if (columns is null || rest < TestedDisks)
                    {
                        if (rest > 0)
                        {
                            PaintCut(run.X, run.Y, run.Length, r, dz);
                        }

                        continue;
                    }

                    int rho = (int)rest;
                    int order = SliceDisks.Order(zc, z);
                    ulong rankKey = SliceDisks.RankKey(r, rho, order), rhoKey = SliceDisks.RhoKey(r, rho, order);
                    for (int p = run.Y * w + run.X, end = p + run.Length; p < end; p++)
                    {
                        SliceDisks.Add(columns, p, rankKey, rhoKey);
                    }

                    if (tested == worker.Cuts.Length)
                    {
                        Array.Resize(ref worker.Cuts, 2 * tested);
                    }

                    worker.Cuts[tested++] = new Cut(run, rho, zc);
                }
            }

            var cuts = worker.Cuts.AsSpan(0, tested);
            foreach (ref readonly var cut in cuts)
            {
                int x = cut.Run.X, y = cut.Run.Y, length = cut.Run.Length, r = cut.Run.Rank, order = SliceDisks.Order(cut.Zc, z);
                int from = -1;
                for (int m = 0; m <= length; m++)
                {
                    bool paint = m < length && !SliceDisks.InOwnColumn(columns!, (y * w) + x + m, r, cut.Rho, order) && !disks!.InNeighbour(columns!, x + m, y, r, cut.Rho);
                    if (paint && from < 0)
                    {
                        from = m;
                    }
                    else if (!paint && from >= 0)
                    {
                        PaintCut(x + from, y, m - from, r, z - cut.Zc);
                        from = -1;
                    }
                }
            }

            foreach (ref readonly var cut in cuts)
            {
                for (int p = cut.Run.Y * w + cut.Run.X, end = p + cut.Run.Length; p < end; p++)
                {
                    SliceDisks.Clear(columns!, p);
                }
            }

            sliceDone(z, output, worker.State);

            // The cut at offset dz of the ball of rank r stretched over length voxels of row y from x.
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            void PaintCut(int x, int y, int length, int r, int dz)
            {
                var (rx, ry, _) = reach[r];
                var rows = balls.CutRows(r, dz, buffer);

                int last = x + length - 1;
                var value = Vector256.Create(T.CreateTruncating(r));
                if (x >= rx && last + rx < w && y >= ry && y + ry < h)
                {
                    ref T centre = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(output), y * w + x);
                    foreach (var row in rows)
                    {
                        RaiseTo(ref Unsafe.Add(ref centre, row.Offset), 2 * row.Rx + length, value, masks, wideMasks); // a run widens every row by its length - 1
                    }
                }
                else
                {
                    foreach (var row in rows)
                    {
                        int yy = y + row.Dy;
                        int x0 = Math.Max(0, x - row.Rx), x1 = Math.Min(w - 1, last + row.Rx);
                        if ((uint)yy < (uint)h && x1 >= x0)
                        {
                            RaiseTo(ref output[yy * w + x0], x1 - x0 + 1, value, masks, wideMasks);
                        }
                    }
                }
            }
        }, worker => releaseState(worker.State));
    }

    /// <summary>
    /// Slice disks with rho = k - dz^2 below this (radius 12) are painted without a containment test: at
    /// most 24 rows of one vector, about the cost of the test (spheres of radius 8 took 50 % longer with
    /// every disk tested; 64 and 144 measured alike on balls of radius 30-40).
    /// </summary>
    private const int TestedDisks = 144;

    /// <summary>A run's cut recorded as slice disks: rho = k - dz^2 and the run's slice.</summary>
    private readonly record struct Cut(CoveringCentres.Run Run, int Rho, int Zc);

    /// <summary>A worker's buffers: rows of uncached balls, the cuts and disks of the slice, the reused slice, the caller's state.</summary>
    private sealed class Worker<T, TState>(TState state, SliceDisks.Columns? columns)
    {
        public List<BallRuns.Row> Rows { get; } = [];

        /// <summary>The tested cuts of the current slice (the first ones of the array).</summary>
        public Cut[] Cuts = new Cut[256];

        /// <summary>Per-column best disks of the current slice (lattice radii), or null.</summary>
        public SliceDisks.Columns? Columns { get; } = columns;

        public T[]? Slice { get; set; }

        public TState State { get; } = state;
    }

    /// <summary>masks[n]: the first n lanes of a 512-bit vector set (n up to all of them).</summary>
    private static Vector512<T>[] WideMasks<T>()
        where T : unmanaged, IBinaryInteger<T>
    {
        int lanes = Vector512<T>.Count;
        var masks = new Vector512<T>[lanes + 1];
        var bits = new T[lanes];
        for (int n = 0; n < lanes; n++)
        {
            masks[n] = Vector512.Create<T>(bits);
            bits[n] = T.AllBitsSet;
        }

        masks[lanes] = Vector512.Create<T>(bits);
        return masks;
    }

    /// <summary>masks[n]: the first n lanes set.</summary>
    private static Vector256<T>[] Masks<T>()
        where T : unmanaged, IBinaryInteger<T>
    {
        int lanes = Vector256<T>.Count;
        var masks = new Vector256<T>[lanes];
        var bits = new T[lanes];
        for (int n = 0; n < lanes; n++)
        {
            masks[n] = Vector256.Create<T>(bits);
            bits[n] = T.AllBitsSet;
        }

        return masks;
    }

    /// <summary>
    /// values[0..n) = max(values, r). A run shorter than a vector is one masked maximum (the lanes
    /// beyond it are stored back unchanged); longer runs end with a masked vector after the previous
    /// one (not one overlapping it: a load that overlaps a store just made waits for the store, which
    /// cost a third of the painting time on balls of radius 30-40).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RaiseTo<T>(ref T start, int n, Vector256<T> value, Vector256<T>[] masks, Vector512<T>[] wideMasks)
        where T : unmanaged, IBinaryInteger<T>
    {
        int lanes = Vector256<T>.Count;
        if (!Vector256.IsHardwareAccelerated)
        {
            T r = value.GetElement(0);
            for (int k = 0; k < n; k++)
            {
                ref T v = ref Unsafe.Add(ref start, k);
                v = T.Max(v, r);
            }

            return;
        }

        if (n < lanes)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref start), value & masks[n]).StoreUnsafe(ref start);
            return;
        }

        // Runs of large balls: 512-bit vectors where the hardware has them (half the operations on a
        // run of 33 to 64 16-bit ranks); the last vector overlaps the previous one, as below.
        int wide = Vector512<T>.Count;
        if (Vector512.IsHardwareAccelerated && n > wide)
        {
            var value512 = Vector512.Create(value, value);
            int j = 0;
            for (; j <= n - wide; j += wide)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref start, (nuint)j), value512).StoreUnsafe(ref start, (nuint)j);
            }

            if (j < n)
            {
                Vector512.Max(Vector512.LoadUnsafe(ref start, (nuint)j), value512 & wideMasks[n - j]).StoreUnsafe(ref start, (nuint)j);
            }

            return;
        }

        int i = 0;
        for (; i <= n - lanes; i += lanes)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref start, (nuint)i), value).StoreUnsafe(ref start, (nuint)i);
        }

        if (i < n)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref start, (nuint)i), value & masks[n - i]).StoreUnsafe(ref start, (nuint)i);
        }
    }
}

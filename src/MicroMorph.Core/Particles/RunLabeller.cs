using System.Runtime.CompilerServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>The runs of one z-slice: maximal x-intervals [Start, End) of equal non-zero key, row by row.</summary>
internal sealed class SliceRuns
{
    public int[] Start = new int[64];
    public int[] End = new int[64];

    /// <summary>Key of each run (null: every run has the same key).</summary>
    public ulong[]? Key;

    /// <summary>First run of row y is RowFirst[y]; RowFirst[h] = Count.</summary>
    public int[] RowFirst = [];

    public int Count;

    public void Add(int start, int end)
    {
        if (Count == Start.Length)
        {
            Grow();
        }

        Start[Count] = start;
        End[Count] = end;
        Count++;
    }

    public void Add(int start, int end, ulong key)
    {
        if (Count == Start.Length)
        {
            Grow();
        }

        Key ??= new ulong[Start.Length];
        Start[Count] = start;
        End[Count] = end;
        Key[Count] = key;
        Count++;
    }

    private void Grow()
    {
        int n = checked(Start.Length * 2);
        Array.Resize(ref Start, n);
        Array.Resize(ref End, n);
        if (Key is not null)
        {
            Array.Resize(ref Key, n);
        }
    }

    /// <summary>
    /// Calls <paramref name="sink"/> for every run i of row <paramref name="ya"/> of <paramref name="a"/> and run j of row
    /// <paramref name="yb"/> of <paramref name="b"/> that touch (x-dilation <paramref name="dx"/>: 0 faces only, 1 also
    /// diagonal) and share a key. One merge walk over the two sorted rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UniteTouching<TSink>(SliceRuns a, int ya, SliceRuns b, int yb, int dx, ref TSink sink)
        where TSink : struct, IRunUnion
    {
        int i = a.RowFirst[ya], iEnd = a.RowFirst[ya + 1];
        int j = b.RowFirst[yb], jEnd = b.RowFirst[yb + 1];
        var aKey = a.Key;
        var bKey = b.Key;
        while (i < iEnd && j < jEnd)
        {
            int aS = a.Start[i], aE = a.End[i], bS = b.Start[j], bE = b.End[j];
            if (bE + dx <= aS)
            {
                j++;
                continue;
            }

            if (aE + dx <= bS)
            {
                i++;
                continue;
            }

            if (aKey is null || aKey[i] == bKey![j])
            {
                sink.Unite(i, j);
            }

            if (aE < bE)
            {
                i++;
            }
            else
            {
                j++;
            }
        }
    }

    /// <summary>
    /// Unites the runs of slice <paramref name="current"/> with those of the slice before it they touch: across faces, plus
    /// edges for 18-connectivity, plus corners for 26 (<paramref name="sink"/>: i in current, j in previous).
    /// </summary>
    public static void UniteAcrossSlices<TSink>(SliceRuns current, SliceRuns previous, int height, int connectivity, ref TSink sink)
        where TSink : struct, IRunUnion
    {
        bool dilate = connectivity >= 18;
        bool corners = connectivity == 26;
        for (int y = 0; y < height; y++)
        {
            UniteTouching(current, y, previous, y, dilate ? 1 : 0, ref sink);
            if (dilate)
            {
                if (y > 0)
                {
                    UniteTouching(current, y, previous, y - 1, corners ? 1 : 0, ref sink);
                }

                if (y + 1 < height)
                {
                    UniteTouching(current, y, previous, y + 1, corners ? 1 : 0, ref sink);
                }
            }
        }
    }
}

/// <summary>What to do with a pair of touching runs (run i of one row or slice, run j of another): unite their sets.</summary>
internal interface IRunUnion
{
    void Unite(int i, int j);
}

/// <summary>Produces the runs of a slice (implemented per kind of input: phase mask, particle x phase, predicate).</summary>
internal abstract class RunSource
{
    protected RunSource(int width, int height, int depth)
    {
        Width = width;
        Height = height;
        Depth = depth;
    }

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    /// <summary>Appends the runs of slice z row by row and sets <see cref="SliceRuns.RowFirst"/>.</summary>
    public abstract void Extract(int z, SliceRuns runs);
}

/// <summary>A growable array of 64-bit values in chunks, indexable by a <see cref="long"/> (run counts above 2^31).</summary>
internal sealed class ChunkedInt64Array
{
    private const int Shift = 24;
    private const long Mask = (1L << Shift) - 1;
    private readonly long[][] _chunks;

    public ChunkedInt64Array(long length)
    {
        Length = length;
        long chunks = Math.Max(1, (length + Mask) >> Shift);
        _chunks = new long[chunks][];
        for (long c = 0; c < chunks; c++)
        {
            _chunks[c] = new long[(int)Math.Min(1L << Shift, Math.Max(1, length - (c << Shift)))];
        }
    }

    public long Length { get; }

    public ref long this[long i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[i >> Shift][i & Mask];
    }
}

/// <summary>
/// Connected-component labelling of runs, multi-threaded: (1) each slice's runs are found in
/// parallel; (2) runs are united with the overlapping runs of the rows before them (same slice,
/// row above; previous slice, rows y-1..y+1) in parallel with a lock-free union-find whose links
/// always point to the lower run index; (3) one sequential pass numbers the roots in raster order
/// (the order SciPy's ndimage.label numbers components in). Neighbour rows are dilated by one
/// voxel along x where the connectivity includes the diagonal: 6 (faces), 18 (faces and edges),
/// 26 (faces, edges and corners).
/// </summary>
internal sealed class RunLabeller
{
    private readonly SliceRuns[] _slices;
    private readonly long[] _offsets;
    private readonly ChunkedInt64Array _parent;

    private RunLabeller(SliceRuns[] slices, long[] offsets, ChunkedInt64Array parent, long count)
    {
        _slices = slices;
        _offsets = offsets;
        _parent = parent;
        ComponentCount = count;
    }

    public long ComponentCount { get; }

    public int Depth => _slices.Length;

    internal SliceRuns Slice(int z) => _slices[z];

    /// <summary>Final component label (1-based) of run i of slice z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long LabelOf(int z, int i) => _parent[_offsets[z] + i];

    /// <summary>Writes slice <paramref name="z"/>'s labels (rows of <paramref name="width"/>) (plus <paramref name="offset"/>; background 0) into a whole label slice.</summary>
    public void WriteLabels(int z, Span<uint> slice, int width, long offset)
    {
        var runs = Slice(z);
        int w = width, filled = 0;
        for (int y = 0; y + 1 < runs.RowFirst.Length; y++)
        {
            int o = y * w;
            for (int i = runs.RowFirst[y]; i < runs.RowFirst[y + 1]; i++)
            {
                int s = o + runs.Start[i];
                int e = o + runs.End[i];
                slice[filled..s].Clear();
                slice[s..e].Fill((uint)(offset + LabelOf(z, i)));
                filled = e;
            }
        }

        slice[filled..].Clear();
    }

    public static void ValidateConnectivity(int connectivity)
    {
        if (connectivity is not (6 or 18 or 26))
        {
            throw MicroMorphException.Argument("InvalidConnectivity", $"Connectivity must be 6, 18 or 26; got {connectivity}.", connectivity);
        }
    }

    public static RunLabeller Run(RunSource source, int connectivity, ComputeOptions options, string activity)
    {
        ValidateConnectivity(connectivity);
        int d = source.Depth, h = source.Height;
        var slices = new SliceRuns[d];
        var stages = new StagedProgress(
            options,
            new ProgressStage(activity + ": finding runs", 1),
            new ProgressStage(activity + ": uniting runs", 1),
            new ProgressStage(activity + ": numbering components", 1));
        SliceIterator.For(d, stages.Next(), activity + ": finding runs", z =>
        {
            var runs = new SliceRuns { RowFirst = new int[h + 1] };
            source.Extract(z, runs);
            slices[z] = runs;
        });

        var offsets = new long[d + 1];
        for (int z = 0; z < d; z++)
        {
            offsets[z + 1] = offsets[z] + slices[z].Count;
        }

        long total = offsets[d];
        MemoryBudget.Require(total * 8.0, "The union-find table of " + total + " runs", source);
        var parent = new ChunkedInt64Array(total);
        SliceIterator.For(d, options with { Progress = null }, activity, z =>
        {
            long o = offsets[z];
            int n = slices[z].Count;
            for (int i = 0; i < n; i++)
            {
                parent[o + i] = o + i;
            }
        });

        bool dilate = connectivity >= 18;
        SliceIterator.For(d, stages.Next(), activity + ": uniting runs", z =>
        {
            var cur = slices[z];
            var within = new RunIndexUnion(parent, offsets[z], offsets[z]);
            for (int y = 1; y < h; y++)
            {
                SliceRuns.UniteTouching(cur, y, cur, y - 1, dilate ? 1 : 0, ref within);
            }

            if (z > 0)
            {
                var across = new RunIndexUnion(parent, offsets[z], offsets[z - 1]);
                SliceRuns.UniteAcrossSlices(cur, slices[z - 1], h, connectivity, ref across);
            }
        });

        // Roots are the lowest run of their component and every link points lower, so one pass
        // in run order replaces each entry by its final label.
        stages.Next();
        options.CancellationToken.ThrowIfCancellationRequested();
        long count = 0;
        for (long i = 0; i < total; i++)
        {
            long p = parent[i];
            parent[i] = p == i ? ++count : parent[p];
        }

        return new RunLabeller(slices, offsets, parent, count);
    }

    /// <summary>Unites run i of the slice at offset <c>oa</c> with run j of the slice at offset <c>ob</c> in the shared forest (thread-safe).</summary>
    private readonly struct RunIndexUnion(ChunkedInt64Array parent, long oa, long ob) : IRunUnion
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Unite(int i, int j) => Union(parent, oa + i, ob + j);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Find(ChunkedInt64Array parent, long x)
    {
        while (true)
        {
            long p = Volatile.Read(ref parent[x]);
            if (p == x)
            {
                return x;
            }

            long gp = Volatile.Read(ref parent[p]);
            if (gp != p)
            {
                // Path halving: gp is an ancestor of x, so any interleaving keeps the forest valid.
                parent[x] = gp;
            }

            x = gp;
        }
    }

    private static void Union(ChunkedInt64Array parent, long a, long b)
    {
        while (true)
        {
            a = Find(parent, a);
            b = Find(parent, b);
            if (a == b)
            {
                return;
            }

            if (a < b)
            {
                (a, b) = (b, a);
            }

            // Link the higher root a under the lower root b, only if a is still a root.
            if (Interlocked.CompareExchange(ref parent[a], b, a) == a)
            {
                return;
            }
        }
    }
}

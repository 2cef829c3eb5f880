using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The intrusion radius (bottleneck of the distance transform D over 6-connected paths from the
/// inlet plane, see <see cref="IntrusionRadius"/>) through a graph of ascent regions instead of a
/// flood over voxels, so that all per-voxel work is streaming and parallel.
/// </summary>
/// <remarks>
/// Each phase voxel points to its 6-neighbour with the largest (D, index), when that exceeds its
/// own; following the pointers ends at a root, and a root's region is every voxel whose chain ends
/// there. Along a chain D never decreases, so for a voxel c of the region of r:
/// <list type="bullet">
/// <item>a path reaching c at bottleneck m continues up the chain to r with values at least D(c) &gt;= m, hence I(r) &gt;= I(c);</item>
/// <item>the chain walked backwards reaches c from r at bottleneck min(I(r), D(c)).</item>
/// </list>
/// So I(c) = min(D(c), I(r)). The roots' I follow on a small graph: adjacent voxels p, q of two
/// regions join them at weight min(D(p), D(q)), an inlet voxel c joins its region to the inlet at
/// D(c), and I(r) is the largest weight at which r's region becomes connected to the inlet,
/// found by Kruskal's order (weights descending) with a union-find whose components keep their
/// member lists (each region is assigned once, when its component meets the inlet's).
/// </remarks>
internal static class IntrusionByRegions
{
    public static T[][] Ranks<T>(T[][] distance, Volume shape, FlowDirection direction, int levelCount, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        int w = shape.Width, h = shape.Height, d = shape.Depth, wh = w * h;
        var parallel = options with { Progress = null };
        var up = GC.AllocateUninitializedArray<int>(checked(wh * d)); // every entry is written by PointUp

        // 1. Ascent pointers (-1 outside the phase).
        SliceIterator.For(d, parallel, "Intrusion", z => PointUp(distance, up, z, w, h, d));

        // 2. Every voxel to its root (chains are followed and compressed; concurrent writes only
        //    ever store an ancestor on the same chain, so any value read is still valid).
        SliceIterator.For(d, parallel, "Intrusion", z =>
        {
            int start = z * wh;
            for (int f = start; f < start + wh; f++)
            {
                int r = up[f];
                if (r < 0 || r == f)
                {
                    continue;
                }

                while (up[r] != r)
                {
                    r = up[r];
                }

                for (int c = f; up[c] != r;)
                {
                    int next = up[c];
                    up[c] = r;
                    c = next;
                }
            }
        });

        // 3. Region ids in memory order, stored as -(id + 2): first at the roots, then at every voxel.
        var rootsBefore = new int[d + 1];
        SliceIterator.For(d, parallel, "Intrusion", z =>
        {
            int count = 0, start = z * wh;
            for (int f = start; f < start + wh; f++)
            {
                count += up[f] == f ? 1 : 0;
            }

            rootsBefore[z + 1] = count;
        });
        for (int z = 0; z < d; z++)
        {
            rootsBefore[z + 1] += rootsBefore[z];
        }

        int regions = rootsBefore[d];
        SliceIterator.For(d, parallel, "Intrusion", z =>
        {
            int id = rootsBefore[z], start = z * wh;
            for (int f = start; f < start + wh; f++)
            {
                if (up[f] == f)
                {
                    up[f] = -(id++ + 2);
                }
            }
        });
        SliceIterator.For(d, parallel, "Intrusion", z =>
        {
            int start = z * wh;
            for (int f = start; f < start + wh; f++)
            {
                if (up[f] >= 0)
                {
                    up[f] = up[up[f]];
                }
            }
        });

        // 4. The region graph's edges, by weight; the inlet is node `regions`.
        var edges = Edges(distance, up, w, h, d, direction, regions, levelCount, parallel);
        options.CancellationToken.ThrowIfCancellationRequested();

        // 5. Kruskal, weights descending.
        var regionRank = Kruskal(edges, regions, levelCount);

        // 6. I(c) = min(D(c), I(root)), without branches: entry id + 1 of the table is region id's
        //    rank and entry 0 (voxels outside the phase, up = -1) is 0.
        var rankById = new T[regions + 1];
        for (int id = 0; id < regions; id++)
        {
            rankById[id + 1] = T.CreateTruncating(regionRank[id]);
        }

        var result = new T[d][];
        SliceIterator.For(d, parallel, "Intrusion", z =>
        {
            var mask = distance[z];
            var target = GC.AllocateUninitializedArray<T>(wh);
            int start = z * wh;
            for (int i = 0; i < wh; i++)
            {
                target[i] = T.Min(mask[i], rankById[-(up[start + i] + 1)]);
            }

            result[z] = target;
        });
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RegionOf(int[] up, int f) => -(up[f] + 2);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PointUp<T>(T[][] distance, int[] up, int z, int w, int h, int d)
        where T : unmanaged, IBinaryInteger<T>
    {
        int wh = w * h, start = z * wh;
        var here = distance[z];
        var below = z > 0 ? distance[z - 1] : null;
        var above = z + 1 < d ? distance[z + 1] : null;
        bool vector = Vector256.IsHardwareAccelerated && below is not null && above is not null && (typeof(T) == typeof(ushort) || typeof(T) == typeof(uint));
        for (int y = 0; y < h; y++)
        {
            int x = 0;
            if (vector && y > 0 && y < h - 1)
            {
                PointUpScalar(here, below, above, up, start, y * w, w, h, wh, 0, 1);
                x = PointUpInner(here, below!, above!, up, start, y * w, w, wh);
            }

            PointUpScalar(here, below, above, up, start, y * w, w, h, wh, x, w);
        }
    }

    /// <summary>
    /// <see cref="PointUp"/> for voxels 1 .. of an inner row, eight at a time: the running maximum
    /// over the candidates in ascending index order, with ">=" selecting the later one; returns
    /// the first x left for the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int PointUpInner<T>(T[] here, T[] below, T[] above, int[] up, int start, int row, int w, int wh)
        where T : unmanaged, IBinaryInteger<T>
    {
        var step = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var outside = Vector256.Create(-1);
        int x = 1;
        for (; x + 8 <= w - 1; x += 8)
        {
            int i = row + x;
            var f = Vector256.Create(start + i) + step;
            var best = Widen(below, i);
            var to = f - Vector256.Create(wh);
            Take(Widen(here, i - w), f - Vector256.Create(w), ref best, ref to);
            Take(Widen(here, i - 1), f - Vector256<int>.One, ref best, ref to);
            var self = Widen(here, i);
            Take(self, f, ref best, ref to);
            Take(Widen(here, i + 1), f + Vector256<int>.One, ref best, ref to);
            Take(Widen(here, i + w), f + Vector256.Create(w), ref best, ref to);
            Take(Widen(above, i), f + Vector256.Create(wh), ref best, ref to);
            Vector256.ConditionalSelect(Vector256.Equals(self, Vector256<int>.Zero), outside, to).StoreUnsafe(ref up[start + i]);
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector256<int> value, Vector256<int> index, ref Vector256<int> best, ref Vector256<int> to)
    {
        var take = Vector256.GreaterThanOrEqual(value, best);
        to = Vector256.ConditionalSelect(take, index, to);
        best = Vector256.Max(best, value);
    }

    /// <summary>Eight ranks from <paramref name="i"/> as 32-bit integers (16- or 32-bit ranks; ranks are below 2^31).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen<T>(T[] plane, int i)
        where T : unmanaged
    {
        if (typeof(T) == typeof(ushort))
        {
            var v = Vector128.LoadUnsafe(ref Unsafe.As<T, ushort>(ref MemoryMarshal.GetArrayDataReference(plane)), (nuint)i);
            return Vector256.Create(Vector128.WidenLower(v), Vector128.WidenUpper(v)).AsInt32();
        }

        return Vector256.LoadUnsafe(ref Unsafe.As<T, int>(ref MemoryMarshal.GetArrayDataReference(plane)), (nuint)i);
    }

    /// <summary><see cref="PointUp"/> for voxels from .. end - 1 of a row, with the bounds checked.</summary>
    private static void PointUpScalar<T>(T[] here, T[]? below, T[]? above, int[] up, int start, int row, int w, int h, int wh, int from, int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        int y = row / w;
        for (int x = from; x < end; x++)
        {
            int i = row + x, f = start + i;
            T best = here[i];
            if (best == T.Zero)
            {
                up[f] = -1;
                continue;
            }

            // The largest (D, index) of the voxel and its 6-neighbours: visited in ascending
            // index order, so ">=" lets the larger index win ties.
            best = T.Zero;
            int to = -1;
            Consider(below is not null ? below[i] : T.Zero, f - wh, ref best, ref to);
            Consider(y > 0 ? here[i - w] : T.Zero, f - w, ref best, ref to);
            Consider(x > 0 ? here[i - 1] : T.Zero, f - 1, ref best, ref to);
            Consider(here[i], f, ref best, ref to);
            Consider(x + 1 < w ? here[i + 1] : T.Zero, f + 1, ref best, ref to);
            Consider(y + 1 < h ? here[i + w] : T.Zero, f + w, ref best, ref to);
            Consider(above is not null ? above[i] : T.Zero, f + wh, ref best, ref to);
            up[f] = to;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider<T>(T value, int index, ref T best, ref int to)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (value >= best)
        {
            best = value;
            to = index;
        }
    }

    /// <summary>Edges grouped by weight: (A, B) pairs of region ids in Pairs, level v's in [Starts[v], Starts[v + 1]).</summary>
    private sealed record EdgeList(int[] Starts, int[] Pairs);

    private static EdgeList Edges<T>(T[][] distance, int[] up, int w, int h, int d, FlowDirection direction, int inlet, int levelCount, ComputeOptions parallel)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Per slice: (weight, a, b); a row's run of equal pairs keeps one edge at its largest weight.
        // Each worker fills one growing buffer and keeps an exact copy per slice.
        var perSlice = new Edge[d][];
        SliceIterator.For(d, parallel, "Intrusion", () => new EdgeBuffer(), (z, list) =>
        {
            list.Count = 0;
            int wh = w * h, start = z * wh;
            var here = distance[z];
            var above = z + 1 < d ? distance[z + 1] : null;
            for (int y = 0; y < h; y++)
            {
                int row = y * w;
                InletEdges(list, here, up, start, row, w, inlet, direction == FlowDirection.Z && z == 0 || direction == FlowDirection.Y && y == 0, direction == FlowDirection.X);
                RowEdges(list, here, here, row + 1, up, start + row, row, 1, w - 1);
                if (y + 1 < h)
                {
                    RowEdges(list, here, here, row + w, up, start + row, row, w, w);
                }

                if (above is not null)
                {
                    RowEdges(list, here, above, row, up, start + row, row, wh, w);
                }
            }

            perSlice[z] = list.Items.AsSpan(0, list.Count).ToArray();
        }, _ => { });

        // A counting sort by weight, in parallel over chunks of slices: each chunk counts its
        // weights, then writes its edges from its own offset within every weight's range.
        int chunks = Math.Min(d, 4 * Environment.ProcessorCount);
        var counts = new int[chunks][];
        SliceIterator.For(chunks, parallel, "Intrusion", c =>
        {
            var count = counts[c] = new int[levelCount];
            for (int z = c * d / chunks; z < (c + 1) * d / chunks; z++)
            {
                foreach (var e in perSlice[z])
                {
                    count[e.Weight]++;
                }
            }
        });

        var starts = new int[levelCount + 1];
        for (int v = 0; v < levelCount; v++)
        {
            int offset = starts[v];
            for (int c = 0; c < chunks; c++)
            {
                (counts[c][v], offset) = (offset, offset + counts[c][v]); // count -> the chunk's first slot
            }

            starts[v + 1] = offset;
        }

        var pairs = new int[2 * starts[levelCount]];
        SliceIterator.For(chunks, parallel, "Intrusion", c =>
        {
            var fill = counts[c];
            for (int z = c * d / chunks; z < (c + 1) * d / chunks; z++)
            {
                foreach (var e in perSlice[z])
                {
                    int at = 2 * fill[e.Weight]++;
                    pairs[at] = e.A;
                    pairs[at + 1] = e.B;
                }
            }
        });

        return new EdgeList(starts, pairs);
    }

    /// <summary>The edges from the inlet to the regions of a row's inlet voxels (the whole row, or its first voxel).</summary>
    private static void InletEdges<T>(EdgeBuffer list, T[] here, int[] up, int start, int row, int w, int inlet, bool wholeRow, bool firstVoxel)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int x = 0; x < (wholeRow ? w : firstVoxel ? 1 : 0); x++)
        {
            T m = here[row + x];
            if (m != T.Zero)
            {
                list.Add(int.CreateTruncating(m), RegionOf(up, start + row + x), inlet);
            }
        }
    }

    /// <summary>
    /// The edges between voxel f = <paramref name="first"/> + x and f + <paramref name="step"/>, for
    /// x in [0, count): both in the phase (ids below -1) and in different regions, at weight the
    /// smaller rank (here[row + x] and next[nextRow + x]). Eight pairs are compared at a time; most
    /// share their region.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowEdges<T>(EdgeBuffer list, T[] here, T[] next, int nextRow, int[] up, int first, int row, int step, int count)
        where T : unmanaged, IBinaryInteger<T>
    {
        var stream = default(Stream);
        ref int ids = ref MemoryMarshal.GetArrayDataReference(up);
        var outside = Vector256.Create(-1);
        int lanes = Vector256<int>.Count, done = 0;
        while (done < count)
        {
            uint hits;
            int x0;
            if (count >= lanes && Vector256.IsHardwareAccelerated)
            {
                x0 = Math.Min(done, count - lanes);
                var a = Vector256.LoadUnsafe(ref ids, (nuint)(first + x0));
                var b = Vector256.LoadUnsafe(ref ids, (nuint)(first + x0 + step));
                hits = (~Vector256.Equals(a, b) & Vector256.LessThan(a, outside) & Vector256.LessThan(b, outside)).ExtractMostSignificantBits();
                hits &= ~((1u << (done - x0)) - 1); // pairs taken by the previous vector
                done = x0 + lanes;
            }
            else
            {
                x0 = done;
                int a = up[first + x0], b = up[first + x0 + step];
                hits = a != b && a < -1 && b < -1 ? 1u : 0u;
                done = x0 + 1;
            }

            while (hits != 0)
            {
                int x = x0 + BitOperations.TrailingZeroCount(hits);
                hits &= hits - 1;
                T m = T.Min(here[row + x], next[nextRow + x]);
                stream.Add(list, int.CreateTruncating(m), RegionOf(up, first + x), RegionOf(up, first + x + step));
            }
        }
    }

    private record struct Edge(int Weight, int A, int B);

    private sealed class EdgeBuffer
    {
        public Edge[] Items = new Edge[1024];
        public int Count;

        public void Add(int weight, int a, int b)
        {
            if (a == b)
            {
                return;
            }

            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Items.Length * 2);
            }

            Items[Count++] = new Edge(weight, a, b);
        }
    }

    /// <summary>
    /// The edges of one direction along a row: one repeating the previous pair raises that one's
    /// weight instead of adding another.
    /// </summary>
    private struct Stream
    {
        private int _a, _b, _index;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(EdgeBuffer list, int weight, int a, int b)
        {
            if (a == b)
            {
                return;
            }

            if (_index > 0 && a == _a && b == _b)
            {
                ref var previous = ref list.Items[_index - 1];
                previous.Weight = Math.Max(previous.Weight, weight);
                return;
            }

            list.Add(weight, a, b);
            (_a, _b, _index) = (a, b, list.Count);
        }
    }

    /// <summary>
    /// Each region's bottleneck rank from the inlet (node <paramref name="regions"/>): edges taken
    /// by descending weight; when a union first joins a component to the inlet's, every region
    /// of that component gets the current weight.
    /// </summary>
    private static int[] Kruskal(EdgeList edges, int regions, int levelCount)
    {
        int nodes = regions + 1;
        var parent = new int[nodes];
        var size = new int[nodes];
        var next = new int[nodes]; // circular member lists
        var reachesInlet = new bool[nodes];
        var rank = new int[nodes];
        for (int i = 0; i < nodes; i++)
        {
            parent[i] = i;
            next[i] = i;
            size[i] = 1;
        }

        reachesInlet[regions] = true;
        for (int v = levelCount - 1; v >= 1; v--)
        {
            for (int e = edges.Starts[v]; e < edges.Starts[v + 1]; e++)
            {
                int a = Find(parent, edges.Pairs[2 * e]), b = Find(parent, edges.Pairs[2 * e + 1]);
                if (a == b)
                {
                    continue;
                }

                if (reachesInlet[a] != reachesInlet[b])
                {
                    int joining = reachesInlet[a] ? b : a;
                    int m = joining;
                    do
                    {
                        rank[m] = v;
                        m = next[m];
                    }
                    while (m != joining);
                }

                (next[a], next[b]) = (next[b], next[a]);
                if (size[a] < size[b])
                {
                    (a, b) = (b, a);
                }

                parent[b] = a;
                size[a] += size[b];
                reachesInlet[a] |= reachesInlet[b];
            }
        }

        return rank;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }
}

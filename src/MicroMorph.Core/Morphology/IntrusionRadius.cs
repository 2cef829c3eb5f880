using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// For simulated mercury intrusion (001 Section 3.3, after Münch and Holzer 2008): the intrusion
/// radius I(c) of a phase voxel c is the largest r for which a ball centre can travel from the inlet
/// face to c through centres whose distance transform is at least r, i.e. the bottleneck
/// (max-min) value of the distance transform over 6-connected paths from the inlet plane.
/// A ball of radius r intrudes exactly the centres with I(c) &gt;= r; painting balls of radius I
/// (<see cref="LocalThickness"/>) then gives the intruded region for every r at once.
/// </summary>
/// <remarks>
/// Voxels are added in decreasing order of the distance transform (radix sort) and merged with
/// a union-find; when a component first touches the inlet at value r, all its voxels get I = r.
/// Each voxel is assigned once, so the whole pass is O(n alpha(n)).
/// </remarks>
public static class IntrusionRadius
{
    public static VoxelStack Compute(VoxelStack distance, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(distance);
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        long sliceSize = (long)w * h;

        // Phase voxels (distance > 0) in one index space; more than 2^31 - 1 of them is refused.
        long count = 0;
        for (int z = 0; z < d; z++)
        {
            foreach (float v in distance.GetSlice<float>(z))
            {
                if (v > 0)
                {
                    count++;
                }
            }
        }

        if (count > int.MaxValue - 1)
        {
            throw new MicroMorphException("PhaseTooLarge", MicroMorphErrorKind.LimitsExceeded, $"Intrusion supports at most {int.MaxValue - 1} phase voxels; this phase has {count}.", distance);
        }

        int n = (int)count;
        var position = new long[n]; // global voxel index z * sliceSize + y * w + x
        var key = new uint[n];      // float bits of the distance: positive floats order like their bits
        int k = 0;
        for (int z = 0; z < d; z++)
        {
            var s = distance.GetSlice<float>(z);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] > 0)
                {
                    position[k] = z * sliceSize + i;
                    key[k] = BitConverter.SingleToUInt32Bits(s[i]);
                    k++;
                }
            }
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        int[] order = RadixOrderDescending(key);

        // Compact index of every voxel (-1 outside the phase), chunked per slice.
        var compact = new int[d][];
        for (int z = 0; z < d; z++)
        {
            compact[z] = new int[sliceSize];
            Array.Fill(compact[z], -1);
        }

        for (int i = 0; i < n; i++)
        {
            long p = position[i];
            compact[p / sliceSize][p % sliceSize] = i;
        }

        var parent = new int[n];
        var next = new int[n];   // member lists, to assign I to a whole component at once
        var tail = new int[n];
        var connected = new bool[n];
        var added = new bool[n];
        var intrusion = new float[n];
        for (int i = 0; i < n; i++)
        {
            parent[i] = i;
            next[i] = -1;
            tail[i] = i;
        }

        var progress = new ProgressCounter(n, options.Progress, "Intrusion");
        for (int step = 0; step < n; step++)
        {
            if ((step & 0xFFFF) == 0)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
            }

            int v = order[step];
            float r = BitConverter.UInt32BitsToSingle(key[v]);
            added[v] = true;
            long p = position[v];
            int z = (int)(p / sliceSize), rem = (int)(p % sliceSize), y = rem / w, x = rem % w;
            int onInlet = direction switch { FlowDirection.X => x, FlowDirection.Y => y, _ => z };
            int root = v;
            if (onInlet == 0)
            {
                connected[v] = true;
                intrusion[v] = r;
            }

            Span<(int, int, int)> neighbours = [(x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1)];
            foreach (var (xx, yy, zz) in neighbours)
            {
                if ((uint)xx >= (uint)w || (uint)yy >= (uint)h || (uint)zz >= (uint)d)
                {
                    continue;
                }

                int u = compact[zz][yy * w + xx];
                if (u < 0 || !added[u])
                {
                    continue;
                }

                root = Union(root, Find(parent, u), parent, next, tail, connected, intrusion, r);
            }

            progress.Increment();
        }

        var result = new VoxelStack(w, h, d, VoxelDataType.Float32);
        result.CopyAttributesFrom(distance);
        result.Source = distance.Source + $" [intrusion radius from {direction} = 0]";
        for (int i = 0; i < n; i++)
        {
            long p = position[i];
            result.GetSlice<float>((int)(p / sliceSize))[(int)(p % sliceSize)] = intrusion[i];
        }

        return result;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    /// <summary>Merges two roots; a component joining the inlet-connected one gets I = r for all its voxels.</summary>
    private static int Union(int a, int b, int[] parent, int[] next, int[] tail, bool[] connected, float[] intrusion, float r)
    {
        a = Find(parent, a);
        if (a == b)
        {
            return a;
        }

        if (connected[a] != connected[b])
        {
            int fresh = connected[a] ? b : a;
            for (int i = fresh; i >= 0; i = next[i])
            {
                intrusion[i] = r;
            }
        }

        // b joins a: concatenate member lists, keep a as the root.
        next[tail[a]] = b;
        tail[a] = tail[b];
        parent[b] = a;
        connected[a] |= connected[b];
        return a;
    }

    /// <summary>Indices sorted by key, largest first (LSD radix sort, 16 bits per pass).</summary>
    private static int[] RadixOrderDescending(uint[] key)
    {
        int n = key.Length;
        var order = new int[n];
        var buffer = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var count = new int[65537];
        for (int shift = 0; shift < 32; shift += 16)
        {
            Array.Clear(count);
            for (int i = 0; i < n; i++)
            {
                count[(0xFFFF - ((key[i] >> shift) & 0xFFFF)) + 1]++;
            }

            for (int b = 0; b < 65536; b++)
            {
                count[b + 1] += count[b];
            }

            for (int i = 0; i < n; i++)
            {
                int o = order[i];
                buffer[count[0xFFFF - ((key[o] >> shift) & 0xFFFF)]++] = o;
            }

            (order, buffer) = (buffer, order);
        }

        return order;
    }
}

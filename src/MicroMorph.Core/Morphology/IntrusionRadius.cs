using System.Numerics;
using System.Runtime.CompilerServices;
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
/// I is the grey-scale reconstruction by dilation of the marker (the distance transform on the
/// inlet plane) under the mask (the distance transform), on the ranks of the distinct radii
/// (<see cref="RadiusLevels"/>). <see cref="IntrusionByRegions"/> reduces it to a graph of
/// ascent regions; volumes too large for 32-bit indices take a priority flood over voxels with one
/// bucket per rank, highest first (the max-min analogue of Dijkstra's algorithm; cf. the
/// hierarchical queues of L. Vincent, IEEE Trans. Image Process. 2 (1993) 176-201).
/// </remarks>
public static class IntrusionRadius
{
    /// <summary>The intrusion radius map (Float32, physical units, 0 outside the phase) of a distance map.</summary>
    public static VoxelStack Compute(VoxelStack distance, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(options);
        var levels = RadiusLevels.Of(distance, options);
        var result = new VoxelStack(distance.Width, distance.Height, distance.Depth, VoxelDataType.Float32);
        result.DeriveFrom(distance);
        result.Source = distance.Source + $" [intrusion radius from {direction} = 0]";
        if (levels.FitsSixteenBits)
        {
            levels.Fill(Ranks(levels.Ranks<ushort>(distance, options), distance, direction, levels.Values.Length, options), result, options);
        }
        else
        {
            levels.Fill(Ranks(levels.Ranks<uint>(distance, options), distance, direction, levels.Values.Length, options), result, options);
        }

        return result;
    }

    /// <summary>The intrusion ranks from the distance ranks (rank 0: outside the phase).</summary>
    internal static T[][] Ranks<T>(T[][] distance, Volume shape, FlowDirection direction, int levelCount, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T> =>
        (long)shape.Width * shape.Height * shape.Depth < int.MaxValue
            ? IntrusionByRegions.Ranks(distance, shape, direction, levelCount, options)
            : Flood(distance, shape, direction, levelCount, options.CancellationToken);

    /// <summary>
    /// The priority flood over voxels: the inlet plane's voxels start at their own rank; a voxel
    /// taken from bucket v offers min(v, rank of q) to each 6-neighbour q. Used for volumes of 2^31
    /// voxels and more, which the region graph's 32-bit voxel indices cannot address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T[][] Flood<T>(T[][] distance, Volume shape, FlowDirection direction, int levelCount, CancellationToken cancellation)
        where T : unmanaged, IBinaryInteger<T>
    {
        int w = shape.Width, h = shape.Height, d = shape.Depth;
        if (w >= 1 << 21 || h >= 1 << 21)
        {
            throw new ArgumentException("Slices wider or higher than 2^21 voxels are not supported.", nameof(shape));
        }

        var result = new T[d][];
        for (int z = 0; z < d; z++)
        {
            result[z] = new T[w * h];
        }

        var buckets = new Bucket[levelCount];
        for (int level = 1; level < levelCount; level++)
        {
            buckets[level] = new Bucket();
        }

        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (direction.CoordinateOf(x, y, z) == 0 && distance[z][i] != T.Zero)
                    {
                        result[z][i] = distance[z][i];
                        buckets[int.CreateTruncating(distance[z][i])].Push(Pack(x, y, z));
                    }
                }
            }
        }

        long expanded = 0;
        for (int level = levelCount - 1; level >= 1; level--)
        {
            var bucket = buckets[level];
            bucket.SortByPosition();
            T v = T.CreateTruncating(level);
            while (bucket.TryPop(out long packed))
            {
                int x = (int)(packed & 0x1FFFFF), y = (int)((packed >> 21) & 0x1FFFFF), z = (int)(packed >> 42);
                int i = y * w + x;
                var here = result[z];
                if (here[i] != v)
                {
                    continue; // raised to a higher rank after this entry was queued; expanded there
                }

                if ((++expanded & 0xFFFFF) == 0)
                {
                    cancellation.ThrowIfCancellationRequested();
                }

                var mask = distance[z];
                if (x > 0)
                {
                    Offer(mask, here, i - 1, v, x - 1, y, z, buckets);
                }

                if (x + 1 < w)
                {
                    Offer(mask, here, i + 1, v, x + 1, y, z, buckets);
                }

                if (y > 0)
                {
                    Offer(mask, here, i - w, v, x, y - 1, z, buckets);
                }

                if (y + 1 < h)
                {
                    Offer(mask, here, i + w, v, x, y + 1, z, buckets);
                }

                if (z > 0)
                {
                    Offer(distance[z - 1], result[z - 1], i, v, x, y, z - 1, buckets);
                }

                if (z + 1 < d)
                {
                    Offer(distance[z + 1], result[z + 1], i, v, x, y, z + 1, buckets);
                }
            }

            buckets[level] = null!; // drained: its memory goes
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Offer<T>(T[] mask, T[] value, int q, T v, int x, int y, int z, Bucket[] buckets)
        where T : unmanaged, IBinaryInteger<T>
    {
        T m = mask[q];
        T offered = m < v ? m : v;
        if (offered > value[q])
        {
            value[q] = offered;
            buckets[int.CreateTruncating(offered)].Push(Pack(x, y, z));
        }
    }

    private static long Pack(int x, int y, int z) => ((long)z << 42) | ((long)y << 21) | (uint)x;

    /// <summary>A growable stack of packed voxel positions.</summary>
    private sealed class Bucket
    {
        private long[] _items = [];
        private int _count;

        public void Push(long item)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, Math.Max(16, _items.Length * 2));
            }

            _items[_count++] = item;
        }

        /// <summary>Memory order (the packed positions are z-y-x), so the pops that follow sweep the volume once.</summary>
        public void SortByPosition() => Array.Sort(_items, 0, _count);

        public bool TryPop(out long item)
        {
            if (_count == 0)
            {
                item = 0;
                return false;
            }

            item = _items[--_count];
            return true;
        }
    }
}

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
/// A widest-path flood with a monotone bucket queue over the distinct distance values, highest
/// first: a voxel popped from the bucket of value v has its final I = v, and its neighbours get
/// min(v, R(neighbour)), never above v. The flood moves through space like a breadth-first
/// search, so memory is touched locally; 4 bytes per voxel for the result plus the queue.
/// </remarks>
public static class IntrusionRadius
{
    public static VoxelStack Compute(VoxelStack distance, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(distance);
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        var index = new DistanceLevels(distance);
        var levels = index.Values;
        var result = new VoxelStack(w, h, d, VoxelDataType.Float32);
        result.CopyAttributesFrom(distance);
        result.Source = distance.Source + $" [intrusion radius from {direction} = 0]";

        var buckets = new List<long>[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            buckets[i] = new List<long>();
        }

        // Sources: phase voxels of the inlet plane, at their own distance value.
        for (int z = 0; z < d; z++)
        {
            var r = distance.GetSlice<float>(z);
            var target = result.GetSlice<float>(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int coordinate = direction.CoordinateOf(x, y, z);
                    int i = y * w + x;
                    if (coordinate == 0 && r[i] > 0)
                    {
                        // Store the level's canonical value: the flood recognises current entries by it.
                        int level = index.Of(r[i]);
                        target[i] = levels[level];
                        buckets[level].Add(Pack(z, i));
                    }
                }
            }
        }

        var progress = new ProgressCounter(levels.Length, options.Progress, "Intrusion");
        for (int level = levels.Length - 1; level >= 0; level--)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            Flood(distance, result, buckets, index, level);
            buckets[level] = [];
            progress.Increment();
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Flood(VoxelStack distance, VoxelStack result, List<long>[] buckets, DistanceLevels levels, int level)
    {
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        float value = levels.Values[level];
        var queue = buckets[level];

        // The bucket grows while it is processed: neighbours reached at this same value join it.
        for (int k = 0; k < queue.Count; k++)
        {
            long packed = queue[k];
            int z = (int)(packed >> 32), i = (int)packed;
            if (result.GetSlice<float>(z)[i] != value)
            {
                continue; // stale: reached later at a higher value
            }

            int y = i / w, x = i - y * w;
            // The three planes a 6-neighbourhood touches, fetched once per voxel.
            ReadOnlySpan<float> rBelow = z > 0 ? distance.GetSlice<float>(z - 1) : default;
            ReadOnlySpan<float> rHere = distance.GetSlice<float>(z);
            ReadOnlySpan<float> rAbove = z + 1 < d ? distance.GetSlice<float>(z + 1) : default;
            Span<float> tBelow = z > 0 ? result.GetSlice<float>(z - 1) : default;
            Span<float> tHere = result.GetSlice<float>(z);
            Span<float> tAbove = z + 1 < d ? result.GetSlice<float>(z + 1) : default;
            if (x > 0)
            {
                Visit(rHere, tHere, i - 1, z, value, level, levels, buckets);
            }

            if (x + 1 < w)
            {
                Visit(rHere, tHere, i + 1, z, value, level, levels, buckets);
            }

            if (y > 0)
            {
                Visit(rHere, tHere, i - w, z, value, level, levels, buckets);
            }

            if (y + 1 < h)
            {
                Visit(rHere, tHere, i + w, z, value, level, levels, buckets);
            }

            if (!rBelow.IsEmpty)
            {
                Visit(rBelow, tBelow, i, z - 1, value, level, levels, buckets);
            }

            if (!rAbove.IsEmpty)
            {
                Visit(rAbove, tAbove, i, z + 1, value, level, levels, buckets);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Visit(ReadOnlySpan<float> radius, Span<float> target, int j, int z, float value, int level, DistanceLevels levels, List<long>[] buckets)
    {
        float r = radius[j];
        if (!(r > 0))
        {
            return;
        }

        if (r >= value)
        {
            if (value > target[j])
            {
                target[j] = value;
                buckets[level].Add(Pack(z, j));
            }

            return;
        }

        // r is below the current level: the neighbour's own level, stored as its canonical value.
        int into = levels.Of(r);
        float canonical = levels.Values[into];
        if (canonical > target[j])
        {
            target[j] = canonical;
            buckets[into].Add(Pack(z, j));
        }
    }

    private static long Pack(int z, int offset) => ((long)z << 32) | (uint)offset;
}

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
/// inlet plane, 0 elsewhere) under the mask (the distance transform), 6-connected: along a path
/// the value is the minimum of the mask, and reconstruction keeps the best path's. It is computed
/// with Vincent's hybrid algorithm (L. Vincent, IEEE Trans. Image Process. 2 (1993) 176-201,
/// Section IV.C): one forward and one backward raster scan propagate along the grid's directions,
/// and a FIFO queue finishes the paths that turn back. Every value stored is one of the transform's
/// own values (a min of maxima of them), so no level table is needed. The scans walk the slabs in
/// memory order; the queue holds only the voxels still to be corrected.
/// </remarks>
public static class IntrusionRadius
{
    public static VoxelStack Compute(VoxelStack distance, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(options);
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        var result = new VoxelStack(w, h, d, VoxelDataType.Float32);
        result.CopyAttributesFrom(distance);
        result.Source = distance.Source + $" [intrusion radius from {direction} = 0]";
        var progress = new ProgressCounter(3, options.Progress, "Intrusion");

        // Marker: the inlet plane's own distance values.
        SliceIterator.For(d, options with { Progress = null }, "Intrusion", z =>
        {
            var mask = distance.GetSlice<float>(z);
            var marker = result.GetSlice<float>(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (direction.CoordinateOf(x, y, z) == 0 && mask[i] > 0)
                    {
                        marker[i] = mask[i];
                    }
                }
            }
        });

        // Two pairs of scans before the queue: the second pair settles most of what the first left
        // (on a 256^3 Boolean pore space it cuts the queue's work from 12 to 6.6 million pops,
        // 2.5 -> 1.7 s); further pairs cost more than they save.
        ForwardScan(distance, result);
        BackwardScan(distance, result, queue: null);
        options.CancellationToken.ThrowIfCancellationRequested();
        progress.Increment();
        ForwardScan(distance, result);
        var queue = new Queue<long>();
        BackwardScan(distance, result, queue);
        options.CancellationToken.ThrowIfCancellationRequested();
        progress.Increment();
        Propagate(distance, result, queue, options.CancellationToken);
        progress.Increment();
        return result;
    }

    /// <summary>Raster order: J(p) = min(I(p), max(J(p), J of the x-1, y-1, z-1 neighbours)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardScan(VoxelStack distance, VoxelStack result)
    {
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        for (int z = 0; z < d; z++)
        {
            ReadOnlySpan<float> mask = distance.GetSlice<float>(z);
            Span<float> j = result.GetSlice<float>(z);
            ReadOnlySpan<float> below = z > 0 ? result.GetSlice<float>(z - 1) : default;
            for (int y = 0; y < h; y++)
            {
                int row = y * w;
                for (int x = 0; x < w; x++)
                {
                    int i = row + x;
                    float m = mask[i];
                    if (!(m > 0))
                    {
                        continue;
                    }

                    float v = j[i];
                    if (x > 0 && j[i - 1] > v)
                    {
                        v = j[i - 1];
                    }

                    if (y > 0 && j[i - w] > v)
                    {
                        v = j[i - w];
                    }

                    if (!below.IsEmpty && below[i] > v)
                    {
                        v = below[i];
                    }

                    j[i] = v < m ? v : m;
                }
            }
        }
    }

    /// <summary>
    /// Anti-raster order: J(p) = min(I(p), max(J(p), J of the x+1, y+1, z+1 neighbours)); p joins the
    /// queue (when one is given) when one of those neighbours could still rise from it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardScan(VoxelStack distance, VoxelStack result, Queue<long>? queue)
    {
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        for (int z = d - 1; z >= 0; z--)
        {
            ReadOnlySpan<float> mask = distance.GetSlice<float>(z);
            Span<float> j = result.GetSlice<float>(z);
            ReadOnlySpan<float> aboveMask = z + 1 < d ? distance.GetSlice<float>(z + 1) : default;
            ReadOnlySpan<float> above = z + 1 < d ? result.GetSlice<float>(z + 1) : default;
            for (int y = h - 1; y >= 0; y--)
            {
                int row = y * w;
                for (int x = w - 1; x >= 0; x--)
                {
                    int i = row + x;
                    float m = mask[i];
                    if (!(m > 0))
                    {
                        continue;
                    }

                    float v = j[i];
                    if (x + 1 < w && j[i + 1] > v)
                    {
                        v = j[i + 1];
                    }

                    if (y + 1 < h && j[i + w] > v)
                    {
                        v = j[i + w];
                    }

                    if (!above.IsEmpty && above[i] > v)
                    {
                        v = above[i];
                    }

                    v = v < m ? v : m;
                    j[i] = v;
                    if (queue is not null
                        && ((x + 1 < w && j[i + 1] < v && j[i + 1] < mask[i + 1])
                        || (y + 1 < h && j[i + w] < v && j[i + w] < mask[i + w])
                        || (!above.IsEmpty && above[i] < v && above[i] < aboveMask[i])))
                    {
                        queue.Enqueue(Pack(z, i));
                    }
                }
            }
        }
    }

    /// <summary>FIFO propagation: a neighbour below its mask and below J(p) rises to min(J(p), I(q)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Propagate(VoxelStack distance, VoxelStack result, Queue<long> queue, CancellationToken cancellation)
    {
        int w = distance.Width, h = distance.Height, d = distance.Depth;
        long popped = 0;
        while (queue.TryDequeue(out long packed))
        {
            if ((++popped & 0xFFFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            int z = (int)(packed >> 32), i = (int)packed;
            int y = i / w, x = i - y * w;
            float v = result.GetSlice<float>(z)[i];
            ReadOnlySpan<float> mHere = distance.GetSlice<float>(z);
            Span<float> jHere = result.GetSlice<float>(z);
            if (x > 0)
            {
                Raise(mHere, jHere, i - 1, z, v, queue);
            }

            if (x + 1 < w)
            {
                Raise(mHere, jHere, i + 1, z, v, queue);
            }

            if (y > 0)
            {
                Raise(mHere, jHere, i - w, z, v, queue);
            }

            if (y + 1 < h)
            {
                Raise(mHere, jHere, i + w, z, v, queue);
            }

            if (z > 0)
            {
                Raise(distance.GetSlice<float>(z - 1), result.GetSlice<float>(z - 1), i, z - 1, v, queue);
            }

            if (z + 1 < d)
            {
                Raise(distance.GetSlice<float>(z + 1), result.GetSlice<float>(z + 1), i, z + 1, v, queue);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Raise(ReadOnlySpan<float> mask, Span<float> j, int q, int z, float v, Queue<long> queue)
    {
        float m = mask[q];
        if (j[q] < v && j[q] < m)
        {
            j[q] = v < m ? v : m;
            queue.Enqueue(Pack(z, q));
        }
    }

    private static long Pack(int z, int offset) => ((long)z << 32) | (uint)offset;
}

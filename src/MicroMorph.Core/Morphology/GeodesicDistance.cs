using System.Runtime.CompilerServices;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// Shortest-path length within a phase from every phase voxel to a face of the volume, over the
/// 26-neighbourhood with Euclidean step lengths (physical voxel sizes). Exact Dijkstra with a
/// bucket queue of bucket width equal to the shortest step: every relaxation lands in a later
/// bucket, so the voxels of the current bucket are final and need no ordering among themselves.
/// </summary>
public static class GeodesicDistance
{
    /// <summary>
    /// Distances (Float32, physical units) within the phase to the plane at the far end of
    /// <paramref name="direction"/> (index extent - 1); +infinity outside the phase and for phase
    /// voxels not connected to that plane.
    /// </summary>
    public static VoxelStack ToOutletPlane(PhaseImage image, byte label, FlowDirection direction, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, d = image.Depth;
        var vs = image.VoxelSize;
        var distance = VoxelStack.CreateUninitialized(w, h, d, VoxelDataType.Float32);
        distance.DeriveFrom(image);
        distance.Source = image.Source + $" [geodesic distance to the {direction} outlet]";
        for (int z = 0; z < d; z++)
        {
            distance.GetSlice<float>(z).Fill(float.PositiveInfinity);
        }

        // The 26 steps and their lengths.
        var steps = new (int Dx, int Dy, int Dz, float Length)[26];
        int n = 0;
        for (int dz = -1; dz <= 1; dz++)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    if (dx != 0 || dy != 0 || dz != 0)
                    {
                        steps[n++] = (dx, dy, dz, (float)Math.Sqrt(dx * dx * vs.X * vs.X + dy * dy * vs.Y * vs.Y + dz * dz * vs.Z * vs.Z));
                    }
                }
            }
        }

        double width = Math.Min(vs.X, Math.Min(vs.Y, vs.Z));
        int ring = (int)Math.Ceiling(steps.Max(s => s.Length) / width) + 2;
        var buckets = new List<(long Voxel, float Distance)>[ring];
        for (int i = 0; i < ring; i++)
        {
            buckets[i] = new List<(long Voxel, float Distance)>();
        }

        // Sources: phase voxels of the outlet plane.
        int outlet = direction.ExtentOf(image) - 1;
        long pending = 0;
        long phaseVoxels = 0; // at most these are settled: the progress runs over them, not over the whole volume
        for (int z = 0; z < d; z++)
        {
            var labels = image.GetLabels(z);
            var dist = distance.GetSlice<float>(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int coordinate = direction.CoordinateOf(x, y, z);
                    int i = y * w + x;
                    phaseVoxels += labels[i] == label ? 1 : 0;
                    if (coordinate == outlet && labels[i] == label)
                    {
                        dist[i] = 0;
                        buckets[0].Add((Pack(z, i), 0f));
                        pending++;
                    }
                }
            }
        }

        var progress = new ProgressCounter(phaseVoxels, options.Progress, "Geodesic distances");
        long bucket = 0;
        var current = new List<(long Voxel, float Distance)>();
        while (pending > 0)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            int slot = (int)(bucket % ring);
            (current, buckets[slot]) = (buckets[slot], current);
            buckets[slot].Clear();
            pending -= current.Count;
            long settled = Relax(image, label, distance, current, bucket, width, steps, buckets, ring, ref pending);
            progress.Increment(settled);
            current.Clear();
            bucket++;
        }

        return distance;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Relax(PhaseImage image, byte label, VoxelStack distance, List<(long Voxel, float Distance)> current, long bucket, double width,
        (int Dx, int Dy, int Dz, float Length)[] steps, List<(long Voxel, float Distance)>[] buckets, int ring, ref long pending)
    {
        int w = image.Width, h = image.Height, d = image.Depth;
        long settled = 0;
        foreach (var (packed, pushed) in current)
        {
            int z = (int)(packed >> 32), i = (int)packed;
            float dv = distance.GetSlice<float>(z)[i];
            // Stale entry: the voxel was reached more cheaply after this entry was queued.
            if (dv != pushed)
            {
                continue;
            }

            settled++;
            int y = i / w, x = i - y * w;
            // The three planes a 26-neighbourhood touches, fetched once per voxel.
            Span<byte> labelsBelow = z > 0 ? image.GetLabels(z - 1) : default;
            Span<byte> labelsHere = image.GetLabels(z);
            Span<byte> labelsAbove = z + 1 < d ? image.GetLabels(z + 1) : default;
            Span<float> distBelow = z > 0 ? distance.GetSlice<float>(z - 1) : default;
            Span<float> distHere = distance.GetSlice<float>(z);
            Span<float> distAbove = z + 1 < d ? distance.GetSlice<float>(z + 1) : default;
            foreach (var (dx, dy, dz, length) in steps)
            {
                int xx = x + dx, yy = y + dy;
                var labels = dz < 0 ? labelsBelow : dz > 0 ? labelsAbove : labelsHere;
                if ((uint)xx >= (uint)w || (uint)yy >= (uint)h || labels.IsEmpty)
                {
                    continue;
                }

                int j = yy * w + xx;
                if (labels[j] != label)
                {
                    continue;
                }

                var target = dz < 0 ? distBelow : dz > 0 ? distAbove : distHere;
                float nd = dv + length;
                if (nd < target[j])
                {
                    target[j] = nd;
                    // Never the current bucket, even if rounding puts nd / width just below bucket + 1.
                    long into = Math.Max(bucket + 1, (long)(nd / width));
                    buckets[(int)(into % ring)].Add((Pack(z + dz, j), nd));
                    pending++;
                }
            }
        }

        return settled;
    }

    private static long Pack(int z, int offset) => ((long)z << 32) | (uint)offset;
}

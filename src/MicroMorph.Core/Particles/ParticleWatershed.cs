using System.Globalization;
using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Marker-based watershed that separates touching particles (004 Section 2.3.2: "a marker-based
/// watershed algorithm is applied to the binarized CT image data, using the connected components
/// of the initial segmentation as markers"). The markers are either given (the components of an
/// initial segmentation) or the maxima of the distance map with a dynamic of at least
/// <c>peakHeight</c> (see <see cref="HMaxima"/>). Basins grow from the markers over the inverted
/// distance map (or a grey-value relief, lowest first) in order of a 65536-level hierarchical
/// queue (Meyer's flooding), confined to the particles' voxels; a particle no marker reaches keeps
/// its own label, so no voxel is lost.
/// </summary>
public static class ParticleWatershed
{
    private const int Levels = 65536;

    /// <param name="particles">The particles to split (their non-zero voxels are the mask).</param>
    /// <param name="markers">Markers (non-zero labels; voxels outside the mask are ignored), or null for distance maxima.</param>
    /// <param name="peakHeight">Least dynamic of a distance maximum, in the image's unit (used without markers).</param>
    /// <param name="relief">Grey values to flood instead of the inverted distance map (any data type), or null.</param>
    public static ParticleImage Split(ParticleImage particles, ParticleImage? markers, double peakHeight, VoxelStack? relief, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(particles);
        ArgumentNullException.ThrowIfNull(options);
        var labels = particles.Labels;
        if (markers is not null)
        {
            RequireSameSize(labels, markers.Labels, "MarkerSizeMismatch", "marker image");
        }

        if (relief is not null)
        {
            RequireSameSize(labels, relief, "ReliefSizeMismatch", "relief");
        }

        if (markers is null && !(peakHeight > 0 && double.IsFinite(peakHeight)))
        {
            throw MicroMorphException.Argument("InvalidPeakHeight", string.Create(CultureInfo.InvariantCulture, $"The peak height must be a positive length; got {peakHeight}."), peakHeight);
        }

        int w = labels.Width, h = labels.Height, d = labels.Depth;
        MemoryBudget.Require(labels.VoxelCount * 21.0, "The watershed (distance map, reconstruction, labels and queue)", particles);

        // Shares measured on the electrode's NMC particles (256^3): the flood dominates.
        var stages = new StagedProgress(
            options,
            new ProgressStage(relief is null ? "Distance transform" : "Reading the relief", 3),
            new ProgressStage("Finding markers", markers is null ? 7 : 0.1),
            new ProgressStage("Watershed flood", 20));

        // Priority: -distance (deepest first) or the relief as given.
        var priorityStage = stages.Next();
        VoxelStack priority;
        if (relief is null)
        {
            var binary = new PhaseImage(w, h, d, PhaseTable.ForLabels([0, 1])) { VoxelSize = labels.VoxelSize };
            SliceIterator.For(d, options with { Progress = null }, "Mask", z =>
            {
                var m = labels.GetSlice<uint>(z);
                var b = binary.GetLabels(z);
                for (int i = 0; i < m.Length; i++)
                {
                    b[i] = m[i] != 0 ? (byte)1 : (byte)0;
                }
            });
            priority = EuclideanDistanceTransform.Compute(binary, 1, borderIsBackground: false, priorityStage);
        }
        else
        {
            priority = ToFloat(relief, priorityStage);
        }

        VoxelStack seeds;
        var markerStage = stages.Next();
        if (markers is not null)
        {
            seeds = markers.Labels;
        }
        else
        {
            (seeds, _) = HMaxima.Markers(priority, labels, (float)peakHeight, particles.Connectivity, markerStage);
        }

        bool descending = relief is null;
        var output = Flood(labels, seeds, priority, descending, new Neighbourhood(particles.Connectivity), stages.Next(), out long count);
        output.DeriveFrom(labels);
        output.Source = labels.Source + " [watershed]";
        return new ParticleImage(output, count, particles.PhaseImage, particles.ParticlePhases, particles.Connectivity);
    }

    private static void RequireSameSize(Volume a, Volume b, string errorId, string what)
    {
        if (a.Width != b.Width || a.Height != b.Height || a.Depth != b.Depth)
        {
            throw MicroMorphException.Argument(errorId, $"The {what} is {b.Dimensions}, the particles {a.Dimensions}; they must have the same size.", b);
        }
    }

    private static VoxelStack ToFloat(VoxelStack stack, ComputeOptions options)
    {
        if (stack.DataType == VoxelDataType.Float32)
        {
            return stack;
        }

        var result = VoxelStack.CreateUninitialized(stack.Width, stack.Height, stack.Depth, VoxelDataType.Float32);
        SliceIterator.For(stack.Depth, options with { Progress = null }, "Relief", z => GreyValues.ReadSlice(stack, z, result.GetSlice<float>(z)));
        return result;
    }

    private static VoxelStack Flood(VoxelStack mask, VoxelStack seeds, VoxelStack priority, bool descending, Neighbourhood nb, ComputeOptions options, out long count)
    {
        int w = mask.Width, h = mask.Height, d = mask.Depth;
        long wh = (long)w * h;
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (int z = 0; z < d; z++)
        {
            var m = mask.GetSlice<uint>(z);
            var p = priority.GetSlice<float>(z);
            for (int i = 0; i < m.Length; i++)
            {
                if (m[i] != 0)
                {
                    lo = Math.Min(lo, p[i]);
                    hi = Math.Max(hi, p[i]);
                }
            }
        }

        double scale = hi > lo ? (Levels - 1) / ((double)hi - lo) : 0;
        int Level(float v) => (int)((descending ? hi - (double)v : v - (double)lo) * scale);

        // Seeds: marker labels renumbered 1..n in raster order of first appearance inside the mask.
        var output = VoxelStack.CreateUninitialized(w, h, d, VoxelDataType.UInt32);
        var buckets = new LongQueue?[Levels];
        var renumber = new Dictionary<uint, uint>();
        for (int z = 0; z < d; z++)
        {
            var m = mask.GetSlice<uint>(z);
            var s = seeds.GetSlice<uint>(z);
            var o = output.GetSlice<uint>(z);
            var p = priority.GetSlice<float>(z);
            for (int i = 0; i < m.Length; i++)
            {
                uint label = 0;
                if (m[i] != 0 && s[i] != 0)
                {
                    if (!renumber.TryGetValue(s[i], out label))
                    {
                        label = checked((uint)(renumber.Count + 1));
                        renumber[s[i]] = label;
                    }

                    int level = Level(p[i]);
                    (buckets[level] ??= new LongQueue(16)).Enqueue(z * wh + i);
                }

                o[i] = label;
            }
        }

        var progress = new ProgressCounter(Levels, options.Progress, "Watershed");
        for (int level = 0; level < Levels; level++)
        {
            var queue = buckets[level];
            if (queue is null)
            {
                progress.Increment();
                continue;
            }

            options.CancellationToken.ThrowIfCancellationRequested();
            while (queue.TryDequeue(out long v))
            {
                int z = (int)(v / wh);
                int i = (int)(v - z * wh);
                int y = i / w, x = i - y * w;
                uint label = MemoryMarshal.Cast<byte, uint>(output.GetSliceBytes(z))[i];
                for (int dz = -1; dz <= 1; dz++)
                {
                    int zz = z + dz;
                    if ((uint)zz >= (uint)d)
                    {
                        continue;
                    }

                    var oq = MemoryMarshal.Cast<byte, uint>(output.GetSliceBytes(zz));
                    var mq = MemoryMarshal.Cast<byte, uint>(mask.GetSliceBytes(zz));
                    var pq = MemoryMarshal.Cast<byte, float>(priority.GetSliceBytes(zz));
                    foreach (var off in nb.ByDz[dz + 1])
                    {
                        int xx = x + off.X, yy = y + off.Y;
                        if ((uint)xx >= (uint)w || (uint)yy >= (uint)h)
                        {
                            continue;
                        }

                        int j = yy * w + xx;
                        if (oq[j] != 0 || mq[j] == 0)
                        {
                            continue;
                        }

                        oq[j] = label;
                        int lq = Math.Max(level, Level(pq[j]));
                        (buckets[lq] ??= new LongQueue(16)).Enqueue(zz * wh + j);
                    }
                }
            }

            buckets[level] = null;
            progress.Increment();
        }

        // A particle without a marker keeps its own (new) label.
        count = renumber.Count;
        var orphans = new Dictionary<uint, uint>();
        for (int z = 0; z < d; z++)
        {
            var m = mask.GetSlice<uint>(z);
            var o = output.GetSlice<uint>(z);
            for (int i = 0; i < m.Length; i++)
            {
                if (m[i] != 0 && o[i] == 0)
                {
                    if (!orphans.TryGetValue(m[i], out uint label))
                    {
                        label = checked((uint)(++count));
                        orphans[m[i]] = label;
                    }

                    o[i] = label;
                }
            }
        }

        return output;
    }
}

using System.Runtime.CompilerServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Connected-component labelling of volumes larger than memory (issue 24), slab by slab: each slab
/// of whole slices is labelled on its own by <see cref="RunLabeller"/> and written to the label
/// volume as provisional labels (the slab's labels plus the count of the slabs before it); the runs
/// of each slab's first slice are united with those of the previous slab's last slice in a
/// union-find over the provisional labels (links point to the lower label); then one pass over the
/// label volume replaces each provisional label by its component's final label. Provisional labels
/// grow in raster order and a component's lowest one is its first voxel's, so the final labels are
/// numbered in raster order exactly as the in-memory labeller numbers them (SciPy's order).
/// </summary>
/// <remarks>
/// Memory: the runs of one slab (about <see cref="SlabVoxels"/> voxels) plus 8 bytes per
/// provisional label (components of one slab, summed over the slabs) and the label volume, which
/// is itself file-backed when it does not fit in memory. Two passes over the label volume.
/// </remarks>
internal static class SlabLabelling
{
    /// <summary>Voxels per slab (whole slices, at least one).</summary>
    public const long SlabVoxels = 1L << 25;

    public static (VoxelStack Labels, long Count) Label(RunSource source, int connectivity, ComputeOptions options, string activity, int slabDepth = 0)
    {
        int w = source.Width, h = source.Height, d = source.Depth;
        if (slabDepth <= 0)
        {
            slabDepth = (int)Math.Clamp(SlabVoxels / ((long)w * h), 1, d);
        }

        var labels = VoxelStack.CreateUninitialized(w, h, d, VoxelDataType.UInt32);
        var stages = new StagedProgress(options, new ProgressStage(activity + ": labelling slabs", 3), new ProgressStage(activity + ": numbering components", 1));
        var slabOptions = options with { Progress = null };
        var parent = new long[1 << 16];
        long provisional = 0;
        SliceRuns? previousRuns = null;
        long[] previousLabels = [];
        var labelling = stages.Next();
        int slabCount = (d + slabDepth - 1) / slabDepth;
        for (int slab = 0; slab < slabCount; slab++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            int z0 = slab * slabDepth, n = Math.Min(slabDepth, d - z0);
            var labeller = RunLabeller.Run(new SubRunSource(source, z0, n), connectivity, slabOptions, activity);
            long offset = provisional;
            provisional += labeller.ComponentCount;
            if (provisional > uint.MaxValue)
            {
                throw new MicroMorphException(
                    "TooManyParticles",
                    MicroMorphErrorKind.LimitsExceeded,
                    $"The slabs hold more than {uint.MaxValue} provisional components, more than a UInt32 label volume can number.",
                    provisional);
            }

            if (parent.LongLength <= provisional)
            {
                Array.Resize(ref parent, (int)Math.Min(Array.MaxLength, Math.Max(provisional + 1, parent.LongLength * 2)));
            }

            for (long i = offset + 1; i <= provisional; i++)
            {
                parent[i] = i;
            }

            WriteSlab(labeller, labels, z0, n, offset, slabOptions);

            // Unite across the face with the previous slab's last slice (the same neighbours as
            // RunLabeller takes between slices: faces, plus edges for 18, plus corners for 26).
            var firstRuns = labeller.Slice(0);
            long[] firstLabels = LabelsOf(labeller, 0, offset);
            if (previousRuns is not null)
            {
                var across = new LabelUnion(parent, firstLabels, previousLabels);
                SliceRuns.UniteAcrossSlices(firstRuns, previousRuns, h, connectivity, ref across);
            }

            previousRuns = labeller.Slice(n - 1);
            previousLabels = n == 1 ? firstLabels : LabelsOf(labeller, n - 1, offset);
            labels.ReleaseSlices(z0, z0 + n);
            labelling.Progress?.Report(new ProgressReport(activity, $"slab {slab + 1} of {slabCount}", (slab + 1.0) / slabCount));
        }

        // Links point lower, so one pass in label order gives every root its final number.
        stages.Next();
        long count = 0;
        for (long i = 1; i <= provisional; i++)
        {
            long p = parent[i];
            parent[i] = p == i ? ++count : parent[p];
        }

        if (count != provisional)
        {
            SliceIterator.For(d, slabOptions, activity, z =>
            {
                var slice = labels.GetSlice<uint>(z);
                for (int i = 0; i < slice.Length; i++)
                {
                    uint v = slice[i];
                    if (v != 0)
                    {
                        slice[i] = (uint)parent[v];
                    }
                }
            });
        }

        labels.ReleaseMemory();
        return (labels, count);
    }

    private static long[] LabelsOf(RunLabeller labeller, int z, long offset)
    {
        var runs = labeller.Slice(z);
        var result = new long[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            result[i] = offset + labeller.LabelOf(z, i);
        }

        return result;
    }

    private static void WriteSlab(RunLabeller labeller, VoxelStack labels, int z0, int n, long offset, ComputeOptions options)
    {
        int w = labels.Width, h = labels.Height;
        SliceIterator.For(n, options, "Writing labels", k =>
        {
            var slice = labels.GetSlice<uint>(z0 + k);
            labeller.WriteLabels(k, slice, w, offset);
        });
    }

    /// <summary>Unites the provisional labels of run i of one slice and run j of the other.</summary>
    private readonly struct LabelUnion(long[] parent, long[] aLabels, long[] bLabels) : IRunUnion
    {
        public void Unite(int i, int j) => Union(parent, aLabels[i], bLabels[j]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Find(long[] parent, long x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    private static void Union(long[] parent, long a, long b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a != b)
        {
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    /// <summary>Slices [z0, z0 + depth) of another run source.</summary>
    private sealed class SubRunSource(RunSource source, int z0, int depth) : RunSource(source.Width, source.Height, depth)
    {
        public override void Extract(int z, SliceRuns runs) => source.Extract(z0 + z, runs);
    }
}

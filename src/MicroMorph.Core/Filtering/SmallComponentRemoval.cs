using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Filtering;

/// <summary>
/// Removal of the connected components of one phase that hold fewer than a minimum number of
/// voxels: the first post-processing step of 001 Section 2.3.2 (graphite components below 5000
/// voxels are removed as misclassified). Components are found by the run labeller of
/// <see cref="ConnectedComponents"/> (6-, 18- or 26-connectivity). A removed component becomes
/// the replacement phase if one is given; otherwise the phase that shares the most voxel faces
/// with it (its surroundings; ties to the lowest label), so a speck inside the carbon-binder
/// domain becomes carbon-binder domain and one in the pore becomes pore.
/// </summary>
public static class SmallComponentRemoval
{
    /// <summary>
    /// A copy of <paramref name="image"/> without the components of <paramref name="phase"/> that
    /// have fewer than <paramref name="minimumVoxelCount"/> voxels.
    /// </summary>
    public static PhaseImage Apply(PhaseImage image, Phase phase, double minimumVoxelCount, int connectivity, Phase? replacement, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(options);
        RunLabeller.ValidateConnectivity(connectivity);
        if (!(minimumVoxelCount >= 0) || double.IsInfinity(minimumVoxelCount))
        {
            throw MicroMorphException.Argument(
                "InvalidMinimumVolume",
                string.Create(CultureInfo.InvariantCulture, $"The minimum component size must be a finite number of voxels, not negative; it is {minimumVoxelCount}."),
                minimumVoxelCount);
        }

        if (replacement is not null && replacement.Label == phase.Label)
        {
            throw MicroMorphException.Argument("SamePhaseTwice", $"The replacement phase is '{phase.Name}' itself.", replacement);
        }

        MemoryBudget.Require(image.VoxelCount, "The filtered phase image", image);
        var labeller = RunLabeller.Run(new PhaseMaskRunSource(image, [phase.Label]), connectivity, options, "Labelling components of " + phase.Name);
        long count = labeller.ComponentCount;
        var size = new long[count + 1];
        for (int z = 0; z < labeller.Depth; z++)
        {
            var runs = labeller.Slice(z);
            for (int i = 0; i < runs.Count; i++)
            {
                size[labeller.LabelOf(z, i)] += runs.End[i] - runs.Start[i];
            }
        }

        // Removed components get a dense index; target[index] is the label each becomes.
        var index = new long[count + 1];
        long removed = 0;
        for (long c = 1; c <= count; c++)
        {
            index[c] = size[c] < minimumVoxelCount ? removed++ : -1;
        }

        var target = new byte[removed];
        if (replacement is not null)
        {
            Array.Fill(target, replacement.Label);
        }
        else if (removed > 0)
        {
            Surroundings(image, phase.Label, labeller, index, target, options);
        }

        var result = new PhaseImage(image.Width, image.Height, image.Depth, image.Phases);
        result.DeriveFrom(image);
        int w = image.Width;
        SliceIterator.For(image.Depth, options with { Progress = null }, "Removing components", z =>
        {
            var labels = result.GetLabels(z);
            image.GetLabels(z).CopyTo(labels);
            var runs = labeller.Slice(z);
            for (int y = 0; y < image.Height; y++)
            {
                for (int i = runs.RowFirst[y]; i < runs.RowFirst[y + 1]; i++)
                {
                    long k = index[labeller.LabelOf(z, i)];
                    if (k >= 0)
                    {
                        labels.Slice((y * w) + runs.Start[i], runs.End[i] - runs.Start[i]).Fill(target[k]);
                    }
                }
            }
        });
        result.Metadata["Filter.RemoveSmallComponents"] = string.Create(
            CultureInfo.InvariantCulture,
            $"{phase.Name} min={minimumVoxelCount:G9} voxels connectivity={connectivity} removed={removed} of {count}");
        return result;
    }

    /// <summary>For each removed component the phase label sharing most faces with it (ties: lowest label).</summary>
    private static void Surroundings(PhaseImage image, byte phase, RunLabeller labeller, long[] index, byte[] target, ComputeOptions options)
    {
        // Neighbour counts per removed component and phase of the table (dense: slot = position in the table).
        var table = image.Phases;
        int phases = table.Count;
        var slot = new int[256];
        Array.Fill(slot, -1);
        for (int p = 0; p < phases; p++)
        {
            slot[table[p].Label] = p;
        }

        long removed = target.Length;
        MemoryBudget.Require(removed * phases * 4.0, "The neighbour counts of " + removed + " components", image);
        var counts = new int[removed * phases];
        int w = image.Width, h = image.Height, d = image.Depth;
        SliceIterator.For(d, options with { Progress = null }, "Neighbours of removed components", z =>
        {
            var runs = labeller.Slice(z);
            ReadOnlySpan<byte> here = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int i = runs.RowFirst[y]; i < runs.RowFirst[y + 1]; i++)
                {
                    long k = index[labeller.LabelOf(z, i)];
                    if (k < 0)
                    {
                        continue;
                    }

                    long o = k * phases;
                    int s = runs.Start[i], e = runs.End[i];
                    if (s > 0)
                    {
                        Add(counts, o, slot[here[(y * w) + s - 1]]);
                    }

                    if (e < w)
                    {
                        Add(counts, o, slot[here[(y * w) + e]]);
                    }

                    // Face neighbours in the rows above and below and in the slices before and after;
                    // voxels of the phase there belong to the same component and are skipped.
                    if (y > 0)
                    {
                        Count(here.Slice(((y - 1) * w) + s, e - s), phase, slot, counts, o);
                    }

                    if (y + 1 < h)
                    {
                        Count(here.Slice(((y + 1) * w) + s, e - s), phase, slot, counts, o);
                    }

                    if (z > 0)
                    {
                        Count(image.GetLabels(z - 1).Slice((y * w) + s, e - s), phase, slot, counts, o);
                    }

                    if (z + 1 < d)
                    {
                        Count(image.GetLabels(z + 1).Slice((y * w) + s, e - s), phase, slot, counts, o);
                    }
                }
            }
        });

        for (long k = 0; k < removed; k++)
        {
            int best = -1, bestCount = 0;
            for (int p = 0; p < phases; p++)
            {
                int c = counts[(k * phases) + p];
                if (c > bestCount || (c == bestCount && c > 0 && table[p].Label < table[best].Label))
                {
                    best = p;
                    bestCount = c;
                }
            }

            if (best < 0)
            {
                throw MicroMorphException.Argument(
                    "NoSurroundingPhase",
                    "A component to remove fills the whole image, so no phase surrounds it: name the phase it becomes with a replacement phase.",
                    image);
            }

            target[k] = table[best].Label;
        }
    }

    private static void Count(ReadOnlySpan<byte> row, byte phase, int[] slot, int[] counts, long offset)
    {
        foreach (byte b in row)
        {
            if (b != phase)
            {
                Add(counts, offset, slot[b]);
            }
        }
    }

    private static void Add(int[] counts, long offset, int slot)
    {
        if (slot >= 0)
        {
            Interlocked.Increment(ref counts[offset + slot]);
        }
    }
}

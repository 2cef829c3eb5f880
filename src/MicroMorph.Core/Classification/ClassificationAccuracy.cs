using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Classification;

/// <summary>
/// The validation of 004: the intersection over union (Jaccard index) of each class between a
/// classification and hand labels, counted only where the reference is labelled (0 = unlabelled)
/// and, if given, only on the held-out slices, so training slices can be excluded. Classes are
/// matched by label (the classifier keeps the labels of its training image); names come from the
/// classification's phase table.
/// </summary>
public static class ClassificationAccuracy
{
    public static IReadOnlyList<PhaseJaccard> Measure(PhaseImage classification, Volume reference, IReadOnlyCollection<int>? slices, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (reference.Width != classification.Width || reference.Height != classification.Height || reference.Depth != classification.Depth)
        {
            throw MicroMorphException.Argument(
                "LabelSizeMismatch",
                $"The reference labels ({reference.Dimensions}) must have the size of the classification ({classification.Dimensions}).",
                reference);
        }

        if (reference.DataType == VoxelDataType.Float32)
        {
            throw MicroMorphException.Argument("LabelsNotInteger", "The reference must hold integer labels (0 = unlabelled).", reference);
        }

        var selected = slices?.Distinct().OrderBy(z => z).ToArray() ?? Enumerable.Range(0, reference.Depth).ToArray();
        foreach (int z in selected)
        {
            if (z < 0 || z >= reference.Depth)
            {
                throw MicroMorphException.Argument("SliceOutOfRange", $"Slice {z} is outside 0..{reference.Depth - 1}.", z);
            }
        }

        // Joint counts (reference label, classified label) over the labelled voxels.
        var joint = new long[256 * 256];
        SliceIterator.For(
            selected.Length,
            options,
            "Classification accuracy",
            () => (Counts: new long[256 * 256], Values: new float[reference.SliceVoxelCount]),
            (i, state) =>
            {
                int z = selected[i];
                GreyValues.ReadSlice(reference, z, state.Values);
                ReadOnlySpan<byte> predicted = classification.ReadSliceBytes(z);
                for (int v = 0; v < predicted.Length; v++)
                {
                    int label = (int)state.Values[v];
                    if (label is > 0 and < 256)
                    {
                        state.Counts[(label << 8) | predicted[v]]++;
                    }
                }
            },
            state =>
            {
                lock (joint)
                {
                    for (int k = 0; k < joint.Length; k++)
                    {
                        joint[k] += state.Counts[k];
                    }
                }
            });

        if (joint.All(c => c == 0))
        {
            throw MicroMorphException.Argument("NoLabelledVoxels", "The reference has no labelled voxel on the selected slices.", reference);
        }

        var result = new List<PhaseJaccard>();
        foreach (var phase in classification.Phases)
        {
            int l = phase.Label;
            long both = joint[(l << 8) | l], inReference = 0, inClassified = 0;
            for (int o = 0; o < 256; o++)
            {
                inReference += joint[(l << 8) | o];
                inClassified += joint[(o << 8) | l];
            }

            long union = inReference + inClassified - both;
            result.Add(new PhaseJaccard(phase.Name, both, union, union == 0 ? double.NaN : (double)both / union));
        }

        return result;
    }
}

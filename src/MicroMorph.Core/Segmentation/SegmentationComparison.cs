using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Segmentation;

/// <summary>The Jaccard index of one phase between two segmentations: |A n B| / |A u B| (002 Section 3.4, Fig. 4).</summary>
/// <param name="Jaccard">NaN when the phase is in neither segmentation.</param>
public sealed record PhaseJaccard(string Phase, long Intersection, long Union, double Jaccard)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Phase} {Jaccard:F4}");
}

/// <summary>
/// Voxel-wise comparison of two segmentations of the same volume (002 Section 3.4, Fig. 4): the
/// fraction of equally assigned voxels, the Jaccard index of every phase, and the confusion matrix
/// (rows: the reference's phases, columns: the other's). Phases are matched by name, so two
/// segmentations that label the same phase differently still agree.
/// </summary>
public sealed record SegmentationComparisonResult(
    string Reference,
    string Difference,
    long VoxelCount,
    double Agreement,
    IReadOnlyList<PhaseJaccard> Jaccard,
    IReadOnlyList<string> ReferencePhases,
    IReadOnlyList<string> DifferencePhases,
    ConfusionMatrix ConfusionMatrix)
{
    public IReadOnlyList<PhaseJaccard> Jaccard { get; init; } = ResultList.Of(Jaccard, "phases");

    public IReadOnlyList<string> ReferencePhases { get; init; } = ResultList.Of(ReferencePhases, "phases");

    public IReadOnlyList<string> DifferencePhases { get; init; } = ResultList.Of(DifferencePhases, "phases");

    /// <summary>The Jaccard index of a phase by name (case-insensitive); NaN if it is in neither.</summary>
    public double JaccardOf(string phase) =>
        Jaccard.FirstOrDefault(j => string.Equals(j.Phase, phase, StringComparison.OrdinalIgnoreCase))?.Jaccard ?? double.NaN;
}

/// <summary>Computes <see cref="SegmentationComparisonResult"/> from one joint label histogram (one parallel pass).</summary>
public static class SegmentationComparison
{
    public static SegmentationComparisonResult Compare(PhaseImage reference, PhaseImage difference, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(options);
        if (reference.Width != difference.Width || reference.Height != difference.Height || reference.Depth != difference.Depth)
        {
            throw MicroMorphException.Argument(
                "SegmentationSizeMismatch",
                $"The segmentations differ in size ({reference.Dimensions} against {difference.Dimensions}); they must cover the same voxels.",
                difference);
        }

        var joint = JointHistogram(reference, difference, options);

        // Rows and columns: the labels that occur, named by the phase tables (a label without a phase by its number).
        var rowLabels = Enumerable.Range(0, 256).Where(a => Enumerable.Range(0, 256).Any(b => joint[a * 256 + b] > 0)).ToArray();
        var columnLabels = Enumerable.Range(0, 256).Where(b => Enumerable.Range(0, 256).Any(a => joint[a * 256 + b] > 0)).ToArray();
        var rowNames = rowLabels.Select(l => NameOf(reference, l)).ToArray();
        var columnNames = columnLabels.Select(l => NameOf(difference, l)).ToArray();
        var matrix = new long[rowLabels.Length, columnLabels.Length];
        long equal = 0;
        for (int r = 0; r < rowLabels.Length; r++)
        {
            for (int c = 0; c < columnLabels.Length; c++)
            {
                matrix[r, c] = joint[rowLabels[r] * 256 + columnLabels[c]];
                if (Same(rowNames[r], columnNames[c]))
                {
                    equal += matrix[r, c];
                }
            }
        }

        // Every phase of either table (also those without voxels), reference order first.
        var names = reference.Phases.Select(p => p.Name).Concat(rowNames).Concat(difference.Phases.Select(p => p.Name)).Concat(columnNames)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var jaccard = names.Select(name =>
        {
            long inReference = 0, inDifference = 0, both = 0;
            for (int r = 0; r < rowLabels.Length; r++)
            {
                for (int c = 0; c < columnLabels.Length; c++)
                {
                    bool a = Same(rowNames[r], name), b = Same(columnNames[c], name);
                    inReference += a ? matrix[r, c] : 0;
                    inDifference += b ? matrix[r, c] : 0;
                    both += a && b ? matrix[r, c] : 0;
                }
            }

            long union = inReference + inDifference - both;
            return new PhaseJaccard(name, both, union, union == 0 ? double.NaN : (double)both / union);
        }).ToArray();

        return new SegmentationComparisonResult(
            Label(reference), Label(difference), reference.VoxelCount, (double)equal / reference.VoxelCount, jaccard, rowNames, columnNames, new ConfusionMatrix(matrix));
    }

    /// <summary>
    /// Counts of (reference label, other label) pairs, index a * 256 + b, in one parallel pass; read
    /// only, so the images keep their cached content hashes. Also serves <see cref="Processing.VolumeComparison"/>.
    /// </summary>
    internal static long[] JointHistogram(PhaseImage reference, PhaseImage difference, ComputeOptions options, string activity = "Comparing segmentations")
    {
        var total = new long[256 * 256];
        SliceIterator.For(
            reference.Depth,
            options,
            activity,
            () => new long[256 * 256],
            (z, counts) =>
            {
                ReadOnlySpan<byte> a = reference.ReadSliceBytes(z);
                ReadOnlySpan<byte> b = difference.ReadSliceBytes(z);
                for (int i = 0; i < a.Length; i++)
                {
                    counts[(a[i] << 8) | b[i]]++;
                }
            },
            counts =>
            {
                lock (total)
                {
                    for (int k = 0; k < total.Length; k++)
                    {
                        total[k] += counts[k];
                    }
                }
            });
        return total;
    }

    private static string NameOf(PhaseImage image, int label) =>
        image.Phases.TryGet((byte)label, out var phase) ? phase.Name : label.ToString(CultureInfo.InvariantCulture);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Label(PhaseImage image) => string.IsNullOrEmpty(image.Source) ? image.Dimensions : image.Source;
}

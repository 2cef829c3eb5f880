using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Classification;

/// <summary>
/// Turns per-class probability maps into a phase image: by arg-max, or as 001 Section 2.3.2 by
/// thresholding one class's map at a quantile of its distribution (the paper takes 85 %, "only
/// regions detected with high confidence"); voxels not taken by that class get the most probable
/// of the other classes.
/// </summary>
public static class ProbabilityLabelling
{
    /// <summary>Each voxel gets the class of largest probability (ties: the first class).</summary>
    public static PhaseImage ArgMax(IReadOnlyList<VoxelStack> maps, PhaseTable classes, ComputeOptions options) =>
        Label(maps, classes, -1, float.NaN, options);

    /// <summary>
    /// Voxels whose probability of class <paramref name="classIndex"/> is at least the
    /// <paramref name="quantile"/>-quantile of that map get the class; <paramref name="threshold"/>
    /// returns the quantile's value.
    /// </summary>
    public static PhaseImage Quantile(IReadOnlyList<VoxelStack> maps, PhaseTable classes, int classIndex, double quantile, ComputeOptions options, out double threshold)
    {
        Validate(maps, classes);
        if (classIndex < 0 || classIndex >= maps.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(classIndex));
        }

        if (!(quantile >= 0 && quantile <= 1))
        {
            throw MicroMorphException.Argument("InvalidQuantile", string.Create(CultureInfo.InvariantCulture, $"The quantile must be between 0 and 1; it is {quantile}."), quantile);
        }

        threshold = QuantileOf(maps[classIndex], quantile, options);
        return Label(maps, classes, classIndex, (float)threshold, options);
    }

    /// <summary>
    /// The empirical quantile (the value of rank floor(q (N - 1)) among the sorted voxels), exact:
    /// a histogram of the upper 16 bits of the non-negative floats, then the values of one bin sorted.
    /// </summary>
    public static double QuantileOf(VoxelStack map, double quantile, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(map);
        var histogram = new long[65536];
        SliceIterator.For(
            map.Depth,
            options,
            "Probability quantile",
            () => new long[65536],
            (z, counts) =>
            {
                foreach (float v in map.GetSlice<float>(z))
                {
                    counts[Key(v)]++;
                }
            },
            counts =>
            {
                lock (histogram)
                {
                    for (int i = 0; i < counts.Length; i++)
                    {
                        histogram[i] += counts[i];
                    }
                }
            });

        long rank = (long)Math.Floor(quantile * (map.VoxelCount - 1));
        int bin = 0;
        long below = 0;
        while (below + histogram[bin] <= rank)
        {
            below += histogram[bin++];
        }

        var values = new List<float>();
        for (int z = 0; z < map.Depth; z++)
        {
            foreach (float v in map.GetSlice<float>(z))
            {
                if (Key(v) == bin)
                {
                    values.Add(v);
                }
            }
        }

        values.Sort();
        return values[(int)(rank - below)];
    }

    /// <summary>Upper 16 bits of a float clamped to [0, inf): monotonic in the value.</summary>
    private static int Key(float v) => BitConverter.SingleToInt32Bits(v > 0 ? v : 0f) >>> 16;

    private static void Validate(IReadOnlyList<VoxelStack> maps, PhaseTable classes)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(classes);
        if (maps.Count != classes.Count || maps.Count == 0)
        {
            throw MicroMorphException.Argument("ProbabilityMapCount", $"{maps.Count} probability maps were given for {classes.Count} classes.", maps);
        }

        foreach (var m in maps)
        {
            if (m.DataType != VoxelDataType.Float32 || m.Width != maps[0].Width || m.Height != maps[0].Height || m.Depth != maps[0].Depth)
            {
                throw MicroMorphException.Argument("ProbabilityMapMismatch", "The probability maps must be Float32 stacks of one size.", m);
            }
        }
    }

    private static PhaseImage Label(IReadOnlyList<VoxelStack> maps, PhaseTable classes, int forced, float threshold, ComputeOptions options)
    {
        Validate(maps, classes);
        var first = maps[0];
        MemoryBudget.Require(first.VoxelCount, "The label image", first);
        var image = new PhaseImage(first.Width, first.Height, first.Depth, classes);
        image.DeriveFrom(first);
        image.Metadata.Remove(Volume.SourceMetadataPrefix + "Classifier.Class");
        image.Metadata.Remove(Volume.SourceMetadataPrefix + "Classifier.Label");
        var labels = classes.Select(c => c.Label).ToArray();
        SliceIterator.For(first.Depth, options, "Labelling voxels", z =>
        {
            var target = image.GetLabels(z);
            var p = maps.Select(m => m.GetSlice<float>(z).ToArray()).ToArray();
            for (int i = 0; i < target.Length; i++)
            {
                if (forced >= 0 && p[forced][i] >= threshold)
                {
                    target[i] = labels[forced];
                    continue;
                }

                int best = -1;
                float bestValue = float.NegativeInfinity;
                for (int c = 0; c < p.Length; c++)
                {
                    if (c != forced && (best < 0 || p[c][i] > bestValue))
                    {
                        best = c;
                        bestValue = p[c][i];
                    }
                }

                target[i] = labels[best];
            }
        });

        return image;
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Segmentation;

/// <summary>
/// Multi-level Otsu thresholding (N. Otsu, IEEE Trans. SMC 9 (1979) 62-66; as used in 001 Section
/// 2.3.1 for the active material): the thresholds that maximise the between-class variance
/// sum_k w_k mu_k^2 of the grey-value histogram. 8-bit data use one bin per grey value; other types
/// 256 equal bins over [min, max], thresholds at bin centres (as scikit-image's
/// threshold_multiotsu). Class k holds the voxels whose bin is above threshold k - 1 and at most
/// threshold k.
/// </summary>
public static class OtsuThreshold
{
    private const int Bins = 256;

    /// <summary>The bin indices of the classes - 1 thresholds maximising the between-class variance (exhaustive, 2 to 5 classes).</summary>
    public static int[] ThresholdIndices(IReadOnlyList<long> histogram, int classes)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (classes is < 2 or > 5)
        {
            throw MicroMorphException.Argument("InvalidClassCount", $"Otsu thresholding takes 2 to 5 classes, not {classes}.", classes);
        }

        int n = histogram.Count;
        if (histogram.Count(c => c > 0) < classes)
        {
            throw MicroMorphException.InvalidData(
                "TooFewGreyValues",
                $"The image has fewer distinct grey values than the {classes} classes asked for.",
                histogram);
        }

        // Prefix sums of weight and first moment: a class [a, b] has w = P[b + 1] - P[a], m = S[b + 1] - S[a].
        var p = new double[n + 1];
        var s = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            p[i + 1] = p[i] + histogram[i];
            s[i + 1] = s[i] + (double)histogram[i] * i;
        }

        double Score(int a, int b)
        {
            double w = p[b + 1] - p[a];
            return w > 0 ? (s[b + 1] - s[a]) * (s[b + 1] - s[a]) / w : 0;
        }

        var best = new int[classes - 1];
        var current = new int[classes - 1];
        double bestScore = double.NegativeInfinity;

        void Search(int level, int start, double partial)
        {
            if (level == classes - 1)
            {
                double total = partial + Score(start, n - 1);
                if (total > bestScore)
                {
                    bestScore = total;
                    current.CopyTo(best, 0);
                }

                return;
            }

            // Threshold t closes the class [start, t]; every class needs at least one bin.
            for (int t = start; t <= n - 1 - (classes - 1 - level); t++)
            {
                current[level] = t;
                Search(level + 1, t + 1, partial + Score(start, t));
            }
        }

        Search(0, 0, 0);
        return best;
    }

    /// <summary>Segments <paramref name="grey"/> into phases.Count classes, dark to bright.</summary>
    public static FractionThresholdResult Apply(VoxelStack grey, PhaseTable phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        int classes = phases.Count;
        bool bytes = grey.DataType == VoxelDataType.UInt8;
        var (min, max) = bytes ? (0.0, 255.0) : Range(grey, options);
        double width = max > min ? (max - min) / Bins : 1;
        int sliceVoxels = grey.Width * grey.Height;

        var histogram = new long[Bins];
        SliceIterator.For(grey.Depth, options with { Progress = null }, "Grey-value histogram", () => (Counts: new long[Bins], Bins: new byte[sliceVoxels]), (z, state) =>
        {
            BinsOf(grey, z, min, width, state.Bins);
            foreach (byte b in state.Bins)
            {
                state.Counts[b]++;
            }
        },
        state =>
        {
            var h = state.Counts;
            lock (histogram)
            {
                for (int b = 0; b < Bins; b++)
                {
                    histogram[b] += h[b];
                }
            }
        });

        var indices = ThresholdIndices(histogram, classes);
        var classOfBin = new byte[Bins];
        for (int b = 0, k = 0; b < Bins; b++)
        {
            while (k < indices.Length && b > indices[k])
            {
                k++;
            }

            classOfBin[b] = phases[k].Label;
        }

        var image = new PhaseImage(grey.Width, grey.Height, grey.Depth, phases);
        image.DeriveFrom(grey);
        SliceIterator.For(grey.Depth, options, "Otsu thresholding", () => new byte[sliceVoxels], (z, bins) =>
        {
            BinsOf(grey, z, min, width, bins);
            var target = image.GetLabels(z);
            for (int i = 0; i < bins.Length; i++)
            {
                target[i] = classOfBin[bins[i]];
            }
        },
        _ => { });

        var counts = Processing.PhaseCounter.CountLabels(image, options with { Progress = null });
        var achieved = phases.Select(ph => (double)counts[ph.Label] / grey.VoxelCount).ToArray();
        var thresholds = indices.Select(b => bytes ? b : min + (b + 0.5) * width).ToArray();
        image.Metadata["Trinarization.Method"] = "Otsu";
        image.Metadata["Trinarization.Thresholds"] = string.Join(" ", thresholds.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        return new FractionThresholdResult(image, thresholds, achieved, achieved);
    }

    private static (double Min, double Max) Range(VoxelStack grey, ComputeOptions options)
    {
        var stats = Processing.VoxelStatistics.Compute(grey, options with { Progress = null });
        if (stats.NaNCount > 0)
        {
            throw MicroMorphException.InvalidData("NaNGreyValue", "The stack holds NaN grey values; replace them before thresholding.", grey);
        }

        return (stats.Minimum, stats.Maximum);
    }

    /// <summary>The histogram bin of every voxel of slice z: the grey value itself for 8-bit data, else one of 256 equal bins over [min, max].</summary>
    private static void BinsOf(VoxelStack grey, int z, double min, double width, byte[] bins)
    {
        byte Bin(double v) => (byte)Math.Clamp((int)((v - min) / width), 0, Bins - 1);
        switch (grey.DataType)
        {
            case VoxelDataType.UInt8:
                grey.GetSliceBytes(z).CopyTo(bins);
                break;
            case VoxelDataType.UInt16:
            {
                var s = grey.GetSlice<ushort>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    bins[i] = Bin(s[i]);
                }

                break;
            }

            case VoxelDataType.Int16:
            {
                var s = grey.GetSlice<short>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    bins[i] = Bin(s[i]);
                }

                break;
            }

            case VoxelDataType.UInt32:
            {
                var s = grey.GetSlice<uint>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    bins[i] = Bin(s[i]);
                }

                break;
            }

            default:
            {
                var s = grey.GetSlice<float>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    bins[i] = Bin(s[i]);
                }

                break;
            }
        }
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Processing;

/// <summary>One bin of a <see cref="VoxelHistogram"/>: the voxels with LowerEdge &lt;= value &lt; UpperEdge (the last bin also holds UpperEdge).</summary>
public sealed record VoxelHistogramBin(double LowerEdge, double UpperEdge, double Center, long Count, double Fraction);

/// <summary>A threshold marked on a histogram: the method that chose it (Otsu, VolumeFraction) and the grey value.</summary>
public sealed record HistogramThreshold(string Method, double Value);

/// <summary>
/// The grey-value histogram of a volume (like Fiji's Histogram), to choose thresholds: BinCount equal
/// bins over [Minimum, Maximum], exact counts, NaN voxels counted apart and excluded, values outside
/// the range excluded. 8-bit data without a given range use one bin per grey value (edges 0 to 256).
/// </summary>
public sealed class VoxelHistogram
{
    private VoxelHistogram(IReadOnlyList<VoxelHistogramBin> bins, long count, long nanCount, double minimum, double maximum)
    {
        Bins = Descriptors.ResultList.Of(bins, "bins");
        Count = count;
        NaNCount = nanCount;
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The bins, dark to bright.</summary>
    public IReadOnlyList<VoxelHistogramBin> Bins { get; }

    /// <summary>The voxels counted in the bins (NaN and out-of-range voxels excluded).</summary>
    public long Count { get; }

    /// <summary>The NaN voxels (excluded from the bins).</summary>
    public long NaNCount { get; }

    /// <summary>The lower edge of the first bin.</summary>
    public double Minimum { get; }

    /// <summary>The upper edge of the last bin.</summary>
    public double Maximum { get; }

    /// <summary>Thresholds marked on the histogram (Otsu, volume fractions), dark to bright per method.</summary>
    public IReadOnlyList<HistogramThreshold> Thresholds { get; private set; } = Descriptors.ResultList.Of<HistogramThreshold>([], "thresholds");

    /// <summary>The measured volume's source.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Counts the grey values of <paramref name="volume"/> into <paramref name="binCount"/> bins over [minimum, maximum] (null: the data range).</summary>
    public static VoxelHistogram Compute(Volume volume, int binCount, double? minimum, double? maximum, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        if (binCount < 1)
        {
            throw MicroMorphException.Argument("InvalidBinCount", $"The bin count must be at least 1, not {binCount}.", binCount);
        }

        if (minimum is double a && maximum is double b && !(a < b))
        {
            throw MicroMorphException.Argument("InvalidHistogramRange", FormattableString.Invariant($"The minimum ({a}) must be below the maximum ({b})."), minimum);
        }

        if ((minimum is double m1 && !double.IsFinite(m1)) || (maximum is double m2 && !double.IsFinite(m2)))
        {
            throw MicroMorphException.Argument("InvalidHistogramRange", "The minimum and maximum must be finite numbers.", minimum);
        }

        double lo, hi;
        if (minimum is null && maximum is null && volume.DataType == VoxelDataType.UInt8)
        {
            (lo, hi) = (0, 256);
        }
        else
        {
            var stats = minimum is null || maximum is null ? VoxelStatistics.Compute(volume, options with { Progress = null }) : null;
            lo = minimum ?? (stats!.Count > 0 ? stats.Minimum : 0);
            hi = maximum ?? (stats!.Count > 0 ? stats.Maximum : lo + 1);
            if (!(lo < hi))
            {
                if (minimum is not null && maximum is null)
                {
                    throw MicroMorphException.Argument("InvalidHistogramRange", FormattableString.Invariant($"The minimum ({lo}) must be below the data maximum ({hi})."), minimum);
                }

                if (maximum is not null && minimum is null)
                {
                    throw MicroMorphException.Argument("InvalidHistogramRange", FormattableString.Invariant($"The maximum ({hi}) must be above the data minimum ({lo})."), maximum);
                }

                hi = lo + 1; // a constant volume: one unit-wide range starting at its value
            }
        }

        var edges = new double[binCount + 1];
        for (int i = 0; i <= binCount; i++)
        {
            edges[i] = i == binCount ? hi : lo + (hi - lo) * i / binCount;
        }

        var perSlice = new long[volume.Depth][];
        var nanPerSlice = new long[volume.Depth];
        SliceIterator.For(volume.Depth, options, "Grey-value histogram", z =>
        {
            var counts = new long[binCount];
            nanPerSlice[z] = volume.DataType switch
            {
                VoxelDataType.UInt8 => CountSlice<byte>(volume.GetSlice<byte>(z), edges, counts),
                VoxelDataType.UInt16 => CountSlice<ushort>(volume.GetSlice<ushort>(z), edges, counts),
                VoxelDataType.Int16 => CountSlice<short>(volume.GetSlice<short>(z), edges, counts),
                VoxelDataType.UInt32 => CountSlice<uint>(volume.GetSlice<uint>(z), edges, counts),
                _ => CountSlice<float>(volume.GetSlice<float>(z), edges, counts),
            };
            perSlice[z] = counts;
        });

        var total = new long[binCount];
        foreach (var c in perSlice)
        {
            for (int i = 0; i < binCount; i++)
            {
                total[i] += c[i];
            }
        }

        long count = total.Sum();
        var bins = new VoxelHistogramBin[binCount];
        for (int i = 0; i < binCount; i++)
        {
            bins[i] = new VoxelHistogramBin(edges[i], edges[i + 1], (edges[i] + edges[i + 1]) / 2, total[i], count > 0 ? (double)total[i] / count : 0);
        }

        return new VoxelHistogram(bins, count, nanPerSlice.Sum(), lo, hi) { Source = volume.Source };
    }

    /// <summary>
    /// Marks the multi-level Otsu thresholds of this histogram (<see cref="OtsuThreshold.ThresholdIndices"/>,
    /// classes - 1 values): the upper end of the last bin of each class but the last; for unit-wide
    /// integer bins the bin's grey value itself (as Invoke-Trinarization -Method Otsu reports it), else its centre.
    /// </summary>
    public void AddOtsuThresholds(int classes, VoxelDataType dataType)
    {
        var indices = OtsuThreshold.ThresholdIndices(Bins.Select(b => b.Count).ToArray(), classes);
        bool unitBins = dataType != VoxelDataType.Float32 && Bins.All(b => b.UpperEdge - b.LowerEdge == 1 && b.LowerEdge == Math.Floor(b.LowerEdge));
        Thresholds = Descriptors.ResultList.Of<HistogramThreshold>([.. Thresholds, .. indices.Select(i => new HistogramThreshold("Otsu", unitBins ? Bins[i].LowerEdge : Bins[i].Center))], "thresholds");
    }

    /// <summary>
    /// Marks the thresholds that give the classes, dark to bright, these volume fractions
    /// (<see cref="FractionThreshold"/>, as Invoke-Trinarization -Method Threshold).
    /// </summary>
    public void AddFractionThresholds(VoxelStack grey, IReadOnlyList<double> fractions, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(fractions);
        var phases = new PhaseTable(fractions.Select((_, i) => new Phase((byte)i, "Class" + i, RgbColor.Default(i))));
        var result = FractionThreshold.Apply(grey, fractions, phases, options with { Progress = null });
        Thresholds = Descriptors.ResultList.Of<HistogramThreshold>([.. Thresholds, .. result.Thresholds.Select(t => new HistogramThreshold("VolumeFraction", t))], "thresholds");
    }

    /// <summary>Counts one slice into <paramref name="counts"/> by the exact edges; returns its NaN count.</summary>
    private static long CountSlice<T>(ReadOnlySpan<T> s, double[] edges, long[] counts)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int n = counts.Length;
        double lo = edges[0], hi = edges[n], scale = n / (hi - lo);
        long nan = 0;
        foreach (var t in s)
        {
            double v = double.CreateTruncating(t);
            if (double.IsNaN(v))
            {
                nan++;
                continue;
            }

            if (v < lo || v > hi)
            {
                continue;
            }

            int b = (int)Math.Min(n - 1, (v - lo) * scale);
            while (b > 0 && v < edges[b])
            {
                b--;
            }

            while (b < n - 1 && v >= edges[b + 1])
            {
                b++;
            }

            counts[b]++;
        }

        return nan;
    }
}

using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>Summary statistics of the grey values of a volume (NaN voxels are counted apart and excluded).</summary>
public sealed record VoxelStatistics(long Count, long NaNCount, double Minimum, double Maximum, double Sum, double Mean, double StandardDeviation)
{
    /// <summary>The measured volume's source.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// One parallel pass per slice: the slice's sum, then its squared deviations about the slice
    /// mean (cache-resident), merged across slices with Chan et al.'s pairwise update, which keeps
    /// the variance accurate for 2^31+ voxels.
    /// </summary>
    public static VoxelStatistics Compute(Volume volume, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var parts = new SlicePart[volume.Depth];
        SliceIterator.For(volume.Depth, options, "Measuring voxel values", z =>
        {
            parts[z] = volume.DataType switch
            {
                VoxelDataType.UInt8 => Slice<byte>(volume.GetSlice<byte>(z)),
                VoxelDataType.UInt16 => Slice<ushort>(volume.GetSlice<ushort>(z)),
                VoxelDataType.Int16 => Slice<short>(volume.GetSlice<short>(z)),
                VoxelDataType.UInt32 => Slice<uint>(volume.GetSlice<uint>(z)),
                _ => Slice<float>(volume.GetSlice<float>(z)),
            };
        });

        long n = 0, nan = 0;
        double mean = 0, m2 = 0, sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in parts)
        {
            nan += p.NaN;
            if (p.Count == 0)
            {
                continue;
            }

            long nn = n + p.Count;
            double delta = p.Mean - mean;
            mean += delta * p.Count / nn;
            m2 += p.M2 + delta * delta * ((double)n * p.Count / nn);
            n = nn;
            sum += p.Sum;
            min = Math.Min(min, p.Min);
            max = Math.Max(max, p.Max);
        }

        var result = n == 0
            ? new VoxelStatistics(0, nan, double.NaN, double.NaN, 0, double.NaN, double.NaN)
            : new VoxelStatistics(n, nan, min, max, sum, mean, n > 1 ? Math.Sqrt(m2 / (n - 1)) : 0);
        return result with { Source = volume.Source };
    }

    private static SlicePart Slice<T>(ReadOnlySpan<T> s)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        long count = 0, nan = 0;
        foreach (var t in s)
        {
            double v = double.CreateTruncating(t);
            if (double.IsNaN(v))
            {
                nan++;
                continue;
            }

            sum += v;
            count++;
            if (v < min)
            {
                min = v;
            }

            if (v > max)
            {
                max = v;
            }
        }

        if (count == 0)
        {
            return new SlicePart(0, nan, 0, 0, 0, 0, 0);
        }

        double mean = sum / count, m2 = 0;
        foreach (var t in s)
        {
            double v = double.CreateTruncating(t);
            if (!double.IsNaN(v))
            {
                double d = v - mean;
                m2 += d * d;
            }
        }

        return new SlicePart(count, nan, sum, mean, m2, min, max);
    }

    private readonly record struct SlicePart(long Count, long NaN, double Sum, double Mean, double M2, double Min, double Max);
}

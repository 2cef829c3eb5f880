using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Processing;

public class VoxelHistogramTests
{
    /// <summary>Counts by the bin definition itself: lower &lt;= v &lt; upper, the last bin closed.</summary>
    private static long[] BruteForce(VoxelStack s, VoxelHistogram h)
    {
        var counts = new long[h.Bins.Count];
        for (int z = 0; z < s.Depth; z++)
        {
            for (int y = 0; y < s.Height; y++)
            {
                for (int x = 0; x < s.Width; x++)
                {
                    double v = s.GetValue(x, y, z);
                    for (int b = 0; b < counts.Length; b++)
                    {
                        var bin = h.Bins[b];
                        bool last = b == counts.Length - 1;
                        if (v >= bin.LowerEdge && (v < bin.UpperEdge || (last && v == bin.UpperEdge)))
                        {
                            counts[b]++;
                            break;
                        }
                    }
                }
            }
        }

        return counts;
    }

    private static VoxelStack Random(VoxelDataType type, int seed, Func<Random, double> value)
    {
        var s = new VoxelStack(7, 5, 6, type);
        var r = new Random(seed);
        for (int z = 0; z < 6; z++)
        {
            for (int y = 0; y < 5; y++)
            {
                for (int x = 0; x < 7; x++)
                {
                    s.SetValue(x, y, z, value(r));
                }
            }
        }

        return s;
    }

    [Fact]
    public void EightBitDataGetOneBinPerGreyValue()
    {
        var s = Random(VoxelDataType.UInt8, 1, r => r.Next(256));
        var h = VoxelHistogram.Compute(s, 256, null, null, ComputeOptions.Default);
        Assert.Equal(256, h.Bins.Count);
        Assert.Equal(0, h.Minimum);
        Assert.Equal(256, h.Maximum);
        for (int b = 0; b < 256; b++)
        {
            Assert.Equal(b, h.Bins[b].LowerEdge);
            Assert.Equal(b + 1, h.Bins[b].UpperEdge);
            Assert.Equal(b + 0.5, h.Bins[b].Center);
        }

        Assert.Equal(BruteForce(s, h), h.Bins.Select(b => b.Count).ToArray());
        Assert.Equal(s.VoxelCount, h.Count);
        Assert.Equal(1.0, h.Bins.Sum(b => b.Fraction), 12);
    }

    [Fact]
    public void SixteenBitCountsMatchABruteForceCountOverTheDataRange()
    {
        var s = Random(VoxelDataType.UInt16, 2, r => r.Next(100, 60000));
        var h = VoxelHistogram.Compute(s, 37, null, null, ComputeOptions.Default);
        var stats = VoxelStatistics.Compute(s, ComputeOptions.Default);
        Assert.Equal(stats.Minimum, h.Minimum);
        Assert.Equal(stats.Maximum, h.Maximum);
        Assert.Equal(h.Maximum, h.Bins[^1].UpperEdge);
        Assert.Equal(BruteForce(s, h), h.Bins.Select(b => b.Count).ToArray());
        Assert.Equal(s.VoxelCount, h.Count);
        Assert.True(h.Bins[^1].Count > 0); // the maximum lands in the closed last bin
    }

    [Fact]
    public void ValuesOnEdgesGoToTheUpperBinAndOutOfRangeValuesAreLeftOut()
    {
        var s = new VoxelStack(6, 1, 1, VoxelDataType.Float32);
        double[] values = [-1, 0, 0.1, 0.2, 0.3, 1.5];
        for (int i = 0; i < values.Length; i++)
        {
            s.SetValue(i, 0, 0, values[i]);
        }

        var h = VoxelHistogram.Compute(s, 10, 0, 1, ComputeOptions.Default);
        Assert.Equal(BruteForce(s, h), h.Bins.Select(b => b.Count).ToArray());
        Assert.Equal(4, h.Count); // -1 and 1.5 are out of range
        Assert.Equal(1, h.Bins[0].Count);
        Assert.Equal(0.25, h.Bins[0].Fraction);
    }

    [Fact]
    public void FloatNaNIsCountedApartAndExcluded()
    {
        var s = Random(VoxelDataType.Float32, 3, r => r.NextDouble() < 0.1 ? double.NaN : r.NextDouble() * 10 - 5);
        long nan = 0;
        for (int z = 0; z < s.Depth; z++)
        {
            for (int y = 0; y < s.Height; y++)
            {
                for (int x = 0; x < s.Width; x++)
                {
                    nan += double.IsNaN(s.GetValue(x, y, z)) ? 1 : 0;
                }
            }
        }

        Assert.True(nan > 0);
        var h = VoxelHistogram.Compute(s, 16, null, null, ComputeOptions.Default);
        Assert.Equal(nan, h.NaNCount);
        Assert.Equal(s.VoxelCount - nan, h.Count);
        Assert.Equal(BruteForce(s, h), h.Bins.Select(b => b.Count).ToArray());
    }

    [Fact]
    public void AConstantVolumeFillsTheFirstBin()
    {
        var s = new VoxelStack(3, 3, 3, VoxelDataType.UInt16);
        for (int z = 0; z < 3; z++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    s.SetValue(x, y, z, 42);
                }
            }
        }

        var h = VoxelHistogram.Compute(s, 8, null, null, ComputeOptions.Default);
        Assert.Equal(42, h.Minimum);
        Assert.Equal(43, h.Maximum);
        Assert.Equal(27, h.Bins[0].Count);
        Assert.Equal(27, h.Count);
        Assert.Equal(1.0, h.Bins[0].Fraction);
    }

    [Fact]
    public void RefusesABadBinCountOrRange()
    {
        var s = new VoxelStack(2, 2, 2, VoxelDataType.UInt8);
        Assert.Equal("InvalidBinCount", Assert.Throws<MicroMorphException>(() => VoxelHistogram.Compute(s, 0, null, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidHistogramRange", Assert.Throws<MicroMorphException>(() => VoxelHistogram.Compute(s, 4, 3, 3, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidHistogramRange", Assert.Throws<MicroMorphException>(() => VoxelHistogram.Compute(s, 4, 5, null, ComputeOptions.Default)).ErrorId);
    }

    [Fact]
    public void MarksOtsuAndFractionThresholds()
    {
        var s = new VoxelStack(10, 10, 1, VoxelDataType.UInt8);
        for (int i = 0; i < 100; i++)
        {
            s.SetValue(i % 10, i / 10, 0, i < 30 ? 10 : i < 80 ? 100 : 200);
        }

        var h = VoxelHistogram.Compute(s, 256, null, null, ComputeOptions.Default);
        h.AddFractionThresholds(s, [0.3, 0.5, 0.2], ComputeOptions.Default);
        h.AddOtsuThresholds(3, s.DataType);
        Assert.Equal([100.0, 200.0], h.Thresholds.Where(t => t.Method == "VolumeFraction").Select(t => t.Value));
        var otsu = h.Thresholds.Where(t => t.Method == "Otsu").Select(t => t.Value).ToArray();
        Assert.Equal(2, otsu.Length);
        Assert.InRange(otsu[0], 10, 99);
        Assert.InRange(otsu[1], 100, 199);
    }
}

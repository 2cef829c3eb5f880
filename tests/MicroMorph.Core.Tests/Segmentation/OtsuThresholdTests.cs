using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class OtsuThresholdTests
{
    /// <summary>
    /// Three triangular peaks: value v occurs 40 max(0, 30 - |v - 60|) + 20 max(0, 25 - |v - 125|)
    /// + 35 max(0, 30 - |v - 190|) times (80 000 voxels). The same array in scikit-image 0.19.3,
    /// threshold_multiotsu(vals.astype(uint8), classes=k), gives [123], [89, 149] and [60, 89, 149];
    /// as float (0.5 v - 20): [24.324219, 54.433594] for three classes.
    /// </summary>
    private static VoxelStack Peaks(VoxelDataType type, Func<int, double> map)
    {
        var values = new List<int>();
        for (int v = 0; v < 256; v++)
        {
            int c = 40 * Math.Max(0, 30 - Math.Abs(v - 60)) + 20 * Math.Max(0, 25 - Math.Abs(v - 125)) + 35 * Math.Max(0, 30 - Math.Abs(v - 190));
            values.AddRange(Enumerable.Repeat(v, c));
        }

        var stack = new VoxelStack(400, 200, 1, type);
        for (int i = 0; i < values.Count; i++)
        {
            stack.SetValue(i % 400, i / 400, 0, map(values[i]));
        }

        return stack;
    }

    private static PhaseTable Classes(int k) => new(Enumerable.Range(0, k).Select(i => new Phase((byte)i, "C" + i, default)));

    [Theory]
    [InlineData(2, new[] { 123.0 })]
    [InlineData(3, new[] { 89.0, 149.0 })]
    public void EightBitThresholdsEqualScikitImage(int classes, double[] expected)
    {
        var r = OtsuThreshold.Apply(Peaks(VoxelDataType.UInt8, v => v), Classes(classes), ComputeOptions.Default);
        Assert.Equal(expected, r.Thresholds);
    }

    /// <summary>
    /// For four classes the first peak is symmetric about 60, and cutting at 59 or at 60 gives exactly
    /// the same between-class variance (checked in rational arithmetic): scikit-image reports 60, we
    /// report the first maximum, 59. Both must reach the same maximum.
    /// </summary>
    [Fact]
    public void FourClassesReachScikitImagesMaximumOnATie()
    {
        var grey = Peaks(VoxelDataType.UInt8, v => v);
        var r = OtsuThreshold.Apply(grey, Classes(4), ComputeOptions.Default);
        var histogram = new long[256];
        for (int i = 0; i < 80000; i++)
        {
            histogram[(int)grey.GetValue(i % 400, i / 400, 0)]++;
        }

        double Between(double[] t)
        {
            double total = 0;
            var edges = new[] { -1.0 }.Concat(t).Append(255).ToArray();
            for (int k = 0; k + 1 < edges.Length; k++)
            {
                double w = 0, m = 0;
                for (int v = (int)edges[k] + 1; v <= (int)edges[k + 1]; v++)
                {
                    w += histogram[v];
                    m += (double)histogram[v] * v;
                }

                total += w > 0 ? m * m / w : 0;
            }

            return total;
        }

        Assert.Equal(Between([60, 89, 149]), Between(r.Thresholds.ToArray()), 6);
        Assert.Equal([89.0, 149.0], r.Thresholds.Skip(1));
    }

    [Fact]
    public void FloatThresholdsEqualScikitImageAtItsBinCentres()
    {
        var r = OtsuThreshold.Apply(Peaks(VoxelDataType.Float32, v => 0.5 * v - 20), Classes(3), ComputeOptions.Default);
        Assert.Equal(24.324219, r.Thresholds[0], 5);
        Assert.Equal(54.433594, r.Thresholds[1], 5);
    }

    [Fact]
    public void ClassesHoldTheValuesUpToTheirThreshold()
    {
        var grey = Peaks(VoxelDataType.UInt8, v => v);
        var r = OtsuThreshold.Apply(grey, Classes(3), ComputeOptions.Default);
        var labels = r.Image.GetLabels(0);
        for (int i = 0; i < labels.Length; i++)
        {
            double v = grey.GetValue(i % 400, i / 400, 0);
            int expected = v <= 89 ? 0 : v <= 149 ? 1 : 2;
            Assert.Equal(expected, labels[i]);
        }

        Assert.Equal(1.0, r.AchievedFractions.Sum(), 12);
    }

    [Fact]
    public void TooFewGreyValuesOrClassesAreRefused()
    {
        var flat = new VoxelStack(4, 4, 1, VoxelDataType.UInt8);
        Assert.Equal("TooFewGreyValues", Assert.Throws<MicroMorphException>(() => OtsuThreshold.Apply(flat, Classes(3), ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidClassCount", Assert.Throws<MicroMorphException>(() => OtsuThreshold.ThresholdIndices(new long[256], 6)).ErrorId);
    }
}

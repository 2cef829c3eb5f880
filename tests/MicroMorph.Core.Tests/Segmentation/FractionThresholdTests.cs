using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class FractionThresholdTests
{
    private static readonly PhaseTable Three = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);

    private static VoxelStack Random(VoxelDataType type, int n, Func<Random, double> value, int seed = 1)
    {
        var rng = new Random(seed);
        var v = new VoxelStack(n, n, n, type);
        for (int z = 0; z < n; z++)
        {
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    v.SetValue(x, y, z, value(rng));
                }
            }
        }

        return v;
    }

    /// <summary>Class sizes exact and classes ordered: no voxel of a darker class is brighter than one of a brighter class.</summary>
    private static void AssertExactAndOrdered(VoxelStack grey, FractionThresholdResult r, double[] fractions)
    {
        long n = grey.VoxelCount;
        var counts = PhaseCounter.CountLabels(r.Image, ComputeOptions.Default);
        double cumulative = 0;
        long previousEnd = 0;
        for (int c = 0; c < fractions.Length; c++)
        {
            cumulative += fractions[c];
            long end = c == fractions.Length - 1 ? n : (long)Math.Round(cumulative * n);
            Assert.Equal(end - previousEnd, counts[c]);
            Assert.Equal((double)(end - previousEnd) / n, r.AchievedFractions[c], 12);
            previousEnd = end;
        }

        var max = new double[fractions.Length];
        var min = Enumerable.Repeat(double.PositiveInfinity, fractions.Length).ToArray();
        Array.Fill(max, double.NegativeInfinity);
        for (int z = 0; z < grey.Depth; z++)
        {
            var labels = r.Image.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                double g = grey.GetValue(i % grey.Width, i / grey.Width, z);
                max[labels[i]] = Math.Max(max[labels[i]], g);
                min[labels[i]] = Math.Min(min[labels[i]], g);
            }
        }

        for (int c = 0; c + 1 < fractions.Length; c++)
        {
            Assert.True(max[c] <= min[c + 1], $"class {c} reaches {max[c]}, class {c + 1} starts at {min[c + 1]}");
            Assert.Equal(max[c] == min[c + 1] ? max[c] : min[c + 1], r.Thresholds[c]);
        }
    }

    [Fact]
    public void EightBitDataWithHeavyTiesGetsExactlyTheTargetCounts()
    {
        // Only five grey values: every cut falls inside a run of equal values.
        var grey = Random(VoxelDataType.UInt8, 21, r => r.Next(5) * 50);
        double[] f = [0.3, 0.25, 0.45];
        var r = FractionThreshold.Apply(grey, f, Three, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        AssertExactAndOrdered(grey, r, f);
        // The same at one thread: the tie split does not depend on the parallelism.
        var single = FractionThreshold.Apply(grey, f, Three, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        for (int z = 0; z < 21; z++)
        {
            Assert.True(r.Image.GetLabels(z).SequenceEqual(single.Image.GetLabels(z)));
        }
    }

    [Fact]
    public void FloatAndSignedDataAreOrderedByValue()
    {
        var floats = Random(VoxelDataType.Float32, 17, r => (r.NextDouble() - 0.5) * 1e4);
        double[] f = [0.1, 0.6, 0.3];
        AssertExactAndOrdered(floats, FractionThreshold.Apply(floats, f, Three, ComputeOptions.Default), f);
        var shorts = Random(VoxelDataType.Int16, 17, r => r.Next(-300, 300));
        AssertExactAndOrdered(shorts, FractionThreshold.Apply(shorts, f, Three, ComputeOptions.Default), f);
        var wide = Random(VoxelDataType.UInt16, 17, r => r.Next(0, 65536));
        AssertExactAndOrdered(wide, FractionThreshold.Apply(wide, [0.0, 0.5, 0.5], Three, ComputeOptions.Default), [0.0, 0.5, 0.5]);
    }

    [Fact]
    public void ThreePhaseGroundTruthIsRecoveredUpToTheOverlapOfItsGreyValues()
    {
        // Truth: layers of pore / CBD / AM with means 60, 120, 190 and Gaussian noise of sd 15.
        int n = 30;
        var truth = new byte[n * n * n];
        var grey = new VoxelStack(n, n, n, VoxelDataType.UInt8);
        var rng = new Random(4);
        double[] means = [60, 120, 190];
        for (int i = 0; i < truth.Length; i++)
        {
            int x = i % n;
            truth[i] = (byte)(x < 12 ? 0 : x < 18 ? 1 : 2);
            double g = means[truth[i]] + 15 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            grey.SetValue(x, (i / n) % n, i / (n * n), Math.Clamp(Math.Round(g), 0, 255));
        }

        var r = FractionThreshold.Apply(grey, [0.4, 0.2, 0.4], Three, ComputeOptions.Default);
        long wrong = 0;
        for (int z = 0; z < n; z++)
        {
            var labels = r.Image.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                wrong += labels[i] != truth[z * n * n + i] ? 1 : 0;
            }
        }

        // Means 60-70 apart at sd 15: each cut misclassifies about 2 * Phi(-2.2) of a class's edge.
        Assert.InRange(wrong / (double)truth.Length, 0, 0.04);
    }

    [Fact]
    public void BadFractionsAndNaNAreRefused()
    {
        var grey = Random(VoxelDataType.Float32, 4, r => r.NextDouble());
        MicroMorphException Fails(Action a) => Assert.Throws<MicroMorphException>(a);
        Assert.Equal("InvalidVolumeFractions", Fails(() => FractionThreshold.Apply(grey, [0.5, 0.3, 0.3], Three, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidVolumeFractions", Fails(() => FractionThreshold.Apply(grey, [1.2, -0.1, -0.1], Three, ComputeOptions.Default)).ErrorId);
        Assert.Equal("FractionCountMismatch", Fails(() => FractionThreshold.Apply(grey, [0.5, 0.5], Three, ComputeOptions.Default)).ErrorId);
        grey.SetValue(1, 2, 3, double.NaN);
        Assert.Equal("NaNGreyValue", Fails(() => FractionThreshold.Apply(grey, [0.4, 0.2, 0.4], Three, ComputeOptions.Default)).ErrorId);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;
using MicroMorph.Core.Tests.Segmentation;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --segmentation kmeans N [SAMPLE] [SEED]: times KMeansTrinarization.Apply (weight fit included) on an
/// N^3 synthetic electrode (AM spheres r = N/32 + 3, CBD spheres r = 2 in the pore; means 60, 110, 190;
/// [1 2 1]/4 blur per axis; Gaussian noise sigma 12; 8 bits) with the true fractions as targets, and
/// prints one JSON line with the time, the fractions and the Jaccard index of each phase against the truth.
/// </summary>
public static class KMeansQuickRun
{
    public static void Run(string[] args)
    {
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        int sample = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : new KMeansFitOptions().SampleSize;
        long seed = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 0;
        var (truth, grey) = Synthetic(n);
        var counts = new long[3];
        for (int z = 0; z < n; z++)
        {
            foreach (byte b in truth.GetLabels(z))
            {
                counts[b]++;
            }
        }

        var fractions = counts.Select(c => (double)c / truth.VoxelCount).ToArray();
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var result = KMeansTrinarization.Apply(grey, fractions, truth.Phases, new KMeansFitOptions { SampleSize = sample, Seed = seed }, ComputeOptions.Default);
        double seconds = sw.Elapsed.TotalSeconds;
        var comparison = SegmentationComparison.Compare(truth, result.Image, ComputeOptions.Default);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "kmeans",
            n,
            sample = result.SampleSize,
            seconds,
            evaluations = result.Evaluations,
            lloydIterations = result.LloydIterations,
            target = fractions,
            sampleFractions = result.SampleFractions,
            achieved = result.AchievedFractions,
            maxDeviationPercentPoints = fractions.Zip(result.AchievedFractions, (a, b) => Math.Abs(a - b) * 100).Max(),
            phaseWeights = result.PhaseWeights,
            featureWeights = result.FeatureWeights,
            agreement = comparison.Agreement,
            jaccard = comparison.Jaccard.Select(j => new { j.Phase, j.Jaccard }),
            peak_working_set_mib = process.PeakWorkingSet64 / 1048576,
        }));
    }

    /// <summary>The synthetic truth (0 pore, 1 CBD, 2 AM) and its 8-bit grey image.</summary>
    public static (PhaseImage Truth, VoxelStack Grey) Synthetic(int n)
    {
        double amRadius = n / 32.0 + 3, cbdRadius = 2;
        var truth = SyntheticElectrode.Truth(
            n,
            seed: 7,
            amRadius: amRadius,
            amSpheres: (int)(0.45 * n * n * n / (4.19 * Math.Pow(amRadius, 3))),
            cbdRadius: cbdRadius,
            cbdSpheres: (int)(0.2 * n * n * n / (4.19 * Math.Pow(cbdRadius, 3))));

        // Blur [1 2 1]/4 along x, y, z in float slices, then noise by a counter-based hash.
        var planes = new float[n][];
        SliceIterator.For(n, ComputeOptions.Default, "grey", z =>
        {
            var labels = truth.GetLabels(z);
            var p = new float[n * n];
            var q = new float[n * n];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = labels[i] switch { 0 => 60f, 1 => 110f, _ => 190f };
            }

            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    q[y * n + x] = 0.25f * p[y * n + Math.Max(0, x - 1)] + 0.5f * p[y * n + x] + 0.25f * p[y * n + Math.Min(n - 1, x + 1)];
                }
            }

            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    p[y * n + x] = 0.25f * q[Math.Max(0, y - 1) * n + x] + 0.5f * q[y * n + x] + 0.25f * q[Math.Min(n - 1, y + 1) * n + x];
                }
            }

            planes[z] = p;
        });
        var grey = new VoxelStack(n, n, n, VoxelDataType.UInt8);
        SliceIterator.For(n, ComputeOptions.Default, "grey", z =>
        {
            var a = planes[Math.Max(0, z - 1)];
            var b = planes[z];
            var c = planes[Math.Min(n - 1, z + 1)];
            var s = grey.GetSliceBytes(z);
            var random = new MicroMorph.Core.Stochastic.RandomStream(11, z);
            for (int i = 0; i < s.Length; i++)
            {
                double v = 0.25 * a[i] + 0.5 * b[i] + 0.25 * c[i] + 12 * random.NextGaussian();
                s[i] = (byte)Math.Clamp(Math.Round(v), 0, 255);
            }
        });
        return (truth, grey);
    }
}

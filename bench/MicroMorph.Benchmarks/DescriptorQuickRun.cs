using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --descriptor OP N [REPEATS] [RAW]: times one descriptor on the peers' volume spheres_N.raw
/// (shared/peers convention: uint8, z-y-x, 1 = pore) and prints one JSON line like bench.py,
/// with result values for cross-checking. The volume is read before timing (as bench.py does).
/// OP: edt | euler26 | intrinsic | geodesic | constrictivity | localthickness
/// </summary>
public static class DescriptorQuickRun
{
    public static void Run(string[] args)
    {
        string op = args[1];
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        string raw = args.Length > 4 ? args[4] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "peers", "data", $"spheres_{n}.raw");
        var phases = new PhaseTable([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]);
        var image = new PhaseImage(n, n, n, phases);
        using (var file = File.OpenRead(raw))
        {
            for (int z = 0; z < n; z++)
            {
                file.ReadExactly(image.GetLabels(z));
            }
        }

        var options = ComputeOptions.Default;
        var times = new List<double>();
        object? result = null;
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            result = op switch
            {
                "edt" => Summarise(EuclideanDistanceTransform.Compute(image, 1, false, options)),
                "closing3" => Changed(image, BallMorphology.Apply(image, phases[1], MorphologicalOperation.Closing, 3, null, options)),
                "closing10" => Changed(image, BallMorphology.Apply(image, phases[1], MorphologicalOperation.Closing, 10, null, options)),
                "localthickness" => Summarise(LocalThickness.Compute(EuclideanDistanceTransform.Compute(image, 1, false, options), options)),
                "intrusion" => Summarise(IntrusionRadius.Compute(EuclideanDistanceTransform.Compute(image, 1, false, options), FlowDirection.Z, options)),
                "euler26" => new { euler = IntrinsicVolumeAnalysis.Compute(image, phases[1], EulerConnectivity.TwentySix, ObservationWindow.Background, options).EulerCharacteristic },
                "intrinsic" => Intrinsic(IntrinsicVolumeAnalysis.Compute(image, phases[1], EulerConnectivity.TwentySix, ObservationWindow.Background, options)),
                "geodesic" => Geodesic(GeodesicTortuosityAnalysis.Compute(image, phases[1], FlowDirection.Z, 50, options)),
                "constrictivity" => Constrictivity(ConstrictivityAnalysis.Compute(image, phases[1], FlowDirection.Z, options)),
                _ => throw new ArgumentException("unknown op " + op),
            };
            times.Add(sw.Elapsed.TotalSeconds);
        }

        var sorted = times.Order().ToArray();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op,
            n,
            repeats,
            times_s = times.Select(t => Math.Round(t, 4)),
            median_s = Math.Round(sorted[sorted.Length / 2], 4),
            result,
            peak_working_set_mib = process.PeakWorkingSet64 / (1024 * 1024),
            tool = "MicroMorph",
        }));
    }

    private static object Summarise(VoxelStack map)
    {
        double sum = 0, max = 0;
        for (int z = 0; z < map.Depth; z++)
        {
            foreach (float v in map.GetSlice<float>(z))
            {
                sum += v;
                max = Math.Max(max, v);
            }
        }

        return new { max, sum, dtype = "float32" };
    }

    private static object Intrinsic(IntrinsicVolumeResult r) =>
        new { euler = r.EulerCharacteristic, area = r.SurfaceDensity * r.ReferenceVolume, mean_curvature = r.MeanCurvatureDensity * r.ReferenceVolume };

    private static object Geodesic(GeodesicTortuosityResult r) => new { mean = r.Mean, sd = r.StandardDeviation, percolating = r.PercolatingFraction };

    private static object Constrictivity(ConstrictivityResult r) => new { r_max = r.RMax, r_min = r.RMin, beta = r.Constrictivity };

    /// <summary>Voxels of the pore after a filter, and how many changed (as the peers' closing ops report).</summary>
    private static object Changed(PhaseImage before, PhaseImage after)
    {
        long inPhase = 0, changed = 0;
        for (int z = 0; z < before.Depth; z++)
        {
            var a = before.GetLabels(z);
            var b = after.GetLabels(z);
            for (int i = 0; i < a.Length; i++)
            {
                inPhase += b[i] == 1 ? 1 : 0;
                changed += a[i] != b[i] ? 1 : 0;
            }
        }

        return new { n_true = inPhase, n_changed = changed };
    }
}

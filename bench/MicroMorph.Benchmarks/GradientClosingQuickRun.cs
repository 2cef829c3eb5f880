using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --segmentation closing N: times GradientClosing.Apply on the active material of the N^3 synthetic
/// electrode of <see cref="KMeansQuickRun"/> with the CBD line 0.2 - 0.1 t (mean 0.15) along z and
/// a CBD fraction of 0.15, and prints one JSON line with the time, the closings and the fitted slope.
/// </summary>
public static class GradientClosingQuickRun
{
    public static void Run(string[] args)
    {
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (truth, _) = KMeansQuickRun.Synthetic(n);
        var profile = GradientClosing.LinearProfile(n, -0.1, 0.2);
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var result = GradientClosing.Apply(truth, 2, [0.85 - 0.15, 0.15, 0.15], profile, SliceAxis.Z, truth.Phases, ComputeOptions.Default);
        double seconds = sw.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "gradient-closing",
            n,
            seconds,
            closings = result.Closings,
            secondsPerClosing = seconds / result.Closings,
            scale = result.Scale,
            slope = result.Slope,
            intercept = result.Intercept,
            fractions = result.AchievedFractions,
            radiusMin = result.Radii.Min(),
            radiusMax = result.Radii.Max(),
            peak_working_set_mib = process.PeakWorkingSet64 / 1048576,
        }));
    }
}

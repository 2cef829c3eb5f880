using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --model carbon-binder N [VOXEL_NM] [REPEATS] [MAXDOP]: times CarbonBinderModel.Generate of an N^3
/// window with the 001 Table 2 parameters (default voxel 40 nm, the paper's 400^3 realisations) and
/// prints one JSON line: median seconds, phase fractions beside Eq. 22, managed allocation and
/// peak working set per voxel. Run one size per process for a clean peak.
/// </summary>
public static class CarbonBinderModelQuickRun
{
    public static void Run(string[] args)
    {
        if (args.Length < 3 || args[1] != "carbon-binder")
        {
            throw new ArgumentException("usage: --model carbon-binder N [VOXEL_NM] [REPEATS] [MAXDOP]");
        }

        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        double voxel = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 40;
        int repeats = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var parameters = CarbonBinderModelParameters.Table2;
        var vs = new VoxelSize(voxel, "nm");

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        var times = new List<double>();
        long allocated = 0;
        PhaseImage? image = null;
        for (int i = 0; i < repeats; i++)
        {
            image = null;
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            image = CarbonBinderModel.Generate(parameters, n, n, n, vs, 1 + i, null, options);
            times.Add(sw.Elapsed.TotalSeconds);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        process.Refresh();
        double voxels = (double)n * n * n;
        var counts = PhaseCounter.CountLabels(image!, options);
        double v1 = MilesFormulas.Compute(parameters.Graphite).VolumeFraction;
        double v2 = ExcursionSetCalibration.VolumeFraction(parameters.Threshold);
        double v3 = 1 - Math.Exp(-parameters.PoreIntensity * 8 * Math.PI / Math.Pow(parameters.PoreRadiusRate, 3));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "carbon-binder",
            n,
            voxelNm = voxel,
            repeats,
            maxDegreeOfParallelism = dop,
            median_s = times.Order().ElementAt(times.Count / 2),
            min_s = times.Min(),
            graphiteFraction = counts[CarbonBinderPhaseNames.GraphiteLabel] / voxels,
            additiveFraction = (counts[CarbonBinderPhaseNames.GraphiteLabel] + counts[CarbonBinderPhaseNames.CarbonBinderLabel]) / voxels,
            eq22AdditiveFraction = v1 + v2 * (1 - v1) * (1 - v3),
            allocatedBytesPerVoxel = allocated / voxels,
            baselineWorkingSetMiB = baseline / 1048576.0,
            peakWorkingSetMiB = process.PeakWorkingSet64 / 1048576.0,
            peakBytesPerVoxel = process.PeakWorkingSet64 / voxels,
            peakAboveBaselineBytesPerVoxel = (process.PeakWorkingSet64 - baseline) / voxels,
        }));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --model excursion N [VOXEL_NM] [REPEATS] [MAXDOP]: times GaussianExcursionSet.Generate of an N^3
/// window with the 001 Table 2 parameters (mu 0.499, eta 0.0127 / nm; default voxel 40 nm, as the
/// paper's 400^3 realisations) and prints one JSON line: median seconds, generation grid, managed
/// allocation and peak working set per voxel. Run one size per process for a clean peak.
/// </summary>
public static class ExcursionSetQuickRun
{
    public static void Run(string[] args)
    {
        if (args.Length < 3 || args[1] != "excursion")
        {
            throw new ArgumentException("usage: --model excursion N [VOXEL_NM] [REPEATS] [MAXDOP]");
        }

        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        double voxel = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 40;
        int repeats = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var parameters = CarbonBinderModelParameters.Table2.CarbonBinder;
        var vs = new VoxelSize(voxel, "nm");

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64; // the runtime before any volume exists
        var times = new List<double>();
        long allocated = 0;
        PhaseImage? image = null;
        for (int i = 0; i < repeats; i++)
        {
            image = null;
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            image = GaussianExcursionSet.Generate(n, n, n, vs, parameters, 1 + i, options, "CBD");
            times.Add(sw.Elapsed.TotalSeconds);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        process.Refresh();
        double voxels = (double)n * n * n;
        double fraction = (double)PhaseCounter.CountLabels(image!, options)[1] / image!.VoxelCount;
        var grid = GaussianRandomField.GenerationGrid(n, n, n, vs, parameters.CovarianceScale);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "excursion",
            n,
            voxelNm = voxel,
            repeats,
            maxDegreeOfParallelism = dop,
            grid = $"{grid.X}x{grid.Y}x{grid.Z}",
            median_s = times.Order().ElementAt(times.Count / 2),
            min_s = times.Min(),
            volumeFraction = fraction,
            allocatedBytesPerVoxel = allocated / voxels,
            baselineWorkingSetMiB = baseline / 1048576.0,
            peakWorkingSetMiB = process.PeakWorkingSet64 / 1048576.0,
            peakBytesPerVoxel = process.PeakWorkingSet64 / voxels,
            peakAboveBaselineBytesPerVoxel = (process.PeakWorkingSet64 - baseline) / voxels,
            clippedSpectralMass = image.Metadata["GaussianExcursionSet.CBD.ClippedSpectralMass"],
        }));
    }
}

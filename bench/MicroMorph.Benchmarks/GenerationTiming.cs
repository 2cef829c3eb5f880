using System.Diagnostics;
using System.Globalization;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Benchmarks;

/// <summary>
/// The common part of the --model runs: arguments N [VOXEL_NM] [REPEATS] [MAXDOP], repeated
/// generation with a fresh seed each time, and the time, allocation and peak working set.
/// </summary>
public sealed record GenerationTiming(
    int N,
    double VoxelNm,
    int Repeats,
    int MaxDegreeOfParallelism,
    IReadOnlyList<double> Seconds,
    long AllocatedBytes,
    long BaselineWorkingSet,
    long PeakWorkingSet,
    PhaseImage Last)
{
    public double Voxels => (double)N * N * N;

    public double MedianSeconds => Seconds.Order().ElementAt(Seconds.Count / 2);

    /// <summary>Parses the arguments after "--model NAME" and runs <paramref name="generate"/>(n, voxel size, seed, max degree of parallelism).</summary>
    public static GenerationTiming Run(string[] args, string name, double defaultVoxelNm, Func<int, VoxelSize, long, int, PhaseImage> generate)
    {
        if (args.Length < 3 || args[1] != name)
        {
            throw new ArgumentException($"usage: --model {name} N [VOXEL_NM] [REPEATS] [MAXDOP]");
        }

        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        double voxel = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : defaultVoxelNm;
        int repeats = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
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
            image = generate(n, vs, 1 + i, dop);
            times.Add(sw.Elapsed.TotalSeconds);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        process.Refresh();
        return new GenerationTiming(n, voxel, repeats, dop, times, allocated, baseline, process.PeakWorkingSet64, image!);
    }
}

using System.Text.Json;
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
        var parameters = CarbonBinderModelParameters.Table2;
        var t = GenerationTiming.Run(args, "carbon-binder", 40, (n, vs, seed, dop) =>
            CarbonBinderModel.Generate(parameters, n, n, n, vs, seed, null, new ComputeOptions { MaxDegreeOfParallelism = dop }));
        var counts = PhaseCounter.CountLabels(t.Last, ComputeOptions.Default);
        double v1 = MilesFormulas.Compute(parameters.Graphite).VolumeFraction;
        double v2 = ExcursionSetCalibration.VolumeFraction(parameters.Threshold);
        double v3 = 1 - Math.Exp(-parameters.PoreIntensity * 8 * Math.PI / Math.Pow(parameters.PoreRadiusRate, 3));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "carbon-binder",
            n = t.N,
            voxelNm = t.VoxelNm,
            repeats = t.Repeats,
            maxDegreeOfParallelism = t.MaxDegreeOfParallelism,
            median_s = t.MedianSeconds,
            min_s = t.Seconds.Min(),
            graphiteFraction = counts[CarbonBinderPhaseNames.GraphiteLabel] / t.Voxels,
            additiveFraction = (counts[CarbonBinderPhaseNames.GraphiteLabel] + counts[CarbonBinderPhaseNames.CarbonBinderLabel]) / t.Voxels,
            eq22AdditiveFraction = v1 + v2 * (1 - v1) * (1 - v3),
            allocatedBytesPerVoxel = t.AllocatedBytes / t.Voxels,
            baselineWorkingSetMiB = t.BaselineWorkingSet / 1048576.0,
            peakWorkingSetMiB = t.PeakWorkingSet / 1048576.0,
            peakBytesPerVoxel = t.PeakWorkingSet / t.Voxels,
            peakAboveBaselineBytesPerVoxel = (t.PeakWorkingSet - t.BaselineWorkingSet) / t.Voxels,
        }));
    }
}

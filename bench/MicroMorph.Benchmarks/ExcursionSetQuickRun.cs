using System.Text.Json;
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
        var parameters = CarbonBinderModelParameters.Table2.CarbonBinder;
        var t = GenerationTiming.Run(args, "excursion", 40, (n, vs, seed, dop) =>
            GaussianExcursionSet.Generate(n, n, n, vs, parameters, seed, new ComputeOptions { MaxDegreeOfParallelism = dop }, "CBD"));
        var image = t.Last;
        double fraction = (double)PhaseCounter.CountLabels(image, ComputeOptions.Default)[1] / image.VoxelCount;
        var grid = GaussianRandomField.GenerationGrid(t.N, t.N, t.N, image.VoxelSize, parameters.CovarianceScale);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "excursion",
            n = t.N,
            voxelNm = t.VoxelNm,
            repeats = t.Repeats,
            maxDegreeOfParallelism = t.MaxDegreeOfParallelism,
            grid = $"{grid.X}x{grid.Y}x{grid.Z}",
            median_s = t.MedianSeconds,
            min_s = t.Seconds.Min(),
            volumeFraction = fraction,
            allocatedBytesPerVoxel = t.AllocatedBytes / t.Voxels,
            baselineWorkingSetMiB = t.BaselineWorkingSet / 1048576.0,
            peakWorkingSetMiB = t.PeakWorkingSet / 1048576.0,
            peakBytesPerVoxel = t.PeakWorkingSet / t.Voxels,
            peakAboveBaselineBytesPerVoxel = (t.PeakWorkingSet - t.BaselineWorkingSet) / t.Voxels,
            clippedSpectralMass = image.Metadata["GaussianExcursionSet.CBD.ClippedSpectralMass"],
        }));
    }
}

using BenchmarkDotNet.Attributes;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Benchmarks;

/// <summary>Import of a TIFF stack (default: bench/data/u16_512.tif, made by compare-tiff-import.sh).</summary>
[MemoryDiagnoser]
public class TiffImportBenchmark
{
    public static string DefaultPath => Environment.GetEnvironmentVariable("MICROMORPH_BENCH_TIFF")
        ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "data", "u16_512.tif");

    [Params(-1, 1)]
    public int MaxDegreeOfParallelism { get; set; }

    [Benchmark]
    public long Import()
    {
        var stack = TiffVolumeReader.Read(DefaultPath, null, new ComputeOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism });
        return stack.ByteCount;
    }
}

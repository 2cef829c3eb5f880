using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Running;
using MicroMorph.Benchmarks;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

// --quick [path] [repeats] [maxDop] [warmup 1|0]: Stopwatch timing that the comparison script
// uses (BenchmarkDotNet takes many minutes on 2 cores). With repeats 1 and warmup 0 the process
// does exactly one import, so its peak working set is that of one import. Anything else goes to
// BenchmarkDotNet.
if (args.Length > 0 && args[0] == "--png")
{
    PngQuickRun.Run(args);
    return;
}

if (args.Length > 3 && args[0] == "--strong")
{
    StrongQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--descriptor")
{
    DescriptorQuickRun.Run(args);
    return;
}

if (args.Length > 2 && args[0] == "--segmentation" && args[1] == "threshold")
{
    ThresholdQuickRun.Run(args);
    return;
}

if (args.Length > 2 && args[0] == "--segmentation" && args[1] == "kmeans")
{
    KMeansQuickRun.Run(args);
    return;
}

if (args.Length > 2 && args[0] == "--segmentation" && args[1] == "closing")
{
    GradientClosingQuickRun.Run(args);
    return;
}

if (args.Length > 2 && args[0] == "--filter")
{
    FilterQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--mixing")
{
    MixingQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--particles")
{
    ParticleQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--transport")
{
    TransportQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--classifier")
{
    ClassifierQuickRun.Run(args);
    return;
}

if (args.Length > 1 && args[0] == "--model")
{
    if (args[1] == "excursion")
    {
        ExcursionSetQuickRun.Run(args);
    }
    else if (args[1] == "carbon-binder")
    {
        CarbonBinderModelQuickRun.Run(args);
    }
    else
    {
        BooleanModelQuickRun.Run(args);
    }

    return;
}

if (args.Length > 0 && args[0] == "--quick")
{
    string path = args.Length > 1 ? args[1] : TiffImportBenchmark.DefaultPath;
    int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    int dop = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1;
    bool warmup = args.Length <= 4 || args[4] != "0";
    var options = new ComputeOptions { MaxDegreeOfParallelism = dop };

    // Optional untimed warm-up (JIT, page cache), as tifffile's timing also excludes its imports.
    long bytes = warmup ? TiffVolumeReader.Read(path, null, options).ByteCount : 0;
    var seconds = new List<double>();
    long allocatedMax = 0;
    for (int i = 0; i < repeats; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var stack = TiffVolumeReader.Read(path, null, options);
        sw.Stop();
        allocatedMax = Math.Max(allocatedMax, GC.GetTotalAllocatedBytes(precise: true) - before);
        seconds.Add(sw.Elapsed.TotalSeconds);
        bytes = stack.ByteCount;
        GC.KeepAlive(stack);
    }

    seconds.Sort();
    double median = seconds[seconds.Count / 2];
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var result = new
    {
        tool = "MicroMorph",
        path,
        repeats,
        warmup,
        maxDegreeOfParallelism = dop,
        dataBytes = bytes,
        medianSeconds = median,
        minSeconds = seconds[0],
        mbPerSecond = bytes / 1e6 / median,
        allocatedBytesPerImport = allocatedMax,
        allocatedToDataRatio = (double)allocatedMax / bytes,
        peakWorkingSetBytes = process.PeakWorkingSet64,
    };
    Console.WriteLine(JsonSerializer.Serialize(result));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(TiffImportBenchmark).Assembly).Run(args);

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --segmentation threshold N [REPEATS] [uint8|uint16|float32]: times FractionThreshold.Apply (fractions
/// 0.45, 0.15, 0.40) on an N^3 grey stack of three noisy phase means in slabs of 8 slices, and prints one JSON line.
/// </summary>
public static class ThresholdQuickRun
{
    public static void Run(string[] args)
    {
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var type = args.Length > 4 ? Enum.Parse<VoxelDataType>(args[4], ignoreCase: true) : VoxelDataType.UInt8;
        var grey = new VoxelStack(n, n, n, type);
        double scale = type == VoxelDataType.UInt16 ? 256 : 1;
        SliceIterator.For(n, ComputeOptions.Default, "grey", z =>
        {
            ulong state = (ulong)z * 0x9E3779B97F4A7C15UL + 1;
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    double mean = ((x / 8) + (y / 8) + (z / 8)) % 3 switch { 0 => 60, 1 => 120, _ => 190 };
                    double value = Math.Clamp(mean + ((state & 0xFF) - 127.5) * 0.25, 0, 255) * scale;
                    grey.SetValue(x, y, z, type == VoxelDataType.Float32 ? value : Math.Round(value));
                }
            }
        });

        var phases = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);
        var times = new List<double>();
        FractionThresholdResult? result = null;
        for (int i = 0; i < repeats; i++)
        {
            result = null;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            result = FractionThreshold.Apply(grey, [0.45, 0.15, 0.40], phases, ComputeOptions.Default);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op = "threshold",
            n,
            type = type.ToString(),
            times_s = times,
            median_s = times.Order().ElementAt(times.Count / 2),
            thresholds = result!.Thresholds,
            fractions = result.AchievedFractions,
            peak_working_set_mib = process.PeakWorkingSet64 / 1048576,
        }));
    }
}

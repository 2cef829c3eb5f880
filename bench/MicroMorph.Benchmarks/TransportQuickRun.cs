using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Transport;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --transport CASE [TOLERANCE] [MAXDOP]: times Measure-EffectiveTortuosity's core and prints one JSON line.
/// CASE: electrode-z | electrode-y (pore phase of examples/data/electrode.tiff, TauFactor reference 2.0772 / 2.0766)
///       random-N (N^3, 50% porosity, seed 1, phase 1 along Z)
///       tiff:PATH:LABEL (any TIFF, the phase with that label, all three directions)
/// </summary>
public static class TransportQuickRun
{
    public static void Run(string[] args)
    {
        string which = args[1];
        double tolerance = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 1e-6;
        int dop = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var settings = new TransportSolverSettings { Tolerance = tolerance };
        PhaseImage image;
        byte label;
        FlowDirection[] directions;
        if (which.StartsWith("electrode", StringComparison.Ordinal) || which.StartsWith("tiff:", StringComparison.Ordinal))
        {
            string path = which.StartsWith("tiff:", StringComparison.Ordinal) ? which.Split(':')[1] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "data", "electrode.tiff");
            label = which.StartsWith("tiff:", StringComparison.Ordinal) ? byte.Parse(which.Split(':')[2], CultureInfo.InvariantCulture) : (byte)0;
            image = PhaseImageConverter.Convert(TiffVolumeReader.Read(path, null, options), null, options);
            directions = which switch { "electrode-z" => [FlowDirection.Z], "electrode-y" => [FlowDirection.Y], _ => [FlowDirection.Z, FlowDirection.Y, FlowDirection.X] };
        }
        else
        {
            int n = int.Parse(which.Split('-')[1], CultureInfo.InvariantCulture);
            label = 1;
            image = new PhaseImage(n, n, n, new PhaseTable([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]));
            var rng = new Random(1);
            for (int z = 0; z < n; z++)
            {
                var s = image.GetLabels(z);
                for (int i = 0; i < s.Length; i++)
                {
                    s[i] = rng.NextDouble() < 0.5 ? (byte)1 : (byte)0;
                }
            }

            directions = [FlowDirection.Z];
        }

        var phase = image.Phases.Resolve(label.ToString(CultureInfo.InvariantCulture));
        foreach (var direction in directions)
        {
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(true);
            var sw = Stopwatch.StartNew();
            var result = EffectiveTransportAnalysis.Compute(image, phase, direction, settings, options);
            double seconds = sw.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(true) - before;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                op = "effective-tortuosity",
                which,
                direction = direction.ToString(),
                tolerance,
                seconds = Math.Round(seconds, 2),
                allocatedBytesPerVoxel = Math.Round((double)allocated / image.VoxelCount, 1),
                peakWorkingSetBytesPerVoxel = Math.Round((double)process.PeakWorkingSet64 / image.VoxelCount, 1),
                result.VolumeFraction,
                result.PercolatingFraction,
                result.EffectiveTortuosity,
                result.MFactor,
                result.Iterations,
                result.RelativeResidual,
            }));
        }
    }
}

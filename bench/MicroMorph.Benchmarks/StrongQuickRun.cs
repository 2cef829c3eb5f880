using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Transport;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --strong OP RAW N [OUT] [MAXDOP]: MicroMorph's side of bench/compare-strong.sh, the counterpart of
/// shared/peers/strong/peer_driver.py (same volume convention: uint8, C order z-y-x, 1 = pore; same
/// JSON line). The volume is read before timing; the same OP first runs untimed on a 24^3 corner (JIT),
/// as the peer driver does for numba and lazy imports. One timed run per process, so the process's
/// peak RSS (measured outside, /usr/bin/time -v) is that of one run.
/// OP: edt (exact EDT of the pore, border not background, Float32 map to OUT)
///     lt (local thickness = covering radius of the EDT, Float32 map to OUT)
///     constrictivity (ConstrictivityAnalysis along Z: local thickness + intrusion from z = 0)
///     tpc (two-point coverage of the pore up to N/2, PoreSpy's full range; curves as JSON to OUT)
///     tau (effective tortuosity of a TIFF phase along Z: RAW = TIFF path, N = phase label; tolerance 1e-6)
/// OUT '-' = none. MAXDOP default -1 (all cores).
/// </summary>
public static class StrongQuickRun
{
    public static void Run(string[] args)
    {
        string op = args[1], raw = args[2];
        int n = int.Parse(args[3], CultureInfo.InvariantCulture);
        string output = args.Length > 4 ? args[4] : "-";
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };

        PhaseImage image;
        if (op == "tau")
        {
            image = PhaseImageConverter.Convert(TiffVolumeReader.Read(raw, null, options), null, options);
        }
        else
        {
            image = Pores(n, n, n);
            using var file = File.OpenRead(raw);
            for (int z = 0; z < n; z++)
            {
                file.ReadExactly(image.GetLabels(z));
            }
        }

        var sw = Stopwatch.StartNew();
        try
        {
            Summarise(RunOp(op, Corner(image, 24), op == "tau" ? n : 1, options), "-");
        }
        catch (MicroMorph.Core.Errors.MicroMorphException)
        {
            // a corner without the phase (large balls): the JIT has run all the same
        }
        double warm = sw.Elapsed.TotalSeconds;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = GC.GetTotalAllocatedBytes(true);
        using var self = Process.GetCurrentProcess();
        TimeSpan user0 = self.UserProcessorTime, system0 = self.PrivilegedProcessorTime;
        sw.Restart();
        var computed = RunOp(op, image, op == "tau" ? n : 1, options);
        double seconds = sw.Elapsed.TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(true) - before;
        self.Refresh();
        double user = (self.UserProcessorTime - user0).TotalSeconds, system = (self.PrivilegedProcessorTime - system0).TotalSeconds;
        var result = Summarise(computed, output);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "micromorph",
            op,
            n = image.Width,
            raw = Path.GetFileName(raw),
            op_s = Math.Round(seconds, 4),
            warmup_s = Math.Round(warm, 4),
            user_s = Math.Round(user, 3),
            system_s = Math.Round(system, 3),
            result,
            allocated_bytes_per_voxel = Math.Round((double)allocated / image.VoxelCount, 2),
            peak_working_set_mib = self.PeakWorkingSet64 / (1024 * 1024),
            max_dop = dop,
        }));
    }

    private static PhaseImage Pores(int w, int h, int d) =>
        new(w, h, d, new PhaseTable([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]));

    private static PhaseImage Corner(PhaseImage image, int c)
    {
        int cw = Math.Min(c, image.Width), ch = Math.Min(c, image.Height), cd = Math.Min(c, image.Depth);
        var corner = new PhaseImage(cw, ch, cd, image.Phases);
        for (int z = 0; z < cd; z++)
        {
            var from = image.GetLabels(z);
            var to = corner.GetLabels(z);
            for (int y = 0; y < ch; y++)
            {
                from.Slice(y * image.Width, cw).CopyTo(to.Slice(y * cw, cw));
            }
        }

        return corner;
    }

    /// <summary>The timed computation only; its summary and the written map or curves (<see cref="Summarise"/>) are not timed, as in the peer driver.</summary>
    private static object RunOp(string op, PhaseImage image, int label, ComputeOptions options)
    {
        switch (op)
        {
            case "edt":
                return EuclideanDistanceTransform.Compute(image, 1, false, options);
            case "lt":
                return LocalThickness.Compute(image, 1, false, options);
            case "constrictivity":
                var c = ConstrictivityAnalysis.Compute(image, image.Phases[1], FlowDirection.Z, options);
                return new { r_max = c.RMax, r_min = c.RMin, beta = c.Constrictivity };
            case "tpc":
                return TwoPointCoverage.Compute(image, image.Phases[1], image.Phases[1], image.Width / 2, false, options);
            case "tau":
                var phase = image.Phases.Resolve(label.ToString(CultureInfo.InvariantCulture));
                var r = EffectiveTransportAnalysis.Compute(image, phase, FlowDirection.Z, new TransportSolverSettings { Tolerance = 1e-6 }, options);
                return new { tau = r.EffectiveTortuosity, r.VolumeFraction, r.Iterations, r.RelativeResidual };
            default:
                throw new ArgumentException("unknown op " + op);
        }
    }

    /// <summary>What the JSON line reports of a computed result; maps and curves are written to OUT unless '-'.</summary>
    private static object Summarise(object computed, string output)
    {
        switch (computed)
        {
            case VoxelStack map:
                return Map(map, output);
            case TwoPointCoverageResult t:
                if (output != "-")
                {
                    File.WriteAllText(output, JsonSerializer.Serialize(new
                    {
                        distance = t.Isotropic.Select(p => p.X),
                        coverage = t.Isotropic.Select(p => p.Y),
                        along_x = t.AlongX.Select(p => p.Y),
                        along_y = t.AlongY.Select(p => p.Y),
                        along_z = t.AlongZ.Select(p => p.Y),
                    }));
                }

                return new { n_points = t.Isotropic.Count, p0 = t.Isotropic[0].Y, volume_fraction = t.VolumeFraction, last = t.Isotropic[^1].Y };
            default:
                return computed;
        }
    }

    /// <summary>Max and sum of a Float32 map (as the peer driver reports), written raw (z-y-x) to OUT unless '-'.</summary>
    private static object Map(VoxelStack map, string output)
    {
        double sum = 0, max = 0;
        using var file = output == "-" ? null : File.Create(output);
        for (int z = 0; z < map.Depth; z++)
        {
            var slice = map.GetSlice<float>(z);
            foreach (float v in slice)
            {
                sum += v;
                max = Math.Max(max, v);
            }

            file?.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slice));
        }

        return new { max, sum, dtype = "float32" };
    }
}

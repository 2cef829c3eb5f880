using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --filter write FILE N: writes the N^3 UInt8 benchmark grey volume (smooth blobs plus noise) as raw bytes.
/// --filter gaussian|median|fillholes|removesmall|removesmall-surround N PARAM [REPEATS] [THREADS]: times one filter on that volume and
/// prints one JSON line after an untimed warm-up run (PARAM: sigma in voxels, ball radius in voxels, connectivity, minimum voxel count).
/// fillholes and removesmall work on the phase "grey > 140" (removesmall: removed voxels become pore;
/// removesmall-surround: they become the phase around them, which here is also pore). bench/filters_peer.py does the same with SciPy.
/// </summary>
public static class FilterQuickRun
{
    public static void Run(string[] args)
    {
        if (args[1] == "write")
        {
            int size = int.Parse(args[3], CultureInfo.InvariantCulture);
            var volume = Grey(size);
            using var f = File.Create(args[2]);
            for (int z = 0; z < size; z++)
            {
                f.Write(volume.GetSliceBytes(z));
            }

            return;
        }

        string op = args[1];
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        double param = double.Parse(args[3], CultureInfo.InvariantCulture);
        int repeats = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
        int threads = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = threads };
        var grey = Grey(n);
        var phases = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);
        PhaseImage? binary = null;
        if (op is "fillholes" or "removesmall" or "removesmall-surround")
        {
            binary = new PhaseImage(n, n, n, phases);
            SliceIterator.For(n, options, "mask", z =>
            {
                var g = grey.GetSliceBytes(z);
                var b = binary.GetLabels(z);
                for (int i = 0; i < g.Length; i++)
                {
                    b[i] = g[i] > 140 ? (byte)1 : (byte)0;
                }
            });
        }

        var times = new List<double>();
        double checksum = 0;
        for (int i = -1; i < repeats; i++) // i = -1: untimed warm-up (JIT, first-touch page faults)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            Volume result = op switch
            {
                "gaussian" => GaussianFilter.Smooth(grey, param, param, param, options),
                "median" => MedianFilter.Apply(grey, param, options),
                "fillholes" => HoleFilling.Apply(binary!, phases[1], (int)param, options),
                "removesmall" => SmallComponentRemoval.Apply(binary!, phases[1], param, 26, phases[0], options),
                "removesmall-surround" => SmallComponentRemoval.Apply(binary!, phases[1], param, 26, null, options),
                _ => throw new ArgumentException("unknown filter " + op),
            };
            if (i >= 0)
            {
                times.Add(sw.Elapsed.TotalSeconds);
            }

            checksum = Checksum(result);
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            op,
            n,
            param,
            threads,
            times_s = times,
            median_s = times.Order().ElementAt(times.Count / 2),
            checksum,
            peak_working_set_mib = process.PeakWorkingSet64 / 1048576,
        }));
    }

    /// <summary>The benchmark volume: 128 + 70 sin(x/7) sin(y/9) sin(z/11) plus uniform noise of +-40, clamped to 0..255.</summary>
    public static VoxelStack Grey(int n)
    {
        var grey = new VoxelStack(n, n, n, VoxelDataType.UInt8);
        SliceIterator.For(n, ComputeOptions.Default, "grey", z =>
        {
            ulong state = ((ulong)z * 0x9E3779B97F4A7C15UL) + 1;
            var s = grey.GetSliceBytes(z);
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    double v = 128 + (70 * Math.Sin(x / 7.0) * Math.Sin(y / 9.0) * Math.Sin(z / 11.0)) + ((state % 81) - 40.0);
                    s[(y * n) + x] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }
            }
        });
        return grey;
    }

    /// <summary>The mean voxel value (to compare the tools' outputs roughly).</summary>
    private static double Checksum(Volume v)
    {
        double sum = 0;
        var row = new float[v.Width * v.Height];
        for (int z = 0; z < v.Depth; z++)
        {
            GreyValues.ReadSlice(v, z, row);
            foreach (float f in row)
            {
                sum += f;
            }
        }

        return sum / v.VoxelCount;
    }
}

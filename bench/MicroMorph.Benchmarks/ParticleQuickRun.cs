using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --particles OP N [REPEATS] [RAW]: times a particle operation and prints one JSON line like bench.py.
/// OP label26 (also label6, label18): connected components of the pore phase of the peers' volume
/// spheres_N.raw (SciPy's op label26 in ../shared/peers/bench.py). OP watershed: a generated
/// particle system (N^3, about 5000 balls of radius 2.5-6 voxels, 3 phases, 30% touching pairs,
/// 30% intergrown) labelled, split by the watershed and measured with its phases; the time is
/// the split plus the measurement; the 5th argument is the peak height (default 1 voxel).
/// </summary>
public static class ParticleQuickRun
{
    public static void Run(string[] args)
    {
        string op = args[1];
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var options = ComputeOptions.Default;
        var times = new List<double>();
        object? result = null;
        if (op.StartsWith("label", StringComparison.Ordinal))
        {
            int connectivity = int.Parse(op[5..], CultureInfo.InvariantCulture);
            string raw = args.Length > 4 ? args[4] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "peers", "data", $"spheres_{n}.raw");
            var phases = new PhaseTable([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]);
            var image = new PhaseImage(n, n, n, phases);
            using (var file = File.OpenRead(raw))
            {
                for (int z = 0; z < n; z++)
                {
                    file.ReadExactly(image.GetLabels(z));
                }
            }

            for (int i = 0; i < repeats; i++)
            {
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var particles = ConnectedComponents.Label(image, [phases[1]], connectivity, options);
                times.Add(sw.Elapsed.TotalSeconds);
                result = Summarise(particles);
            }
        }
        else if (op == "watershed")
        {
            var parameters = new ParticleSystemParameters(5000, 2.5, 6, ["Calcite", "Dolomite", "Talc"], 0.3, 0.3);
            var image = ParticleSystemGenerator.Generate(n, n, n, VoxelSize.Uncalibrated, parameters, 4);
            var phases = image.Phases.Skip(1).ToArray();
            for (int i = 0; i < repeats; i++)
            {
                var labelled = ConnectedComponents.Label(image, phases, 26, options);
                GC.Collect();
                var sw = Stopwatch.StartNew();
                var split = ParticleWatershed.Split(labelled, null, args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 1.0, null, options);
                double splitSeconds = sw.Elapsed.TotalSeconds;
                var measured = ParticleAnalysis.Measure(split, image, options);
                times.Add(sw.Elapsed.TotalSeconds);
                result = new
                {
                    generated = image.Metadata["ParticleCount"],
                    components = labelled.Count,
                    particles = split.Count,
                    split_s = Math.Round(splitSeconds, 4),
                    intergrown = measured.Count(p => p.DominantFraction < 0.99),
                    mean_diameter = Math.Round(measured.Average(p => p.EquivalentDiameter), 4),
                };
            }
        }
        else
        {
            throw new ArgumentException("unknown op " + op);
        }

        var sorted = times.Order().ToArray();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op,
            n,
            repeats,
            times_s = times.Select(t => Math.Round(t, 4)),
            median_s = Math.Round(sorted[sorted.Length / 2], 4),
            result,
            peak_working_set_mib = process.PeakWorkingSet64 / (1024 * 1024),
            tool = "MicroMorph",
        }));
    }

    private static object Summarise(ParticleImage particles)
    {
        var sizes = new long[particles.Count + 1];
        for (int z = 0; z < particles.Depth; z++)
        {
            foreach (uint l in particles.Labels.GetSlice<uint>(z))
            {
                sizes[l]++;
            }
        }

        return new { n_components = particles.Count, largest = particles.Count > 0 ? sizes.Skip(1).Max() : 0 };
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Mixing;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --mixing schmahl MAPS SIZE SAMPLES N [REPEATS] [DOP]: times Get-SchmahlIndex's core on MAPS simulated
/// SIZE x SIZE aggregate maps (random mixtures of 8 and 6 px disks, generated before the clock starts),
/// SAMPLES cutouts at N particles each; prints one JSON line (best and median seconds, mean index).
/// --mixing correlation SIZE MAXLAG [REPEATS] [DOP]: times R(h) up to MAXLAG pixels of one SIZE x SIZE map.
/// --mixing write DIR MAPS SIZE: writes the maps (raw uint8 classes, map_i.raw) for the Python peer.
/// </summary>
public static class MixingQuickRun
{
    public static void Run(string[] args)
    {
        switch (args[1])
        {
            case "schmahl":
                Schmahl(args);
                break;
            case "correlation":
                Correlation(args);
                break;
            case "write":
                Write(args);
                break;
            default:
                throw new ArgumentException("unknown mixing mode " + args[1]);
        }
    }

    private static AggregateMap Map(int size, long seed) => AggregateMapSimulator.Generate(new AggregateMapParameters
    {
        Width = size,
        Height = size,
        CarbonDiameter = 8,
        SilicaDiameter = 6,
        CarbonParticleFraction = 0.5,
        Coverage = 0.4,
        Seed = seed,
    });

    private static void Schmahl(string[] args)
    {
        int maps = Int(args[2]), size = Int(args[3]), samples = Int(args[4]), n = Int(args[5]);
        int repeats = args.Length > 6 ? Int(args[6]) : 5;
        int dop = args.Length > 7 ? Int(args[7]) : -1;
        var data = Enumerable.Range(0, maps).Select(i => Map(size, i)).ToArray();
        var options = new SchmahlIndexOptions { Sizes = new PrimaryParticleSizes(8, 6), ParticleCounts = [n], SampleCount = samples, Seed = 1 };
        var compute = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var times = new List<double>();
        double meanIndex = 0;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            meanIndex = data.Select(m => SchmahlIndexAnalysis.Compute(m, options, compute)[0].SchmahlIndex).Average();
            times.Add(sw.Elapsed.TotalSeconds);
        }

        Print(new { op = "schmahl", maps, size, samples, n, best_s = times.Min(), median_s = Median(times), mean_index = meanIndex });
    }

    private static void Correlation(string[] args)
    {
        int size = Int(args[2]), maxLag = Int(args[3]);
        int repeats = args.Length > 4 ? Int(args[4]) : 5;
        int dop = args.Length > 5 ? Int(args[5]) : -1;
        var map = Map(size, 1);
        var compute = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var times = new List<double>();
        ConcentrationCorrelationResult? result = null;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            result = ConcentrationCorrelation.Compute(map, maxLag, 1, compute);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        Print(new { op = "correlation", size, max_lag = maxLag, best_s = times.Min(), median_s = Median(times), r1 = result!.Points[1].Correlation, r10 = result.Points[10].Correlation });
    }

    private static void Write(string[] args)
    {
        string dir = Directory.CreateDirectory(args[2]).FullName;
        int maps = Int(args[3]), size = Int(args[4]);
        for (int i = 0; i < maps; i++)
        {
            File.WriteAllBytes(Path.Combine(dir, $"map_{i}.raw"), Map(size, i).GetClasses());
        }
    }

    private static double Median(List<double> t)
    {
        var s = t.Order().ToArray();
        return s[s.Length / 2];
    }

    private static void Print(object o) => Console.WriteLine(JsonSerializer.Serialize(o));

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}

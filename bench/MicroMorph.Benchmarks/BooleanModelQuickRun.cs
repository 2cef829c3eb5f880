using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --model boolean N GERMS RADIUS [REPEATS] [DOP]: times one N^3 realization of a Boolean model of
/// balls of RADIUS voxels with GERMS expected germs centred in the window (intensity GERMS / N^3)
/// and prints one JSON line (seconds, germs drawn, volume fraction vs 1 - exp(-lambda V), peak
/// working set).
/// --model miles N RADIUS X SEEDS [FIRSTSEED] [DOP]: for balls of RADIUS voxels at lambda V = X,
/// measures volume fraction, surface density, mean curvature and Euler densities (6 and 26) of
/// SEEDS N^3 realizations (seeds FIRSTSEED, FIRSTSEED + 1, ...; default 1 as in the unit test;
/// stationary window) and prints their ratios to Miles' values (001 Eqs. 10-13).
/// --model miles-resolution L RADIUS X SEEDS N1,N2,...: the same germs (balls of RADIUS in a cube
/// of side L, physical units) painted at N1^3, N2^3, ... voxels, so only the resolution changes;
/// prints the ratios to Miles' values per resolution (does the digital Euler density converge?).
/// </summary>
public static class BooleanModelQuickRun
{
    public static void Run(string[] args)
    {
        switch (args[1])
        {
            case "boolean":
                Time(args);
                break;
            case "miles":
                Miles(args);
                break;
            case "miles-resolution":
                Resolution(args);
                break;
            default:
                throw new ArgumentException("unknown model mode " + args[1]);
        }
    }

    private static void Time(string[] args)
    {
        int n = Int(args[2]);
        double germs = Double(args[3]), radius = Double(args[4]);
        int repeats = args.Length > 5 ? Int(args[5]) : 3;
        int dop = args.Length > 6 ? Int(args[6]) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        double lambda = germs / ((double)n * n * n);
        var parameters = new BooleanModelParameters(lambda, new ConstantRadiusBalls(radius));
        var times = new List<double>();
        PhaseImage? image = null;
        for (int i = 0; i < repeats; i++)
        {
            image = null;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            image = BooleanModelRealization.Generate(n, n, n, VoxelSize.Uncalibrated, parameters, 1000 + i, false, options);
            times.Add(sw.Elapsed.TotalSeconds);
        }

        long solid = 0;
        for (int z = 0; z < image!.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                solid += b;
            }
        }

        var sorted = times.Order().ToArray();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op = "boolean",
            n,
            radius,
            germs_expected_in_window = germs,
            germs_drawn_last = long.Parse(image.Metadata["BooleanModel.Germs"], CultureInfo.InvariantCulture),
            grains_in_window_last = long.Parse(image.Metadata["BooleanModel.GrainsInWindow"], CultureInfo.InvariantCulture),
            volume_fraction = (double)solid / image.VoxelCount,
            volume_fraction_theory = 1 - Math.Exp(-lambda * 4 / 3.0 * Math.PI * radius * radius * radius),
            repeats,
            dop,
            times_s = times.Select(t => Math.Round(t, 4)),
            median_s = Math.Round(sorted[sorted.Length / 2], 4),
            peak_working_set_mib = process.PeakWorkingSet64 / (1024 * 1024),
            tool = "MicroMorph",
        }));
    }

    private static void Miles(string[] args)
    {
        int n = Int(args[2]);
        double r = Double(args[3]), x = Double(args[4]);
        int seeds = Int(args[5]);
        long firstSeed = args.Length > 6 ? long.Parse(args[6], CultureInfo.InvariantCulture) : 1;
        int dop = args.Length > 7 ? Int(args[7]) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        double v = 4 / 3.0 * Math.PI * r * r * r, s = 4 * Math.PI * r * r, k = 4 * Math.PI * r;
        double lambda = x / v;
        double free = Math.Exp(-x);
        var miles = new
        {
            V = 1 - free,
            S = lambda * free * s,
            M = lambda * free * (k - Math.PI * Math.PI * lambda * s * s / 32),
            Chi = lambda * free * (1 - lambda * k * s / (4 * Math.PI) + Math.PI * lambda * lambda * s * s * s / 384),
        };
        var parameters = new BooleanModelParameters(lambda, new ConstantRadiusBalls(r));
        var rows = new List<double[]>();
        for (int i = 0; i < seeds; i++)
        {
            var image = BooleanModelRealization.Generate(n, n, n, VoxelSize.Uncalibrated, parameters, firstSeed + i, false, options);
            var solid = image.Phases[1];
            var six = IntrinsicVolumeAnalysis.Compute(image, solid, EulerConnectivity.Six, ObservationWindow.Stationary, options);
            var twentySix = IntrinsicVolumeAnalysis.Compute(image, solid, EulerConnectivity.TwentySix, ObservationWindow.Stationary, options);
            rows.Add([six.VolumeFraction, six.SurfaceDensity, six.MeanCurvatureDensity, twentySix.MeanCurvatureDensity, six.EulerDensity, twentySix.EulerDensity]);
        }

        double Mean(int c) => rows.Average(row => row[c]);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op = "miles",
            n,
            radius = r,
            lambda_v = x,
            seeds,
            first_seed = firstSeed,
            germs_per_window = lambda * n * n * n,
            miles,
            ratio = new
            {
                V = Mean(0) / miles.V,
                S = Mean(1) / miles.S,
                M6 = Mean(2) / miles.M,
                M26 = Mean(3) / miles.M,
                Chi6 = Mean(4) / miles.Chi,
                Chi26 = Mean(5) / miles.Chi,
                Chi6PerSeed = rows.Select(row => Math.Round(row[4] / miles.Chi, 4)),
                Chi26PerSeed = rows.Select(row => Math.Round(row[5] / miles.Chi, 4)),
                SPerSeed = rows.Select(row => Math.Round(row[1] / miles.S, 4)),
                VPerSeed = rows.Select(row => Math.Round(row[0] / miles.V, 4)),
            },
        }));
    }

    private static void Resolution(string[] args)
    {
        double side = Double(args[2]), r = Double(args[3]), x = Double(args[4]);
        int seeds = Int(args[5]);
        int[] sizes = args[6].Split(',').Select(Int).ToArray();
        double v = 4 / 3.0 * Math.PI * r * r * r, s = 4 * Math.PI * r * r, k = 4 * Math.PI * r;
        double lambda = x / v, free = Math.Exp(-x);
        double surface = lambda * free * s;
        double chi = lambda * free * (1 - lambda * k * s / (4 * Math.PI) + Math.PI * lambda * lambda * s * s * s / 384);
        var parameters = new BooleanModelParameters(lambda, new ConstantRadiusBalls(r));
        var phases = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);
        int finest = sizes.Max();
        var sums = new double[sizes.Length, 4];
        for (int seed = 1; seed <= seeds; seed++)
        {
            // Germs for the finest grid: its box of voxel centres contains every coarser one.
            var (grains, _) = BooleanModelRealization.DrawGerms(parameters, finest, finest, finest, new VoxelSize(side / finest, "unit"), seed, ComputeOptions.Default);
            for (int i = 0; i < sizes.Length; i++)
            {
                var image = new PhaseImage(sizes[i], sizes[i], sizes[i], phases) { VoxelSize = new VoxelSize(side / sizes[i], "unit") };
                GrainRasterizer.Paint(image, 1, grains, false, ComputeOptions.Default);
                var six = IntrinsicVolumeAnalysis.Compute(image, phases[1], EulerConnectivity.Six, ObservationWindow.Stationary, ComputeOptions.Default);
                var twentySix = IntrinsicVolumeAnalysis.Compute(image, phases[1], EulerConnectivity.TwentySix, ObservationWindow.Stationary, ComputeOptions.Default);
                sums[i, 0] += six.VolumeFraction / (1 - free);
                sums[i, 1] += six.SurfaceDensity / surface;
                sums[i, 2] += six.EulerDensity / chi;
                sums[i, 3] += twentySix.EulerDensity / chi;
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            op = "miles-resolution",
            side,
            radius = r,
            lambda_v = x,
            seeds,
            rows = sizes.Select((n, i) => new
            {
                n,
                radius_voxels = r * n / side,
                V = Math.Round(sums[i, 0] / seeds, 4),
                S = Math.Round(sums[i, 1] / seeds, 4),
                Chi6 = Math.Round(sums[i, 2] / seeds, 4),
                Chi26 = Math.Round(sums[i, 3] / seeds, 4),
            }),
        }));
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}

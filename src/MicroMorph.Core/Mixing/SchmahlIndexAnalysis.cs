using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// The Schmahl index of one aggregate (000 Sections 2.2-2.3): n_samples cutouts holding the expected
/// projected area of N primary particles at random foreground pixels, the empirical variance of
/// their carbon concentrations about P (Eq. 1), and its position between the unmixed state (Eq. 4)
/// and the completely random mixture (Eq. 5) on a log scale (Eq. 6). Each particle count draws its
/// centres from its own random stream (seed, 1000 + N), so adding counts does not move the others.
/// Beside the paper's index, MicroMorph's geometry-aware random-mixture reference
/// (<see cref="RandomMixtureReference"/>) gives the Reference* results when
/// <see cref="SchmahlIndexOptions.ReferenceSimulations"/> is positive.
/// </summary>
public static class SchmahlIndexAnalysis
{
    private const long StreamOffset = 1000;

    public static IReadOnlyList<SchmahlIndexResult> Compute(AggregateMap map, SchmahlIndexOptions options, ComputeOptions? compute = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        compute ??= ComputeOptions.Default;
        Validate(options);
        map.RequireBothSpecies();

        double pixel = options.PixelSize ?? map.PixelSize;
        double p = map.CarbonFraction;
        double particleArea = options.Sizes.MeanProjectedArea(p) / (pixel * pixel);
        foreach (int n in options.ParticleCounts)
        {
            double target = n * particleArea;
            if (target > map.ForegroundCount)
            {
                throw MicroMorphException.Argument(
                    "CutoutExceedsAggregate",
                    string.Create(CultureInfo.InvariantCulture, $"A cutout of N = {n} primary particles needs {target:F0} foreground pixels, but the aggregate{(map.Name.Length > 0 ? " '" + map.Name + "'" : string.Empty)} has only {map.ForegroundCount}; use a smaller -ParticleCount (at most {Math.Floor(map.ForegroundCount / particleArea)} here)."),
                    map);
            }
        }

        var sampler = new CutoutSampler(map);
        double maxVariance = map.MaxVariance;
        var (referenceLogs, method) = RandomMixtureReference.Simulate(map, options, compute);
        var results = new List<SchmahlIndexResult>(options.ParticleCounts.Count);
        for (int j = 0; j < options.ParticleCounts.Count; j++)
        {
            int n = options.ParticleCounts[j];
            compute.CancellationToken.ThrowIfCancellationRequested();
            double target = n == 0 ? 1 : Math.Max(1, n * particleArea);
            var stream = new RandomStream(options.Seed, StreamOffset + n);
            var concentrations = new double[options.SampleCount];
            double variance = CutoutVariance(sampler, target, p, options.SampleCount, stream, concentrations, out double side); // Eq. 1
            double minVariance = n == 0 ? double.NaN : options.Sizes.MinVariance(p, n, options.SpreadReading);
            var reference = Reference(referenceLogs[j], variance, maxVariance, minVariance);
            results.Add(new SchmahlIndexResult
            {
                Name = map.Name,
                CarbonFraction = p,
                P10 = map.P10,
                P01 = map.P01,
                P11 = map.P11,
                ParticleCount = n,
                SampleCount = options.SampleCount,
                CutoutSide = side,
                CutoutArea = target,
                Variance = variance,
                MaxVariance = maxVariance,
                MinVariance = minVariance,
                SchmahlIndex = Index(variance, maxVariance, minVariance),
                SpreadReading = options.SpreadReading,
                ReferenceVariance = reference.Variance,
                ReferenceVarianceError = reference.Error,
                ReferenceIndex = reference.Index,
                ReferenceIndexSpread = reference.Spread,
                RandomMixtureSchmahlIndex = reference.PaperIndex,
                ReferenceSimulations = reference.Count,
                ReferenceMethod = reference.Count > 0 ? method : string.Empty,
                ForegroundPixels = map.ForegroundCount,
                PixelSize = pixel,
                Unit = map.Unit,
                Seed = options.Seed,
                LocalConcentrations = concentrations,
            });
        }

        return results;
    }

    /// <summary>
    /// Eq. 1 over <paramref name="samples"/> cutouts of target area centred on uniformly drawn
    /// foreground pixels; the concentrations go to <paramref name="concentrations"/> when given.
    /// </summary>
    internal static double CutoutVariance(CutoutSampler sampler, double target, double p, int samples, RandomStream stream, double[]? concentrations, out double meanSide)
    {
        double sumSquares = 0, sideSum = 0;
        int[] foreground = sampler.ForegroundPixels;
        for (int i = 0; i < samples; i++)
        {
            int pixelIndex = foreground[(int)(stream.NextDouble() * foreground.Length)];
            var (radius, x) = sampler.Cutout(pixelIndex, target);
            if (concentrations is not null)
            {
                concentrations[i] = x;
            }

            sumSquares += (x - p) * (x - p);
            sideSum += 2 * radius + 1;
        }

        meanSide = sideSum / samples;
        return sumSquares / (samples - 1);
    }

    /// <summary>
    /// The reference statistics from the simulated log variances: the geometric mean variance and its
    /// standard error (delta method), the reference-normalised index of this map, the standard deviation
    /// of that index over the simulated mixtures, and the paper's index a random mixture would get on average.
    /// </summary>
    private static (double Variance, double Error, double Index, double Spread, double PaperIndex, int Count) Reference(double[] logs, double variance, double maxVariance, double minVariance)
    {
        var valid = logs.Where(double.IsFinite).ToArray();
        if (valid.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        double mean = valid.Average();
        double sd = valid.Length > 1 ? Math.Sqrt(valid.Sum(v => (v - mean) * (v - mean)) / (valid.Length - 1)) : double.NaN;
        double reference = Math.Exp(mean);
        double scale = Math.Log(maxVariance) - mean; // log(s2_max / s2_ref)
        return (reference, reference * sd / Math.Sqrt(valid.Length), (Math.Log(maxVariance) - Math.Log(variance)) / scale, sd / scale,
            Index(reference, maxVariance, minVariance), valid.Length);
    }

    /// <summary>The Schmahl (Ashton-Schmahl) index, 000 Eq. 6: log(s_max^2 / s^2) / log(s_max^2 / s_min^2).</summary>
    public static double Index(double variance, double maxVariance, double minVariance) =>
        Math.Log(maxVariance / variance) / Math.Log(maxVariance / minVariance);

    private static void Validate(SchmahlIndexOptions options)
    {
        if (options.ReferenceSimulations < 0)
        {
            throw MicroMorphException.Argument("InvalidReferenceSimulations", $"The number of simulated random mixtures must be >= 0, not {options.ReferenceSimulations}.", options.ReferenceSimulations);
        }

        ArgumentNullException.ThrowIfNull(options.Sizes);
        options.Sizes.Validate();
        if (options.SampleCount < 2)
        {
            throw MicroMorphException.Argument("InvalidSampleCount", $"The variance (Eq. 1) needs at least 2 cutouts, not {options.SampleCount}.", options.SampleCount);
        }

        if (options.ParticleCounts is null || options.ParticleCounts.Count == 0 || options.ParticleCounts.Any(n => n < 0))
        {
            throw MicroMorphException.Argument("InvalidParticleCount", "Give one or more particle counts N >= 1 (0 for single-pixel cutouts).", options.ParticleCounts);
        }

        if (options.PixelSize is double s && (!(s > 0) || double.IsInfinity(s)))
        {
            throw MicroMorphException.Argument("InvalidPixelSize", $"The pixel size must be positive and finite, not {s}.", s);
        }
    }
}

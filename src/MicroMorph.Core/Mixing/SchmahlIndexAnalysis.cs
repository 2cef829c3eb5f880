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
        var results = new List<SchmahlIndexResult>(options.ParticleCounts.Count);
        foreach (int n in options.ParticleCounts)
        {
            compute.CancellationToken.ThrowIfCancellationRequested();
            double target = n == 0 ? 1 : Math.Max(1, n * particleArea);
            var stream = new RandomStream(options.Seed, StreamOffset + n);
            var concentrations = new double[options.SampleCount];
            double sumSquares = 0, sideSum = 0;
            int[] foreground = sampler.ForegroundPixels;
            for (int i = 0; i < concentrations.Length; i++)
            {
                int pixelIndex = foreground[(int)(stream.NextDouble() * foreground.Length)];
                var (radius, x) = sampler.Cutout(pixelIndex, target);
                concentrations[i] = x;
                sumSquares += (x - p) * (x - p);
                sideSum += 2 * radius + 1;
            }

            double variance = sumSquares / (concentrations.Length - 1); // Eq. 1
            double minVariance = n == 0 ? double.NaN : options.Sizes.MinVariance(p, n);
            results.Add(new SchmahlIndexResult
            {
                Name = map.Name,
                CarbonFraction = p,
                P10 = map.P10,
                P01 = map.P01,
                P11 = map.P11,
                ParticleCount = n,
                SampleCount = options.SampleCount,
                CutoutSide = sideSum / concentrations.Length,
                CutoutArea = target,
                Variance = variance,
                MaxVariance = maxVariance,
                MinVariance = minVariance,
                SchmahlIndex = Index(variance, maxVariance, minVariance),
                ForegroundPixels = map.ForegroundCount,
                PixelSize = pixel,
                Unit = map.Unit,
                Seed = options.Seed,
                LocalConcentrations = concentrations,
            });
        }

        return results;
    }

    /// <summary>The Schmahl (Ashton-Schmahl) index, 000 Eq. 6: log(s_max^2 / s^2) / log(s_max^2 / s_min^2).</summary>
    public static double Index(double variance, double maxVariance, double minVariance) =>
        Math.Log(maxVariance / variance) / Math.Log(maxVariance / minVariance);

    private static void Validate(SchmahlIndexOptions options)
    {
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

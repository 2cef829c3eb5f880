using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// MicroMorph's geometry-aware random-mixture reference for the Schmahl index (an extension of 000,
/// docs/methods/mixing-quality.md "Random-mixture reference"). Eq. 5 is the variance of cutouts of N
/// whole, non-overlapping particles; real cutouts hold N particle *areas* of foreground, cut particles
/// at their border, overlaps and a finite aggregate. Instead of a formula, K completely random
/// mixtures with this map's geometry are simulated and measured with the same cutout rule, N and
/// sample count:
/// <list type="bullet">
/// <item><b>Relabel</b> (maps that know their particles, <see cref="AggregateMap.HasParticles"/>): the
/// particles' species (with their diameters when the species differ in size) are permuted over their
/// positions, so coverage, overlaps, sizes and outline are the map's own; the exact permutation null of
/// "species independent of position" when the species share a size distribution.</item>
/// <item><b>Matched</b> (other maps): Boolean-model disk maps with the given gamma sizes and species
/// independent with the map's number fraction, in an outline closed around the map's foreground, with
/// the overlap intensity read from the foreground's boundary length and the foreground area matched
/// (see <see cref="Matcher"/>).</item>
/// </list>
/// The reference variance is the geometric mean of the K simulated variances, exp(mean log s^2_k), so
/// the reference-normalised index log(s^2_max / s^2) / log(s^2_max / s^2_ref) averages 1 for random
/// mixtures without the bias of the log of a noisy variance. Simulation k uses streams derived from
/// (seed, k) only, so the result does not depend on the thread count.
/// </summary>
public static class RandomMixtureReference
{
    public const string RelabelMethod = "Relabel";

    public const string MatchedMethod = "Matched";

    private const long GeometryStream = 3_000_000;

    private const long CutoutStream = 5_000_000;

    /// <summary>The log variances log s^2_k of K simulated random mixtures, one array per particle count (NaN for N = 0).</summary>
    public static (double[][] LogVariances, string Method) Simulate(AggregateMap map, SchmahlIndexOptions options, ComputeOptions? compute = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        compute ??= ComputeOptions.Default;
        int simulations = options.ReferenceSimulations;
        var counts = options.ParticleCounts;
        var logs = new double[counts.Count][];
        for (int j = 0; j < logs.Length; j++)
        {
            logs[j] = new double[simulations];
        }

        if (simulations <= 0)
        {
            return (logs, string.Empty);
        }

        double pixel = options.PixelSize ?? map.PixelSize;
        Func<int, AggregateMap> generate = map.HasParticles ? Relabeller(map, options) : Matcher(map, options, pixel, compute);
        int done = 0;
        Parallel.For(0, simulations, compute.ToParallelOptions(), k =>
        {
            var sim = generate(k);
            var sampler = new CutoutSampler(sim);
            double p = sim.CarbonFraction;
            double particleArea = options.Sizes.MeanProjectedArea(p) / (pixel * pixel);
            for (int j = 0; j < counts.Count; j++)
            {
                int n = counts[j];
                if (n == 0 || p <= 0 || p >= 1)
                {
                    logs[j][k] = double.NaN;
                    continue;
                }

                double target = Math.Min(sim.ForegroundCount, Math.Max(1, n * particleArea));
                var stream = new RandomStream(options.Seed, CutoutStream + (long)k * 1_000_003 + n);
                double variance = SchmahlIndexAnalysis.CutoutVariance(sampler, target, p, options.SampleCount, stream, null, out _);
                logs[j][k] = Math.Log(variance);
            }

            int now = Interlocked.Increment(ref done);
            compute.Progress?.Report(new ProgressReport("Random-mixture reference", $"simulated mixture {now} of {simulations}", (double)now / simulations));
        });
        return (logs, map.HasParticles ? RelabelMethod : MatchedMethod);
    }

    /// <summary>
    /// Permutes the particles' species over their positions. When the two species' size distributions
    /// differ, the diameters travel with the species (the species-size pairs are permuted), so that the
    /// species keep their sizes; on a non-overlapping map this can create a few overlaps (a large
    /// particle moved to a small one's place), which lowers the reference variance slightly.
    /// </summary>
    private static Func<int, AggregateMap> Relabeller(AggregateMap map, SchmahlIndexOptions options)
    {
        var particles = map.GetParticles().ToArray();
        var sizes = options.Sizes;
        bool sameSizes = sizes.CarbonDiameter == sizes.SilicaDiameter && sizes.CarbonDiameterSpread == sizes.SilicaDiameterSpread;
        return k =>
        {
            var stream = new RandomStream(options.Seed, GeometryStream + k);
            var identity = new (double Diameter, bool Carbon)[particles.Length];
            for (int i = 0; i < identity.Length; i++)
            {
                identity[i] = (particles[i].Diameter, particles[i].Carbon);
            }

            for (int i = identity.Length - 1; i > 0; i--)
            {
                int j = (int)(stream.NextDouble() * (i + 1));
                (identity[i], identity[j]) = (identity[j], identity[i]);
            }

            var relabelled = new AggregateParticle[particles.Length];
            for (int i = 0; i < relabelled.Length; i++)
            {
                relabelled[i] = particles[i] with { Diameter = sameSizes ? particles[i].Diameter : identity[i].Diameter, Carbon = identity[i].Carbon };
            }

            return AggregateMapSimulator.Rasterize(relabelled, map.Width, map.Height);
        };
    }

    /// <summary>
    /// Disk maps matched to the map: the overlap intensity u = lambda E[a] from the foreground's boundary
    /// length per area (for a Boolean model of disks, L / A_F = (E[perimeter] / E[a]) u e^-u / (1 - e^-u),
    /// so non-overlapping disks give u -> 0); the outline O = the foreground closed with the smallest disk
    /// radius (d to 4 d) that gives |O| >= |F| / (1 - e^-u); germs uniform in O eroded by d / 2; a
    /// hard-core distance factor (no two centres closer than t times the sum of the radii) fitted so the
    /// simulated maps show the same u, and as many disks as make the foreground area match the map's.
    /// </summary>
    private static Func<int, AggregateMap> Matcher(AggregateMap map, SchmahlIndexOptions options, double pixel, ComputeOptions compute)
    {
        var sizes = options.Sizes;
        double p = map.CarbonFraction;
        double dc = sizes.CarbonDiameter / pixel, ds = sizes.SilicaDiameter / pixel;
        double sc = sizes.CarbonDiameterSpread / pixel, ss = sizes.SilicaDiameterSpread / pixel;
        double ac = Math.PI / 4 * (dc * dc + sc * sc), asi = Math.PI / 4 * (ds * ds + ss * ss);
        double q = p / ac / (p / ac + (1 - p) / asi); // number fraction of carbon particles
        double meanArea = q * ac + (1 - q) * asi;
        double meanDiameter = q * dc + (1 - q) * ds;
        double u = Intensity(map, Math.PI * meanDiameter / meanArea);
        double foreground = map.ForegroundCount;
        var (outline, germs) = Outline(map, meanDiameter, foreground / (1 - Math.Exp(-u)), compute);
        double perimeterPerArea = Math.PI * meanDiameter / meanArea;

        AggregateMap Draw(long stream, int n, double hardCore)
        {
            var rng = new RandomStream(options.Seed, stream);
            var particles = new AggregateParticle[n];
            var grid = hardCore > 0 ? new AggregateMapSimulator.DiskGrid(map.Width, map.Height, 2 * Math.Max(dc + 3 * sc, ds + 3 * ss), hardCore) : null;
            for (int i = 0; i < n; i++)
            {
                bool carbon = rng.NextDouble() < q;
                double mean = carbon ? dc : ds, spread = carbon ? sc : ss;
                double diameter = spread > 0 ? rng.NextGamma(mean * mean / (spread * spread), mean / (spread * spread)) : mean;
                AggregateParticle particle;
                int attempts = 0;
                do
                {
                    int g = germs[(int)(rng.NextDouble() * germs.Length)];
                    particle = new AggregateParticle(g % map.Width + rng.NextDouble(), g / map.Width + rng.NextDouble(), diameter, carbon);
                }
                while (grid is not null && !grid.TryAdd(particle) && ++attempts < MaxAttempts);

                particles[i] = particle;
            }

            return AggregateMapSimulator.Rasterize(particles, map.Width, map.Height);
        }

        // Calibration on pilot maps (streams below GeometryStream): the count matches the foreground area
        // (two steps on the Boolean coverage law; u read on the second pilot), and the hard-core distance factor t (0: Boolean
        // model, 1: no overlap) matches the overlap intensity u read by the same boundary estimator, by
        // bisection; a map with about the Boolean model's overlap or more keeps t = 0.
        long pilotStream = GeometryStream - 1;
        double coverage = Math.Min(0.95, foreground / outline);
        (int Count, double U) Fit(double hardCore)
        {
            double count = -Math.Log(1 - coverage) * outline / meanArea;
            AggregateMap pilot = null!;
            for (int step = 0; step < 2; step++)
            {
                pilot = Draw(pilotStream--, Math.Max(1, (int)Math.Round(count)), hardCore);
                double pilotCoverage = Math.Clamp(pilot.ForegroundCount / outline, 1e-6, 0.98);
                count *= Math.Log(1 - coverage) / Math.Log(1 - pilotCoverage);
            }

            return (Math.Max(1, (int)Math.Round(count)), Intensity(pilot, perimeterPerArea));
        }

        var (final, boolean) = Fit(0);
        double t = 0;
        if (u < BooleanOverlapShare * boolean)
        {
            double lo = 0, hi = 1;
            for (int i = 0; i < 4; i++)
            {
                double mid = 0.5 * (lo + hi);
                var (n, um) = Fit(mid);
                if (um > u)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                    (final, t) = (n, mid);
                }
            }

            if (t == 0)
            {
                (final, t) = (Fit(hi).Count, hi);
            }
        }

        return k => Draw(GeometryStream + k, final, t);
    }

    private const int MaxAttempts = 200;

    /// <summary>
    /// A map counts as less overlapping than a Boolean model (and gets a hard-core fit) when its u is below
    /// this share of the Boolean pilot's: the boundary estimator reads Boolean maps within about 10 %, and
    /// fitting t to that noise overshoots at high coverage, where the variance is sensitive to t.
    /// </summary>
    private const double BooleanOverlapShare = 0.7;

    /// <summary>
    /// u = lambda E[a] of a Boolean model of disks from the foreground's boundary length per foreground
    /// area (crack length times pi / 4, the isotropic correction of 4-connected pixel edges) and the
    /// particles' mean perimeter per mean area; solves g = u e^-u / (1 - e^-u) by bisection.
    /// </summary>
    internal static double Intensity(AggregateMap map, double perimeterPerArea)
    {
        int w = map.Width, h = map.Height;
        byte[] c = map.GetClasses();
        long cracks = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                bool f = c[y * w + x] != 0;
                bool right = x + 1 < w && c[y * w + x + 1] != 0;
                bool below = y + 1 < h && c[(y + 1) * w + x] != 0;
                if (f != right)
                {
                    cracks++;
                }

                if (f != below)
                {
                    cracks++;
                }

                if (f && (x == 0 || y == 0))
                {
                    cracks += (x == 0 ? 1 : 0) + (y == 0 ? 1 : 0);
                }
            }
        }

        double g = Math.PI / 4 * cracks / map.ForegroundCount / perimeterPerArea;
        if (g >= 1)
        {
            return 1e-6;
        }

        double lo = 1e-6, hi = 30;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            double f = mid * Math.Exp(-mid) / (1 - Math.Exp(-mid));
            if (f > g)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// The outline O: the foreground closed with the smallest disk radius r in [d, 4 d] (bisection)
    /// whose closing reaches <paramref name="wantedArea"/> pixels, joined with the foreground, as a
    /// pixel count; and the germ region (O eroded by half a diameter) as pixel indices.
    /// </summary>
    private static (double Outline, int[] Germs) Outline(AggregateMap map, double diameter, double wantedArea, ComputeOptions compute)
    {
        int w = map.Width, h = map.Height;
        byte[] classes = map.GetClasses();
        var labels = new VoxelStack(w, h, 1, VoxelDataType.UInt8);
        var bytes = labels.GetSliceBytes(0);
        for (int i = 0; i < classes.Length; i++)
        {
            bytes[i] = (byte)(classes[i] == 0 ? 1 : 0);
        }

        var isLabel1 = new bool[256];
        isLabel1[1] = true;
        var serial = compute with { Progress = null };
        var toForeground = EuclideanDistanceTransform.Compute(labels, isLabel1, false, serial).ReadSlice<float>(0).ToArray();

        float[] Closing(double r)
        {
            var b = labels.GetSliceBytes(0);
            for (int i = 0; i < classes.Length; i++)
            {
                b[i] = (byte)(classes[i] != 0 || toForeground[i] <= r ? 1 : 0);
            }

            return EuclideanDistanceTransform.Compute(labels, isLabel1, false, serial).ReadSlice<float>(0).ToArray();
        }

        long Area(float[] inside, double r)
        {
            long n = 0;
            for (int i = 0; i < classes.Length; i++)
            {
                if (classes[i] != 0 || inside[i] > r)
                {
                    n++;
                }
            }

            return n;
        }

        double lo = diameter, hi = 4 * diameter;
        var best = Closing(hi);
        double radius = hi;
        if (Area(best, hi) > wantedArea)
        {
            for (int i = 0; i < 6; i++)
            {
                double mid = 0.5 * (lo + hi);
                var inside = Closing(mid);
                if (Area(inside, mid) >= wantedArea)
                {
                    hi = mid;
                    best = inside;
                    radius = mid;
                }
                else
                {
                    lo = mid;
                }
            }
        }

        long outline = Area(best, radius);
        var germs = new List<int>();
        for (int i = 0; i < classes.Length; i++)
        {
            if (best[i] > radius + 0.5 * diameter)
            {
                germs.Add(i);
            }
        }

        if (germs.Count == 0)
        {
            for (int i = 0; i < classes.Length; i++)
            {
                if (classes[i] != 0)
                {
                    germs.Add(i);
                }
            }
        }

        return (outline, germs.ToArray());
    }
}

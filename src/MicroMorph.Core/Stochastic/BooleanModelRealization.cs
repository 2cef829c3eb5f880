using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Realizations of a stationary Boolean model (001 Section 3.1.1, Eq. 1; Section 3.1.3, Eq. 3)
/// on a voxel grid: the germs of a homogeneous Poisson process in the window enlarged by a
/// margin, each carrying an independent grain, painted with <see cref="GrainRasterizer"/>.
/// </summary>
/// <remarks>
/// <para>Coordinates are physical (the unit of the voxel size, in which the parameters are given);
/// voxel (i, j, k) has its centre at ((i + 0.5) vx, (j + 0.5) vy, (k + 0.5) vz) and a voxel is in
/// the model when its centre is covered. W is the box spanned by the voxel centres.</para>
/// <para>Margin: a germ at distance d from W can reach W only if its grain's circumradius R is at
/// least d, so the germs farther than m from W whose grain reaches W number on average
/// lambda E[|W+R| - |W+m|; R &gt; m] &lt;= lambda (S E[R; R &gt; m] + pi L E[R^2; R &gt; m] / 4 + 4 pi E[R^3; R &gt; m] / 3)
/// (Steiner's formula for the box W with surface S and total edge length L). The margin is the
/// smallest m that makes this bound at most <see cref="MissedGrainTolerance"/> (10^-6 grains per
/// realization), from the closed-form partial moments of each grain law; for balls of one radius
/// it is the radius and nothing is missed.</para>
/// <para>Determinism: the germ count comes from stream <see cref="CountStream"/> of the seed;
/// germs are drawn in blocks of <see cref="GermsPerBlock"/>, block b taking its positions from
/// stream PositionStreamBase + b and its grains from MarkStreamBase + b, so the same seed gives
/// the same germs, and the same voxels, at any degree of parallelism. Models that are composed
/// (001 Eq. 4) need different seeds.</para>
/// </remarks>
public static class BooleanModelRealization
{
    /// <summary>Bound on the expected number of grains that reach the image but are not drawn.</summary>
    public const double MissedGrainTolerance = 1e-6;

    /// <summary>Largest expected number of germs in the enlarged window (2^30) a realization accepts.</summary>
    public const double MaxExpectedGerms = 1 << 30;

    /// <summary>Largest margin accepted, as a multiple of the largest window extent.</summary>
    public const double MaxMarginPerWindow = 1000;

    public const int GermsPerBlock = 4096;

    private const long CountStream = 1;
    private const long PositionStreamBase = 1L << 40;
    private const long MarkStreamBase = 2L << 40;

    /// <summary>
    /// A new two-phase image of width x height x depth voxels of <paramref name="voxelSize"/>:
    /// label 0 (<paramref name="complementName"/>) for the complement, 1 (<paramref name="grainName"/>)
    /// for the union of the grains. The realization is recorded in the metadata (BooleanModel.*).
    /// </summary>
    public static PhaseImage Generate(
        int width,
        int height,
        int depth,
        VoxelSize voxelSize,
        BooleanModelParameters physicalParameters,
        long seed,
        bool openGrains,
        ComputeOptions options,
        string complementName = "Pore",
        string grainName = "Solid")
    {
        ArgumentNullException.ThrowIfNull(physicalParameters);
        ArgumentNullException.ThrowIfNull(options);
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.UInt8);
        ValidateVoxelSize(voxelSize);
        var phases = new PhaseTable([new Phase(0, complementName, RgbColor.Default(0)), new Phase(1, grainName, RgbColor.Default(1))]);
        var plan = Plan(physicalParameters, width, height, depth, voxelSize, (double)width * height * depth);

        var image = new PhaseImage(width, height, depth, phases) { VoxelSize = voxelSize };
        var info = Realize(image, 1, plan, seed, openGrains, options);
        info.WriteMetadata(image);
        image.Source = string.Create(
            CultureInfo.InvariantCulture,
            $"Boolean model: {physicalParameters.Intensity:G6} germs per {voxelSize.Unit}^3, {physicalParameters.Grains}, seed {seed}");
        return image;
    }

    /// <summary>
    /// Paints one realization into an existing image with <paramref name="label"/> (which must be
    /// in its phase table), overwriting whatever the covered voxels held; the parameters are in
    /// the unit of the image's voxel size. Composing models (e.g. the large pores of 001 Eq. 3 and
    /// then the graphite of Eq. 1 over an excursion set) is painting them in order.
    /// </summary>
    public static BooleanModelRealizationInfo Paint(
        PhaseImage target,
        byte label,
        BooleanModelParameters physicalParameters,
        long seed,
        bool openGrains,
        ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(physicalParameters);
        ArgumentNullException.ThrowIfNull(options);
        if (!target.Phases.TryGet(label, out _))
        {
            throw MicroMorphException.Argument(
                "LabelNotInPhaseTable",
                $"Label {label} is not in the phase table of the target image ({target.Phases}); add the phase before painting it.",
                label);
        }

        var plan = Plan(physicalParameters, target.Width, target.Height, target.Depth, target.VoxelSize, 0);
        return Realize(target, label, plan, seed, openGrains, options);
    }

    /// <summary>
    /// The germs of one realization whose grains reach the box of voxel centres (physical
    /// coordinates, see <see cref="PlacedGrain"/>), with the realization's counts.
    /// </summary>
    public static (PlacedGrain[] Grains, BooleanModelRealizationInfo Info) DrawGerms(
        BooleanModelParameters physicalParameters,
        int width,
        int height,
        int depth,
        VoxelSize voxelSize,
        long seed,
        ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(physicalParameters);
        ArgumentNullException.ThrowIfNull(options);
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.UInt8);
        ValidateVoxelSize(voxelSize);
        var plan = Plan(physicalParameters, width, height, depth, voxelSize, 0);
        var (grains, drawn) = Draw(plan, seed, options);
        return (grains, Info(plan, seed, false, drawn, grains.Length));
    }

    /// <summary>
    /// The margin m (physical units) by which the box of voxel centres, of extents
    /// <paramref name="lx"/> x <paramref name="ly"/> x <paramref name="lz"/>, is enlarged on each side
    /// for the germs: the smallest m whose bound on the expected number of missed grains is at most
    /// <see cref="MissedGrainTolerance"/> (see the remarks of the class).
    /// </summary>
    public static double GermMargin(BooleanModelParameters physicalParameters, double lx, double ly, double lz, double largestAllowed = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(physicalParameters);
        var law = physicalParameters.Grains;
        if (law is ConstantRadiusBalls balls)
        {
            return balls.Radius;
        }

        double lambda = physicalParameters.Intensity;
        double surface = 2 * (lx * ly + ly * lz + lz * lx), edges = 4 * (lx + ly + lz);
        double Missed(double m) => lambda * (surface * TailMoment(law, 1, m) + Math.PI / 4 * edges * TailMoment(law, 2, m) + 4 * Math.PI / 3 * TailMoment(law, 3, m));

        double hi = law.CircumRadiusQuantile(0.5);
        double lo = 0;
        while (!(Missed(hi) <= MissedGrainTolerance))
        {
            lo = hi;
            hi *= 2;
            if (!(hi <= largestAllowed) || double.IsInfinity(hi))
            {
                return hi;
            }
        }

        for (int i = 0; i < 60 && hi - lo > 1e-12 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Missed(mid) <= MissedGrainTolerance)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>
    /// E[R^j; R &gt; m] for the circumradius R of a grain (an upper bound for spheroids:
    /// max(A, C)^j 1{max(A, C) &gt; m} &lt;= A^j 1{A &gt; m} + C^j 1{C &gt; m}).
    /// </summary>
    internal static double TailMoment(GrainDistribution law, int power, double threshold) => law switch
    {
        ConstantRadiusBalls b => b.Radius > threshold ? Math.Pow(b.Radius, power) : 0,
        ExponentialRadiusBalls e => ExponentialTail(e.Rate, power, threshold),
        GammaSpheroids g => GammaTail(g.ShapeA, g.Rate, power, threshold) + GammaTail(g.ShapeC, g.Rate, power, threshold),
        _ => throw new MicroMorphException(
            "GrainLawNotSupported",
            MicroMorphErrorKind.NotSupported,
            $"No germ margin is known for grains of type {law.GetType().Name}.",
            law),
    };

    // E[R^j; R > m] = e^(-theta m) sum_{i<=j} j!/i! m^i theta^(i-j) for R ~ Exp(theta).
    private static double ExponentialTail(double rate, int power, double threshold)
    {
        double x = rate * threshold, term = 1, sum = 1;
        for (int i = 1; i <= power; i++)
        {
            term *= x / i;
            sum += term;
        }

        double factorial = 1;
        for (int i = 2; i <= power; i++)
        {
            factorial *= i;
        }

        return Math.Exp(-x) * sum * factorial / Math.Pow(rate, power);
    }

    // E[A^j; A > m] = alpha (alpha + 1) ... (alpha + j - 1) / gamma^j * Q(alpha + j, gamma m) for A ~ Gamma(alpha, gamma).
    private static double GammaTail(double shape, double rate, int power, double threshold)
    {
        double rising = 1;
        for (int i = 0; i < power; i++)
        {
            rising *= shape + i;
        }

        double upper = threshold <= 0 ? 1 : MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(shape + power, rate * threshold);
        return rising / Math.Pow(rate, power) * upper;
    }

    private static void ValidateVoxelSize(VoxelSize voxelSize)
    {
        foreach (double v in new[] { voxelSize.X, voxelSize.Y, voxelSize.Z })
        {
            if (!(v > 0) || double.IsInfinity(v))
            {
                throw MicroMorphException.Argument(
                    "InvalidVoxelSize",
                    string.Create(CultureInfo.InvariantCulture, $"The voxel size must be finite and positive along every axis; it is {voxelSize.X} x {voxelSize.Y} x {voxelSize.Z}."),
                    voxelSize);
            }
        }
    }

    /// <summary>Validates everything and sizes the work before anything is allocated.</summary>
    private static RealizationPlan Plan(BooleanModelParameters parameters, int width, int height, int depth, VoxelSize voxel, double outputBytes)
    {
        parameters.Validate();
        ValidateVoxelSize(voxel);
        double lx = (width - 1) * voxel.X, ly = (height - 1) * voxel.Y, lz = (depth - 1) * voxel.Z;
        double extent = Math.Max(width * voxel.X, Math.Max(height * voxel.Y, depth * voxel.Z));
        double largest = MaxMarginPerWindow * extent;
        double margin = GermMargin(parameters, lx, ly, lz, largest);
        if (!(margin <= largest))
        {
            throw MicroMorphException.Argument(
                "GrainTooLarge",
                string.Create(CultureInfo.InvariantCulture, $"The grains ({parameters.Grains}) reach more than {MaxMarginPerWindow} times the window's extent ({extent:G6} {voxel.Unit}); check that the parameters and the voxel size are in the same unit."),
                parameters);
        }

        double expected = parameters.Intensity * (lx + 2 * margin) * (ly + 2 * margin) * (lz + 2 * margin);
        if (!(expected <= MaxExpectedGerms))
        {
            throw new MicroMorphException(
                "TooManyGerms",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The window enlarged by the germ margin ({margin:G6} {voxel.Unit}) would hold {expected:G4} germs on average, more than {MaxExpectedGerms:G4}; check the intensity ({parameters.Intensity:G6} per {voxel.Unit}^3) and its unit."),
                parameters);
        }

        // Output, germs (64 bytes each, with room for Poisson fluctuation; held twice while the blocks
        // are joined) and the slice bins (4 bytes per grain and slice).
        double germBytes = 2 * 64 * (expected + 6 * Math.Sqrt(expected) + GermsPerBlock);
        double meanSlices = 2 * Math.Min(TailMoment(parameters.Grains, 1, 0), extent + 2 * margin) / voxel.Z + 2;
        double binBytes = 4 * Math.Min(expected * meanSlices, 1 << 24) + 16.0 * depth;
        MemoryBudget.Require(outputBytes + germBytes + binBytes, FormattableString.Invariant($"A {width} x {height} x {depth} Boolean model with {expected:G4} germs"), parameters);

        var lo = (X: 0.5 * voxel.X, Y: 0.5 * voxel.Y, Z: 0.5 * voxel.Z);
        return new RealizationPlan(parameters, voxel, lo, (lx, ly, lz), margin, expected);
    }

    private static BooleanModelRealizationInfo Realize(PhaseImage target, byte label, RealizationPlan plan, long seed, bool openGrains, ComputeOptions options)
    {
        var (grains, drawn) = Draw(plan, seed, options);
        GrainRasterizer.Paint(target, label, grains, openGrains, options);
        return Info(plan, seed, openGrains, drawn, grains.Length);
    }

    private static BooleanModelRealizationInfo Info(RealizationPlan plan, long seed, bool openGrains, long drawn, long kept) =>
        new(plan.Parameters, seed, openGrains, plan.Voxel.Unit ?? VoxelSize.UncalibratedUnit, plan.ExpectedGerms, drawn, kept, plan.Margin);

    /// <summary>Poisson germs in the enlarged box; keeps those whose grain's bounding box reaches the box of voxel centres.</summary>
    private static (PlacedGrain[] Grains, long Drawn) Draw(RealizationPlan plan, long seed, ComputeOptions options)
    {
        long count = new RandomStream(seed, CountStream).NextPoisson(plan.ExpectedGerms);
        int blocks = checked((int)((count + GermsPerBlock - 1) / GermsPerBlock));
        var law = plan.Parameters.Grains;
        double m = plan.Margin;
        var (x0, y0, z0) = (plan.Lower.X - m, plan.Lower.Y - m, plan.Lower.Z - m);
        var (sx, sy, sz) = (plan.Extent.X + 2 * m, plan.Extent.Y + 2 * m, plan.Extent.Z + 2 * m);
        var (x1, y1, z1) = (plan.Lower.X + plan.Extent.X, plan.Lower.Y + plan.Extent.Y, plan.Lower.Z + plan.Extent.Z);
        var kept = new PlacedGrain[blocks][];
        SliceIterator.For(blocks, options, "Drawing germs", b =>
        {
            int n = (int)Math.Min(GermsPerBlock, count - (long)b * GermsPerBlock);
            var positions = new RandomStream(seed, PositionStreamBase + b);
            var marks = new RandomStream(seed, MarkStreamBase + b);
            var list = new List<PlacedGrain>(n);
            for (int i = 0; i < n; i++)
            {
                double x = x0 + sx * positions.NextDouble();
                double y = y0 + sy * positions.NextDouble();
                double z = z0 + sz * positions.NextDouble();
                var grain = law.Sample(marks);
                var (ax, ay, az) = GrainRasterizer.Axis(grain);
                if (Outside(x, plan.Lower.X, x1) <= GrainRasterizer.HalfExtent(grain, ax)
                    && Outside(y, plan.Lower.Y, y1) <= GrainRasterizer.HalfExtent(grain, ay)
                    && Outside(z, plan.Lower.Z, z1) <= GrainRasterizer.HalfExtent(grain, az))
                {
                    list.Add(new PlacedGrain(x, y, z, grain));
                }
            }

            kept[b] = list.ToArray();
        });

        var all = new PlacedGrain[kept.Sum(k => (long)k.Length)];
        int at = 0;
        foreach (var block in kept)
        {
            block.CopyTo(all, at);
            at += block.Length;
        }

        return (all, count);
    }

    /// <summary>Distance from <paramref name="v"/> to the interval [lo, hi].</summary>
    private static double Outside(double v, double lo, double hi) => v < lo ? lo - v : v > hi ? v - hi : 0;

    private sealed record RealizationPlan(
        BooleanModelParameters Parameters,
        VoxelSize Voxel,
        (double X, double Y, double Z) Lower,
        (double X, double Y, double Z) Extent,
        double Margin,
        double ExpectedGerms);
}

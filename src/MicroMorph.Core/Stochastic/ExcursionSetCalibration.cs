using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Calibration of a Gaussian excursion set to a phase of an image (001 Section 3.2.2): the threshold
/// from the volume fraction (Eq. 19), the two-point coverage C(h) measured by
/// <see cref="Descriptors.TwoPointCoverage"/>, the field's correlation rho(h) at every measured distance
/// by bisection on Eq. 21, and eta by least squares of Eq. 2 to those rho(h).
/// </summary>
/// <remarks>
/// Eq. 21 as printed lacks a factor 1/(2 pi). The two-point coverage of the excursion set is the
/// bivariate normal orthant probability P(Z1 >= mu, Z2 >= mu) with correlation rho, whose derivative
/// in rho is the bivariate density at (mu, mu): exp(-mu^2 / (1 + rho)) / (2 pi sqrt(1 - rho^2)). Hence
/// C(h) = V^2 + (1 / (2 pi)) * integral_0^rho(h) exp(-mu^2 / (1 + t)) / sqrt(1 - t^2) dt,
/// which gives C = V at rho = 1 (and C = 1/4 + 1/4 = 1/2 at mu = 0). The 1/sqrt(1 - t^2) singularity
/// is removed by t = sin(phi): the integral is that of exp(-mu^2 / (1 + sin phi)) over [0, asin rho].
/// </remarks>
public static class ExcursionSetCalibration
{
    /// <summary>Default largest distance of the fit, in voxels of the finest axis (see <see cref="DefaultMaxDistance"/>).</summary>
    public const int DefaultMaxVoxels = 64;

    // 64-point Gauss-Legendre on [-1, 1] (the properties of the rule return copies: keep the arrays).
    private static readonly GaussLegendreRule Rule = new(-1, 1, 64);
    private static readonly double[] Nodes = Rule.Abscissas;
    private static readonly double[] Weights = Rule.Weights;

    /// <summary>Volume fraction of the mu-excursion set, 1 - Phi(mu) (Eq. 18).</summary>
    public static double VolumeFraction(double threshold) => 1 - Normal.CDF(0, 1, threshold);

    /// <summary>Threshold of a volume fraction, mu = Phi^-1(1 - V) (Eq. 19); throws <c>InvalidVolumeFraction</c> outside (0, 1).</summary>
    public static double Threshold(double volumeFraction)
    {
        if (!(volumeFraction > 0 && volumeFraction < 1))
        {
            throw MicroMorphException.Argument(
                "InvalidVolumeFraction",
                string.Create(CultureInfo.InvariantCulture, $"The volume fraction of an excursion set must lie strictly between 0 and 1; it is {volumeFraction}."),
                volumeFraction);
        }

        // Phi^-1(1 - V) = -Phi^-1(V), which keeps precision for V near 0 (+ 0.0 turns -0 into 0).
        return -Normal.InvCDF(0, 1, volumeFraction) + 0.0;
    }

    /// <summary>
    /// Two-point coverage C = P(Z1 >= mu, Z2 >= mu) of two field values with correlation <paramref name="rho"/>
    /// (Eq. 21 with its factor 1/(2 pi), see the remarks).
    /// </summary>
    public static double CoverageFromCorrelation(double threshold, double rho)
    {
        rho = Math.Clamp(rho, -1, 1);
        double v = VolumeFraction(threshold);
        double upper = Math.Asin(rho);
        double mu2 = threshold * threshold;
        double half = upper / 2;
        double sum = 0;
        for (int i = 0; i < Nodes.Length; i++)
        {
            double phi = half + half * Nodes[i];
            double d = 1 + Math.Sin(phi);
            sum += Weights[i] * (mu2 == 0 ? 1 : d <= 0 ? 0 : Math.Exp(-mu2 / d));
        }

        return v * v + half * sum / (2 * Math.PI);
    }

    /// <summary>
    /// The correlation rho whose coverage (Eq. 21) is <paramref name="coverage"/>, by bisection (the right-hand
    /// side increases with rho); clamped to -1 or 1 when the coverage lies outside the attainable range.
    /// </summary>
    public static double CorrelationFromCoverage(double threshold, double coverage)
    {
        double lo = -1, hi = 1;
        if (coverage >= CoverageFromCorrelation(threshold, hi))
        {
            return 1;
        }

        if (coverage <= CoverageFromCorrelation(threshold, lo))
        {
            return -1;
        }

        while (hi - lo > 1e-12)
        {
            double mid = (lo + hi) / 2;
            if (CoverageFromCorrelation(threshold, mid) < coverage)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    /// <summary>
    /// Least-squares eta of rho(h) = 1 / (1 + (eta h)^2) (Eq. 2) to (distance, rho) pairs, and the root
    /// mean square residual. Throws <c>CovarianceNotResolved</c> when no rho lies inside (0.02, 0.98).
    /// </summary>
    public static (double CovarianceScale, double Residual) FitCovarianceScale(IReadOnlyList<(double Distance, double Rho)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var usable = points.Where(p => p.Distance > 0 && p.Rho > 0.02 && p.Rho < 0.98)
            .Select(p => Math.Sqrt(1 / p.Rho - 1) / p.Distance).Order().ToArray();
        if (usable.Length == 0)
        {
            throw MicroMorphException.InvalidData(
                "CovarianceNotResolved",
                "The correlation of the field never falls between 0.98 and 0.02 within the measured distances: the structure is either coarser than the maximum distance (raise -MaxDistance) or finer than one voxel.",
                points.Count);
        }

        double SumOfSquares(double logEta)
        {
            double eta = Math.Exp(logEta), s = 0;
            foreach (var (h, rho) in points)
            {
                double r = rho - 1 / (1 + eta * h * eta * h);
                s += r * r;
            }

            return s;
        }

        // Coarse scan of log eta around the median of the pointwise solutions, then golden section.
        double center = Math.Log(usable[usable.Length / 2]);
        const int Steps = 200;
        double span = Math.Log(100), step = 2 * span / Steps;
        int best = 0;
        double bestValue = double.MaxValue;
        for (int i = 0; i <= Steps; i++)
        {
            double value = SumOfSquares(center - span + i * step);
            if (value < bestValue)
            {
                bestValue = value;
                best = i;
            }
        }

        double a = center - span + (best - 1) * step, b = center - span + (best + 1) * step;
        double g = (Math.Sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = SumOfSquares(c), fd = SumOfSquares(d);
        while (b - a > 1e-12)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = SumOfSquares(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = SumOfSquares(d);
            }
        }

        double logEta = (a + b) / 2;
        return (Math.Exp(logEta), Math.Sqrt(SumOfSquares(logEta) / points.Count));
    }

    /// <summary>
    /// Default largest distance: a quarter of the smallest extent of the image (over the axes with more
    /// than one voxel), at most <see cref="DefaultMaxVoxels"/> voxels of the finest axis.
    /// </summary>
    public static double DefaultMaxDistance(Volume image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var vs = image.VoxelSize;
        var axes = new[] { (image.Width, vs.X), (image.Height, vs.Y), (image.Depth, vs.Z) }.Where(a => a.Item1 > 1).ToArray();
        if (axes.Length == 0)
        {
            return vs.X;
        }

        double extent = axes.Min(a => a.Item1 * a.Item2);
        double finest = axes.Min(a => a.Item2);
        return Math.Max(finest, Math.Min(extent / 4, DefaultMaxVoxels * finest));
    }

    /// <summary>
    /// Calibrates the excursion set to <paramref name="phase"/> of <paramref name="image"/>, with C(h)
    /// measured up to <paramref name="maxDistance"/> (default <see cref="DefaultMaxDistance"/>) in the image's unit.
    /// </summary>
    public static ExcursionSetCalibrationResult Calibrate(PhaseImage image, Phase phase, double? maxDistance, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(options);
        double max = maxDistance ?? DefaultMaxDistance(image);
        if (!double.IsFinite(max) || max <= 0)
        {
            throw MicroMorphException.Argument(
                "InvalidMaxDistance",
                string.Create(CultureInfo.InvariantCulture, $"The maximum distance must be a positive number of {image.VoxelSize.Unit}; it is {max}."),
                max);
        }

        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 1),
            new ProgressStage("Two-point coverage", 4),
            new ProgressStage("Fitting the covariance scale (Eq. 2)", 0.5));
        long count = PhaseCounter.CountLabels(image, stages.Next())[phase.Label];
        if (count == 0 || count == image.VoxelCount)
        {
            throw MicroMorphException.InvalidData(
                "DegenerateVolumeFraction",
                $"Phase '{phase.Name}' covers {(count == 0 ? "none" : "all")} of the image; an excursion set is calibrated to a phase with a volume fraction strictly between 0 and 1.",
                phase.Name);
        }

        double v = (double)count / image.VoxelCount;
        double mu = Threshold(v);
        var coverage = Descriptors.TwoPointCoverage.Compute(image, phase, phase, max, centered: false, stages.Next());
        options.CancellationToken.ThrowIfCancellationRequested();
        stages.Next();
        var measured = coverage.Isotropic.Where(p => p.X > 0).ToArray();
        var rho = new double[measured.Length];
        Parallel.For(0, measured.Length, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = options.CancellationToken }, i =>
            rho[i] = CorrelationFromCoverage(mu, measured[i].Y));
        var (eta, residual) = FitCovarianceScale(measured.Select((p, i) => (p.X, rho[i])).ToArray());
        var table = measured.Select((p, i) => new ExcursionSetCovariancePoint(p.X, p.Y, rho[i], 1 / (1 + eta * p.X * eta * p.X))).ToArray();
        return new ExcursionSetCalibrationResult(phase.Name, v, mu, eta, residual, table, max, image.VoxelSize.Unit)
        {
            Source = image.Source,
        };
    }
}

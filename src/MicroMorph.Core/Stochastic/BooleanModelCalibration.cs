using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Numerics;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Fits a Boolean model to the densities of intrinsic volumes (001 Section 3.2.1) by minimising
/// Eq. 17 with Nelder-Mead:
/// <code>
/// (V - V^)^2 + L^2 (S - S^)^2 + (L^2)^2 (K - K^)^2 + (L^3)^2 (N - N^)^2
/// </code>
/// with V, S, K, N from Miles' formulas (<see cref="MilesFormulas"/>).
/// <para>
/// Coordinates. Every grain law here is a scale family: a length l times a law with fixed shape
/// parameters (balls: none, l = r; exponential balls: none, l = 1/theta; spheroids: alpha1, alpha2,
/// l = 1/gamma). The search runs over u = (ln lambda V-bar, ln lambda S-bar, ln of the shape
/// parameters), a one-to-one log reparametrisation of (lambda, r | theta | alpha1, alpha2, gamma):
/// given the shapes, V-bar/S-bar fixes l and then lambda V-bar fixes lambda. So all parameters stay
/// positive, and the two terms that dominate Eq. 17 (V = 1 - e^-u1, S = e^-u1 e^u2) each depend on
/// one coordinate only, which keeps the simplex out of the long curved valleys it crawls along in
/// (ln lambda, ln alpha1, ln alpha2, ln gamma), where K and N weigh 10^5 to 10^10 times less.
/// </para>
/// <para>
/// Start values are deterministic: u1 = -ln(1 - V^) and u2 = ln(S^ / (1 - V^)) reproduce V^ and S^
/// exactly; spheroids start from alpha1 = 20 with alpha2 = 20, 80 and 320 (mean aspect ratios 1, 4,
/// 16). Each start is refined by restarts from its best point with a fresh, smaller simplex while
/// that still lowers the objective; the best result over the starts is returned.
/// </para>
/// </summary>
public static class BooleanModelCalibration
{
    private const string FittingStage = "Fitting the Boolean model (Eq. 17)";

    private const double InitialStep = 0.2;   // ln units: a first simplex about 20 % wide
    private const double StartShape = 20;      // alpha1 of the spheroid starts (coefficient of variation 0.22)
    private static readonly double[] StartAspects = [1, 4, 16];

    /// <summary>Fits to densities given directly; <see cref="BooleanModelCalibrationOptions.LengthScale"/> is required.</summary>
    public static BooleanModelCalibrationResult Calibrate(IntrinsicVolumeDensities target, BooleanModelCalibrationOptions options, ComputeOptions? compute = null, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        target.Validate();
        options.Validate();
        if (double.IsNaN(options.LengthScale))
        {
            throw MicroMorphException.Argument(
                "LengthScaleRequired",
                "Fitting to densities given directly needs the length scale L of Eq. 17 (e.g. the voxel size of the image they were measured on).",
                options);
        }

        compute ??= ComputeOptions.Default;
        var stages = new StagedProgress(compute, new ProgressStage(FittingStage, 1));
        return Fit(target, options, stages.Next(), unit);
    }

    /// <summary>
    /// Measures the target densities of <paramref name="phase"/> with <see cref="IntrinsicVolumeAnalysis"/>
    /// (stationary window) and fits to them; L defaults to the voxel size (cube root of the voxel volume).
    /// </summary>
    public static BooleanModelCalibrationResult Calibrate(PhaseImage image, Phase phase, BooleanModelCalibrationOptions options, EulerConnectivity connectivity, ComputeOptions? compute = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        compute ??= ComputeOptions.Default;
        var stages = new StagedProgress(compute, new ProgressStage("Intrinsic volumes of the phase", 1), new ProgressStage(FittingStage, 2));
        var measured = IntrinsicVolumeAnalysis.Compute(image, phase, connectivity, ObservationWindow.Stationary, stages.Next());
        var target = IntrinsicVolumeDensities.From(measured);
        target.Validate();
        if (double.IsNaN(options.LengthScale))
        {
            options = options with { LengthScale = Math.Cbrt(image.VoxelSize.VoxelVolume) };
        }

        return Fit(target, options, stages.Next(), image.VoxelSize.Unit);
    }

    /// <summary>Eq. 17 for the given model densities.</summary>
    public static double Objective(IntrinsicVolumeDensities target, BooleanModelDensities model, double lengthScale)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(model);
        double l = lengthScale;
        double dv = model.VolumeFraction - target.VolumeFraction;
        double ds = l * (model.SurfaceDensity - target.SurfaceDensity);
        double dk = l * l * (model.MeanCurvatureDensity - target.MeanCurvatureDensity);
        double dn = l * l * l * (model.EulerDensity - target.EulerDensity);
        return dv * dv + ds * ds + dk * dk + dn * dn;
    }

    private static BooleanModelCalibrationResult Fit(IntrinsicVolumeDensities target, BooleanModelCalibrationOptions options, ComputeOptions compute, string unit)
    {
        var shape = options.GrainShape;
        double Evaluate(double[] u)
        {
            try
            {
                var model = Model(shape, u, options.Moments);
                if (model is null)
                {
                    return double.PositiveInfinity;
                }

                double value = Objective(target, model, options.LengthScale);
                return double.IsFinite(value) ? value : double.PositiveInfinity;
            }
            catch (MicroMorphException)
            {
                return double.PositiveInfinity; // a vertex outside the valid parameters is simply the worst
            }
        }

        var starts = Starts(target, options);
        NelderMeadResult? best = null;
        int iterations = 0;
        for (int s = 0; s < starts.Count; s++)
        {
            compute.Progress?.Report(new ProgressReport(FittingStage, $"Nelder-Mead start {s + 1} of {starts.Count}", (double)s / starts.Count));
            var steps = Enumerable.Repeat(InitialStep, starts[s].Length).ToArray();
            var run = Minimize(Evaluate, starts[s], steps, options, compute.CancellationToken);
            iterations += run.Iterations;
            for (int r = 0; r < options.Restarts; r++)
            {
                var again = Minimize(Evaluate, run.Point, steps.Select(d => d / 4).ToArray(), options, compute.CancellationToken);
                iterations += again.Iterations;
                bool improved = again.Value < run.Value * (1 - options.ObjectiveTolerance) - options.AbsoluteObjectiveTolerance;
                if (again.Value <= run.Value)
                {
                    run = again;
                }

                if (!improved)
                {
                    break;
                }
            }

            if (best is null || run.Value < best.Value)
            {
                best = run;
            }
        }

        compute.Progress?.Report(new ProgressReport(FittingStage, "done", 1));
        var fitted = Normalise(Model(shape, best!.Point, options.Moments)!.Parameters);
        var densities = MilesFormulas.Compute(fitted, options.Moments);
        return new BooleanModelCalibrationResult(
            fitted, target, densities, Objective(target, densities, options.LengthScale), iterations, best.Converged, options.LengthScale, shape, unit);
    }

    private static NelderMeadResult Minimize(Func<double[], double> f, double[] start, double[] steps, BooleanModelCalibrationOptions o, CancellationToken token) =>
        NelderMead.Minimize(f, start, steps, o.ParameterTolerance, o.ObjectiveTolerance, o.AbsoluteObjectiveTolerance, o.MaxIterations, token);

    /// <summary>
    /// The model at coordinates u (see the class summary): grain means of the unit-scale law, then the
    /// scale l from V-bar/S-bar = e^(u1 - u2) and lambda from lambda V-bar = e^u1. Null when out of range.
    /// </summary>
    private static BooleanModelDensities? Model(BooleanGrainShape shape, double[] u, GrainMomentOptions moments)
    {
        double lambdaV = Math.Exp(u[0]), lambdaS = Math.Exp(u[1]);
        var unit = UnitLaw(shape, u);
        if (unit is null || !(lambdaV > 0 && lambdaS > 0) || double.IsInfinity(lambdaV) || double.IsInfinity(lambdaS))
        {
            return null;
        }

        var m = GrainMoments.Compute(unit, moments);
        double scale = lambdaV / lambdaS * m.MeanSurfaceArea / m.MeanVolume;
        double lambda = lambdaV / (m.MeanVolume * scale * scale * scale);
        GrainDistribution grains = unit switch
        {
            ConstantRadiusBalls => new ConstantRadiusBalls(scale),
            ExponentialRadiusBalls => new ExponentialRadiusBalls(1 / scale),
            GammaSpheroids g => new GammaSpheroids(g.ShapeA, g.ShapeC, 1 / scale),
            _ => throw new InvalidOperationException(),
        };
        if (!(lambda > 0 && scale > 0) || double.IsInfinity(lambda) || double.IsInfinity(scale))
        {
            return null;
        }

        var means = new GrainMeans(m.MeanVolume * scale * scale * scale, m.MeanSurfaceArea * scale * scale, m.MeanIntegralOfMeanCurvature * scale);
        return MilesFormulas.FromMeans(new BooleanModelParameters(lambda, grains), means, moments.ToString());
    }

    /// <summary>The law at unit scale (r = 1, theta = 1 or gamma = 1) with the shape parameters e^u[2..].</summary>
    private static GrainDistribution? UnitLaw(BooleanGrainShape shape, double[] u)
    {
        switch (shape)
        {
            case BooleanGrainShape.Ball:
                return new ConstantRadiusBalls(1);
            case BooleanGrainShape.ExponentialBall:
                return new ExponentialRadiusBalls(1);
            default:
                double a = Math.Exp(u[2]), c = Math.Exp(u[3]);
                return a > 0 && c > 0 && double.IsFinite(a) && double.IsFinite(c) ? new GammaSpheroids(a, c, 1) : null;
        }
    }

    /// <summary>The law of min/max does not depend on which half-axis is called A: report alpha1 &lt;= alpha2 as the paper does.</summary>
    private static BooleanModelParameters Normalise(BooleanModelParameters p) =>
        p.Grains is GammaSpheroids g && g.ShapeA > g.ShapeC ? p with { Grains = new GammaSpheroids(g.ShapeC, g.ShapeA, g.Rate) } : p;

    /// <summary>Deterministic start points (see the class summary), or the given start.</summary>
    private static List<double[]> Starts(IntrinsicVolumeDensities target, BooleanModelCalibrationOptions options)
    {
        if (options.Start is { } given)
        {
            var m = GrainMoments.Compute(given.Grains, options.Moments);
            var u = new List<double> { Math.Log(given.Intensity * m.MeanVolume), Math.Log(given.Intensity * m.MeanSurfaceArea) };
            if (given.Grains is GammaSpheroids g)
            {
                u.Add(Math.Log(g.ShapeA));
                u.Add(Math.Log(g.ShapeC));
            }

            return [u.ToArray()];
        }

        double free = 1 - target.VolumeFraction;
        double u1 = -Math.Log(free);                       // lambda V-bar (Eq. 10)
        double u2 = Math.Log(target.SurfaceDensity / free); // lambda S-bar (Eq. 11)
        if (options.GrainShape != BooleanGrainShape.Spheroid)
        {
            return [[Math.Log(u1), u2]];
        }

        return StartAspects.Select(aspect => new[] { Math.Log(u1), u2, Math.Log(StartShape), Math.Log(StartShape * aspect) }).ToList();
    }
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Settings of <see cref="BooleanModelCalibration"/>. <see cref="LengthScale"/> is L of 001 Eq. 17
/// (the paper: 20 nm, its voxel size; NaN means "the voxel size" for an image, and is required
/// when the targets are given directly). Each Nelder-Mead run stops when all vertices lie within
/// <see cref="ParameterTolerance"/> of the best one in every log-parameter and within
/// <see cref="ObjectiveTolerance"/> (relative) plus <see cref="AbsoluteObjectiveTolerance"/> of the best
/// value of Eq. 17, or after <see cref="MaxIterations"/> iterations;
/// it is then restarted from its best point with a fresh simplex up to <see cref="Restarts"/> times
/// while that still lowers the objective.
/// </summary>
public sealed record BooleanModelCalibrationOptions
{
    public BooleanGrainShape GrainShape { get; init; } = BooleanGrainShape.Spheroid;

    public double LengthScale { get; init; } = double.NaN;

    public GrainMomentOptions Moments { get; init; } = GrainMomentOptions.Quadrature;

    public int MaxIterations { get; init; } = 4000;

    public double ParameterTolerance { get; init; } = 1e-9;

    public double ObjectiveTolerance { get; init; } = 1e-10;

    /// <summary>Far below the Euler term of Eq. 17 for any density worth fitting ((L^3 N)^2 is about 1e-10 in the paper).</summary>
    public double AbsoluteObjectiveTolerance { get; init; } = 1e-26;

    /// <summary>Optional start (same grain family as <see cref="GrainShape"/>) used instead of the derived start values.</summary>
    public BooleanModelParameters? Start { get; init; }

    public int Restarts { get; init; } = 4;

    public void Validate()
    {
        if (!double.IsNaN(LengthScale) && !(LengthScale > 0 && double.IsFinite(LengthScale)))
        {
            throw MicroMorphException.Argument(
                "InvalidLengthScale",
                FormattableString.Invariant($"The length scale L of the calibration objective must be a finite positive length; it is {LengthScale}."),
                LengthScale);
        }

        if (!Enum.IsDefined(GrainShape))
        {
            throw MicroMorphException.Argument("InvalidGrainShape", $"Unknown grain shape {GrainShape}.", GrainShape);
        }

        if (MaxIterations < 1 || Restarts < 0 || !(ParameterTolerance >= 0) || !(ObjectiveTolerance >= 0) || !(AbsoluteObjectiveTolerance >= 0))
        {
            throw MicroMorphException.Argument(
                "InvalidOptimizerSetting",
                "The iteration cap must be positive and the restarts and tolerances non-negative.",
                this);
        }

        ArgumentNullException.ThrowIfNull(Moments);
        Moments.Validate();
        if (Start is not null)
        {
            Start.Validate();
            bool matches = GrainShape switch
            {
                BooleanGrainShape.Ball => Start.Grains is ConstantRadiusBalls,
                BooleanGrainShape.ExponentialBall => Start.Grains is ExponentialRadiusBalls,
                _ => Start.Grains is GammaSpheroids,
            };
            if (!matches)
            {
                throw MicroMorphException.Argument(
                    "StartGrainShapeMismatch",
                    $"The start parameters have {Start.Grains}, which is not of the grain shape {GrainShape} being fitted.",
                    Start);
            }
        }
    }
}

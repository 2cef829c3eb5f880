namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A Boolean model fitted to intrinsic-volume densities by 001 Eq. 17: the fitted
/// <see cref="Parameters"/> (ready for a realization), the <see cref="Target"/> and
/// <see cref="Fitted"/> densities, the objective value, the Nelder-Mead iterations over all runs
/// and whether the last run met its tolerances. <see cref="Unit"/> is the length unit of the
/// densities and parameters when known (from an image), otherwise empty.
/// </summary>
public sealed record BooleanModelCalibrationResult(
    BooleanModelParameters Parameters,
    IntrinsicVolumeDensities Target,
    BooleanModelDensities Fitted,
    double Objective,
    int Iterations,
    bool Converged,
    double LengthScale,
    BooleanGrainShape GrainShape,
    string Unit)
{
    public double Intensity => Parameters.Intensity;

    /// <summary>The unit of <see cref="Intensity"/> (germs per unit volume), e.g. "µm^-3"; "unit^-3" when the densities came without a unit.</summary>
    public string IntensityUnit => (string.IsNullOrEmpty(Unit) ? "unit" : Unit) + "^-3";

    public GrainDistribution Grains => Parameters.Grains;
}

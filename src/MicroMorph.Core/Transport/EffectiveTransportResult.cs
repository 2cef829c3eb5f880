using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Transport;

/// <summary>
/// Steady-state conduction through one phase (or several phases with their conductivities)
/// along one direction. M-factor M = EffectiveConductivity / ReferenceConductivity = epsilon / tau_eff
/// (001 Eq. 27; 002 Eq. 3 calls it the effective transport parameter gamma).
/// </summary>
/// <param name="Phase">The conducting phase(s), joined with '+' when several.</param>
/// <param name="VolumeFraction">epsilon: fraction of all voxels in the conducting phase(s).</param>
/// <param name="PercolatingFraction">Fraction of the conducting voxels connected to both the inlet and the outlet face.</param>
/// <param name="EffectiveConductivity">sigma_eff, in the unit of the conductivities given (1 for a single phase).</param>
/// <param name="ReferenceConductivity">sigma_0: the highest conductivity given; M = sigma_eff / sigma_0.</param>
/// <param name="EffectiveTortuosity">tau_eff = epsilon sigma_0 / sigma_eff; infinity when the phase does not percolate.</param>
/// <param name="MFactor">M = epsilon / tau_eff; 0 when the phase does not percolate.</param>
/// <param name="Iterations">Conjugate-gradient iterations.</param>
/// <param name="RelativeResidual">Final ||b - A x||_2 / ||b||_2.</param>
/// <param name="Converged">Whether RelativeResidual reached the tolerance.</param>
public sealed record EffectiveTransportResult(
    string Phase,
    FlowDirection Direction,
    double VolumeFraction,
    double PercolatingFraction,
    double EffectiveConductivity,
    double ReferenceConductivity,
    double EffectiveTortuosity,
    double MFactor,
    int Iterations,
    double RelativeResidual,
    bool Converged)
{
    public string Source { get; init; } = string.Empty;

    /// <summary>Whether the conducting phase(s) connect the inlet and the outlet face.</summary>
    public bool Percolates => PercolatingFraction > 0;
}

using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Transport;

/// <summary>
/// The blocking-electrolyte impedance of one electrode (half of the symmetric cell of 002 Section 4, without the
/// separator) and the tortuosity factors derived from it (Nguyen et al., npj Comput. Mater. 6, 123, 2020).
/// Impedances are per unit electrode area: Ohm cm2 with physical parameters, otherwise in units of h / sigma
/// (h the voxel spacing along the direction, sigma the highest electrolyte conductivity given), as TauFactor reports them.
/// </summary>
/// <param name="Phase">The electrolyte-carrying phase(s), joined with '+'.</param>
/// <param name="ReactivePhase">The reactive (capacitive) phase(s), joined with '+'.</param>
/// <param name="Direction">The axis from the separator face (coordinate 0) to the current collector (the last slice).</param>
/// <param name="VolumeFraction">epsilon: fraction of all voxels in the electrolyte phase(s).</param>
/// <param name="ConnectedFraction">Fraction of the electrolyte voxels joined to the separator face (the unknowns).</param>
/// <param name="InterfaceDensity">a: capacitive interface area (times the interface fractions) per volume, in 1 / voxel-size unit.</param>
/// <param name="ElectrodeTortuosity">tau_e as TauFactor's ImpedanceSolver defines it: Re Z / Re Z_ref at omega_0 / 4, Z_ref the homogeneous ladder (R = 1 / epsilon, C = a per slice).</param>
/// <param name="ElectrodeTortuosityLimit">The continuum definition: R_ion epsilon sigma / L, the omega -> 0 limit of Re Z over that of a homogeneous transmission line.</param>
/// <param name="ThroughTortuosity">The through-pore effective tortuosity tau_eff = epsilon sigma / sigma_eff (infinity when the electrolyte does not percolate; NaN when not computed).</param>
/// <param name="IonicResistance">R_ion = 3 Re Z(omega -> 0), in <paramref name="ImpedanceUnit"/>.</param>
/// <param name="CharacteristicFrequency">omega_0 = epsilon / (a L^2) (h / sigma units; TauFactor's freq_0), or in Hz (omega_0 / 2 pi) with physical parameters.</param>
/// <param name="ImpedanceUnit">"Ohm cm2" or "h/sigma".</param>
/// <param name="FrequencyUnit">"Hz" or "sigma/(C h)" (dimensionless angular frequency).</param>
/// <param name="Spectrum">Z at each frequency, ascending.</param>
/// <param name="Solves">Complex solves: one for R_ion, one per frequency, and one for tau_e unless its frequency is in the spectrum.</param>
/// <param name="Iterations">COCG iterations of all solves together.</param>
/// <param name="RelativeResidual">The largest final relative residual of the solves.</param>
/// <param name="Converged">Whether every solve reached the tolerance.</param>
public sealed record ElectrodeImpedanceResult(
    string Phase,
    string ReactivePhase,
    FlowDirection Direction,
    double VolumeFraction,
    double ConnectedFraction,
    double InterfaceDensity,
    double ElectrodeTortuosity,
    double ElectrodeTortuosityLimit,
    double ThroughTortuosity,
    double IonicResistance,
    double CharacteristicFrequency,
    string ImpedanceUnit,
    string FrequencyUnit,
    ImpedanceSpectrum Spectrum,
    int Solves,
    int Iterations,
    double RelativeResidual,
    bool Converged)
{
    public string Source { get; init; } = string.Empty;
}

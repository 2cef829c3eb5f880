using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Transport;

/// <summary>
/// A phase that carries electrolyte in the blocking-electrode impedance: its conductivity relative to the bulk
/// electrolyte (002 Eq. 3's gamma for the CBD; 1 for the pore space) and the fraction of its interface with the
/// active material that is capacitive (002 Eq. 5: the electrolyte porosity of the CBD; 1 for the pore space).
/// </summary>
public sealed record ElectrolytePhase(Phase Phase, double Conductivity, double InterfaceFraction = 1.0);

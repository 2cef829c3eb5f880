using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Transport;

/// <summary>The intrinsic conductivity (or diffusivity) of one conducting phase; phases not listed do not conduct.</summary>
public sealed record PhaseConductivity(Phase Phase, double Conductivity);

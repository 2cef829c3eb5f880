namespace MicroMorph.Core.Transport;

/// <summary>
/// One point of an impedance spectrum: Frequency (Hz in physical units; in dimensionless units the angular
/// frequency omega C_dl h / sigma, TauFactor's <c>frequency</c>), the real and imaginary part of the impedance
/// per unit electrode area (Ohm cm2, or h / sigma in dimensionless units), and the unit of the impedance.
/// </summary>
public sealed record ImpedancePoint(double Frequency, double ZReal, double ZImag, string Unit);

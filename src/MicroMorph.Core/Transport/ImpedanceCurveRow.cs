namespace MicroMorph.Core.Transport;

/// <summary>
/// One row of an impedance spectrum as Get-DescriptorCurve writes it: the identification columns every curve row has
/// (Source, Phase, Direction, Curve) and the point (<see cref="ImpedancePoint"/>). A type of its own, so that its table
/// view shows the frequency and both parts of Z with their significant digits at 80 columns.
/// </summary>
public sealed record ImpedanceCurveRow(string Source, string Phase, string Direction, string Curve, double Frequency, double ZReal, double ZImag, string Unit);

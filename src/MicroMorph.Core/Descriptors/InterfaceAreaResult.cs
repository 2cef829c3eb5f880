namespace MicroMorph.Core.Descriptors;

/// <summary>
/// The interface between two phases: area per unit volume (Unit^-1) and the area in the observed
/// region (Unit^2); 002 Section 5.1 (S_AM,P, S_AM,CBD).
/// </summary>
public sealed record InterfaceAreaResult(string Phase, string OtherPhase, double InterfaceDensity, double InterfaceArea, ObservationWindow Window, string Unit)
{
    public string Source { get; init; } = string.Empty;
}

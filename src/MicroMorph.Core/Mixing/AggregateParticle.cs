namespace MicroMorph.Core.Mixing;

/// <summary>
/// One disk-shaped primary particle of a simulated aggregate map, in pixel units: centre, diameter
/// and species. Maps from <see cref="AggregateMapSimulator"/> keep their particles, so a
/// random-mixture reference (<see cref="RandomMixtureReference"/>) can relabel them.
/// </summary>
public readonly record struct AggregateParticle(double X, double Y, double Diameter, bool Carbon);

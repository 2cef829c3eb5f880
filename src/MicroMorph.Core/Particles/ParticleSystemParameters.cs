namespace MicroMorph.Core.Particles;

/// <summary>A generated particle system: balls of several phases in a matrix, some intergrown, some touching.</summary>
/// <param name="ParticleCount">Particles to place (fewer when the box is full).</param>
/// <param name="MinimumRadius">Smallest ball radius, in the unit.</param>
/// <param name="MaximumRadius">Largest ball radius, in the unit (radii are uniform in between).</param>
/// <param name="PhaseNames">The particle phases (labels 1, 2, ...; label 0 is "Matrix").</param>
/// <param name="IntergrownFraction">Probability that a particle is cut by a random plane into two phases.</param>
/// <param name="TouchingFraction">Probability that a particle gets a second ball overlapping it.</param>
public sealed record ParticleSystemParameters(int ParticleCount, double MinimumRadius, double MaximumRadius, IReadOnlyList<string> PhaseNames, double IntergrownFraction, double TouchingFraction);

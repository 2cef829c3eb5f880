namespace MicroMorph.Core.Stochastic;

/// <summary>
/// The mean volume, surface area and integral of mean curvature of the grains of a Boolean model
/// (V-bar, S-bar and K-bar of 001 Eqs. 10-16), in the length unit of the grain law (unit^3, unit^2,
/// unit). K is the integral of the mean curvature H = (k1 + k2) / 2 over the surface, so a ball of
/// radius r has V = 4/3 pi r^3, S = 4 pi r^2 and K = 4 pi r.
/// </summary>
public sealed record GrainMeans(double MeanVolume, double MeanSurfaceArea, double MeanIntegralOfMeanCurvature);

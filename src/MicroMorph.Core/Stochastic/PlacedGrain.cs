namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A grain translated to its germ (X, Y, Z), in the physical coordinates of an image: voxel
/// (i, j, k) has its centre at ((i + 0.5) vx, (j + 0.5) vy, (k + 0.5) vz), so the image covers
/// [0, width vx) x [0, height vy) x [0, depth vz) and each voxel is the cube around its centre.
/// </summary>
public readonly record struct PlacedGrain(double X, double Y, double Z, Grain Grain);

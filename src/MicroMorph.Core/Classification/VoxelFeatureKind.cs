namespace MicroMorph.Core.Classification;

/// <summary>
/// The per-voxel filter responses a voxel classifier learns from (the feature families of
/// ilastik and Trainable Weka Segmentation used in 001 Section 2.3.2), each at one scale sigma.
/// </summary>
public enum VoxelFeatureKind
{
    /// <summary>The Gaussian-smoothed grey value (one channel).</summary>
    GaussianSmoothing,

    /// <summary>The magnitude of the Gaussian gradient (one channel).</summary>
    GradientMagnitude,

    /// <summary>The trace of the Hessian of Gaussian (one channel).</summary>
    LaplacianOfGaussian,

    /// <summary>
    /// The eigenvalues of the structure tensor, descending (2 channels in 2-D, 3 in 3-D): gradient
    /// at the inner scale sigma, products smoothed at the outer scale sigma / 2 (ilastik's convention).
    /// </summary>
    StructureTensorEigenvalues,

    /// <summary>The eigenvalues of the Hessian of Gaussian, descending (2 channels in 2-D, 3 in 3-D).</summary>
    HessianEigenvalues,
}

using System.Globalization;

namespace MicroMorph.Core.Classification;

/// <summary>One feature family at one scale (sigma in voxels, as in 001 Section 2.3.2).</summary>
public sealed record VoxelFeature(VoxelFeatureKind Kind, double Sigma)
{
    /// <summary>Channels this feature adds: eigenvalue features one per dimension, the others one.</summary>
    public int ChannelCount(int dimensions) =>
        Kind is VoxelFeatureKind.StructureTensorEigenvalues or VoxelFeatureKind.HessianEigenvalues ? dimensions : 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({Sigma:G6})");
}

namespace MicroMorph.Core.Descriptors;

/// <summary>Adjacency of the phase's voxels for the Euler characteristic (the complement takes the other one).</summary>
public enum EulerConnectivity
{
    /// <summary>Voxels connect through faces (6-neighbourhood); the complement is 26-connected.</summary>
    Six = 6,

    /// <summary>Voxels connect through faces, edges and corners (26-neighbourhood); the complement is 6-connected.</summary>
    TwentySix = 26,
}

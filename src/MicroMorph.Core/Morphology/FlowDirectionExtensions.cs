using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Morphology;

/// <summary>What a <see cref="FlowDirection"/> means for a volume: its length, voxel size and coordinate along that axis.</summary>
public static class FlowDirectionExtensions
{
    /// <summary>Number of voxels along the direction.</summary>
    public static int ExtentOf(this FlowDirection direction, Volume volume) => direction switch
    {
        FlowDirection.X => volume.Width,
        FlowDirection.Y => volume.Height,
        _ => volume.Depth,
    };

    /// <summary>Voxel size along the direction.</summary>
    public static double SpacingOf(this FlowDirection direction, VoxelSize size) => direction switch
    {
        FlowDirection.X => size.X,
        FlowDirection.Y => size.Y,
        _ => size.Z,
    };

    /// <summary>The coordinate of voxel (x, y, z) along the direction.</summary>
    public static int CoordinateOf(this FlowDirection direction, int x, int y, int z) => direction switch
    {
        FlowDirection.X => x,
        FlowDirection.Y => y,
        _ => z,
    };
}

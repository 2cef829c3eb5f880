using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>Select-VoxelRegion: crops a box (origin and size in voxels) out of a volume.</summary>
[Cmdlet(VerbsCommon.Select, "VoxelRegion")]
[OutputType(typeof(VoxelStack), typeof(PhaseImage))]
public sealed class SelectVoxelRegionCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>First voxel x, y[, z] of the box (zero-based; z defaults to 0).</summary>
    [Parameter(Position = 0)]
    [ValidateCount(2, 3)]
    public int[] Origin { get; set; } = [0, 0, 0];

    /// <summary>Extent x, y[, z] of the box in voxels (z defaults to the rest of the volume).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateCount(2, 3)]
    public int[] Size { get; set; } = [];

    protected override void ProcessRecord()
    {
        var origin = (Origin[0], Origin[1], Origin.Length == 3 ? Origin[2] : 0);
        var size = (Size[0], Size[1], Size.Length == 3 ? Size[2] : InputObject.Depth - origin.Item3);
        if (TryRun("Cropping", o => RegionSelector.Crop(InputObject, origin, size, o), InputObject, out var cropped))
        {
            WriteObject(cropped);
        }
    }
}

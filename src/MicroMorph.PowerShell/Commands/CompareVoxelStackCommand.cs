using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Compare-VoxelStack: voxel-wise comparison of a reference volume with each volume piped in
/// (count and fraction of differing voxels, largest absolute difference, per-phase changes of
/// phase images). Volumes of different dimensions are refused (VolumeDimensionsDiffer).
/// </summary>
[Cmdlet(VerbsData.Compare, "VoxelStack")]
[OutputType(typeof(VolumeComparisonResult))]
public sealed class CompareVoxelStackCommand : MicroMorphCmdlet
{
    /// <summary>The volume the others are compared with.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Volume ReferenceObject { get; set; } = null!;

    /// <summary>The volume(s) compared with the reference, usually from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Volume DifferenceObject { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (TryRun("Comparing volumes", o => VolumeComparison.Compare(ReferenceObject, DifferenceObject, o), DifferenceObject, out var result))
        {
            WriteObject(result);
        }
    }
}

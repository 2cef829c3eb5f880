using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// ConvertTo-DistanceMap: the exact Euclidean distance of every voxel of a phase to the nearest
/// voxel outside it (physical units), or with -LocalThickness the radius of the largest ball
/// inside the phase that covers each voxel; a Float32 VoxelStack.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "DistanceMap")]
[OutputType(typeof(VoxelStack))]
public sealed class ConvertToDistanceMapCommand : PhaseImageCmdlet
{
    /// <summary>The phase, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string Phase { get; set; } = string.Empty;

    /// <summary>Output the local thickness (covering radius) instead of the distance.</summary>
    [Parameter]
    public SwitchParameter LocalThickness { get; set; }

    /// <summary>Count the outside of the image as outside the phase.</summary>
    [Parameter]
    public SwitchParameter BorderIsBackground { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(Phase, out var phase))
        {
            return;
        }

        if (TryRun(
                LocalThickness ? "Local thickness" : "Distance transform",
                o => LocalThickness
                    ? Core.Morphology.LocalThickness.Compute(InputObject, phase.Label, BorderIsBackground, o)
                    : EuclideanDistanceTransform.Compute(InputObject, phase.Label, BorderIsBackground, o),
                phase.Name,
                out var map))
        {
            WriteObject(map);
        }
    }
}

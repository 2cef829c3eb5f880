using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Resize-VoxelStack: down-samples by integer factors. -Method Subsample keeps every n-th voxel
/// (the 001 paper's resolution study), Mean averages blocks (grey stacks), Majority takes the most
/// frequent label (phase images). Default: Mean for grey stacks, Majority for phase images.
/// </summary>
[Cmdlet(VerbsCommon.Resize, "VoxelStack")]
[OutputType(typeof(VoxelStack), typeof(PhaseImage))]
public sealed class ResizeVoxelStackCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>Down-sampling factor: one value for all axes, or x, y, z.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateCount(1, 3)]
    public int[] Factor { get; set; } = [];

    [Parameter(Position = 1)]
    public DownsamplingMethod? Method { get; set; }

    protected override void BeginProcessing()
    {
        if (Factor.Length == 2)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(
                Core.Errors.MicroMorphException.Argument("InvalidDownsamplingFactor", "-Factor takes one value (all axes) or three (x, y, z), not two.", Factor)));
        }
    }

    protected override void ProcessRecord()
    {

        var factor = Factor.Length == 1 ? (Factor[0], Factor[0], Factor[0]) : (Factor[0], Factor[1], Factor[2]);
        if (InputObject.IsTwoDimensional && Factor.Length == 1)
        {
            factor.Item3 = 1;
        }

        var method = Method ?? (InputObject is PhaseImage ? DownsamplingMethod.Majority : DownsamplingMethod.Mean);
        if (TryRun("Down-sampling", o => Downsampler.Downsample(InputObject, factor, method, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}

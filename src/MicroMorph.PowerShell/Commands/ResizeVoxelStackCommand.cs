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
    [InputObject(typeof(Volume))]
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
        (int X, int Y, int Z) dropped;
        try
        {
            dropped = Downsampler.DroppedVoxels(InputObject, factor);
        }
        catch (Core.Errors.MicroMorphException ex)
        {
            WriteError(ex, InputObject);
            return;
        }

        if (dropped != (0, 0, 0))
        {
            WriteWarning(DroppedVoxelsWarning(InputObject, factor, dropped));
        }

        if (TryRun("Down-sampling", o => Downsampler.Downsample(InputObject, factor, method, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }

    /// <summary>Names the voxels cropped at the far edge because the size is not a multiple of the factor.</summary>
    private static string DroppedVoxelsWarning(Volume volume, (int X, int Y, int Z) factor, (int X, int Y, int Z) dropped)
    {
        var parts = new List<string>();
        void Axis(string name, int size, int f, int n)
        {
            if (n > 0)
            {
                string range = n == 1 ? $"{name} = {size - 1}" : $"{name} = {size - n}..{size - 1}";
                parts.Add(FormattableString.Invariant($"{n} along {name} ({range}; {size} is not a multiple of {f})"));
            }
        }

        Axis("x", volume.Width, factor.X, dropped.X);
        Axis("y", volume.Height, factor.Y, dropped.Y);
        Axis("z", volume.Depth, factor.Z, dropped.Z);
        long kept = (long)(volume.Width - dropped.X) * (volume.Height - dropped.Y) * (volume.Depth - dropped.Z);
        long lost = volume.VoxelCount - kept;
        return FormattableString.Invariant(
            $"Resize-VoxelStack crops {volume.Dimensions} to whole {factor.X} x {factor.Y} x {factor.Z} blocks, dropping the last voxels: {string.Join(", ", parts)}; {lost} of {volume.VoxelCount} voxels are left out, so the result covers exactly the physical region it represents. Crop with Select-VoxelRegion first to choose which voxels go.");
    }
}

using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that generate random model realizations: the grid (-Size), its voxel size
/// and unit (-VoxelSize, -Unit) and the seed (-Seed; a new random one, recorded in the image's
/// metadata, when not given).
/// </summary>
public abstract class ModelCmdlet : MicroMorphCmdlet
{
    /// <summary>Grid size in voxels: one value (cube) or x, y, z.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public int[] Size { get; set; } = [];

    /// <summary>Voxel edge length: one value (isotropic) or x, y, z.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? VoxelSize { get; set; }

    /// <summary>
    /// Length unit of the voxel size and of the model parameters. Bound by property name, so a
    /// calibration result piped in brings the unit its parameters were fitted in.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Unit { get; set; }

    /// <summary>Seed of the random streams; default: a new random seed, recorded in the metadata.</summary>
    [Parameter]
    public long? Seed { get; set; }

    /// <summary>The voxel size used when -VoxelSize is not given.</summary>
    protected virtual double[] DefaultVoxelSize => [1.0];

    /// <summary>The unit used when -Unit is not given: nm with -VoxelSize, else voxel.</summary>
    protected virtual string DefaultUnit => VoxelSize is null ? Core.Imaging.VoxelSize.UncalibratedUnit : "nm";

    /// <summary>
    /// The grid and voxel size asked for; false (with an ErrorRecord written) when -Size or -VoxelSize
    /// is invalid. Written as ordinary (non-terminating) errors, as every other bad parameter of the
    /// model cmdlets is, so -ErrorVariable captures them and -ErrorAction decides.
    /// </summary>
    protected bool TryResolveGrid(out int width, out int height, out int depth, out VoxelSize voxel)
    {
        (width, height, depth) = (0, 0, 0);
        voxel = default;
        if (Size.Length is not (1 or 3))
        {
            WriteError(MicroMorphException.Argument("InvalidSize", $"-Size takes one value (a cube) or three (x, y, z), not {Size.Length}.", Size), Size);
            return false;
        }

        if (VoxelSize is not null && VoxelSize.Length is not (1 or 3))
        {
            WriteError(MicroMorphException.Argument("InvalidVoxelSize", $"-VoxelSize takes one value (isotropic) or three (x, y, z), not {VoxelSize.Length}.", VoxelSize), VoxelSize);
            return false;
        }

        (width, height, depth) = Size.Length == 1 ? (Size[0], Size[0], Size[0]) : (Size[0], Size[1], Size[2]);
        try
        {
            voxel = Core.Imaging.VoxelSize.FromValues(VoxelSize ?? DefaultVoxelSize, Unit ?? DefaultUnit);
            return true;
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, VoxelSize);
            return false;
        }
    }

    /// <summary>The seed asked for, or a new random one.</summary>
    protected long ResolveSeed() => Seed ?? Random.Shared.Next();
}

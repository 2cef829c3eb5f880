using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Import-VoxelStack: reads a volume from TIFF/BigTIFF, a folder or wildcard of slice images,
/// raw (with -Dimensions), MetaImage, HDF5 or PNG. Each -Path value gives one volume; a value
/// that names a folder or matches several files gives one stack of those slices in natural order.
/// </summary>
[Cmdlet(VerbsData.Import, "VoxelStack", DefaultParameterSetName = PathSet)]
[OutputType(typeof(VoxelStack), typeof(PhaseImage))]
public sealed class ImportVoxelStackCommand : MicroMorphCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Raw files: width, height[, depth] in voxels.</summary>
    [Parameter]
    [ValidateCount(2, 3)]
    public long[]? Dimensions { get; set; }

    [Parameter]
    public VoxelDataType DataType { get; set; } = VoxelDataType.UInt8;

    [Parameter]
    public ByteOrder ByteOrder { get; set; } = ByteOrder.LittleEndian;

    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long HeaderBytes { get; set; }

    /// <summary>HDF5 dataset path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Dataset { get; set; }

    /// <summary>Channel of colour images to import.</summary>
    [Parameter]
    public ColorChannel? Channel { get; set; }

    /// <summary>Overrides the voxel size read from the file: one value (isotropic) or x, y, z.</summary>
    [Parameter]
    [ValidateCount(1, 3)]
    public double[]? VoxelSize { get; set; }

    /// <summary>Unit of -VoxelSize (e.g. nm, µm); alone, it relabels the unit of the file's voxel size.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Unit { get; set; }

    protected override void BeginProcessing()
    {
        if (VoxelSize is { Length: 2 })
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(
                MicroMorphException.Argument("InvalidVoxelSize", "-VoxelSize takes one value (isotropic) or three (x, y, z), not two.", VoxelSize)));
        }
    }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string path in literal ? LiteralPath : Path)
        {
            IReadOnlyList<string> files;
            VolumeReadOptions options;
            try
            {
                files = PathResolver.ResolveExisting(this, path, literal);
                options = new VolumeReadOptions { Dataset = Dataset, Channel = Channel, Raw = RawLayoutOrNull() };
            }
            catch (MicroMorphException ex)
            {
                WriteError(ex, path);
                continue;
            }

            if (TryRun("Importing " + path, compute => VolumeReader.Read(files, options with { Compute = compute }), path, out var volume))
            {
                if (!TryApplyVoxelSize(volume))
                {
                    continue;
                }

                WriteObject(volume);
            }
        }
    }

    private RawLayout? RawLayoutOrNull()
    {
        if (Dimensions is null)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(HeaderBytes)) || MyInvocation.BoundParameters.ContainsKey(nameof(ByteOrder)) || MyInvocation.BoundParameters.ContainsKey(nameof(DataType)))
            {
                throw MicroMorphException.Argument("RawLayoutRequired", "-DataType, -ByteOrder and -HeaderBytes describe a raw file and need -Dimensions.", Dimensions);
            }

            return null;
        }

        long depth = Dimensions.Length == 3 ? Dimensions[2] : 1;
        Volume.ValidateDimensions(Dimensions[0], Dimensions[1], depth, DataType);
        return new RawLayout((int)Dimensions[0], (int)Dimensions[1], (int)depth, DataType, ByteOrder, HeaderBytes);
    }

    private bool TryApplyVoxelSize(Volume volume)
    {
        try
        {
            if (VoxelSize is not null)
            {
                string unit = Unit ?? volume.VoxelSize.Unit;
                if (unit == Core.Imaging.VoxelSize.UncalibratedUnit)
                {
                    throw MicroMorphException.Argument(
                        "VoxelUnitRequired",
                        $"'{volume.Source}' carries no length unit; give -Unit with -VoxelSize (e.g. -Unit nm).",
                        VoxelSize);
                }

                volume.VoxelSize = Core.Imaging.VoxelSize.FromValues(VoxelSize, unit);
            }
            else if (Unit is not null)
            {
                volume.VoxelSize = volume.VoxelSize.WithUnit(Unit);
            }

            return true;
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, VoxelSize);
            return false;
        }
    }
}

using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Import-VoxelStack: reads a volume from TIFF/BigTIFF, a folder or wildcard of slice images,
/// raw (with -Dimensions), MetaImage, HDF5 or a 2D raster image (PNG, JPEG, BMP, GIF, TGA, WebP). Each -Path value gives one volume; a value
/// that names a folder or matches several files gives one stack of those slices in natural order.
/// -AsStack gathers the files of all input (e.g. piped from Get-ChildItem) into one stack.
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

    /// <summary>
    /// Builds one volume of every slice file given (piped from Get-ChildItem, listed, matched by
    /// wildcards or held by folders), one z-slice per file, in natural order of the file names.
    /// </summary>
    [Parameter]
    public SwitchParameter AsStack { get; set; }

    /// <summary>
    /// Folder for a scratch file that holds the imported voxels instead of memory (memory-mapped,
    /// deleted when the volume is disposed or PowerShell exits): for volumes larger than memory.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Scratch { get; set; }

    protected override string? ScratchFolder => Scratch is { } p ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(p) : null;

    // -AsStack: the files of every pipeline input, read as one stack in EndProcessing.
    private readonly List<string> _sliceFiles = [];
    private VolumeReadOptions? _sliceOptions;

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

            if (AsStack)
            {
                _sliceFiles.AddRange(files);
                _sliceOptions = options;
                continue;
            }

            WriteVerbose(Reading(path, files, options));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (TryRun("Importing " + path, compute => VolumeReader.Read(files, options with { Compute = compute }), path, out var volume))
            {
                var fileVoxelSize = volume.VoxelSize;
                if (!TryApplyVoxelSize(volume))
                {
                    continue;
                }

                foreach (string line in Read(volume, fileVoxelSize, clock))
                {
                    WriteVerbose(line);
                }

                WriteObject(volume);
            }
        }
    }

    /// <summary>-Verbose: what is about to be read, and how (format, layout given, dataset).</summary>
    private static string Reading(string path, IReadOnlyList<string> files, VolumeReadOptions options)
    {
        if (files.Count > 1)
        {
            return $"Reading '{path}': {files.Count} slice files in natural order, '{System.IO.Path.GetFileName(files[0])}' ... '{System.IO.Path.GetFileName(files[^1])}'.";
        }

        if (Directory.Exists(files[0]))
        {
            return $"Reading '{files[0]}': the slice files of the folder, in natural order.";
        }

        if (options.Raw is { } raw)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Reading '{files[0]}' as raw voxels: {raw.Width} x {raw.Height} x {raw.Depth} {raw.DataType}, {raw.ByteOrder}, {raw.HeaderBytes} header bytes skipped (from -Dimensions, -DataType, -ByteOrder, -HeaderBytes).");
        }

        string format = System.IO.Path.GetExtension(files[0]).ToLowerInvariant() switch
        {
            ".tif" or ".tiff" or ".btf" or ".tf8" or ".tf2" => "TIFF",
            var ext when Core.IO.RasterFormats.FromExtension(ext) is { } raster => raster.DisplayName() + " (2D, through ImageSharp)",
            ".mhd" or ".mha" => "MetaImage (header + raw data)",
            ".h5" or ".hdf5" or ".hdf" or ".he5" or ".nxs" => options.Dataset is null ? "HDF5 (the one image dataset of the file)" : $"HDF5 dataset '{options.Dataset}'",
            var ext => $"'{ext}' file",
        };
        return $"Reading '{files[0]}' as {format} (from the extension).";
    }

    /// <summary>-Verbose: what was read (dimensions, type, size, time), the file's format details and where the voxel size comes from.</summary>
    private IEnumerable<string> Read(Volume volume, Core.Imaging.VoxelSize fileVoxelSize, System.Diagnostics.Stopwatch clock)
    {
        yield return string.Create(CultureInfo.InvariantCulture, $"Read {volume.Dimensions} voxels of {volume.DataType} ({Size(volume.ByteCount)}) in {VerboseMessages.Seconds(clock)}; returned a {volume.GetType().Name}.");

        // Format details the reader recorded (TIFF: format, page count, compression, layout, byte order; slice series: count).
        var details = volume.Metadata
            .Where(m => m.Key.StartsWith("Tiff.", StringComparison.OrdinalIgnoreCase) || m.Key.Equals("SliceCount", StringComparison.OrdinalIgnoreCase))
            .Where(m => m.Value.Length <= 80)
            .Select(m => $"{m.Key} = {m.Value}")
            .ToList();
        if (details.Count > 0)
        {
            yield return "File: " + string.Join("; ", details) + ".";
        }

        bool fromParameters = VoxelSize is not null || Unit is not null;
        string source = fromParameters
            ? $"from -VoxelSize/-Unit (the file gave {fileVoxelSize})"
            : fileVoxelSize.Unit == Core.Imaging.VoxelSize.UncalibratedUnit
                ? "the file carries no calibration, so it is uncalibrated; give -VoxelSize and -Unit"
                : "read from the file";
        yield return $"Voxel size {volume.VoxelSize}: {source}.";
        if (volume is PhaseImage image)
        {
            yield return "The file carries a MicroMorph phase table: " + string.Join(", ", image.Phases.Select(p => $"{p.Label} {p.Name}")) + ".";
        }
    }

    protected override void EndProcessing()
    {
        if (!AsStack || _sliceOptions is null || _sliceFiles.Count == 0)
        {
            return;
        }

        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Reading {_sliceFiles.Count} slice file(s) as one stack, one z-slice per file, in natural order of their names."));
        var options = _sliceOptions;
        if (TryRun("Importing an image sequence", compute => VolumeReader.ReadSliceSeries(_sliceFiles, options with { Compute = compute }), _sliceFiles[0], out var volume) && TryApplyVoxelSize(volume))
        {
            WriteObject(volume);
        }
    }

    private static string Size(long bytes) => bytes < 1048576
        ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB"
        : (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

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

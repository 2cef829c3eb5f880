using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-VoxelStack: writes a volume as TIFF (ImageJ metadata; optionally Deflate, LZW or
/// PackBits compressed), raw + MetaImage header, HDF5 or PNG slices. Output is written under
/// temporary names and renamed when complete; existing files are kept unless -Force.
/// </summary>
[Cmdlet(VerbsData.Export, "VoxelStack", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVoxelStackCommand : MicroMorphCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume), ParticleLabels = true)]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>Output format; by default from the extension (.tif, .raw/.mhd, .h5, .png).</summary>
    [Parameter]
    public VolumeFormat Format { get; set; } = VolumeFormat.Auto;

    /// <summary>HDF5 dataset path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Dataset { get; set; } = "/data";

    /// <summary>Byte order of raw output.</summary>
    [Parameter]
    public ByteOrder ByteOrder { get; set; } = ByteOrder.LittleEndian;

    /// <summary>Compression of TIFF output (None, Deflate, Lzw, PackBits); other formats refuse it.</summary>
    [Parameter]
    public TiffCompression Compression { get; set; } = TiffCompression.None;

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the created files to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string requested = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
        string target;
        IReadOnlyList<string> planned;
        VolumeWriteOptions options;
        try
        {
            target = PathResolver.ResolveOutput(this, requested);
            var format = Format == VolumeFormat.Auto ? VolumeWriter.FormatFromPath(target) : Format;
            options = new VolumeWriteOptions { Force = Force, Dataset = Dataset, ByteOrder = ByteOrder, Compression = Compression };
            VolumeWriter.CheckOptions(format, target, options);
            planned = VolumeWriter.PlannedFiles(InputObject, target, format);
            string description = planned.Count == 1 ? planned[0] : $"{planned[0]} ... ({planned.Count} files)";
            string how = Compression == TiffCompression.None ? string.Empty : $" ({Compression})";

            // An existing file without -Force is refused before -WhatIf is answered, as every other writer
            // does: "What if" describes only a write that would happen.
            AtomicFileWriter.CheckTargets(planned, Force);
            if (!ShouldProcess(description, $"Write {InputObject.Dimensions} {InputObject.DataType} volume as {format}{how}"))
            {
                return;
            }
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, requested);
            return;
        }

        if (TryRun("Exporting " + target, compute => VolumeWriter.Write(InputObject, target, Format, options with { Compute = compute }), requested, out var written) && PassThru)
        {
            foreach (var file in written)
            {
                WriteFileItem(file);
            }
        }
    }
}

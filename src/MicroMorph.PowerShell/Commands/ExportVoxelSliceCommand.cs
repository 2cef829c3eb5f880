using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Png;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-VoxelSlice: writes a picture (PNG) of one section of a volume: grey stacks through a
/// grey window, phase images in their phase colours.
/// </summary>
[Cmdlet(VerbsData.Export, "VoxelSlice", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVoxelSliceCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Index of the section along -Axis; default the middle one.</summary>
    [Parameter(Position = 1)]
    public int? Slice { get; set; }

    [Parameter]
    public SliceAxis Axis { get; set; } = SliceAxis.Z;

    /// <summary>Grey value shown black (default: the section's minimum).</summary>
    [Parameter]
    public double? Minimum { get; set; }

    /// <summary>Grey value shown white (default: the section's maximum).</summary>
    [Parameter]
    public double? Maximum { get; set; }

    /// <summary>Integer enlargement for small images.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Scale { get; set; } = 1;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveOutputPath(Path, Force, out string target))
        {
            return;
        }

        int extent = Axis switch { SliceAxis.Z => InputObject.Depth, SliceAxis.Y => InputObject.Height, _ => InputObject.Width };
        int index = Slice ?? extent / 2;
        WritePng(target, Path, Force, PassThru, $"Write a picture of slice {index} along {Axis}", "Rendering slice", () =>
        {
            var picture = SliceRenderer.Render(InputObject, Axis, index, Minimum, Maximum, Scale);
            return (picture.Width, picture.Height, picture.Rgb);
        });
    }
}

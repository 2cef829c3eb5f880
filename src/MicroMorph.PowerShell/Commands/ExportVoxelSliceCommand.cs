using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.Plotting;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-VoxelSlice: writes a picture of one section of a volume, or of three orthogonal sections
/// (grey values through a percentile window and a colour map, phase colours, phase colours laid over
/// grey values; a scale bar, colour bar and legend on request), or with -Raw the section's own values.
/// </summary>
[Cmdlet(VerbsData.Export, "VoxelSlice", SupportsShouldProcess = true, DefaultParameterSetName = SectionSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVoxelSliceCommand : MicroMorphCmdlet
{
    private const string SectionSet = "Section";
    private const string OrthogonalSet = "Orthogonal";
    private const string RawSet = "Raw";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Index of the section along -Axis; default the middle one.</summary>
    [Parameter(Position = 1, ParameterSetName = SectionSet)]
    [Parameter(Position = 1, ParameterSetName = RawSet)]
    public int? Slice { get; set; }

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = RawSet)]
    public SliceAxis Axis { get; set; } = SliceAxis.Z;

    /// <summary>The x-y, y-z and x-z sections through -Point side by side.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OrthogonalSet)]
    public SwitchParameter Orthogonal { get; set; }

    /// <summary>The voxel x, y, z the orthogonal sections pass through; default the centre.</summary>
    [Parameter(ParameterSetName = OrthogonalSet)]
    [ValidateNotNull]
    public int[]? Point { get; set; }

    /// <summary>Lines where the other two sections cross each section.</summary>
    [Parameter(ParameterSetName = OrthogonalSet)]
    public SwitchParameter Crosshair { get; set; }

    /// <summary>Writes the section's values unchanged (PNG, TIFF, raw or HDF5 by extension), no picture.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RawSet)]
    public SwitchParameter Raw { get; set; }

    /// <summary>Grey value at the low end of the colour map (default: the low percentile).</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public double? Minimum { get; set; }

    /// <summary>Grey value at the high end (default: the high percentile).</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public double? Maximum { get; set; }

    /// <summary>The low and high percentile of the default grey window.</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    [ValidateNotNull]
    public double[] Percentile { get; set; } = [PercentileWindow.DefaultLow, PercentileWindow.DefaultHigh];

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public ColorMap? ColorMap { get; set; }

    /// <summary>A phase image of the same dimensions whose phase colours are laid over the picture.</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    [ValidateNotNull]
    public PhaseImage? Overlay { get; set; }

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    [ValidateRange(0.0, 1.0)]
    public double Opacity { get; set; } = 0.5;

    /// <summary>The overlay phases to colour (names or labels); default all.</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? OverlayPhase { get; set; }

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public SwitchParameter ScaleBar { get; set; }

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public SwitchParameter ColorBar { get; set; }

    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
    public SwitchParameter Legend { get; set; }

    /// <summary>Picture pixels per voxel along the finest voxel edge shown.</summary>
    [Parameter(ParameterSetName = SectionSet)]
    [Parameter(ParameterSetName = OrthogonalSet)]
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

        if (Raw)
        {
            WriteRaw(target);
            return;
        }

        if (!TryBuildView(out var view))
        {
            return;
        }

        var options = new SliceFigureOptions
        {
            ScaleBar = ScaleBar,
            ColorBar = ColorBar,
            Legend = Legend,
            Captions = Orthogonal,
            Crosshair = Crosshair,
        };
        var format = SliceFigure.FormatFromPath(target);
        var (px, py, pz) = view.Point ?? (InputObject.Width / 2, InputObject.Height / 2, InputObject.Depth / 2);
        string what = Orthogonal
            ? string.Create(CultureInfo.InvariantCulture, $"Write a picture of the orthogonal sections through voxel ({px}, {py}, {pz})")
            : string.Create(CultureInfo.InvariantCulture, $"Write a picture of slice {view.Index} along {Axis}");

        // Prepare before ShouldProcess, so that bad requests fail the same way under -WhatIf.
        SlicePicture picture;
        try
        {
            picture = SliceRenderer.Render(InputObject, view);
            if (options.Decorated)
            {
                SliceFigure.Layout(picture, options);
            }
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        if (!options.Decorated && format == FigureFormat.Png)
        {
            WritePng(target, Path, Force, PassThru, what, "Rendering slice", () => (picture.Width, picture.Height, picture.Rgb));
            return;
        }

        if (!ShouldProcess(target, what + (format == FigureFormat.Svg ? " (SVG)" : string.Empty)))
        {
            return;
        }

        if (TryRun(
                "Rendering slice",
                o =>
                {
                    AtomicFileWriter.Write(target, t => SliceFigure.Save(picture, options, t, format), Force, o.CancellationToken);
                    return target;
                },
                Path,
                out var written) && PassThru)
        {
            WriteFileItem(written);
        }
    }

    private bool TryBuildView(out SliceView view)
    {
        view = null!;
        (int X, int Y, int Z)? point = null;
        if (Point is not null)
        {
            if (Point.Length != 3)
            {
                WriteError("InvalidPoint", ErrorCategory.InvalidArgument, $"-Point takes three voxel indices x, y, z (e.g. -Point 128, 100, 64); {Point.Length} were given.", Point);
                return false;
            }

            point = (Point[0], Point[1], Point[2]);
        }

        if (Percentile.Length != 2)
        {
            WriteError("InvalidPercentile", ErrorCategory.InvalidArgument, $"-Percentile takes two percentiles, low and high (e.g. -Percentile 0.5, 99.5); {Percentile.Length} were given.", Percentile);
            return false;
        }

        IReadOnlyCollection<byte>? labels = null;
        if (Overlay is not null && OverlayPhase is not null)
        {
            bool failed = false;
            labels = PhaseSelection.Resolve(Overlay, OverlayPhase, (ex, name) =>
            {
                WriteError(ex, name);
                failed = true;
            }).Select(p => p.Label).ToArray();
            if (failed)
            {
                return false;
            }
        }

        view = new SliceView
        {
            Axis = Axis,
            Index = Slice ?? VolumeSection.Extent(InputObject, Axis) / 2,
            Orthogonal = Orthogonal,
            Point = point,
            Minimum = Minimum,
            Maximum = Maximum,
            LowPercentile = Percentile[0],
            HighPercentile = Percentile[1],
            ColorMap = ColorMap,
            Overlay = Overlay,
            Opacity = Opacity,
            OverlayLabels = labels,
            Scale = Scale,
        };
        return true;
    }

    private void WriteRaw(string target)
    {
        int index = Slice ?? VolumeSection.Extent(InputObject, Axis) / 2;
        Volume section;
        try
        {
            section = VolumeSection.Extract(InputObject, Axis, index);
            VolumeWriter.CheckOptions(VolumeFormat.Auto, target, new VolumeWriteOptions());
            if (VolumeWriter.FormatFromPath(target) == VolumeFormat.PngSlices && section.DataType is not (VoxelDataType.UInt8 or VoxelDataType.UInt16))
            {
                throw new MicroMorphException(
                    "FormatCannotHoldDataType",
                    MicroMorphErrorKind.NotSupported,
                    $"PNG holds 8- or 16-bit unsigned grey values; this volume is {section.DataType}. Write the section as TIFF (.tif), raw (.raw) or HDF5 (.h5), or leave out -Raw for a picture.",
                    InputObject);
            }
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        if (!ShouldProcess(target, string.Create(CultureInfo.InvariantCulture, $"Write the values of slice {index} along {Axis} ({section.Width} x {section.Height} {section.DataType})")))
        {
            return;
        }

        var options = new VolumeWriteOptions { Force = Force };
        if (TryRun("Writing slice", o => VolumeWriter.Write(section, target, VolumeFormat.Auto, options with { Compute = o }), Path, out var written) && PassThru)
        {
            foreach (string file in written)
            {
                WriteFileItem(file);
            }
        }
    }
}

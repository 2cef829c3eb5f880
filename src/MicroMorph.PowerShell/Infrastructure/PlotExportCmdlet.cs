using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Base of the Export-*Plot cmdlets: the piped objects (-InputObject), the PNG or SVG file (-Path,
/// -Force, -PassThru), the title and the size (-Title, -Width, -Height, -Scale), and the writing
/// step they share (rendering through ScottPlot is <see cref="PlotWriter"/>'s).
/// </summary>
public abstract class PlotExportCmdlet : MicroMorphCmdlet
{
    /// <summary>The objects to plot, from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The file to write: .png for a raster picture, .svg for a vector picture.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The plot's title (default: chosen from the data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Width of the picture in pixels (at -Scale 1).</summary>
    [Parameter]
    [ValidateRange(PlotSize.MinWidth, PlotSize.MaxWidth)]
    public int Width { get; set; } = 900;

    /// <summary>Height of the picture in pixels (at -Scale 1).</summary>
    [Parameter]
    [ValidateRange(PlotSize.MinHeight, PlotSize.MaxHeight)]
    public int Height { get; set; } = 560;

    /// <summary>
    /// Resolution factor: the picture is Width x Scale by Height x Scale pixels with text and lines
    /// Scale times larger, i.e. the same figure at a higher resolution (2 for print).
    /// </summary>
    [Parameter]
    [ValidateRange(PlotSize.MinScale, PlotSize.MaxScale)]
    public double Scale { get; set; } = 1;

    /// <summary>Overwrites an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Returns the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Checks the format (-Path ends in .png or .svg), the size and the target (an existing file needs
    /// -Force), prepares the figure (a MicroMorphException becomes an ErrorRecord, also under -WhatIf),
    /// then, if ShouldProcess agrees, renders and writes it atomically. Nothing is written on any error.
    /// </summary>
    protected void WritePlot(Func<PlotFigure> prepare, string action, string activity)
    {
        PlotSize size;
        try
        {
            PlotFormats.FromPath(Path);
            size = new PlotSize(Width, Height, Scale);
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        if (!TryResolveOutputPath(Path, Force, out string target))
        {
            return;
        }

        PlotFigure figure;
        try
        {
            figure = prepare();
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        if (!ShouldProcess(target, action))
        {
            return;
        }

        if (TryRun(
                activity,
                o =>
                {
                    PlotWriter.Write(figure, target, size, Force, o.CancellationToken);
                    return target;
                },
                Path,
                out var written) && PassThru)
        {
            WriteFileItem(written);
        }
    }
}

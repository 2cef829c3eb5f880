using System.Management.Automation;
using MicroMorph.Core.Errors;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Base of the Export-*Plot cmdlets: the piped objects (-InputObject), the PNG file (-Path,
/// -Force, -PassThru), the title and the size in pixels (-Title, -Width, -Height), and the
/// writing step they share.
/// </summary>
public abstract class PlotExportCmdlet : MicroMorphCmdlet
{
    /// <summary>The objects to plot, from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The plot's title (default: chosen from the data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>Width of the picture in pixels.</summary>
    [Parameter]
    [ValidateRange(200, 8000)]
    public int Width { get; set; } = 900;

    /// <summary>Height of the picture in pixels.</summary>
    [Parameter]
    [ValidateRange(150, 8000)]
    public int Height { get; set; } = 560;

    /// <summary>Overwrites an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Returns the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Resolves -Path (an existing file needs -Force), prepares the plot (a MicroMorphException
    /// becomes an ErrorRecord, also under -WhatIf), then renders and writes the PNG.
    /// </summary>
    protected void WritePlot<TPlot>(Func<TPlot> prepare, string action, string activity, Func<TPlot, (int Width, int Height, byte[] Rgb)> render)
    {
        if (!TryResolveOutputPath(Path, Force, out string target))
        {
            return;
        }

        TPlot plot;
        try
        {
            plot = prepare();
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        WritePng(target, Path, Force, PassThru, action, activity, () => render(plot));
    }
}

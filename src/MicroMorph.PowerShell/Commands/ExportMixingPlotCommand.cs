using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Png;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-MixingPlot: a PNG of mixing results from the pipeline: the histogram of Schmahl indices
/// (000 Fig. 5), the heatmap of Schmahl index against carbon fraction (Fig. 6), or R(h) with its
/// Eq. 14 fit (Fig. 7).
/// </summary>
[Cmdlet(VerbsData.Export, "MixingPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMixingPlotCommand : MicroMorphCmdlet
{
    private readonly List<object> _results = [];

    /// <summary>Get-SchmahlIndex or Get-ConcentrationCorrelation results.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The PNG file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Histogram, Heatmap or Correlation (default: Histogram for Schmahl indices, Correlation for correlation functions).</summary>
    [Parameter]
    public MixingPlotKind? Kind { get; set; }

    /// <summary>Bin width of the Schmahl index (and carbon fraction) classes.</summary>
    [Parameter]
    [ValidateRange(0.001, 10.0)]
    public double BinWidth { get; set; } = 0.1;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    [Parameter]
    [ValidateRange(200, 8000)]
    public int Width { get; set; } = 900;

    [Parameter]
    [ValidateRange(150, 8000)]
    public int Height { get; set; } = 560;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => _results.Add(InputObject.BaseObject);

    protected override void EndProcessing()
    {
        if (!TryResolveOutputPath(Path, Force, out string target))
        {
            return;
        }

        WritePng(target, Path, Force, PassThru, $"Write a mixing plot of {_results.Count} result(s)", "Drawing mixing plot", () => MixingPlots.Render(_results, Kind, Title, Width, Height, BinWidth));
    }
}

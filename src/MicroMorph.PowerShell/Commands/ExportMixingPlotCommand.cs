using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-MixingPlot: a PNG or SVG figure of mixing results from the pipeline: the histogram of Schmahl indices
/// (000 Fig. 5), the heatmap of Schmahl index against carbon fraction with a colour bar (Fig. 6), or R(h) with its
/// Eq. 14 fit (Fig. 7).
/// </summary>
[Cmdlet(VerbsData.Export, "MixingPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMixingPlotCommand : PlotExportCmdlet
{
    private readonly List<object> _results = [];

    /// <summary>Histogram, Heatmap or Correlation (default: Histogram for Schmahl indices, Correlation for correlation functions).</summary>
    [Parameter]
    public MixingPlotKind? Kind { get; set; }

    /// <summary>Bin width of the Schmahl index (and carbon fraction) classes.</summary>
    [Parameter]
    [ValidateRange(0.001, 10.0)]
    public double BinWidth { get; set; } = 0.1;

    protected override void ProcessRecord() => _results.Add(InputObject.BaseObject);

    protected override void EndProcessing() =>
        WritePlot(() => MixingPlots.For(_results, Kind, Title, BinWidth), $"Write a mixing plot of {_results.Count} result(s)", "Drawing mixing plot");
}

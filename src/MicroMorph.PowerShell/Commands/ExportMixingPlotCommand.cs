using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-MixingPlot: a PNG or SVG figure of mixing results from the pipeline: the histogram of Schmahl indices
/// (000 Fig. 5; with -GroupBy one histogram per group, drawn over one another as in Fig. 5a), the heatmap of
/// Schmahl index against carbon fraction with a colour bar (Fig. 6), or R(h) with its Eq. 14 fit (Fig. 7).
/// </summary>
[Cmdlet(VerbsData.Export, "MixingPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMixingPlotCommand : PlotExportCmdlet
{
    private readonly List<object> _results = [];
    private readonly List<string> _groups = [];
    private bool _failed;

    /// <summary>Histogram, Heatmap or Correlation (default: Histogram for Schmahl indices, Correlation for correlation functions).</summary>
    [Parameter]
    public MixingPlotKind? Kind { get; set; }

    /// <summary>Bin width of the Schmahl index (and carbon fraction) classes.</summary>
    [Parameter]
    [ValidateRange(0.001, 10.0)]
    public double BinWidth { get; set; } = 0.1;

    /// <summary>
    /// A property of the piped results (e.g. one added with Add-Member: the aggregate type or process
    /// condition) whose values split a histogram into one histogram per value, drawn over one another.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GroupBy { get; set; }

    protected override void ProcessRecord()
    {
        if (_failed)
        {
            return;
        }

        if (GroupBy is not null)
        {
            try
            {
                _groups.Add(Convert.ToString(ExportLinePlotCommand.Value(InputObject, GroupBy), CultureInfo.InvariantCulture) ?? string.Empty);
            }
            catch (MicroMorphException ex)
            {
                _failed = true;
                WriteError(ex, InputObject);
                return;
            }
        }

        _results.Add(DeserializedResult.Unwrap(InputObject)!);
    }

    protected override void EndProcessing()
    {
        if (!_failed)
        {
            WritePlot(() => MixingPlots.For(_results, Kind, Title, BinWidth, GroupBy is null ? null : _groups), $"Write a mixing plot of {_results.Count} result(s)", "Drawing mixing plot");
        }
    }
}

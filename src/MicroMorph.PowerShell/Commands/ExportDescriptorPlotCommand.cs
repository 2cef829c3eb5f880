using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Plotting;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-DescriptorPlot: a PNG picture of descriptor curves from the pipeline: CPSD and intrusion
/// curves (Measure-Constrictivity), tortuosity histograms (Measure-GeodesicTortuosity) or C(h)
/// (Measure-TwoPointCoverage). All piped results go into one picture.
/// </summary>
[Cmdlet(VerbsData.Export, "DescriptorPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDescriptorPlotCommand : PlotExportCmdlet
{
    private readonly List<object> _results = [];

    protected override void ProcessRecord() => _results.Add(InputObject.BaseObject);

    protected override void EndProcessing() =>
        WritePlot(() => DescriptorPlots.For(_results, Title, Width, Height), $"Write a plot of {_results.Count} result(s)", "Drawing plot", LinePlotRenderer.Render);
}

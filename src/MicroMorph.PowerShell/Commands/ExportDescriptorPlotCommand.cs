using System.Management.Automation;
using MicroMorph.Core.Plotting;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-DescriptorPlot: a PNG or SVG figure of descriptor results from the pipeline: CPSD and
/// intrusion curves (Measure-Constrictivity), tortuosity histograms (Measure-GeodesicTortuosity),
/// C(h) (Measure-TwoPointCoverage), liberation per size class (Measure-Liberation) or size-class
/// frequencies with their intervals (Measure-Representativeness). All piped results go into one figure.
/// </summary>
[Cmdlet(VerbsData.Export, "DescriptorPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDescriptorPlotCommand : PlotExportCmdlet
{
    private readonly List<object> _results = [];

    protected override void ProcessRecord() => _results.Add(DeserializedResult.Unwrap(InputObject)!);

    protected override void EndProcessing() =>
        WritePlot(() => DescriptorPlots.For(_results, Title), $"Write a plot of {_results.Count} result(s)", "Drawing plot");
}

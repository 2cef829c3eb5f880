using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Png;
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
public sealed class ExportDescriptorPlotCommand : MicroMorphCmdlet
{
    private readonly List<object> _results = [];

    /// <summary>ConstrictivityResult, GeodesicTortuosityResult or TwoPointCoverageResult objects.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

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

        PlotSpecification plot;
        try
        {
            plot = DescriptorPlots.For(_results, Title, Width, Height);
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        WritePng(target, Path, Force, PassThru, $"Write a plot of {_results.Count} result(s)", "Drawing plot", () => LinePlotRenderer.Render(plot));
    }
}

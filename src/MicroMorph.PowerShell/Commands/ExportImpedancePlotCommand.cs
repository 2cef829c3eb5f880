using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;
using MicroMorph.Core.Transport;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-ImpedancePlot: a Nyquist plot (equal axes) or a Bode plot (|Z| and phase against log frequency) of
/// Measure-ElectrodeImpedance results from the pipeline, one series per result, in one PNG or SVG.
/// </summary>
[Cmdlet(VerbsData.Export, "ImpedancePlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportImpedancePlotCommand : PlotExportCmdlet
{
    private readonly List<ElectrodeImpedanceResult> _results = [];
    private bool _failed;

    [Parameter]
    public ImpedancePlotKind Kind { get; set; } = ImpedancePlotKind.Nyquist;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Label { get; set; }

    /// <summary>The default width of a Nyquist plot (the height stays the default 560).</summary>
    internal const int NyquistWidth = 700;

    protected override void ProcessRecord()
    {
        if (_failed)
        {
            return;
        }

        if (DeserializedResult.Unwrap(InputObject) is ElectrodeImpedanceResult result)
        {
            _results.Add(result);
            return;
        }

        _failed = true;
        WriteError(MicroMorphException.Argument("NotAnImpedanceResult", $"{InputObject.BaseObject?.GetType().Name ?? "null"} is not an impedance result; pipe the results of Measure-ElectrodeImpedance.", InputObject.BaseObject), InputObject);
    }

    protected override void EndProcessing()
    {
        if (!_failed)
        {
            // Equal axes suit a squarer figure: a Nyquist plot is 700 px wide unless -Width says otherwise.
            if (Kind == ImpedancePlotKind.Nyquist && !MyInvocation.BoundParameters.ContainsKey(nameof(Width)))
            {
                Width = NyquistWidth;
            }

            WritePlot(() => ImpedancePlots.For(_results, Kind, Label, Title), $"Write a {Kind} plot of {_results.Count} impedance spectra", "Drawing impedance plot");
        }
    }
}

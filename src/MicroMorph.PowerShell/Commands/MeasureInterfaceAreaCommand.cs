using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-InterfaceArea: the area of the interface between two phases per unit volume
/// (002 Section 5.1, e.g. S_AM,P and S_AM,CBD), from surface densities of the phases and their union.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "InterfaceArea")]
[OutputType(typeof(InterfaceAreaResult))]
public sealed class MeasureInterfaceAreaCommand : PhaseImageCmdlet
{
    /// <summary>The first phase, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string Phase { get; set; } = string.Empty;

    /// <summary>The phases on the other side of the interface (one result each).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[] OtherPhase { get; set; } = [];

    /// <summary>Stationary (edge-corrected densities) or Background (whole objects).</summary>
    [Parameter]
    public ObservationWindow Window { get; set; } = ObservationWindow.Stationary;

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(Phase, out var first))
        {
            return;
        }

        foreach (var other in PhaseSelection.Resolve(InputObject, OtherPhase, (ex, name) => WriteError(ex, name)))
        {
            if (TryRun($"Interface {first.Name} / {other.Name}", o => IntrinsicVolumeAnalysis.InterfaceDensity(InputObject, first, other, Window, o), other.Name, out var result))
            {
                WriteObject(result);
            }
        }
    }
}

using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-Constrictivity: continuous phase size distribution (001 Eq. 26), simulated mercury
/// intrusion from the inlet face of -Direction, RMax, RMin and the constrictivity
/// beta = (RMin / RMax)^2 of each phase; one result per (image, phase, direction).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Constrictivity")]
[OutputType(typeof(ConstrictivityResult))]
public sealed class MeasureConstrictivityCommand : PhaseSelectionCmdlet
{
    /// <summary>Axes along which the intrusion enters (from the face at 0).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public FlowDirection[] Direction { get; set; } = [FlowDirection.Z];

    protected override void ProcessRecord()
    {
        foreach (var phase in SelectedPhases())
        {
            foreach (var direction in Direction.Distinct())
            {
                if (TryRun($"Constrictivity of {phase.Name} along {direction}", o => ConstrictivityAnalysis.Compute(InputObject, phase, direction, o), phase.Name, out var result))
                {
                    WriteObject(result);
                }
            }
        }
    }
}

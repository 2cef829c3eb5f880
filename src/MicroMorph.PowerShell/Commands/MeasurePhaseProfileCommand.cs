using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-PhaseProfile: the volume fraction of each phase in every slice along an axis
/// (002 Fig. 10: volume fraction against the distance to the separator); one object per slice and phase.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "PhaseProfile")]
[OutputType(typeof(PhaseProfilePoint))]
public sealed class MeasurePhaseProfileCommand : PhaseSelectionCmdlet
{
    /// <summary>The axis perpendicular to the slices.</summary>
    [Parameter]
    public FlowDirection Axis { get; set; } = FlowDirection.Z;

    protected override void ProcessRecord()
    {
        var wanted = SelectedPhases().Select(p => p.Name).ToHashSet();
        if (wanted.Count == 0)
        {
            return;
        }

        if (TryRun("Phase profile", o => PhaseProfile.Compute(InputObject, Axis, o), InputObject, out var points))
        {
            foreach (var point in points)
            {
                if (wanted.Contains(point.Phase))
                {
                    WriteObject(point);
                }
            }
        }
    }
}

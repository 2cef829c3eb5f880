using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-IntrinsicVolume: volume fraction, surface density, mean curvature density and Euler
/// density of each phase from 2x2x2 configuration counts; one result per (image, phase).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "IntrinsicVolume")]
[OutputType(typeof(IntrinsicVolumeResult))]
public sealed class MeasureIntrinsicVolumeCommand : PhaseSelectionCmdlet
{
    /// <summary>Adjacency of the phase's voxels for the Euler characteristic.</summary>
    [Parameter]
    public EulerConnectivity Connectivity { get; set; } = EulerConnectivity.TwentySix;

    /// <summary>Stationary (a window into a material, edge-corrected) or Background (whole objects).</summary>
    [Parameter]
    public ObservationWindow Window { get; set; } = ObservationWindow.Stationary;

    protected override void ProcessRecord()
    {
        foreach (var phase in SelectedPhases())
        {
            if (TryRun($"Intrinsic volumes of {phase.Name}", o => IntrinsicVolumeAnalysis.Compute(InputObject, phase, Connectivity, Window, o), phase.Name, out var result))
            {
                WriteObject(result);
            }
        }
    }
}

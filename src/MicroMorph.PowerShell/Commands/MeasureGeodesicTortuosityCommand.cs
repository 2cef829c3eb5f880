using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-GeodesicTortuosity: distribution of the shortest path length within a phase from
/// each inlet voxel to the outlet plane, divided by the thickness; one result per (image, phase,
/// direction). A phase that does not percolate gives PercolatingFraction 0 and a warning.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "GeodesicTortuosity")]
[OutputType(typeof(GeodesicTortuosityResult))]
public sealed class MeasureGeodesicTortuosityCommand : PhaseSelectionCmdlet
{
    /// <summary>Axes from the inlet face (0) to the outlet face.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public FlowDirection[] Direction { get; set; } = [FlowDirection.Z];

    /// <summary>Number of histogram bins of the Distribution.</summary>
    [Parameter]
    [ValidateRange(1, 100_000)]
    public int BinCount { get; set; } = 50;

    protected override void ProcessRecord()
    {
        foreach (var phase in SelectedPhases())
        {
            foreach (var direction in Direction.Distinct())
            {
                if (!TryRun($"Geodesic tortuosity of {phase.Name} along {direction}", o => GeodesicTortuosityAnalysis.Compute(InputObject, phase, direction, BinCount, o), phase.Name, out var result))
                {
                    continue;
                }

                if (result.PercolatingVoxels == 0)
                {
                    WriteWarning(string.Create(CultureInfo.InvariantCulture, $"The phase '{phase.Name}' does not percolate along {direction}: none of its {result.InletVoxels} inlet voxels is connected to the outlet plane."));
                }

                WriteObject(result);
            }
        }
    }
}

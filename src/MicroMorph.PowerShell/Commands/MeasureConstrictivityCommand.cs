using System.Diagnostics;
using System.Globalization;
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
                var clock = Stopwatch.StartNew();
                if (!TryRun($"Constrictivity of {phase.Name} along {direction}", o => ConstrictivityAnalysis.Compute(InputObject, phase, direction, o), phase.Name, out var result))
                {
                    continue;
                }

                WriteVerbose(Solved(result, clock));
                if (!result.Percolates)
                {
                    WriteWarning(string.Create(CultureInfo.InvariantCulture, $"The phase '{phase.Name}' does not percolate along {direction}: no path through it joins the inlet and outlet faces, so the intrusion never reaches the outlet; RMin = {result.RMin:G6} {result.Unit} and the constrictivity {result.Constrictivity:G6} describe only the part reached from the inlet."));
                }
                else if (result.RMin == 0 && result.IntrusionCurve.Count > 0)
                {
                    WriteWarning(string.Create(CultureInfo.InvariantCulture, $"Only {result.IntrusionCurve[0].Y:P1} of the phase '{phase.Name}' is connected to the inlet face along {direction} (less than half), so RMin = 0 and the constrictivity is 0."));
                }

                WriteObject(result);
            }
        }
    }

    private static string Solved(ConstrictivityResult r, Stopwatch clock) => string.Create(
        CultureInfo.InvariantCulture,
        $"Constrictivity of '{r.Phase}' along {r.Direction}: volume fraction {r.VolumeFraction:G6}; RMax = {r.RMax:G6} {r.Unit} (phase size distribution at 0.5, {r.PoreSizeDistribution.Count} radii), RMin = {r.RMin:G6} {r.Unit} (intrusion from the {r.Direction} = 0 face at 0.5, reaching {(r.IntrusionCurve.Count > 0 ? r.IntrusionCurve[0].Y : 0):P1} of the phase; {(r.Percolates ? "reaches" : "does not reach")} the outlet face); constrictivity {r.Constrictivity:G6}; {VerboseMessages.Seconds(clock)}.");
}

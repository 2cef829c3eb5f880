using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Merge-Phase: a new phase image in which the phases named by -Phase are one phase called -Name
/// (e.g. graphite and carbon-binder as the solid phase whose descriptors 001 Section 3.3 reports).
/// </summary>
[Cmdlet(VerbsData.Merge, "Phase")]
[OutputType(typeof(PhaseImage))]
public sealed class MergePhaseCommand : PhaseImageCmdlet
{
    /// <summary>The phases to merge, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[] Phase { get; set; } = [];

    /// <summary>The name of the merged phase.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var phases = new List<Phase>();
        foreach (string name in Phase)
        {
            if (!TryResolvePhase(name, out var phase))
            {
                return;
            }

            phases.Add(phase);
        }

        if (TryRun("Merging phases", o => PhaseMerger.Merge(InputObject, phases, Name, o), InputObject, out var merged))
        {
            WriteObject(merged);
        }
    }
}

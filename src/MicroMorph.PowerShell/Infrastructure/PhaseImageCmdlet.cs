using System.Management.Automation;
using MicroMorph.Core.Imaging;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>Base of the cmdlets that measure a phase image piped to them (-InputObject by pipeline or name, never by
/// position: a positional InputObject would take the first argument after a pipe, e.g. the phase in
/// <c>$p | ConvertTo-DistanceMap Pore</c>).</summary>
public abstract class PhaseImageCmdlet : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(PhaseImage))]
    [ValidateNotNull]
    public PhaseImage InputObject { get; set; } = null!;

    /// <summary>Finds one phase by name or label; an unknown one is written as a PhaseNotFound error and gives false.</summary>
    protected bool TryResolvePhase(string nameOrLabel, out Phase phase) => TryResolvePhase(InputObject, nameOrLabel, out phase);
}

/// <summary>Base of the descriptor cmdlets that measure some or all phases (-Phase at position 0).</summary>
public abstract class PhaseSelectionCmdlet : PhaseImageCmdlet
{
    /// <summary>Phases by name or label (default: every phase of the table).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[]? Phase { get; set; }

    /// <summary>The phases asked for; unknown names are reported as errors and skipped.</summary>
    protected IReadOnlyList<Phase> SelectedPhases() =>
        PhaseSelection.Resolve(InputObject, Phase, (ex, name) => WriteError(ex, name));
}

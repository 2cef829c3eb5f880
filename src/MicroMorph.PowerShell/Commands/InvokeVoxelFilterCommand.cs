using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Invoke-VoxelFilter: morphological filters of one phase with a Euclidean ball (dilation,
/// erosion, opening, closing; 001 Section 2.3.2 closes the graphite with a ball of 10 voxels), by
/// distance transforms.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VoxelFilter")]
[OutputType(typeof(PhaseImage))]
public sealed class InvokeVoxelFilterCommand : PhaseImageCmdlet
{
    /// <summary>The filter.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public MorphologicalOperation Filter { get; set; }

    /// <summary>The phase filtered, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [ValidateNotNullOrEmpty]
    public string Phase { get; set; } = string.Empty;

    /// <summary>The ball radius in the image's unit.</summary>
    [Parameter(Mandatory = true)]
    public double Radius { get; set; }

    /// <summary>The phase that voxels leaving -Phase become (needed by Erosion and Opening).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReplacementPhase { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(Phase, out var phase))
        {
            return;
        }

        Phase? replacement = null;
        if (ReplacementPhase is not null && !TryResolvePhase(ReplacementPhase, out replacement))
        {
            return;
        }

        if (TryRun($"{Filter} of {phase.Name}", o => BallMorphology.Apply(InputObject, phase, Filter, Radius, replacement, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}

using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-TwoPointCoverage: C(h) = P(x in -Phase, x + h in -SecondPhase) up to -MaxDistance,
/// radially averaged and along each axis; centred (C - e_i e_j) with -Centered.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "TwoPointCoverage")]
[OutputType(typeof(TwoPointCoverageResult))]
public sealed class MeasureTwoPointCoverageCommand : PhaseImageCmdlet
{
    /// <summary>Phase i, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string Phase { get; set; } = string.Empty;

    /// <summary>Phase j (default: the same phase, the auto-coverage).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string? SecondPhase { get; set; }

    /// <summary>Largest distance |h|, in the image's unit.</summary>
    [Parameter(Mandatory = true)]
    public double MaxDistance { get; set; }

    /// <summary>Subtract e_i e_j (the value for independent phases).</summary>
    [Parameter]
    public SwitchParameter Centered { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(Phase, out var first))
        {
            return;
        }

        var second = first;
        if (SecondPhase is not null && !TryResolvePhase(SecondPhase, out second))
        {
            return;
        }

        if (TryRun($"Two-point coverage of {first.Name} and {second.Name}", o => TwoPointCoverage.Compute(InputObject, first, second, MaxDistance, Centered, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}

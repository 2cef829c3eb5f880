using System.Management.Automation;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Optimize-GaussianExcursionSet: calibrates a Gaussian excursion set to one phase (001 Section
/// 3.2.2): mu from the volume fraction (Eq. 19), rho(h) from the two-point coverage by Eq. 21
/// (with its missing 1/(2 pi)), eta by least squares of Eq. 2.
/// </summary>
[Cmdlet(VerbsCommon.Optimize, "GaussianExcursionSet")]
[OutputType(typeof(ExcursionSetCalibrationResult))]
public sealed class OptimizeGaussianExcursionSetCommand : PhaseImageCmdlet
{
    /// <summary>The phase to model, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string Phase { get; set; } = string.Empty;

    /// <summary>Largest distance of the fit, in the image's unit (default: a quarter of the smallest extent, at most 64 voxels).</summary>
    [Parameter]
    public double? MaxDistance { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(Phase, out var phase))
        {
            return;
        }

        if (TryRun($"Calibrating a Gaussian excursion set to {phase.Name}", o => ExcursionSetCalibration.Calibrate(InputObject, phase, MaxDistance, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}

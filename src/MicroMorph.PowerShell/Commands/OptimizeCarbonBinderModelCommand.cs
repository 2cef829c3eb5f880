using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Optimize-CarbonBinderModel: fits the whole model Xi = Xi1 u (Xi2 n Xi3^c) (001 Section 3.2) to a
/// segmented image of the additive phase; the result's Parameters feed New-CarbonBinderModel.
/// </summary>
[Cmdlet(VerbsCommon.Optimize, "CarbonBinderModel")]
[OutputType(typeof(CarbonBinderCalibrationResult))]
public sealed class OptimizeCarbonBinderModelCommand : PhaseImageCmdlet
{
    /// <summary>The graphite phase, by name or label.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string GraphitePhase { get; set; } = "Graphite";

    /// <summary>The carbon-binder phase, by name or label.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string CarbonBinderPhase { get; set; } = "CBD";

    /// <summary>A cutout with carbon-binder but no graphite or large pores, for the excursion set (the paper's Fig. A1).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public PhaseImage CarbonBinderSample { get; set; } = null!;

    /// <summary>Candidate rates theta of the large-pore radii, per unit of the image (default: the paper's seven, per nm, converted).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? PoreRadiusRate { get; set; }

    /// <summary>Realizations per candidate theta (the paper: 3).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int Realizations { get; set; } = 3;

    /// <summary>L of Eq. 17 (default: the voxel size).</summary>
    [Parameter]
    public double? LengthScale { get; set; }

    /// <summary>Largest distance of the covariance fit, in the image's unit.</summary>
    [Parameter]
    public double? MaxDistance { get; set; }

    /// <summary>Connectivity of the graphite for the Euler characteristic.</summary>
    [Parameter]
    public EulerConnectivity Connectivity { get; set; } = EulerConnectivity.Six;

    /// <summary>Seed of the realizations that compare candidate thetas.</summary>
    [Parameter]
    public long Seed { get; set; } = 1;

    protected override void ProcessRecord()
    {
        if (!TryResolvePhase(GraphitePhase, out var graphite) || !TryResolvePhase(CarbonBinderPhase, out var cbd))
        {
            return;
        }

        var settings = new CarbonBinderCalibrationOptions
        {
            PoreRadiusRates = PoreRadiusRate,
            Realizations = Realizations,
            Seed = Seed,
            LengthScale = LengthScale ?? double.NaN,
            MaxDistance = MaxDistance,
            Connectivity = Connectivity,
        };
        if (TryRun("Carbon-binder model calibration", o => CarbonBinderCalibration.Calibrate(InputObject, graphite, cbd, CarbonBinderSample, settings, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}

using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-GaussianExcursionSet: one realisation of the excursion set {Z >= mu} of a Gaussian random
/// field with covariance 1 / (1 + (eta h)^2) (001 Section 3.1.2, Eq. 2) as a two-phase image;
/// mu from -Threshold or -VolumeFraction (Eq. 19), or both from -Parameters
/// (Optimize-GaussianExcursionSet's result, by property name).
/// </summary>
[Cmdlet(VerbsCommon.New, "GaussianExcursionSet")]
[OutputType(typeof(PhaseImage))]
public sealed class NewGaussianExcursionSetCommand : ModelCmdlet
{
    /// <summary>eta of Eq. 2, per -Unit.</summary>
    [Parameter]
    public double? CovarianceScale { get; set; }

    /// <summary>mu: the field is thresholded at Z >= mu.</summary>
    [Parameter]
    public double? Threshold { get; set; }

    /// <summary>Target volume fraction V in (0, 1): mu = Phi^-1(1 - V) (Eq. 19).</summary>
    [Parameter]
    public double? VolumeFraction { get; set; }

    /// <summary>(mu, eta), e.g. the Parameters property of Optimize-GaussianExcursionSet's result.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public GaussianExcursionSetParameters? Parameters { get; set; }

    /// <summary>Name of the excursion set's phase (label 1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string PhaseName { get; set; } = GaussianExcursionSet.DefaultPhaseName;

    /// <summary>Name of the complement (label 0).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string BackgroundName { get; set; } = GaussianExcursionSet.DefaultBackgroundName;

    protected override void ProcessRecord()
    {
        if (!TryResolveGrid(out int width, out int height, out int depth, out var voxelSize) || !TryResolveParameters(out var parameters))
        {
            return;
        }

        long seed = ResolveSeed();
        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Gaussian excursion set mu = {parameters.Threshold:G6}, eta = {parameters.CovarianceScale:G6} / {voxelSize.Unit}, seed {seed}"));
        if (TryRun(
            "Gaussian excursion set",
            o => GaussianExcursionSet.Generate(width, height, depth, voxelSize, parameters, seed, o, PhaseName, BackgroundName),
            parameters,
            out var image))
        {
            WriteObject(image);
        }
    }

    /// <summary>Binds (mu, eta); writes an ErrorRecord and gives false when they do not make sense.</summary>
    private bool TryResolveParameters(out GaussianExcursionSetParameters parameters)
    {
        parameters = null!;
        try
        {
            if (Threshold is not null && VolumeFraction is not null)
            {
                throw MicroMorphException.Argument("ThresholdAndVolumeFraction", "Give either -Threshold or -VolumeFraction, not both: the volume fraction fixes the threshold (mu = Phi^-1(1 - V)).", VolumeFraction);
            }

            double? mu = Threshold ?? (VolumeFraction is double v ? ExcursionSetCalibration.Threshold(v) : Parameters?.Threshold);
            if (mu is null)
            {
                throw MicroMorphException.Argument("ThresholdRequired", "Give -Threshold or -VolumeFraction (or -Parameters from Optimize-GaussianExcursionSet).", null);
            }

            double? eta = CovarianceScale ?? Parameters?.CovarianceScale;
            if (eta is null)
            {
                throw MicroMorphException.Argument("CovarianceScaleRequired", "Give -CovarianceScale (eta of rho(h) = 1 / (1 + (eta h)^2), per -Unit) or -Parameters.", null);
            }

            parameters = new GaussianExcursionSetParameters(mu.Value, eta.Value);
            parameters.Validate();
            return true;
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, ex.Target);
            return false;
        }
    }
}

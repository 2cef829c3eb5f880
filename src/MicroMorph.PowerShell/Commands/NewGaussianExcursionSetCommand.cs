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
public sealed class NewGaussianExcursionSetCommand : MicroMorphCmdlet
{
    /// <summary>Window in voxels: one value (cube) or x, y, z.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    [ValidateCount(1, 3)]
    public int[] Size { get; set; } = [];

    /// <summary>Voxel edge length(s) in -Unit: one value (isotropic) or x, y, z. Default 1.</summary>
    [Parameter]
    [ValidateNotNull]
    [ValidateCount(1, 3)]
    public double[]? VoxelSize { get; set; }

    /// <summary>Length unit of -VoxelSize and of 1/-CovarianceScale (default: voxel).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Unit { get; set; }

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

    /// <summary>Random seed (default: a random one, recorded in the image's Metadata).</summary>
    [Parameter]
    public long? Seed { get; set; }

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
        if (!TryResolve(out var window, out var voxelSize, out var parameters))
        {
            return;
        }

        long seed = Seed ?? Random.Shared.NextInt64();
        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Gaussian excursion set mu = {parameters.Threshold:G6}, eta = {parameters.CovarianceScale:G6} / {voxelSize.Unit}, seed {seed}"));
        if (TryRun(
            "Gaussian excursion set",
            o => GaussianExcursionSet.Generate(window.X, window.Y, window.Z, voxelSize, parameters, seed, o, PhaseName, BackgroundName),
            parameters,
            out var image))
        {
            WriteObject(image);
        }
    }

    /// <summary>Binds the window, voxel size and (mu, eta); writes an ErrorRecord and gives false when they do not make sense.</summary>
    private bool TryResolve(out (int X, int Y, int Z) window, out VoxelSize voxelSize, out GaussianExcursionSetParameters parameters)
    {
        window = default;
        voxelSize = default;
        parameters = null!;
        try
        {
            if (Size.Length == 2)
            {
                throw MicroMorphException.Argument("InvalidSize", "-Size takes one value (a cube) or three (x, y, z), not two.", Size);
            }

            window = Size.Length == 1 ? (Size[0], Size[0], Size[0]) : (Size[0], Size[1], Size[2]);
            Volume.ValidateDimensions(window.X, window.Y, window.Z, VoxelDataType.UInt8);

            if (VoxelSize is not null && Unit is null)
            {
                throw MicroMorphException.Argument("VoxelUnitRequired", "Give -Unit with -VoxelSize (e.g. -Unit nm): -CovarianceScale is per that unit.", VoxelSize);
            }

            voxelSize = Unit is null ? Core.Imaging.VoxelSize.Uncalibrated : Core.Imaging.VoxelSize.FromValues(VoxelSize ?? [1.0], Unit);

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

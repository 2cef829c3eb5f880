using System.Collections;
using System.Management.Automation;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Optimize-BooleanModel: fits a Boolean model to the intrinsic-volume densities of a phase
/// (measured from a phase image, or given) by Nelder-Mead on 001 Eq. 17. The result's Parameters
/// binds by property name to New-BooleanModel and Get-BooleanModelDensity. The default parameter set
/// is Densities: with the Image set as default, a Measure-IntrinsicVolume result piped in would make
/// the binder prompt for -Phase before it tries the by-property-name binding.
/// </summary>
[Cmdlet(VerbsCommon.Optimize, "BooleanModel", DefaultParameterSetName = DensitiesSet)]
[OutputType(typeof(BooleanModelCalibrationResult))]
public sealed class OptimizeBooleanModelCommand : MicroMorphCmdlet
{
    private const string ImageSet = "Image";
    private const string DensitiesSet = "Densities";
    private const string TargetSet = "TargetDensity";

    /// <summary>The phase image whose phase is measured.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ImageSet)]
    [ValidateNotNull]
    public PhaseImage InputObject { get; set; } = null!;

    /// <summary>The phase to model (name or label).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string Phase { get; set; } = string.Empty;

    /// <summary>Adjacency of the phase for its measured Euler and mean curvature densities (default Six, see the help).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    public EulerConnectivity Connectivity { get; set; } = EulerConnectivity.Six;

    [Parameter(Mandatory = true, ParameterSetName = DensitiesSet, ValueFromPipelineByPropertyName = true)]
    public double VolumeFraction { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DensitiesSet, ValueFromPipelineByPropertyName = true)]
    public double SurfaceDensity { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DensitiesSet, ValueFromPipelineByPropertyName = true)]
    public double MeanCurvatureDensity { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = DensitiesSet, ValueFromPipelineByPropertyName = true)]
    public double EulerDensity { get; set; }

    /// <summary>Length unit of densities given directly (recorded in the result).</summary>
    [Parameter(ParameterSetName = DensitiesSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = TargetSet, ValueFromPipelineByPropertyName = true)]
    public string? Unit { get; set; }

    /// <summary>
    /// The four target densities as a hashtable or object: VolumeFraction (V), SurfaceDensity (S),
    /// MeanCurvatureDensity (K), EulerDensity (N). Named only: PowerShell binds a positional argument to
    /// the parameter at that position in every set, so a positional TargetDensity beside the Image
    /// set's -Phase would make <c>$p | Optimize-BooleanModel Solid</c> ambiguous.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = TargetSet)]
    [ValidateNotNull]
    public object TargetDensity { get; set; } = null!;

    /// <summary>L of Eq. 17: default the voxel size for an image; required for densities given directly.</summary>
    [Parameter(ParameterSetName = ImageSet)]
    [Parameter(Mandatory = true, ParameterSetName = DensitiesSet)]
    [Parameter(Mandatory = true, ParameterSetName = TargetSet)]
    public double LengthScale { get; set; } = double.NaN;

    /// <summary>Grain family: Ball (lambda, r), ExponentialBall (lambda, theta) or Spheroid (lambda, alpha1, alpha2, gamma).</summary>
    [Parameter]
    public BooleanGrainShape GrainShape { get; set; } = BooleanGrainShape.Spheroid;

    /// <summary>Start of the search instead of the derived start values (same grain family).</summary>
    [Parameter]
    [ValidateNotNull]
    public BooleanModelParameters? StartParameters { get; set; }

    /// <summary>Grain means by Monte Carlo over this many grains (the paper: 10000) instead of quadrature.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MonteCarloSamples { get; set; }

    /// <summary>Seed of the Monte Carlo grains (default 0).</summary>
    [Parameter]
    public long Seed { get; set; }

    /// <summary>Iteration cap of each Nelder-Mead run.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MaximumIteration { get; set; } = 4000;

    protected override void ProcessRecord()
    {
        var options = new BooleanModelCalibrationOptions
        {
            GrainShape = GrainShape,
            LengthScale = LengthScale,
            Moments = new GrainMomentOptions(MonteCarloSamples ?? 0, Seed),
            MaxIterations = MaximumIteration,
            Start = StartParameters,
        };

        switch (ParameterSetName)
        {
            case ImageSet:
                Phase phase;
                try
                {
                    phase = InputObject.Phases.Resolve(Phase);
                }
                catch (MicroMorphException ex)
                {
                    WriteError(ex, Phase);
                    return;
                }

                Emit(TryRun("Calibrating Boolean model", o => BooleanModelCalibration.Calibrate(InputObject, phase, options, Connectivity, o), InputObject, out var fromImage), fromImage);
                break;

            case DensitiesSet:
                Fit(new IntrinsicVolumeDensities(VolumeFraction, SurfaceDensity, MeanCurvatureDensity, EulerDensity), options);
                break;

            default:
                if (TryReadTarget(TargetDensity, out var target))
                {
                    Fit(target, options);
                }

                break;
        }
    }

    private void Fit(IntrinsicVolumeDensities target, BooleanModelCalibrationOptions options) =>
        Emit(TryRun("Calibrating Boolean model", o => BooleanModelCalibration.Calibrate(target, options, o, Unit ?? string.Empty), target, out var result), result);

    private void Emit(bool ok, BooleanModelCalibrationResult result)
    {
        if (!ok)
        {
            return;
        }

        if (!result.Converged)
        {
            WriteWarning($"The Nelder-Mead search stopped at its iteration cap ({MaximumIteration}) before meeting its tolerances; the result may not be a minimum.");
        }

        WriteObject(result);
    }

    /// <summary>Reads V, S, K, N from a hashtable, an IntrinsicVolumeDensities or any object with those properties.</summary>
    private bool TryReadTarget(object value, out IntrinsicVolumeDensities target)
    {
        target = null!;
        object raw = value is PSObject ps ? ps.BaseObject : value;
        switch (raw)
        {
            case IntrinsicVolumeDensities d:
                target = d;
                return true;
            case IntrinsicVolumeResult r:
                target = IntrinsicVolumeDensities.From(r);
                return true;
        }

        object? Lookup(string name, string shortName)
        {
            if (raw is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = entry.Key?.ToString() ?? string.Empty;
                    if (key.Equals(name, StringComparison.OrdinalIgnoreCase) || key.Equals(shortName, StringComparison.OrdinalIgnoreCase))
                    {
                        return entry.Value;
                    }
                }

                return null;
            }

            var wrapped = PSObject.AsPSObject(value);
            return (wrapped.Properties[name] ?? wrapped.Properties[shortName])?.Value;
        }

        var names = new[] { ("VolumeFraction", "V"), ("SurfaceDensity", "S"), ("MeanCurvatureDensity", "K"), ("EulerDensity", "N") };
        var values = new double[4];
        for (int i = 0; i < names.Length; i++)
        {
            object? v = Lookup(names[i].Item1, names[i].Item2);
            if (v is null)
            {
                WriteError("IncompleteTargetDensity", ErrorCategory.InvalidArgument,
                    $"-TargetDensity has no {names[i].Item1} (or {names[i].Item2}); it needs VolumeFraction, SurfaceDensity, MeanCurvatureDensity and EulerDensity.", value);
                return false;
            }

            try
            {
                values[i] = LanguagePrimitives.ConvertTo<double>(v);
            }
            catch (PSInvalidCastException)
            {
                WriteError("InvalidTargetDensity", ErrorCategory.InvalidArgument, $"The {names[i].Item1} of -TargetDensity is not a number: '{v}'.", value);
                return false;
            }
        }

        target = new IntrinsicVolumeDensities(values[0], values[1], values[2], values[3]);
        return true;
    }
}

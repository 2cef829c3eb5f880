using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Segmentation;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Invoke-Trinarization: a grey-value stack to a three-phase image (002 Section 3). -Method
/// Threshold: two global thresholds chosen so that the phases, dark to bright, take the given
/// volume fractions, ties split in raster order (002 Section 3.1). -Method Otsu: multi-level Otsu
/// thresholds, one class per -PhaseName (unsupervised; 001 Section 2.3.1 uses Otsu for the
/// active material). -Method KMeans: k-means on 27-entry neighbourhood features with the weighted
/// distance of Eq. 1, weights fitted to the fractions (Section 3.2). -Method Probability: per-phase
/// probability stacks assigned in order or by conditional probability (Section 3.3).
/// -Method Closing: carbon binder inserted by a closing of the active material whose radius
/// follows a gradient along an axis (Section 3.4).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Trinarization", DefaultParameterSetName = ImageSet)]
[OutputType(typeof(PhaseImage))]
public sealed class InvokeTrinarizationCommand : MicroMorphCmdlet
{
    private const string ImageSet = "Image";
    private const string ProbabilitySet = "Probability";

    /// <summary>The grey-value stack, usually from the pipeline (Closing: also a phase image with the active material).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ImageSet)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>Probability: one probability (composition) stack per phase, in the order of -PhaseName.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProbabilitySet)]
    [ValidateNotNullOrEmpty]
    public VoxelStack[] Probability { get; set; } = null!;

    /// <summary>The trinarization method.</summary>
    [Parameter]
    [ValidateSet("Threshold", "Otsu", "KMeans", "Probability", "Closing")]
    public string Method { get; set; } = "Threshold";

    /// <summary>The target volume fractions of the phases, dark to bright (they must sum to 1); required by all methods but Otsu.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? VolumeFraction { get; set; }

    /// <summary>The phase names, dark to bright (labels 0, 1, 2, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PhaseName { get; set; } = ["Pore", "CBD", "AM"];

    /// <summary>KMeans: voxels drawn for the weight fit (the whole volume when it is smaller).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateRange(1000, int.MaxValue)]
    public int SampleSize { get; set; } = new KMeansFitOptions().SampleSize;

    /// <summary>KMeans: seed of the fitting subsample.</summary>
    [Parameter(ParameterSetName = ImageSet)]
    public long Seed { get; set; }

    /// <summary>Probability: the variant, e.g. AM-CBD-Pore (ordered) or AM-Cond (conditional); default: bright to dark.</summary>
    [Parameter(ParameterSetName = ProbabilitySet)]
    [ValidateNotNullOrEmpty]
    public string[]? Assignment { get; set; }

    /// <summary>Closing: the phase of an input phase image that is the active material (default: the last -PhaseName).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string? ActivePhase { get; set; }

    /// <summary>Closing: slope of the carbon-binder profile over the relative position along -Axis (0 at the first slice, 1 at the last).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    public double GradientSlope { get; set; }

    /// <summary>Closing: intercept of the carbon-binder profile at the first slice.</summary>
    [Parameter(ParameterSetName = ImageSet)]
    public double GradientIntercept { get; set; } = 1;

    /// <summary>Closing: the carbon-binder profile as a table, one value per slice along -Axis (instead of slope and intercept).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public double[]? Profile { get; set; }

    /// <summary>Closing: the axis of the gradient (the slices are normal to it; the separator is at slice 0).</summary>
    [Parameter(ParameterSetName = ImageSet)]
    public SliceAxis Axis { get; set; } = SliceAxis.Z;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ProbabilitySet)
        {
            RunProbability();
            return;
        }

        if (Method == "Probability")
        {
            WriteError(MicroMorphException.Argument("ProbabilityRequired", "-Method Probability takes its input from -Probability (one stack per phase), not from -InputObject.", InputObject), InputObject);
            return;
        }

        if (Method == "Closing")
        {
            RunClosing();
            return;
        }

        if (InputObject is not VoxelStack grey)
        {
            WriteError(
                MicroMorphException.Argument(
                    "GreyStackRequired",
                    "Trinarization needs a grey-value stack (Import-VoxelStack); this is already a phase image.",
                    InputObject),
                InputObject);
            return;
        }

        if (Method == "KMeans")
        {
            if (TryRun("Trinarization", o => KMeansTrinarization.Apply(grey, Fractions(), Phases(), new KMeansFitOptions { SampleSize = SampleSize, Seed = Seed }, o), grey, out var fitted))
            {
                WriteVerbose(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Phase weights {string.Join(", ", fitted.PhaseWeights.Select(w => w.ToString("G6", CultureInfo.InvariantCulture)))}; feature weights {string.Join(", ", fitted.FeatureWeights.Select(w => w.ToString("G6", CultureInfo.InvariantCulture)))}; {fitted.Evaluations} k-means runs on {fitted.SampleSize} voxels; fractions {Format(fitted.AchievedFractions)}"));
                WriteObject(fitted.Image);
            }

            return;
        }

        if (TryRun("Trinarization", o => Method == "Otsu" ? OtsuThreshold.Apply(grey, Phases(), o) : FractionThreshold.Apply(grey, Fractions(), Phases(), o), grey, out var result))
        {
            WriteVerbose(string.Create(
                CultureInfo.InvariantCulture,
                $"Thresholds {string.Join(", ", result.Thresholds)}; fractions {Format(result.AchievedFractions)}"));
            WriteObject(result.Image);
        }
    }

    private void RunProbability()
    {
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Method)) && Method != "Probability")
        {
            WriteError(MicroMorphException.Argument("MethodMismatch", $"-Probability is the input of -Method Probability, not of {Method}.", Method), Method);
            return;
        }

        Method = "Probability";
        if (TryRun(
            "Trinarization",
            o =>
            {
                var phases = Phases();
                var assignment = ProbabilityAssignment.Parse(Assignment ?? [.. phases.Select(p => p.Name).Reverse()], phases);
                return ProbabilityTrinarization.Apply(Probability, Fractions(), phases, assignment, o);
            },
            Probability,
            out var result))
        {
            WriteVerbose($"Assignment {result.Assignment}; fractions {Format(result.AchievedFractions)}");
            WriteObject(result.Image);
        }
    }

    private void RunClosing()
    {
        var bound = MyInvocation.BoundParameters;
        if (Profile is not null && (bound.ContainsKey(nameof(GradientSlope)) || bound.ContainsKey(nameof(GradientIntercept))))
        {
            WriteError(MicroMorphException.Argument("ProfileConflict", "Give the CBD profile either as -Profile or as -GradientSlope and -GradientIntercept, not both.", Profile), Profile);
            return;
        }

        int slices = Axis switch { SliceAxis.Z => InputObject.Depth, SliceAxis.Y => InputObject.Height, _ => InputObject.Width };
        if (!TryRun(
            "Trinarization",
            o =>
            {
                var phases = Phases();
                var fractions = Fractions();
                var profile = Profile ?? GradientClosing.LinearProfile(slices, GradientSlope, GradientIntercept);
                if (InputObject is VoxelStack grey)
                {
                    return GradientClosing.Apply(grey, fractions, profile, Axis, phases, o);
                }

                var image = (PhaseImage)InputObject;
                string name = ActivePhase ?? phases[2].Name;
                var active = image.Phases.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    ?? throw MicroMorphException.Argument("PhaseNotFound", $"The image has no phase '{name}' (it has {string.Join(", ", image.Phases.Select(p => p.Name))}); name the active material with -ActivePhase.", name);
                return GradientClosing.Apply(image, active.Label, fractions, profile, Axis, phases, o);
            },
            InputObject,
            out var result))
        {
            return;
        }

        if (InputObject is PhaseImage && VolumeFraction is { Length: 3 } && Math.Abs(result.AchievedFractions[2] - VolumeFraction[2]) > 0.005)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture, $"The active material of the image takes {result.AchievedFractions[2]:F4}, not the {VolumeFraction[2]:F4} of -VolumeFraction; it is kept as it is."));
        }

        WriteVerbose(string.Create(
            CultureInfo.InvariantCulture,
            $"Profile factor {result.Scale:G6}; fitted CBD line: slope {result.Slope:G4}, intercept {result.Intercept:G4}; radii {result.Radii.Min():G4} to {result.Radii.Max():G4} {InputObject.VoxelSize.Unit}; {result.Closings} closings; fractions {Format(result.AchievedFractions)}"));
        WriteObject(result.Image);
    }

    private static string Format(IEnumerable<double> fractions) => string.Join(", ", fractions.Select(f => f.ToString("F6", CultureInfo.InvariantCulture)));

    private double[] Fractions() => VolumeFraction ?? throw MicroMorphException.Argument(
        "VolumeFractionRequired",
        $"-Method {Method} needs -VolumeFraction: one target fraction per phase, dark to bright.",
        null);

    private PhaseTable Phases()
    {
        if (VolumeFraction is not null && PhaseName.Length != VolumeFraction.Length)
        {
            throw MicroMorphException.Argument(
                "FractionCountMismatch",
                $"Give one -VolumeFraction per -PhaseName ({PhaseName.Length} names, {VolumeFraction.Length} fractions).",
                VolumeFraction);
        }

        return new PhaseTable(PhaseName.Select((name, i) => new Phase((byte)i, name, RgbColor.Default(i))));
    }
}

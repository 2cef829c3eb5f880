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
/// active material).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Trinarization")]
[OutputType(typeof(PhaseImage))]
public sealed class InvokeTrinarizationCommand : MicroMorphCmdlet
{
    /// <summary>The grey-value stack, usually from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>The trinarization method.</summary>
    [Parameter]
    [ValidateSet("Threshold", "Otsu", "KMeans")]
    public string Method { get; set; } = "Threshold";

    /// <summary>The target volume fractions of the phases, dark to bright (they must sum to 1); required by Threshold.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? VolumeFraction { get; set; }

    /// <summary>The phase names, dark to bright (labels 0, 1, 2, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PhaseName { get; set; } = ["Pore", "CBD", "AM"];

    /// <summary>KMeans: voxels drawn for the weight fit (the whole volume when it is smaller).</summary>
    [Parameter]
    [ValidateRange(1000, int.MaxValue)]
    public int SampleSize { get; set; } = new KMeansFitOptions().SampleSize;

    /// <summary>KMeans: seed of the fitting subsample.</summary>
    [Parameter]
    public long Seed { get; set; }

    protected override void ProcessRecord()
    {
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
                $"Thresholds {string.Join(", ", result.Thresholds)}; fractions {string.Join(", ", result.AchievedFractions.Select(f => f.ToString("F6", CultureInfo.InvariantCulture)))}"));
            WriteObject(result.Image);
        }
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

using System.Management.Automation;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Invoke-VoxelClassifier: applies a trained classifier to a grey stack. Default: a phase image
/// labelled by arg-max; -Phase with -Quantile: that class where its probability reaches the
/// quantile of its map (001 Section 2.3.2: 0.85); -Probability: one Float32 map per class
/// (the input of Invoke-Trinarization -Method Probability). -Prior with -KeepPhase keeps the
/// prior segmentation's phases (e.g. pore) where it has them.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VoxelClassifier", DefaultParameterSetName = LabelSet)]
[OutputType(typeof(PhaseImage), ParameterSetName = [LabelSet])]
[OutputType(typeof(VoxelStack), ParameterSetName = [ProbabilitySet])]
public sealed class InvokeVoxelClassifierCommand : MicroMorphCmdlet
{
    private const string LabelSet = "Label";
    private const string ProbabilityStage = "Features and class probabilities";
    private const string LabellingStage = "Labelling";
    private const string ProbabilitySet = "Probability";

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public VoxelClassifier Classifier { get; set; } = null!;

    /// <summary>The grey stack to classify.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [InputObject(typeof(VoxelStack))]
    [ValidateNotNull]
    public VoxelStack InputObject { get; set; } = null!;

    /// <summary>Write the per-class probability maps instead of labels.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ProbabilitySet)]
    public SwitchParameter Probability { get; set; }

    /// <summary>The class thresholded at -Quantile (name or label).</summary>
    [Parameter(ParameterSetName = LabelSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string? Phase { get; set; }

    /// <summary>Quantile of -Phase's probability above which voxels get that class (001: 0.85).</summary>
    [Parameter(ParameterSetName = LabelSet)]
    [ValidateRange(0.0, 1.0)]
    public double Quantile { get; set; } = double.NaN;

    /// <summary>A prior segmentation whose -KeepPhase voxels keep their phase.</summary>
    [Parameter(ParameterSetName = LabelSet)]
    [ValidateNotNull]
    public PhaseImage? Prior { get; set; }

    /// <summary>Phases of -Prior that stay (e.g. Pore).</summary>
    [Parameter(ParameterSetName = LabelSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[]? KeepPhase { get; set; }

    protected override void ProcessRecord()
    {
        if (Phase is null != double.IsNaN(Quantile))
        {
            WriteError("QuantileNeedsPhase", ErrorCategory.InvalidArgument, "-Phase and -Quantile go together: the class and the quantile of its probability.", Phase);
            return;
        }

        if (Prior is null != KeepPhase is null)
        {
            WriteError("PriorNeedsKeepPhase", ErrorCategory.InvalidArgument, "-Prior and -KeepPhase go together: the prior segmentation and the phases it keeps.", Prior);
            return;
        }

        int classIndex = -1;
        if (Phase is not null)
        {
            try
            {
                var phase = Classifier.Classes.Resolve(Phase);
                classIndex = Classifier.Classes.ToList().IndexOf(phase);
            }
            catch (Core.Errors.MicroMorphException ex)
            {
                WriteError(ex, Phase);
                return;
            }
        }

        var kept = new List<Phase>();
        foreach (string name in KeepPhase ?? [])
        {
            if (!TryResolvePhase(Prior!, name, out var p))
            {
                return;
            }

            kept.Add(p);
        }

        if (Probability)
        {
            if (TryRun("Classifying voxels", o => Classifier.PredictProbabilities(InputObject, new StagedProgress(o, new ProgressStage(ProbabilityStage, 1)).Next()), InputObject, out var maps))
            {
                foreach (var map in maps)
                {
                    WriteObject(map);
                }
            }

            return;
        }

        if (TryRun(
                "Classifying voxels",
                o =>
                {
                    // One parent activity: the features and probabilities dominate, labelling (and keeping prior phases) follow.
                    var stages = Prior is null
                        ? new StagedProgress(o, new ProgressStage(ProbabilityStage, 6), new ProgressStage(LabellingStage, 1))
                        : new StagedProgress(o, new ProgressStage(ProbabilityStage, 6), new ProgressStage(LabellingStage, 1), new ProgressStage("Keeping the prior phases", 1));
                    var maps = Classifier.PredictProbabilities(InputObject, stages.Next());
                    var labelling = stages.Next();
                    var labels = classIndex < 0
                        ? ProbabilityLabelling.ArgMax(maps, Classifier.Classes, labelling)
                        : ProbabilityLabelling.Quantile(maps, Classifier.Classes, classIndex, Quantile, labelling, out double threshold);
                    labels.Source = InputObject.Source;
                    return Prior is null ? labels : PriorPhases.Keep(labels, Prior, kept, stages.Next());
                },
                InputObject,
                out var result))
        {
            WriteObject(result);
        }
    }
}

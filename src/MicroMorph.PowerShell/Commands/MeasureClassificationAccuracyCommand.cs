using System.Management.Automation;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Segmentation;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-ClassificationAccuracy: intersection over union (Jaccard) per class of a classification
/// against hand labels, counted on the labelled voxels (0 = unlabelled) of -Slice only (004).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ClassificationAccuracy")]
[OutputType(typeof(PhaseJaccard))]
public sealed class MeasureClassificationAccuracyCommand : MicroMorphCmdlet
{
    /// <summary>The classification (from Invoke-VoxelClassifier).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(PhaseImage))]
    [ValidateNotNull]
    public PhaseImage InputObject { get; set; } = null!;

    /// <summary>Hand labels of the same size (0 unlabelled; labels as in training).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Volume Reference { get; set; } = null!;

    /// <summary>The z-slices counted (default: all), e.g. the held-out labelled slices.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? Slice { get; set; }

    protected override void ProcessRecord()
    {
        if (TryRun("Classification accuracy", o => ClassificationAccuracy.Measure(InputObject, Reference, Slice, o), InputObject, out var result))
        {
            foreach (var j in result)
            {
                WriteObject(j);
            }
        }
    }
}

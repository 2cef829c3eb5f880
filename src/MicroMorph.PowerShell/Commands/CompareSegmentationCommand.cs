using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Segmentation;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Compare-Segmentation: voxel-wise agreement of segmentations of one volume (002 Section 3.4,
/// Fig. 4): the fraction of equally assigned voxels, the Jaccard index per phase, the confusion
/// matrix. One reference against each image piped in, or every pair of the images piped in.
/// </summary>
[Cmdlet(VerbsData.Compare, "Segmentation", DefaultParameterSetName = ReferenceSet)]
[OutputType(typeof(SegmentationComparisonResult))]
public sealed class CompareSegmentationCommand : MicroMorphCmdlet
{
    private const string ReferenceSet = "Reference";
    private const string PairwiseSet = "Pairwise";
    private readonly List<PhaseImage> _collected = [];

    /// <summary>The segmentation the others are compared with.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ReferenceSet)]
    [ValidateNotNull]
    public PhaseImage ReferenceObject { get; set; } = null!;

    /// <summary>The segmentation(s) compared with the reference, usually from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = ReferenceSet)]
    [ValidateNotNull]
    public PhaseImage DifferenceObject { get; set; } = null!;

    /// <summary>The segmentations compared pairwise (all of them are collected first).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PairwiseSet)]
    [ValidateNotNull]
    public PhaseImage InputObject { get; set; } = null!;

    /// <summary>Compare every pair of the images piped in (the matrix of Fig. 4).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PairwiseSet)]
    public SwitchParameter Pairwise { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PairwiseSet)
        {
            _collected.Add(InputObject);
            return;
        }

        Compare(ReferenceObject, DifferenceObject, string.Empty, string.Empty);
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != PairwiseSet)
        {
            return;
        }

        for (int i = 0; i < _collected.Count; i++)
        {
            for (int j = i + 1; j < _collected.Count; j++)
            {
                // Numbered, since segmentations of one volume often share their Source.
                Compare(_collected[i], _collected[j], $"#{i + 1} ", $"#{j + 1} ");
            }
        }
    }

    private void Compare(PhaseImage reference, PhaseImage difference, string referencePrefix, string differencePrefix)
    {
        if (TryRun("Comparing segmentations", o => SegmentationComparison.Compare(reference, difference, o), difference, out var result))
        {
            WriteObject(result with { Reference = referencePrefix + result.Reference, Difference = differencePrefix + result.Difference });
        }
    }
}

using System.Management.Automation;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-VoxelClassifier: trains a random-forest voxel classifier from a grey stack and a sparse
/// label image (0 = unlabelled), as the Trainable Weka / ilastik segmentation of 001 Section 2.3.
/// </summary>
[Cmdlet(VerbsCommon.New, "VoxelClassifier", DefaultParameterSetName = PresetSet)]
[OutputType(typeof(VoxelClassifier))]
public sealed class NewVoxelClassifierCommand : MicroMorphCmdlet
{
    private const string PresetSet = "Preset";
    private const string FeatureSet = "Feature";

    /// <summary>The grey-value stack the features are computed from.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [InputObject(typeof(VoxelStack))]
    [ValidateNotNull]
    public VoxelStack InputObject { get; set; } = null!;

    /// <summary>The label image: 0 unlabelled, 1, 2, ... the classes (a PhaseImage or an integer VoxelStack).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNull]
    public Volume Label { get; set; } = null!;

    /// <summary>A named feature set; Grafensteiner2021 is the set of 001 Section 2.3.2.</summary>
    [Parameter(ParameterSetName = PresetSet)]
    [ValidateSet(VoxelFeatureSet.Grafensteiner2021)]
    public string Preset { get; set; } = VoxelFeatureSet.Grafensteiner2021;

    /// <summary>Feature families, each computed at every -Sigma.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FeatureSet)]
    [ValidateNotNullOrEmpty]
    public VoxelFeatureKind[] Feature { get; set; } = [];

    /// <summary>Scales in voxels for -Feature.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FeatureSet)]
    [ValidateNotNullOrEmpty]
    public double[] Sigma { get; set; } = [];

    /// <summary>3: filters in the volume (ilastik); 2: per z-slice (Trainable Weka Segmentation).</summary>
    [Parameter]
    [ValidateSet("2", "3")]
    public int Dimensions { get; set; } = 3;

    /// <summary>Names of labels 1, 2, ... (default: the label image's phase names, or Class1, Class2, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ClassName { get; set; }

    [Parameter]
    [ValidateRange(1, 10000)]
    public int TreeCount { get; set; } = 50;

    [Parameter]
    [ValidateRange(1, 64)]
    public int MaximumDepth { get; set; } = 12;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MinimumLeafSize { get; set; } = 5;

    /// <summary>Seed of the bootstrap and channel draws: the same seed gives the same classifier.</summary>
    [Parameter]
    public long Seed { get; set; }

    protected override void ProcessRecord()
    {
        var settings = new RandomForestOptions { TreeCount = TreeCount, MaximumDepth = MaximumDepth, MinimumLeafSize = MinimumLeafSize, Seed = Seed };
        if (TryRun(
                "Training voxel classifier",
                o =>
                {
                    var set = ParameterSetName == FeatureSet
                        ? VoxelFeatureSet.Grid(Feature, Sigma, Dimensions)
                        : VoxelFeatureSet.Preset(Preset, Dimensions);
                    return VoxelClassifier.Train(InputObject, Label, set, settings, ClassName, o);
                },
                InputObject,
                out var classifier))
        {
            WriteObject(classifier);
        }
    }
}

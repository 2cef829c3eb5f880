using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Import-AggregateMap: the carbon and silicon element maps of one hetero-aggregate (000 Section 2.2)
/// as an AggregateMap with the pixel classes [1,0], [0,1], [1,1] and background. From two image files
/// (-CarbonPath, -SiliconPath; both bind by property name, so pairs of files pipe in), one RGB
/// composite (-Path with -CarbonChannel and -SiliconChannel), or two 2D VoxelStacks (-CarbonMap,
/// -SiliconMap). Grey maps need -Threshold.
/// </summary>
[Cmdlet(VerbsData.Import, "AggregateMap", DefaultParameterSetName = PairSet)]
[OutputType(typeof(AggregateMap))]
public sealed class ImportAggregateMapCommand : MicroMorphCmdlet
{
    private const string PairSet = "Pair";
    private const string CompositeSet = "Composite";
    private const string StackSet = "Stack";

    /// <summary>Image file of the carbon signal.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PairSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string CarbonPath { get; set; } = string.Empty;

    /// <summary>Image file of the silicon signal.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PairSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string SiliconPath { get; set; } = string.Empty;

    /// <summary>An RGB composite holding both signals.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CompositeSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Channel of the composite with the carbon signal.</summary>
    [Parameter(ParameterSetName = CompositeSet)]
    public ColorChannel CarbonChannel { get; set; } = ColorChannel.Green;

    /// <summary>Channel of the composite with the silicon signal.</summary>
    [Parameter(ParameterSetName = CompositeSet)]
    public ColorChannel SiliconChannel { get; set; } = ColorChannel.Red;

    /// <summary>A 2D carbon map already imported.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StackSet)]
    [ValidateNotNull]
    public VoxelStack CarbonMap { get; set; } = null!;

    /// <summary>A 2D silicon map already imported.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StackSet)]
    [ValidateNotNull]
    public VoxelStack SiliconMap { get; set; } = null!;

    /// <summary>Grey value from which a pixel carries the element: one value for both maps, or carbon, silicon.</summary>
    [Parameter]
    [ValidateCount(1, 2)]
    public double[]? Threshold { get; set; }

    /// <summary>Pixel edge length (overrides the files' calibration).</summary>
    [Parameter]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double? PixelSize { get; set; }

    /// <summary>Length unit of -PixelSize (default nm with -PixelSize).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Unit { get; set; }

    /// <summary>Label carried into the results (default: the carbon file name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        object target = ParameterSetName switch { PairSet => CarbonPath, CompositeSet => Path, _ => CarbonMap };
        string? carbonFile = null, siliconFile = null;
        try
        {
            // Paths resolve on the pipeline thread (session state is not for workers).
            if (ParameterSetName == PairSet)
            {
                carbonFile = Resolve(CarbonPath);
                siliconFile = Resolve(SiliconPath);
            }
            else if (ParameterSetName == CompositeSet)
            {
                carbonFile = siliconFile = Resolve(Path);
            }
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, target);
            return;
        }

        if (TryRun("Importing element maps", o => Import(carbonFile, siliconFile, o), target, out var map))
        {
            WriteObject(map);
        }
    }

    private AggregateMap Import(string? carbonFile, string? siliconFile, Core.Parallelism.ComputeOptions compute)
    {
        VoxelStack carbon, silicon;
        string name;
        switch (ParameterSetName)
        {
            case PairSet:
                carbon = Read(carbonFile!, null, compute);
                silicon = Read(siliconFile!, null, compute);
                name = System.IO.Path.GetFileNameWithoutExtension(carbonFile!); // the resolved file, not the PowerShell path as typed
                break;
            case CompositeSet:
                if (CarbonChannel == SiliconChannel)
                {
                    throw MicroMorphException.Argument("SameChannel", $"-CarbonChannel and -SiliconChannel are both {CarbonChannel}.", Path);
                }

                carbon = Read(carbonFile!, CarbonChannel, compute);
                silicon = Read(siliconFile!, SiliconChannel, compute);
                name = System.IO.Path.GetFileNameWithoutExtension(carbonFile!);
                break;
            default:
                carbon = CarbonMap;
                silicon = SiliconMap;
                name = System.IO.Path.GetFileNameWithoutExtension(CarbonMap.Source ?? string.Empty);
                break;
        }

        double? carbonThreshold = Threshold?[0], siliconThreshold = Threshold is { Length: 2 } ? Threshold[1] : Threshold?[0];
        var map = AggregateMapBuilder.FromElementMaps(carbon, silicon, carbonThreshold, siliconThreshold, Name ?? name);
        if (PixelSize is double size || Unit is not null)
        {
            map = new AggregateMap(map.Width, map.Height, map.GetClasses(), PixelSize ?? map.PixelSize, Unit ?? (PixelSize is null ? map.Unit : "nm"), map.Name);
        }

        return map;
    }

    private string Resolve(string path)
    {
        var files = PathResolver.ResolveExisting(this, path, literal: false);
        if (files.Count != 1 || Directory.Exists(files[0]))
        {
            throw MicroMorphException.Argument("AmbiguousPath", $"'{path}' must name exactly one image file.", path);
        }

        return files[0];
    }

    private static VoxelStack Read(string file, ColorChannel? channel, Core.Parallelism.ComputeOptions compute) =>
        VolumeReader.ReadFile(file, new VolumeReadOptions { Channel = channel, Compute = compute });
}

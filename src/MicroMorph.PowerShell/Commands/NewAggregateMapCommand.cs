using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-AggregateMap: simulated element maps of hetero-aggregates, disk-shaped primary particles of
/// carbon and silica in a disk-shaped envelope, species drawn independently (-Arrangement Random,
/// a completely random mixture) or by cluster (Segregated), overlapping (default) or not (-NoOverlap). -Count makes several maps with seeds
/// Seed, Seed + 1, ...
/// </summary>
[Cmdlet(VerbsCommon.New, "AggregateMap")]
[OutputType(typeof(AggregateMap))]
public sealed class NewAggregateMapCommand : PrimaryParticleCmdlet
{
    /// <summary>Map size in pixels: one value (square) or width, height.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateCount(1, 2)]
    public int[] Size { get; set; } = [];

    /// <summary>Probability that a particle is carbon (number fraction).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double CarbonParticleFraction { get; set; } = 0.5;

    /// <summary>Random (independent species) or Segregated (species by cluster).</summary>
    [Parameter]
    public MixtureArrangement Arrangement { get; set; } = MixtureArrangement.Random;

    /// <summary>Number of species clusters of a segregated map.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int ClusterCount { get; set; } = 2;

    /// <summary>Number of primary particles (default: areas summing to -Coverage of the envelope).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int ParticleCount { get; set; }

    /// <summary>Summed particle area over envelope area when -ParticleCount is not given.</summary>
    [Parameter]
    [ValidateRange(1e-6, 100.0)]
    public double Coverage { get; set; } = 0.2;

    /// <summary>Non-overlapping particles (random sequential adsorption; coverage up to about 0.5).</summary>
    [Parameter]
    public SwitchParameter NoOverlap { get; set; }

    /// <summary>Pixel edge length in -Unit.</summary>
    [Parameter]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double PixelSize { get; set; } = 1;

    /// <summary>Length unit of the diameters and the pixel size.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Unit { get; set; } = "nm";

    /// <summary>Number of maps.</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int Count { get; set; } = 1;

    /// <summary>Seed of the first map (default: a new random seed).</summary>
    [Parameter]
    public long? Seed { get; set; }

    /// <summary>Name of the maps, followed by "-" and each map's seed (default: the arrangement).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void ProcessRecord()
    {
        long seed = Seed ?? Random.Shared.Next();
        var parameters = new AggregateMapParameters
        {
            Width = Size[0],
            Height = Size.Length == 2 ? Size[1] : Size[0],
            PixelSize = PixelSize,
            Unit = Unit,
            ParticleCount = ParticleCount,
            Coverage = Coverage,
            CarbonDiameter = CarbonDiameter,
            SilicaDiameter = SilicaDiameter,
            CarbonDiameterSpread = CarbonDiameterSpread,
            SilicaDiameterSpread = SilicaDiameterSpread,
            CarbonParticleFraction = CarbonParticleFraction,
            Arrangement = Arrangement,
            ClusterCount = ClusterCount,
            AllowOverlap = !NoOverlap,
        };
        try
        {
            parameters.Validate();
        }
        catch (MicroMorphException ex)
        {
            ThrowTerminatingError(ErrorMapping.ToErrorRecord(ex, parameters));
        }

        for (int i = 0; i < Count; i++)
        {
            var p = parameters with { Seed = seed + i, Name = $"{Name ?? Arrangement.ToString()}-{seed + i}" };
            if (TryRun("Simulating an aggregate map", o => AggregateMapSimulator.Generate(p, o), p, out var map))
            {
                WriteObject(map);
            }
        }
    }
}

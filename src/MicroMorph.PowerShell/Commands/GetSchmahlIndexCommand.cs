using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-SchmahlIndex: for each aggregate map from the pipeline and each -ParticleCount N, the variance
/// of the carbon concentration in -SampleCount random cutouts holding N primary particles (000 Eq. 1),
/// its bounds (Eqs. 4, 5) and the Schmahl index (Eq. 6). N = 0 (or -IncludeSinglePixel) gives
/// single-pixel cutouts, whose variance is Eq. 4.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SchmahlIndex")]
[OutputType(typeof(SchmahlIndexResult))]
public sealed class GetSchmahlIndexCommand : PrimaryParticleCmdlet
{
    /// <summary>An aggregate map (Import-AggregateMap, New-AggregateMap).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public AggregateMap InputObject { get; set; } = null!;

    /// <summary>Numbers N of primary particles per cutout (0: single pixels).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateRange(0, int.MaxValue)]
    public int[] ParticleCount { get; set; } = [25];

    /// <summary>Adds single-pixel cutouts (reported with ParticleCount 0).</summary>
    [Parameter]
    public SwitchParameter IncludeSinglePixel { get; set; }

    /// <summary>Cutouts per aggregate and particle count.</summary>
    [Parameter]
    [ValidateRange(2, 100000000)]
    public int SampleCount { get; set; } = 150;

    /// <summary>Pixel edge length in the diameters' unit (default: the map's).</summary>
    [Parameter]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double? PixelSize { get; set; }

    /// <summary>Seed of the cutout positions (default: a new random seed, reported in the result).</summary>
    [Parameter]
    public long? Seed { get; set; }

    private long _seed;

    protected override void BeginProcessing() => _seed = Seed ?? Random.Shared.Next();

    protected override void ProcessRecord()
    {
        var counts = IncludeSinglePixel && !ParticleCount.Contains(0) ? [0, .. ParticleCount] : ParticleCount;
        var options = new SchmahlIndexOptions
        {
            ParticleCounts = counts,
            SampleCount = SampleCount,
            Sizes = Sizes,
            PixelSize = PixelSize,
            Seed = _seed,
        };
        if (TryRun("Schmahl index of " + InputObject, o => SchmahlIndexAnalysis.Compute(InputObject, options, o), InputObject, out var results))
        {
            foreach (var r in results)
            {
                WriteObject(r);
            }
        }
    }
}

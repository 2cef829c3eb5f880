using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-SchmahlIndex: for each aggregate map from the pipeline and each -ParticleCount N, the variance
/// of the carbon concentration in -SampleCount random cutouts holding N primary particles (000 Eq. 1),
/// its bounds (Eqs. 4, 5) and the Schmahl index (Eq. 6). N = 0 (or -IncludeSinglePixel) gives
/// single-pixel cutouts, whose variance is Eq. 4. Beside the paper's index, MicroMorph's geometry-aware
/// random-mixture reference (-ReferenceSimulations simulated mixtures, default 40) gives ReferenceVariance,
/// ReferenceIndex and RandomMixtureSchmahlIndex; a warning says when a random mixture would score well
/// above 1 on the paper's index (small N, high coverage).
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

    /// <summary>Simulated random mixtures of the reference (0: none).</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int ReferenceSimulations { get; set; } = 40;

    /// <summary>Reading of the size spreads in Eq. 5: Area (default) or Diameter.</summary>
    [Parameter]
    public SizeSpreadReading SpreadReading { get; set; } = SizeSpreadReading.Area;

    /// <summary>The paper's index of a random mixture above which a warning is written.</summary>
    private const double WarnAbove = 1.1;

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
            SpreadReading = SpreadReading,
            ReferenceSimulations = ReferenceSimulations,
        };
        if (TryRun("Schmahl index of " + InputObject, o => SchmahlIndexAnalysis.Compute(InputObject, options, o), InputObject, out var results))
        {
            foreach (var r in results)
            {
                Warn(r);
                WriteObject(r);
            }
        }
    }

    /// <summary>
    /// Issue 22: the paper's index of a completely random mixture exceeds 1 by up to 0.6 at small N and
    /// high coverage (docs/methods/mixing-quality.md). With a reference the map's own expectation is
    /// known; without one, N below 10 is flagged. Collected per N and written once, at the end.
    /// </summary>
    private void Warn(SchmahlIndexResult r)
    {
        if (r.ParticleCount == 0)
        {
            return;
        }

        if (r.ReferenceSimulations > 0 ? r.RandomMixtureSchmahlIndex > WarnAbove : r.ParticleCount < 10)
        {
            var (maps, low, high) = _warnings.GetValueOrDefault(r.ParticleCount, (0, double.PositiveInfinity, double.NegativeInfinity));
            double v = r.RandomMixtureSchmahlIndex;
            _warnings[r.ParticleCount] = (maps + 1, double.IsNaN(v) ? low : Math.Min(low, v), double.IsNaN(v) ? high : Math.Max(high, v));
        }
    }

    private readonly SortedDictionary<int, (int Maps, double Low, double High)> _warnings = [];

    protected override void EndProcessing()
    {
        foreach (var (n, (maps, low, high)) in _warnings)
        {
            WriteWarning(double.IsFinite(low)
                ? string.Create(CultureInfo.InvariantCulture, $"At N = {n}, a completely random mixture scores {low:F2}{(low == high ? string.Empty : " to " + high.ToString("F2", CultureInfo.InvariantCulture))} on the paper's Schmahl index (not 1) on {maps} map(s): overlaps, particles cut by the cutout border and the aggregate's finite size make Eq. 5 too small. Read ReferenceIndex (1 = random mixture on that map) or use a larger N.")
                : string.Create(CultureInfo.InvariantCulture, $"At N = {n} the paper's Schmahl index of a completely random mixture is about 1.1-1.6 (the more overlap, the higher; table in Get-Help Get-SchmahlIndex -Full). Use -ReferenceSimulations for a reference on each map's geometry, or a larger N."));
        }
    }
}

using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// The intra-aggregate mixing state of one aggregate at one cutout size (000 Sections 2.3.1-2.3.2):
/// the carbon concentration P and the class fractions (Eq. 3), the empirical variance of the local
/// concentrations (Eq. 1), its bounds (Eqs. 4, 5) and the Schmahl index (Eq. 6).
/// <see cref="ParticleCount"/> 0 marks single-pixel cutouts (their MinVariance and index are NaN).
/// </summary>
public sealed record SchmahlIndexResult
{
    public string Name { get; init; } = string.Empty;

    public double CarbonFraction { get; init; }

    public double P10 { get; init; }

    public double P01 { get; init; }

    public double P11 { get; init; }

    public int ParticleCount { get; init; }

    public int SampleCount { get; init; }

    /// <summary>Mean side length of the square cutouts, in pixels.</summary>
    public double CutoutSide { get; init; }

    /// <summary>The foreground area each cutout is grown to, in pixels (N times the mean projected particle area).</summary>
    public double CutoutArea { get; init; }

    /// <summary>s^2_intra, Eq. 1.</summary>
    public double Variance { get; init; }

    /// <summary>s^2_intra,max, Eq. 4.</summary>
    public double MaxVariance { get; init; }

    /// <summary>s^2_intra,min, Eq. 5 (dimensionless reading; size spreads read as <see cref="SpreadReading"/>).</summary>
    public double MinVariance { get; init; }

    /// <summary>M_AS, Eq. 6.</summary>
    public double SchmahlIndex { get; init; }

    /// <summary>How Eq. 5 read the size spreads.</summary>
    public SizeSpreadReading SpreadReading { get; init; }

    /// <summary>
    /// MicroMorph extension: the cutout variance of a completely random mixture on this map's geometry
    /// (same cutout rule, N and sample count), the geometric mean over <see cref="ReferenceSimulations"/>
    /// simulated mixtures (<see cref="RandomMixtureReference"/>). NaN when no reference was simulated.
    /// </summary>
    public double ReferenceVariance { get; init; } = double.NaN;

    /// <summary>Standard error of <see cref="ReferenceVariance"/> (from the spread of the simulated log variances).</summary>
    public double ReferenceVarianceError { get; init; } = double.NaN;

    /// <summary>
    /// MicroMorph extension: log(s^2_max / s^2) / log(s^2_max / ReferenceVariance), Eq. 6 with the
    /// simulated reference in place of Eq. 5: about 1 for random mixtures, about 0 for segregated ones.
    /// </summary>
    public double ReferenceIndex { get; init; } = double.NaN;

    /// <summary>Standard deviation of <see cref="ReferenceIndex"/> over the simulated random mixtures: the per-map scatter of a random mixture.</summary>
    public double ReferenceIndexSpread { get; init; } = double.NaN;

    /// <summary>The paper's index (Eq. 6) a completely random mixture on this geometry gets on average: Eq. 6 at <see cref="ReferenceVariance"/>.</summary>
    public double RandomMixtureSchmahlIndex { get; init; } = double.NaN;

    /// <summary>Number of simulated random mixtures behind the reference (0: none).</summary>
    public int ReferenceSimulations { get; init; }

    /// <summary>"Relabel" (the map's own particles, species permuted) or "Matched" (disk maps matched to the outline and foreground area); empty without a reference.</summary>
    public string ReferenceMethod { get; init; } = string.Empty;

    public long ForegroundPixels { get; init; }

    public double PixelSize { get; init; }

    public string Unit { get; init; } = string.Empty;

    public long Seed { get; init; }

    /// <summary>The local carbon concentrations X_i of the cutouts.</summary>
    public IReadOnlyList<double> LocalConcentrations
    {
        get => _localConcentrations;
        init => _localConcentrations = ResultList.Of<double>(value, "local concentrations");
    }

    private readonly IReadOnlyList<double> _localConcentrations = ResultList.Of<double>([], "local concentrations");
}

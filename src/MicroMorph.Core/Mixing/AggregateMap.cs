using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// A segmented element map of one hetero-aggregate (000 Section 2.2): one <see cref="PixelClass"/>
/// per pixel (row-major, y then x), the pixel edge length and its unit. The class counts and the
/// carbon concentration P (the mean per-pixel concentration over the foreground: 1 for [1,0],
/// 0 for [0,1], 0.5 for [1,1]) are computed once.
/// </summary>
public sealed class AggregateMap
{
    private readonly byte[] _classes;

    public AggregateMap(int width, int height, byte[] classes, double pixelSize = 1, string unit = "px", string name = "")
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (width < 1 || height < 1)
        {
            throw MicroMorphException.Argument("InvalidMapSize", $"A map needs at least one pixel, not {width} x {height}.", classes);
        }

        if ((long)width * height != classes.LongLength)
        {
            throw MicroMorphException.Argument("InvalidMapSize", $"{classes.LongLength} class values do not fill a {width} x {height} map.", classes);
        }

        if (!(pixelSize > 0) || double.IsInfinity(pixelSize))
        {
            throw MicroMorphException.Argument("InvalidPixelSize", $"The pixel size must be positive and finite, not {pixelSize.ToString(CultureInfo.InvariantCulture)}.", pixelSize);
        }

        Width = width;
        Height = height;
        _classes = classes;
        PixelSize = pixelSize;
        Unit = string.IsNullOrWhiteSpace(unit) ? "px" : unit.Trim();
        Name = name ?? string.Empty;
        long c = 0, s = 0, b = 0;
        foreach (byte v in classes)
        {
            switch (v)
            {
                case 0: break;
                case 1: c++; break;
                case 2: s++; break;
                case 3: b++; break;
                default:
                    throw MicroMorphException.Argument("InvalidPixelClass", $"Pixel class {v} is not one of 0 (background), 1 (carbon), 2 (silica), 3 (both).", classes);
            }
        }

        CarbonOnlyCount = c;
        SilicaOnlyCount = s;
        BothCount = b;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>
    /// One <see cref="PixelClass"/> value per pixel, index y * Width + x. Not copied: do not modify.
    /// A method, not a property: a map is a handle, and ConvertTo-Json, Export-Csv and Format-List
    /// read every property, which would serialize every pixel.
    /// </summary>
    public byte[] GetClasses() => _classes;

    /// <summary>
    /// The primary particles the map was drawn from (pixel units), when known: maps from
    /// <see cref="AggregateMapSimulator"/> carry them, imported maps do not (empty list). A method
    /// for the same reason as <see cref="GetClasses"/>.
    /// </summary>
    public IReadOnlyList<AggregateParticle> GetParticles() => _particles;

    /// <summary>True when the map knows its primary particles (<see cref="GetParticles"/>).</summary>
    public bool HasParticles => _particles.Length > 0;

    private AggregateParticle[] _particles = [];

    /// <summary>Attaches the particles a simulated map was rasterised from.</summary>
    internal AggregateMap WithParticles(AggregateParticle[] particles)
    {
        _particles = particles;
        return this;
    }

    /// <summary>Pixel edge length in <see cref="Unit"/>.</summary>
    public double PixelSize { get; }

    public string Unit { get; }

    /// <summary>A label (e.g. the file name) carried into the results.</summary>
    public string Name { get; }

    /// <summary>Number of [1,0] pixels.</summary>
    public long CarbonOnlyCount { get; }

    /// <summary>Number of [0,1] pixels.</summary>
    public long SilicaOnlyCount { get; }

    /// <summary>Number of [1,1] pixels.</summary>
    public long BothCount { get; }

    /// <summary>Number of pixels with any signal.</summary>
    public long ForegroundCount => CarbonOnlyCount + SilicaOnlyCount + BothCount;

    /// <summary>P_{1,0} (Eq. 3).</summary>
    public double P10 => (double)CarbonOnlyCount / ForegroundCount;

    /// <summary>P_{0,1} (Eq. 3).</summary>
    public double P01 => (double)SilicaOnlyCount / ForegroundCount;

    /// <summary>P_{1,1} (Eq. 3).</summary>
    public double P11 => (double)BothCount / ForegroundCount;

    /// <summary>The aggregate's carbon concentration P = P10 + P11 / 2.</summary>
    public double CarbonFraction => (CarbonOnlyCount + 0.5 * BothCount) / ForegroundCount;

    /// <summary>The variance of the unmixed state, 000 Eq. 4 (the variance of the per-pixel concentration).</summary>
    public double MaxVariance
    {
        get
        {
            double p = CarbonFraction;
            return P10 * (1 - p) * (1 - p) + P01 * p * p + P11 * (0.5 - p) * (0.5 - p);
        }
    }

    public PixelClass this[int x, int y] => (PixelClass)_classes[(long)y * Width + x];

    public string Dimensions => string.Create(CultureInfo.InvariantCulture, $"{Width} x {Height}");

    /// <summary>
    /// Refuses maps the mixing measures cannot use: an empty foreground, or only one species
    /// (P = 0 or 1, where Eq. 4 vanishes and Eq. 6 is undefined).
    /// </summary>
    public void RequireBothSpecies()
    {
        if (ForegroundCount == 0)
        {
            throw MicroMorphException.Argument("EmptyForeground", $"The map{Describe()} has no foreground pixel (neither carbon nor silicon signal).", this);
        }

        if (CarbonOnlyCount + BothCount == 0 || SilicaOnlyCount + BothCount == 0 || CarbonOnlyCount + SilicaOnlyCount == 0)
        {
            string missing = CarbonOnlyCount + BothCount == 0 ? "has no carbon" : SilicaOnlyCount + BothCount == 0 ? "has no silicon" : "has only overlap [1,1] pixels";
            throw MicroMorphException.Argument("SpeciesMissing", $"The map{Describe()} {missing}: its mixing quality is undefined (Eq. 4 is zero).", this);
        }
    }

    public override string ToString() => $"AggregateMap {Dimensions}{Describe()}";

    private string Describe() => Name.Length == 0 ? string.Empty : $" '{Name}'";
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Parameters of a simulated element map (<see cref="AggregateMapSimulator"/>): disk-shaped primary
/// particles of carbon and silica with germs uniform in a disk-shaped envelope, lengths in <see cref="Unit"/>.
/// </summary>
public sealed record AggregateMapParameters
{
    public int Width { get; init; } = 256;

    public int Height { get; init; } = 256;

    public double PixelSize { get; init; } = 1;

    public string Unit { get; init; } = "nm";

    /// <summary>Number of primary particles; 0 chooses the number whose areas sum to <see cref="Coverage"/> of the envelope.</summary>
    public int ParticleCount { get; init; }

    /// <summary>Summed particle area over envelope area when <see cref="ParticleCount"/> is 0 (overlaps make the covered fraction 1 - exp(-Coverage)).</summary>
    public double Coverage { get; init; } = 0.2;

    public double CarbonDiameter { get; init; } = 10;

    public double SilicaDiameter { get; init; } = 10;

    /// <summary>Standard deviation of the carbon diameters (gamma distributed); 0 = monodisperse.</summary>
    public double CarbonDiameterSpread { get; init; }

    public double SilicaDiameterSpread { get; init; }

    /// <summary>Probability that a particle is carbon (its number fraction).</summary>
    public double CarbonParticleFraction { get; init; } = 0.5;

    public MixtureArrangement Arrangement { get; init; } = MixtureArrangement.Random;

    /// <summary>
    /// True (default): germs are independent, particles overlap (a Boolean model). False: random
    /// sequential adsorption, no two disks overlap (coverage at most about 0.5, the jamming limit is 0.547).
    /// </summary>
    public bool AllowOverlap { get; init; } = true;

    /// <summary>Number of species clusters of a <see cref="MixtureArrangement.Segregated"/> map.</summary>
    public int ClusterCount { get; init; } = 2;

    public long Seed { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>Throws on parameters no map can be built from.</summary>
    public void Validate()
    {
        if (Width < 1 || Height < 1)
        {
            throw MicroMorphException.Argument("InvalidMapSize", $"A map needs at least one pixel, not {Width} x {Height}.", this);
        }

        Imaging.Volume.ValidateDimensions(Width, Height, 1, Imaging.VoxelDataType.UInt8);
        Positive(PixelSize, "PixelSize");
        Positive(CarbonDiameter, "CarbonDiameter");
        Positive(SilicaDiameter, "SilicaDiameter");
        NonNegative(CarbonDiameterSpread, "CarbonDiameterSpread");
        NonNegative(SilicaDiameterSpread, "SilicaDiameterSpread");
        if (!(CarbonParticleFraction >= 0 && CarbonParticleFraction <= 1))
        {
            throw MicroMorphException.Argument("InvalidCarbonParticleFraction", $"The carbon particle fraction must lie in [0, 1], not {CarbonParticleFraction}.", this);
        }

        if (!(Coverage > 0) || double.IsInfinity(Coverage))
        {
            throw MicroMorphException.Argument("InvalidCoverage", $"The coverage must be positive, not {Coverage}.", this);
        }

        if (ParticleCount < 0 || ClusterCount < 1)
        {
            throw MicroMorphException.Argument("InvalidParticleCount", "The particle count must be >= 0 and the cluster count >= 1.", this);
        }

        if (Math.Max(CarbonDiameter, SilicaDiameter) / PixelSize > 0.5 * Math.Min(Width, Height))
        {
            throw MicroMorphException.Argument("ParticlesTooLarge", $"Particles of {Math.Max(CarbonDiameter, SilicaDiameter)} {Unit} do not fit a {Width} x {Height} map of {PixelSize} {Unit} pixels.", this);
        }
    }

    private static void Positive(double v, string name)
    {
        if (!(v > 0) || double.IsInfinity(v))
        {
            throw MicroMorphException.Argument("Invalid" + name, $"{name} must be positive and finite, not {v}.", v);
        }
    }

    private static void NonNegative(double v, string name)
    {
        if (!(v >= 0) || double.IsInfinity(v))
        {
            throw MicroMorphException.Argument("Invalid" + name, $"{name} must be >= 0 and finite, not {v}.", v);
        }
    }
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A stationary Boolean model (001 Eq. 1): Poisson germs of <see cref="Intensity"/> per unit
/// volume (physical unit cubed) carrying independent grains of law <see cref="Grains"/>.
/// </summary>
public sealed record BooleanModelParameters(double Intensity, GrainDistribution Grains)
{
    /// <summary>Throws <c>InvalidIntensity</c> or <c>InvalidGrainParameter</c> before any work.</summary>
    public void Validate()
    {
        if (!(Intensity > 0) || double.IsInfinity(Intensity))
        {
            throw MicroMorphException.Argument(
                "InvalidIntensity",
                FormattableString.Invariant($"The intensity of a Boolean model must be a finite positive number of germs per unit volume; it is {Intensity}."),
                Intensity);
        }

        ArgumentNullException.ThrowIfNull(Grains);
        Grains.Validate();
    }

    /// <summary>
    /// The record's text in the invariant culture, e.g. "BooleanModelParameters { Intensity = 0.004, Grains = balls
    /// of radius 3 }": the same in every session, and in the copy a background job or a remote session sends back
    /// (PowerShell's serializer stores ToString in the sender's culture).
    /// </summary>
    public override string ToString() => FormattableString.Invariant($"BooleanModelParameters {{ Intensity = {Intensity}, Grains = {Grains} }}");

    /// <summary>The same model in a length unit <paramref name="factor"/> times smaller (e.g. nm to voxels: 1/voxel size).</summary>
    public BooleanModelParameters Scale(double factor) =>
        new(Intensity / (factor * factor * factor), Grains.Scale(factor));
}

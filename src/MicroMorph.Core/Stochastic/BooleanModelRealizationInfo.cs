using System.Globalization;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// What one realization of a Boolean model drew: the parameters (physical units, <see cref="Unit"/>),
/// the seed, the number of Poisson germs drawn in the enlarged window (<see cref="Germs"/>, mean
/// <see cref="ExpectedGerms"/>), how many of their grains reach the image (<see cref="GrainsInWindow"/>)
/// and the margin by which the germ window was enlarged on each side.
/// </summary>
public sealed record BooleanModelRealizationInfo(
    BooleanModelParameters Parameters,
    long Seed,
    bool OpenGrains,
    string Unit,
    double ExpectedGerms,
    long Germs,
    long GrainsInWindow,
    double Margin)
{
    /// <summary>
    /// Records the realization in <paramref name="target"/>'s metadata under "<paramref name="prefix"/>.":
    /// Intensity, GrainLaw, Grains, Seed, Germs, GrainsInWindow, ExpectedGerms, Margin, OpenGrains, Unit
    /// (numbers invariant and round-trip), so an image documents how to reproduce it.
    /// </summary>
    public void WriteMetadata(Volume target, string prefix = "BooleanModel")
    {
        ArgumentNullException.ThrowIfNull(target);
        var m = target.Metadata;
        m[prefix + ".Intensity"] = Number(Parameters.Intensity);
        m[prefix + ".GrainLaw"] = DescribeLaw(Parameters.Grains);
        m[prefix + ".Grains"] = Parameters.Grains.ToString() ?? string.Empty;
        m[prefix + ".Seed"] = Seed.ToString(CultureInfo.InvariantCulture);
        m[prefix + ".Germs"] = Germs.ToString(CultureInfo.InvariantCulture);
        m[prefix + ".GrainsInWindow"] = GrainsInWindow.ToString(CultureInfo.InvariantCulture);
        m[prefix + ".ExpectedGerms"] = Number(ExpectedGerms);
        m[prefix + ".Margin"] = Number(Margin);
        m[prefix + ".OpenGrains"] = OpenGrains ? "True" : "False";
        m[prefix + ".Unit"] = Unit;
    }

    /// <summary>The law and its parameters, e.g. "GammaSpheroids ShapeA=205 ShapeC=3944 Rate=1.971".</summary>
    public static string DescribeLaw(GrainDistribution law) => law switch
    {
        ConstantRadiusBalls b => "ConstantRadiusBalls Radius=" + Number(b.Radius),
        ExponentialRadiusBalls e => "ExponentialRadiusBalls Rate=" + Number(e.Rate),
        GammaSpheroids g => $"GammaSpheroids ShapeA={Number(g.ShapeA)} ShapeC={Number(g.ShapeC)} Rate={Number(g.Rate)}",
        _ => law.GetType().Name,
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

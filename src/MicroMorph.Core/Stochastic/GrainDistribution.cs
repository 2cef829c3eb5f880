using MathNet.Numerics.Distributions;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// One grain of a Boolean model, centred at the origin: a spheroid with half-axis
/// <see cref="PolarRadius"/> along the unit vector (AxisX, AxisY, AxisZ) and <see cref="EquatorialRadius"/>
/// in the plane normal to it (a ball when the two are equal). Lengths in physical units.
/// </summary>
public readonly record struct Grain(double PolarRadius, double EquatorialRadius, double AxisX, double AxisY, double AxisZ)
{
    public static Grain Ball(double radius) => new(radius, radius, 0, 0, 1);

    public double CircumRadius => Math.Max(PolarRadius, EquatorialRadius);
}

/// <summary>
/// The law of the grains of a Boolean model (001, Section 3.1). Lengths and rates are in the
/// physical unit of the voxel size the model is realized at (e.g. nm and 1/nm).
/// </summary>
public abstract record GrainDistribution
{
    /// <summary>Draws one grain.</summary>
    public abstract Grain Sample(RandomStream random);

    /// <summary>
    /// The <paramref name="probability"/>-quantile of the circumradius: the germ window is enlarged
    /// by it so that grains centred outside the window but reaching into it are not missed.
    /// </summary>
    public abstract double CircumRadiusQuantile(double probability);

    /// <summary>Throws <c>InvalidGrainParameter</c> for a parameter that is not finite and positive.</summary>
    public abstract void Validate();

    /// <summary>Lengths scaled by <paramref name="factor"/> (rates divided by it), e.g. nm to voxel units.</summary>
    public abstract GrainDistribution Scale(double factor);

    protected static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw MicroMorphException.Argument(
                "InvalidGrainParameter",
                FormattableString.Invariant($"The grain parameter {name} must be a finite positive number; it is {value}."),
                value);
        }
    }
}

/// <summary>Balls of one radius.</summary>
public sealed record ConstantRadiusBalls(double Radius) : GrainDistribution
{
    public override Grain Sample(RandomStream random) => Grain.Ball(Radius);

    public override double CircumRadiusQuantile(double probability) => Radius;

    public override void Validate() => RequirePositive(Radius, nameof(Radius));

    public override GrainDistribution Scale(double factor) => new ConstantRadiusBalls(Radius * factor);

    public override string ToString() => FormattableString.Invariant($"balls of radius {Radius:G6}");
}

/// <summary>Balls with exponentially distributed radii of rate <see cref="Rate"/> (001 Section 3.1.3; mean radius 1/Rate).</summary>
public sealed record ExponentialRadiusBalls(double Rate) : GrainDistribution
{
    public override Grain Sample(RandomStream random) => Grain.Ball(random.NextExponential(Rate));

    public override double CircumRadiusQuantile(double probability) => -Math.Log(1 - probability) / Rate;

    public override void Validate() => RequirePositive(Rate, nameof(Rate));

    public override GrainDistribution Scale(double factor) => new ExponentialRadiusBalls(Rate / factor);

    public override string ToString() => FormattableString.Invariant($"balls with exponential radii (rate {Rate:G6})");
}

/// <summary>
/// Isotropically oriented oblate spheroids (001 Section 3.1.1): independent half-axes
/// A ~ Gamma(<see cref="ShapeA"/>, <see cref="Rate"/>) and C ~ Gamma(<see cref="ShapeC"/>, <see cref="Rate"/>);
/// the third half-axis is max(A, C), so the grain has polar half-axis min(A, C) and equatorial
/// radius max(A, C). Shapes are dimensionless, the rate is per length unit (Table 2 labels the
/// columns the other way round; shapes 205 and 3944 with rate 1.971/nm give mean half-axes of
/// about 104 nm and 2001 nm, which reproduces Table 3).
/// </summary>
public sealed record GammaSpheroids(double ShapeA, double ShapeC, double Rate) : GrainDistribution
{
    public override Grain Sample(RandomStream random)
    {
        double a = random.NextGamma(ShapeA, Rate);
        double c = random.NextGamma(ShapeC, Rate);
        var (x, y, z) = random.NextDirection();
        return new Grain(Math.Min(a, c), Math.Max(a, c), x, y, z);
    }

    public override double CircumRadiusQuantile(double probability) =>
        Math.Max(Gamma.InvCDF(ShapeA, Rate, probability), Gamma.InvCDF(ShapeC, Rate, probability));

    public override void Validate()
    {
        RequirePositive(ShapeA, nameof(ShapeA));
        RequirePositive(ShapeC, nameof(ShapeC));
        RequirePositive(Rate, nameof(Rate));
    }

    public override GrainDistribution Scale(double factor) => new GammaSpheroids(ShapeA, ShapeC, Rate / factor);

    public override string ToString() =>
        FormattableString.Invariant($"oblate spheroids, half-axes Gamma({ShapeA:G6}, {Rate:G6}) and Gamma({ShapeC:G6}, {Rate:G6})");
}

namespace MicroMorph.Core.Descriptors;

/// <summary>One point of a descriptor curve, e.g. (radius, covered fraction).</summary>
public readonly record struct CurvePoint(double X, double Y)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({X:G6}, {Y:G6})");
}

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// A TIFF resolution value as stored: numerator and denominator of a RATIONAL (both exact in a
/// double, being 32-bit integers), or a FLOAT/DOUBLE value over 1. Kept apart rather than divided
/// on reading, so that the voxel size, which is the reciprocal, costs one rounding:
/// <c>Denominator / Numerator</c>. Dividing twice (1 / (20 / 13)) gives 0.6499999999999999 for
/// 0.65.
/// </summary>
internal readonly record struct TiffRational(double Numerator, double Denominator)
{
    /// <summary>Pixels per resolution unit (the tag's value).</summary>
    public double Value => Numerator / Denominator;

    /// <summary>True for a finite positive value (a zero numerator or denominator means no resolution).</summary>
    public bool IsPositive => double.IsFinite(Numerator) && double.IsFinite(Denominator) && Numerator > 0 && Denominator > 0;

    /// <summary>
    /// The pixel size <c>scale / Value</c>, computed as <c>(scale * Denominator) / Numerator</c>:
    /// with an integer scale such as 10000 (µm per cm) the product is exact, so the result is the
    /// correctly rounded quotient (one rounding).
    /// </summary>
    public double PixelSize(double scale = 1) => scale * Denominator / Numerator;
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>A scale bar: its length in <see cref="Unit"/>, its length in picture pixels, and its label ("500 nm").</summary>
public sealed record ScaleBar(double Length, string Unit, double Pixels, string Label);

/// <summary>
/// Chooses the length of a scale bar the way a microscope does: the longest "nice" length 1, 2 or 5
/// times a power of ten that is at most a given fraction of the picture width, written in the unit that
/// makes its number 1 to 500 (1000 nm becomes 1 µm, 0.5 µm becomes 500 nm).
/// </summary>
public static class ScaleBarLength
{
    /// <summary>The default longest bar: a fifth of the picture width.</summary>
    public const double DefaultFraction = 0.2;

    // Length units from small to large, for rewriting the label; the names are the ones users give.
    private static readonly (string Name, double Metres)[] LabelUnits =
    [
        ("pm", 1e-12), ("nm", 1e-9), ("µm", 1e-6), ("mm", 1e-3), ("m", 1),
    ];

    /// <summary>
    /// The scale bar for pictures whose pixels are <paramref name="pixelSize"/> <paramref name="unit"/>
    /// wide and <paramref name="widthPixels"/> pixels wide, at most <paramref name="fraction"/> of it.
    /// A unit that is not a length (e.g. "voxel") keeps its name and gets no conversion.
    /// </summary>
    public static ScaleBar Choose(double pixelSize, string unit, int widthPixels, double fraction = DefaultFraction)
    {
        ArgumentNullException.ThrowIfNull(unit);
        if (!(pixelSize > 0) || !double.IsFinite(pixelSize) || widthPixels < 1 || !(fraction > 0 && fraction <= 1))
        {
            throw MicroMorphException.Argument(
                "InvalidScaleBar",
                FormattableString.Invariant($"A scale bar needs a positive pixel size, picture width and fraction (at most 1); got {pixelSize} {unit}, {widthPixels} pixels, {fraction}."),
                pixelSize);
        }

        double longest = fraction * widthPixels * pixelSize;
        double length = Nice(longest);
        return new ScaleBar(length, unit, length / pixelSize, Label(length, unit));
    }

    /// <summary>The largest 1, 2 or 5 times a power of ten that is at most <paramref name="value"/> (> 0).</summary>
    public static double Nice(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A positive finite length is needed.");
        }

        double decade = Math.Pow(10, Math.Floor(Math.Log10(value)));
        // Guard the rounding of Log10 and Pow at exact powers of ten (e.g. 1000 -> 999.999...).
        if (decade * 10 <= value * (1 + 1e-12))
        {
            decade *= 10;
        }
        else if (decade > value * (1 + 1e-12))
        {
            decade /= 10;
        }

        foreach (double step in (ReadOnlySpan<double>)[5, 2, 1])
        {
            if (step * decade <= value * (1 + 1e-12))
            {
                return step * decade;
            }
        }

        return decade;
    }

    /// <summary>"500 nm", "1 µm", "20 voxels": the length in the length unit that makes its number 1 to 999.</summary>
    public static string Label(double length, string unit)
    {
        if (LengthUnits.MetresPerUnit(unit) is not { } metresPerUnit)
        {
            string name = unit == VoxelSize.UncalibratedUnit && Math.Abs(length - 1) > 1e-12 ? "voxels" : unit;
            return Format(length) + " " + name;
        }

        double metres = length * metresPerUnit;
        var chosen = LabelUnits[0];
        foreach (var candidate in LabelUnits)
        {
            if (metres / candidate.Metres >= 1 - 1e-9)
            {
                chosen = candidate;
            }
        }

        return Format(metres / chosen.Metres) + " " + chosen.Name;
    }

    private static string Format(double value)
    {
        double rounded = Math.Round(value, 9);
        return rounded.ToString("0.#########", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>An 8-bit sRGB colour, written as #RRGGBB.</summary>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";

    /// <summary>Parses "#RRGGBB" or "RRGGBB".</summary>
    public static RgbColor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string hex = text.Trim().TrimStart('#');
        if (hex.Length != 6 || !uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
        {
            throw MicroMorphException.Argument("InvalidColor", $"'{text}' is not a colour of the form #RRGGBB.", text);
        }

        return new RgbColor((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    /// <summary>A distinguishable default colour for the n-th phase.</summary>
    public static RgbColor Default(int index)
    {
        // Okabe-Ito palette (colour-blind safe), black first for the background/pore phase.
        ReadOnlySpan<uint> palette = [0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x999999, 0xFFFFFF];
        uint c = palette[((index % palette.Length) + palette.Length) % palette.Length];
        return new RgbColor((byte)(c >> 16), (byte)(c >> 8), (byte)c);
    }
}

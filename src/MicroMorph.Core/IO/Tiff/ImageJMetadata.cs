using System.Globalization;
using System.Text;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// The ImageJ description (<c>ImageJ=1.11a\nimages=...\nunit=...\nspacing=...</c>) in the first
/// page's ImageDescription: parsing on import, formatting on export. Keys that are not ImageJ's
/// own carry MicroMorph's metadata (e.g. <c>MicroMorph.Phases</c>); ImageJ ignores them.
/// </summary>
internal sealed class ImageJMetadata
{
    /// <summary>The keys ImageJ itself writes or reads; everything else is user metadata.</summary>
    private static readonly HashSet<string> StandardKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "ImageJ", "images", "channels", "slices", "frames", "hyperstack", "mode", "unit", "yunit", "zunit",
        "tunit", "vunit", "cf", "spacing", "loop", "finterval", "fps", "min", "max", "xorigin", "yorigin",
        "zorigin", "ranges", "LUTs", "info", "labels", "properties", "overlay", "scale", "invert",
    };

    private ImageJMetadata()
    {
    }

    public string? Unit { get; private set; }

    public double? Spacing { get; private set; }

    public int? Images { get; private set; }

    public int? Channels { get; private set; }

    public int? Frames { get; private set; }

    /// <summary>Non-ImageJ <c>key=value</c> lines, unescaped.</summary>
    public Dictionary<string, string> Extra { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a description that starts with <c>ImageJ=</c>; returns its parsed content.</summary>
    public static bool TryParse(string description, out ImageJMetadata metadata)
    {
        metadata = new ImageJMetadata();
        if (!description.StartsWith("ImageJ=", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var rawLine in description.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r', '\0');
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            string key = line[..eq].Trim();
            string value = line[(eq + 1)..].Trim();
            if (IsStandardKey(key))
            {
                metadata.ApplyStandard(key, value);
            }
            else
            {
                metadata.Extra[Unescape(key)] = Unescape(value);
            }
        }

        return true;
    }

    /// <summary>
    /// The description a writer stores. The unit µm is written as <c>um</c>: that is what
    /// ImageJ's own FileSaver writes, it keeps the tag 7-bit ASCII as TIFF requires, and ImageJ's
    /// Calibration maps "um" back to µm on opening. Other non-ASCII units are written as Java
    /// <c>\uXXXX</c> escapes, which this reader decodes.
    /// </summary>
    public static string Format(int depth, VoxelSize size, IReadOnlyDictionary<string, string> extra)
    {
        var sb = new StringBuilder();
        sb.Append("ImageJ=1.11a\n");
        if (depth > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $"images={depth}\n");
            sb.Append(CultureInfo.InvariantCulture, $"slices={depth}\n");
        }

        bool calibrated = size.Unit != VoxelSize.UncalibratedUnit;
        if (calibrated)
        {
            string unit = size.Unit == "µm" ? "um" : JavaEscape(size.Unit);
            sb.Append("unit=").Append(unit).Append('\n');
            if (depth > 1)
            {
                sb.Append("spacing=").Append(size.Z.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        if (depth > 1)
        {
            sb.Append("loop=false\n");
        }

        foreach (var (key, value) in extra)
        {
            // Entries describing the file the volume came from, and keys ImageJ would take as its own, are not stored.
            if (key.StartsWith("Tiff.", StringComparison.OrdinalIgnoreCase) || IsStandardKey(key))
            {
                continue;
            }

            sb.Append(Escape(key, escapeEquals: true)).Append('=').Append(Escape(value, escapeEquals: false)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Maps the spellings of micrometre that ImageJ and others write to "µm"; "pixel" means uncalibrated.</summary>
    public static string? NormalizeUnit(string? unit)
    {
        if (unit is null)
        {
            return null;
        }

        string u = JavaUnescape(unit).Trim();
        return u.ToLowerInvariant() switch
        {
            "" or "pixel" or "pixels" or "voxel" or "voxels" or "none" => null,
            "micron" or "microns" or "um" or "\u00B5m" or "\u03BCm" or "micrometer" or "micrometre" => "\u00B5m",
            "nanometer" or "nanometre" => "nm",
            "millimeter" or "millimetre" => "mm",
            _ => u,
        };
    }

    private static bool IsStandardKey(string key) =>
        StandardKeys.Contains(key) || (key.Length >= 2 && key[0] == 'c' && key[1..].All(char.IsAsciiDigit));

    private void ApplyStandard(string key, string value)
    {
        switch (key.ToLowerInvariant())
        {
            case "unit":
                Unit = value;
                break;
            case "spacing":
                if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double spacing) && double.IsFinite(spacing) && spacing > 0)
                {
                    Spacing = spacing;
                }

                break;
            case "images":
                Images = ParseCount(value);
                break;
            case "channels":
                Channels = ParseCount(value);
                break;
            case "frames":
                Frames = ParseCount(value);
                break;
            default:
                break;
        }
    }

    private static int? ParseCount(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;

    /// <summary>Percent-escapes what would break the line format or the ASCII tag: '%', control characters, non-ASCII and (in keys) '='.</summary>
    private static string Escape(string text, bool escapeEquals)
    {
        var sb = new StringBuilder(text.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b == '%' || b < 0x20 || b >= 0x7F || (escapeEquals && b == '='))
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    private static string Unescape(string text) => text.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(text) : text;

    private static string JavaEscape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is >= ' ' and < (char)0x7F)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string JavaUnescape(string text)
    {
        if (!text.Contains("\\u", StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 5 < text.Length && text[i + 1] == 'u'
                && int.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
            {
                sb.Append((char)code);
                i += 5;
            }
            else
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }
}

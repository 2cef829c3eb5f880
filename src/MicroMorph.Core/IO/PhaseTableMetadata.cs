using System.Globalization;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO;

/// <summary>
/// Carries a phase table through file formats as one metadata entry,
/// <c>MicroMorph.Phases = "0=Pore=#000000;1=CBD=#E69F00"</c>, so an exported phase image imports
/// as a phase image again.
/// </summary>
public static class PhaseTableMetadata
{
    public const string Key = "MicroMorph.Phases";

    public static string Format(PhaseTable phases) =>
        string.Join(";", phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label}={Escape(p.Name)}={p.Color}")));

    /// <summary>
    /// The metadata a writer stores for a volume: its own entries plus, for a phase image, the
    /// phase table under <see cref="Key"/>. Writers call this rather than reading Metadata directly.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForWriting(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var result = new SortedDictionary<string, string>(volume.Metadata, StringComparer.OrdinalIgnoreCase);
        if (volume is PhaseImage image)
        {
            result[Key] = Format(image.Phases);
        }

        return result;
    }

    /// <summary>Parses the entry; returns null when it is absent or malformed (the data then stays a grey stack).</summary>
    public static PhaseTable? TryParse(IDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(Key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var phases = new List<Phase>();
            foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = item.Split('=');
                if (parts.Length != 3)
                {
                    return null;
                }

                phases.Add(new Phase(byte.Parse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture), Unescape(parts[1]), RgbColor.Parse(parts[2])));
            }

            return phases.Count == 0 ? null : new PhaseTable(phases);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or Errors.MicroMorphException)
        {
            return null;
        }
    }

    private static string Escape(string name) => Uri.EscapeDataString(name);

    private static string Unescape(string name) => Uri.UnescapeDataString(name);
}

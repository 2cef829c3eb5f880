using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Looks up the colour of a value in [0, 1] in a <see cref="ColorMap"/>. The maps are tables of 256
/// colours; as in matplotlib's <c>ListedColormap</c>, t falls into entry floor(256 t) (t = 1 into the
/// last), and the table's [0, 1] channels are rounded to 8 bits, which gives the published hex codes
/// (viridis #440154 to #FDE725).
/// </summary>
public static partial class ColorMaps
{
    /// <summary>The colour of <paramref name="t"/> (clamped to [0, 1]; NaN gives the low end).</summary>
    public static RgbColor Map(ColorMap map, double t) => Table(map)[Index(t)];

    /// <summary>The 256 colours of <paramref name="map"/>, low end first.</summary>
    public static RgbColor[] Table(ColorMap map)
    {
        var colours = new RgbColor[256];
        if (map == ColorMap.Grey)
        {
            for (int i = 0; i < 256; i++)
            {
                colours[i] = new RgbColor((byte)i, (byte)i, (byte)i);
            }

            return colours;
        }

        float[] table = map switch
        {
            ColorMap.Viridis => ViridisTable,
            ColorMap.Magma => MagmaTable,
            ColorMap.Inferno => InfernoTable,
            ColorMap.Plasma => PlasmaTable,
            _ => throw new ArgumentOutOfRangeException(nameof(map), map, "Unknown colour map."),
        };
        for (int i = 0; i < 256; i++)
        {
            colours[i] = new RgbColor(ToByte(table[3 * i]), ToByte(table[3 * i + 1]), ToByte(table[3 * i + 2]));
        }

        return colours;
    }

    /// <summary>The table entry of <paramref name="t"/>: floor(256 t), clamped to 0..255.</summary>
    public static int Index(double t) => double.IsNaN(t) ? 0 : (int)Math.Clamp(Math.Floor(t * 256), 0, 255);

    private static byte ToByte(float channel) => (byte)Math.Round(Math.Clamp(channel, 0f, 1f) * 255, MidpointRounding.AwayFromZero);
}

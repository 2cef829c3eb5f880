using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Renders a section of a volume as 8-bit RGB: grey values through a linear window
/// (clipped), phase images in their phase colours; optional integer up-scaling
/// (nearest neighbour) for small images.
/// </summary>
public static class SliceRenderer
{
    public sealed record Picture(int Width, int Height, byte[] Rgb, double WindowMinimum, double WindowMaximum);

    public static Picture Render(Volume volume, SliceAxis axis, int index, double? minimum, double? maximum, int scale)
    {
        ArgumentNullException.ThrowIfNull(volume);
        int extent = axis switch { SliceAxis.Z => volume.Depth, SliceAxis.Y => volume.Height, _ => volume.Width };
        if (index < 0 || index >= extent)
        {
            throw MicroMorphException.Argument(
                "SliceOutOfRange",
                string.Create(CultureInfo.InvariantCulture, $"Slice {index} along {axis} is outside the volume (0 to {extent - 1})."),
                index);
        }

        if (scale is < 1 or > 64)
        {
            throw MicroMorphException.Argument("InvalidScale", string.Create(CultureInfo.InvariantCulture, $"The scale must be between 1 and 64; it is {scale}."), scale);
        }

        int w = axis == SliceAxis.X ? volume.Height : volume.Width;
        int h = axis == SliceAxis.Z ? volume.Height : volume.Depth;
        var values = new double[(long)w * h];
        for (int v = 0; v < h; v++)
        {
            for (int u = 0; u < w; u++)
            {
                (int x, int y, int z) = axis switch
                {
                    SliceAxis.Z => (u, v, index),
                    SliceAxis.Y => (u, index, v),
                    _ => (index, u, v),
                };
                values[(long)v * w + u] = Read(volume, x, y, z);
            }
        }

        var rgb = new byte[(long)w * scale * h * scale * 3];
        double lo = 0, hi = 0;
        Func<double, (byte R, byte G, byte B)> colour;
        if (volume is PhaseImage image)
        {
            var table = new (byte, byte, byte)[256];
            foreach (var p in image.Phases)
            {
                table[p.Label] = (p.Color.R, p.Color.G, p.Color.B);
            }

            colour = value => table[(int)value];
        }
        else
        {
            var finite = values.Where(double.IsFinite);
            lo = minimum ?? (finite.Any() ? finite.Min() : 0);
            hi = maximum ?? (finite.Any() ? finite.Max() : 1);
            if (!(hi > lo))
            {
                if (minimum is not null && maximum is not null)
                {
                    throw MicroMorphException.Argument("InvalidWindow", string.Create(CultureInfo.InvariantCulture, $"The grey window needs Maximum > Minimum; got {lo} and {hi}."), hi);
                }

                hi = lo + 1;
            }

            double span = hi - lo, l = lo;
            colour = value =>
            {
                byte g = double.IsNaN(value) ? (byte)0 : (byte)Math.Round(Math.Clamp((value - l) / span, 0, 1) * 255);
                return (g, g, g);
            };
        }

        int outW = w * scale;
        for (int v = 0; v < h * scale; v++)
        {
            for (int u = 0; u < outW; u++)
            {
                var (r, g, b) = colour(values[(long)(v / scale) * w + u / scale]);
                long o = ((long)v * outW + u) * 3;
                rgb[o] = r;
                rgb[o + 1] = g;
                rgb[o + 2] = b;
            }
        }

        return new Picture(outW, h * scale, rgb, lo, hi);
    }

    private static double Read(Volume volume, int x, int y, int z)
    {
        int i = y * volume.Width + x;
        return volume.DataType switch
        {
            VoxelDataType.UInt8 => (double)volume.GetSliceBytes(z)[i],
            VoxelDataType.UInt16 => (double)volume.GetSlice<ushort>(z)[i],
            VoxelDataType.Int16 => (double)volume.GetSlice<short>(z)[i],
            VoxelDataType.UInt32 => (double)volume.GetSlice<uint>(z)[i],
            _ => (double)volume.GetSlice<float>(z)[i],
        };
    }
}

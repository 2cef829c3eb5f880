using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>An 8-bit RGB raster to draw plots on: pixels, lines, rectangles and bitmap-font text.</summary>
internal sealed class Canvas
{
    public Canvas(int width, int height, RgbColor background)
    {
        Width = width;
        Height = height;
        Rgb = new byte[width * height * 3];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    public void Set(int x, int y, RgbColor c)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            int o = (y * Width + x) * 3;
            Rgb[o] = c.R;
            Rgb[o + 1] = c.G;
            Rgb[o + 2] = c.B;
        }
    }

    public void FillRectangle(int x, int y, int w, int h, RgbColor c)
    {
        for (int yy = y; yy < y + h; yy++)
        {
            for (int xx = x; xx < x + w; xx++)
            {
                Set(xx, yy, c);
            }
        }
    }

    /// <summary>A line of the given thickness (Bresenham with a square pen).</summary>
    public void Line(double x0, double y0, double x1, double y1, RgbColor c, int thickness = 1)
    {
        int ax = (int)Math.Round(x0), ay = (int)Math.Round(y0), bx = (int)Math.Round(x1), by = (int)Math.Round(y1);
        int dx = Math.Abs(bx - ax), dy = -Math.Abs(by - ay), sx = ax < bx ? 1 : -1, sy = ay < by ? 1 : -1, err = dx + dy;
        int half = thickness / 2;
        while (true)
        {
            FillRectangle(ax - half, ay - half, thickness, thickness, c);
            if (ax == bx && ay == by)
            {
                break;
            }

            int e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                ax += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                ay += sy;
            }
        }
    }

    /// <summary>Text with its top-left corner at (x, y); vertical text reads bottom to top.</summary>
    public void Text(int x, int y, string text, RgbColor c, int scale = 1, bool vertical = false)
    {
        for (int i = 0; i < text.Length; i++)
        {
            for (int gy = 0; gy < BitmapFont.Height; gy++)
            {
                for (int gx = 0; gx < BitmapFont.Width; gx++)
                {
                    if (!BitmapFont.IsSet(text[i], gx, gy))
                    {
                        continue;
                    }

                    int along = (i * (BitmapFont.Width + 1) + gx) * scale;
                    for (int s = 0; s < scale; s++)
                    {
                        for (int t = 0; t < scale; t++)
                        {
                            if (vertical)
                            {
                                Set(x + gy * scale + t, y - along - s, c);
                            }
                            else
                            {
                                Set(x + along + s, y + gy * scale + t, c);
                            }
                        }
                    }
                }
            }
        }
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using SkiaSharp;

namespace MicroMorph.Core.Plotting;

/// <summary>Output format of a figure.</summary>
public enum FigureFormat
{
    Png,
    Svg,
}

/// <summary>Where the parts of a slice figure go, in figure pixels.</summary>
public sealed record SliceFigureLayout(
    int Width,
    int Height,
    int PictureLeft,
    int PictureTop,
    float FontSize,
    ScaleBar? ScaleBar,
    SKRectI ScaleBarRect,
    SKRect ScaleBarLabelRect,
    SKRectI ColorBarRect,
    float LegendLeft,
    float LegendTop,
    float LegendRowHeight);

/// <summary>
/// Draws a <see cref="SlicePicture"/> as a figure with SkiaSharp, in the shipped font
/// (<see cref="PlotFonts"/>): the pixels 1:1 (no smoothing), a scale bar of a nice physical length under
/// the right edge of the picture with its label centred below it, a colour bar with ticks and a legend
/// of phase colours in columns to the right, captions and crosshair lines in the sections of an
/// orthogonal view. White background; PNG or SVG (the pixels embedded as a PNG image).
/// </summary>
public static class SliceFigure
{
    public static FigureFormat FormatFromPath(string path) =>
        string.Equals(Path.GetExtension(path), ".svg", StringComparison.OrdinalIgnoreCase) ? FigureFormat.Svg : FigureFormat.Png;

    /// <summary>The layout of the figure of <paramref name="picture"/> with <paramref name="options"/>.</summary>
    public static SliceFigureLayout Layout(SlicePicture picture, SliceFigureOptions options)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ColorBar && picture.ColorMap is null)
        {
            throw MicroMorphException.Argument("ColorBarOnPhaseImage", "A colour bar shows the grey window of a grey-value stack; a phase image has phase colours. Use -Legend for its phase names.", options);
        }

        if (options.Legend && picture.Phases.Count == 0)
        {
            throw MicroMorphException.Argument("LegendWithoutPhases", "A legend names phases; this picture shows none. Pipe a phase image or give one as -Overlay (for grey values use -ColorBar).", options);
        }

        float f = Math.Clamp(MathF.Round(Math.Max(picture.Width, picture.Height) / 45f), 12f, 28f);
        using var font = Font(f);
        int m = options.Decorated ? (int)MathF.Round(0.75f * f) : 0;
        int left = m, right = m + picture.Width, bottom = m + picture.Height;
        int width = right, height = bottom;

        ScaleBar? bar = null;
        SKRectI barRect = SKRectI.Empty;
        SKRect labelRect = SKRect.Empty;
        if (options.ScaleBar)
        {
            bar = ScaleBarLength.Choose(picture.PixelSize, picture.Unit, picture.Panels[0].Width, options.ScaleBarFraction);
            int thickness = Math.Max(3, (int)MathF.Round(f / 3));
            int top = bottom + (int)MathF.Round(0.6f * f);
            int length = Math.Max(1, (int)Math.Round(bar.Pixels));
            barRect = new SKRectI(right - length, top, right, top + thickness);
            float labelWidth = font.MeasureText(bar.Label);
            float centre = barRect.MidX;
            float labelTop = barRect.Bottom + 0.3f * f;
            labelRect = new SKRect(centre - labelWidth / 2, labelTop, centre + labelWidth / 2, labelTop + f * 1.2f);
            if (labelRect.Left < m)
            {
                // A label wider than a small picture: move everything right so that it keeps the margin.
                int shift = (int)MathF.Ceiling(m - labelRect.Left);
                left += shift;
                right += shift;
                width += shift;
                barRect.Offset(shift, 0);
                labelRect.Offset(shift, 0);
            }

            height = Math.Max(height, (int)MathF.Ceiling(labelRect.Bottom));
            width = Math.Max(width, (int)MathF.Ceiling(labelRect.Right));
        }

        SKRectI colorBarRect = SKRectI.Empty;
        if (options.ColorBar)
        {
            int barLeft = width + m;
            int barHeight = Math.Max(picture.Height, (int)(6 * f));
            colorBarRect = new SKRectI(barLeft, m, barLeft + (int)f, m + barHeight);
            float labels = Ticks(picture.WindowMinimum, picture.WindowMaximum).Max(t => font.MeasureText(TickLabel(t.Value, t.Step)));
            width = colorBarRect.Right + (int)MathF.Ceiling(0.4f * f + labels);
            height = Math.Max(height, colorBarRect.Bottom + (int)(0.6f * f));
        }

        float legendLeft = 0, legendTop = m, row = 1.5f * f;
        if (options.Legend && picture.Phases.Count > 0)
        {
            legendLeft = width + m;
            float names = picture.Phases.Max(p => font.MeasureText(p.Name));
            width = (int)MathF.Ceiling(legendLeft + 1.5f * f + names);
            height = Math.Max(height, (int)MathF.Ceiling(legendTop + picture.Phases.Count * row));
        }

        return new SliceFigureLayout(width + m, height + m, left, m, f, bar, barRect, labelRect, colorBarRect, legendLeft, legendTop, row);
    }

    /// <summary>Writes the figure to <paramref name="path"/> as PNG or SVG.</summary>
    public static void Save(SlicePicture picture, SliceFigureOptions options, string path, FigureFormat format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var layout = Layout(picture, options);
        if (format == FigureFormat.Svg)
        {
            using var stream = File.Create(path);
            using (var canvas = SKSvgCanvas.Create(SKRect.Create(layout.Width, layout.Height), stream))
            {
                Draw(canvas, picture, options, layout);
            }

            return;
        }

        using var surface = SKSurface.Create(new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Skia could not create a drawing surface.");
        Draw(surface.Canvas, picture, options, layout);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static void Draw(SKCanvas canvas, SlicePicture picture, SliceFigureOptions options, SliceFigureLayout layout)
    {
        canvas.Clear(SKColors.White);
        using var font = Font(layout.FontSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using (var image = Image(picture.Width, picture.Height, picture.Rgb))
        {
            canvas.DrawImage(image, layout.PictureLeft, layout.PictureTop, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        if (options.Crosshair)
        {
            using var line = new SKPaint { Color = new SKColor(0xF0, 0xE4, 0x42, 200), StrokeWidth = 1, IsStroke = true };
            foreach (var p in picture.Panels)
            {
                float left = layout.PictureLeft + p.Left, top = layout.PictureTop + p.Top;
                if (p.CrossAcross is { } a)
                {
                    canvas.DrawLine(left + (float)a, top, left + (float)a, top + p.Height, line);
                }

                if (p.CrossDown is { } d)
                {
                    canvas.DrawLine(left, top + (float)d, left + p.Width, top + (float)d, line);
                }
            }
        }

        if (options.Captions)
        {
            using var small = Font(0.85f * layout.FontSize);
            using var box = new SKPaint { Color = new SKColor(0, 0, 0, 210) };
            using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
            float pad = layout.FontSize / 4;
            foreach (var p in picture.Panels)
            {
                float left = layout.PictureLeft + p.Left, top = layout.PictureTop + p.Top;
                float w = Math.Min(small.MeasureText(p.Caption) + 2 * pad, p.Width), h = Math.Min(pad - small.Metrics.Ascent + small.Metrics.Descent, p.Height);
                canvas.Save();
                canvas.ClipRect(SKRect.Create(left, top, p.Width, p.Height));
                canvas.DrawRect(SKRect.Create(left, top, w, h), box);
                canvas.DrawText(p.Caption, left + pad, top + pad / 2 - small.Metrics.Ascent, SKTextAlign.Left, small, white);
                canvas.Restore();
            }
        }

        if (layout.ScaleBar is { } bar)
        {
            canvas.DrawRect(layout.ScaleBarRect, ink);
            var r = layout.ScaleBarLabelRect;
            canvas.DrawText(bar.Label, r.MidX, r.Top - font.Metrics.Ascent, SKTextAlign.Center, font, ink);
        }

        if (options.ColorBar && picture.ColorMap is { } map)
        {
            var rect = layout.ColorBarRect;
            var lut = ColorMaps.Table(map);
            var rgb = new byte[rect.Width * rect.Height * 3];
            for (int y = 0; y < rect.Height; y++)
            {
                var c = lut[ColorMaps.Index(1 - (y + 0.5) / rect.Height)];
                for (int x = 0; x < rect.Width; x++)
                {
                    rgb[(y * rect.Width + x) * 3] = c.R;
                    rgb[(y * rect.Width + x) * 3 + 1] = c.G;
                    rgb[(y * rect.Width + x) * 3 + 2] = c.B;
                }
            }

            using (var image = Image(rect.Width, rect.Height, rgb))
            {
                canvas.DrawImage(image, rect.Left, rect.Top);
            }

            using var frame = new SKPaint { Color = SKColors.Black, IsStroke = true, StrokeWidth = 1 };
            canvas.DrawRect(new SKRect(rect.Left - 0.5f, rect.Top - 0.5f, rect.Right + 0.5f, rect.Bottom + 0.5f), frame);
            double lo = picture.WindowMinimum, span = picture.WindowMaximum - picture.WindowMinimum;
            float tick = 0.25f * layout.FontSize;
            foreach (var (value, step) in Ticks(picture.WindowMinimum, picture.WindowMaximum))
            {
                float y = rect.Bottom - (float)((value - lo) / span * rect.Height);
                canvas.DrawLine(rect.Right, y, rect.Right + tick, y, frame);
                float baseline = y - (font.Metrics.Ascent + font.Metrics.Descent) / 2;
                canvas.DrawText(TickLabel(value, step), rect.Right + 0.4f * layout.FontSize, baseline, SKTextAlign.Left, font, ink);
            }
        }

        if (options.Legend)
        {
            float f = layout.FontSize, y = layout.LegendTop;
            using var fill = new SKPaint();
            using var border = new SKPaint { Color = new SKColor(0x80, 0x80, 0x80), IsStroke = true, StrokeWidth = 1 };
            foreach (var p in picture.Phases)
            {
                var swatch = SKRect.Create(layout.LegendLeft, y + 0.25f * f, f, f);
                fill.Color = new SKColor(p.Color.R, p.Color.G, p.Color.B);
                canvas.DrawRect(swatch, fill);
                canvas.DrawRect(swatch, border);
                float baseline = swatch.MidY - (font.Metrics.Ascent + font.Metrics.Descent) / 2;
                canvas.DrawText(p.Name, layout.LegendLeft + 1.5f * f, baseline, SKTextAlign.Left, font, ink);
                y += layout.LegendRowHeight;
            }
        }
    }

    /// <summary>Tick values of a colour bar from <paramref name="lo"/> to <paramref name="hi"/>: multiples of a nice step, 3 to 7 of them.</summary>
    public static IReadOnlyList<(double Value, double Step)> Ticks(double lo, double hi)
    {
        double step = ScaleBarLength.Nice((hi - lo) / 3);
        var ticks = new List<(double, double)>();
        for (double k = Math.Ceiling(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++)
        {
            ticks.Add((k * step, step));
        }

        return ticks;
    }

    private static string TickLabel(double value, double step)
    {
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        double shown = Math.Round(value, decimals);
        return (shown == 0 ? 0 : shown).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static SKFont Font(float size) => new(PlotFonts.Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    private static SKImage Image(int width, int height, byte[] rgb)
    {
        var rgba = new byte[(long)width * height * 4];
        for (long i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }

        return SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), rgba)
            ?? throw new InvalidOperationException("Skia could not hold the picture.");
    }
}

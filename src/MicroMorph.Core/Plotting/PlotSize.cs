using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The size of a plot: <see cref="Width"/> x <see cref="Height"/> is the layout in pixels at scale 1;
/// <see cref="Scale"/> multiplies the picture and everything drawn in it (text, lines, margins), so
/// scale 2 gives the same figure at twice the resolution (for print). The picture is
/// <see cref="PixelWidth"/> x <see cref="PixelHeight"/> pixels.
/// </summary>
public sealed record PlotSize
{
    public const int MinWidth = 200, MaxWidth = 8000, MinHeight = 150, MaxHeight = 8000;
    public const double MinScale = 0.5, MaxScale = 8;

    /// <summary>The largest side of a picture in pixels (Width x Scale, Height x Scale).</summary>
    public const int MaxPixels = 16000;

    public PlotSize(int width = 900, int height = 560, double scale = 1)
    {
        if (width is < MinWidth or > MaxWidth || height is < MinHeight or > MaxHeight)
        {
            throw MicroMorphException.Argument("InvalidPictureSize", $"A plot must be {MinWidth}-{MaxWidth} by {MinHeight}-{MaxHeight} pixels; {width} x {height} was asked for.", width);
        }

        if (!(scale >= MinScale && scale <= MaxScale))
        {
            throw MicroMorphException.Argument("InvalidPictureSize", $"The scale of a plot must lie in {MinScale}-{MaxScale}; {scale} was asked for.", scale);
        }

        if (Math.Round(width * scale) > MaxPixels || Math.Round(height * scale) > MaxPixels)
        {
            throw MicroMorphException.Argument("InvalidPictureSize", $"A plot of {width} x {height} at scale {scale} would be larger than {MaxPixels} pixels on a side; lower -Scale or the size.", scale);
        }

        Width = width;
        Height = height;
        Scale = scale;
    }

    public int Width { get; }

    public int Height { get; }

    public double Scale { get; }

    public int PixelWidth => (int)Math.Round(Width * Scale);

    public int PixelHeight => (int)Math.Round(Height * Scale);
}

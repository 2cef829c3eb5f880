namespace MicroMorph.Core.IO;

/// <summary>The 2D raster formats read through SixLabors.ImageSharp (see <see cref="RasterImageCodec"/>).</summary>
public enum RasterFormat
{
    Png,
    Jpeg,
    Bmp,
    Gif,
    Tga,
    Webp,

    /// <summary>Single-page TIFF that our own TIFF reader does not decode (palette, JPEG-compressed, ...).</summary>
    Tiff,
}

/// <summary>Extensions, names and ErrorId prefixes of the <see cref="RasterFormat"/>s.</summary>
public static class RasterFormats
{
    /// <summary>Extensions of the formats that go to ImageSharp directly (TIFF goes to our own reader first).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".bmp", ".dib", ".gif", ".tga", ".webp"];

    /// <summary>The format an extension names (with the dot, any case), or null.</summary>
    public static RasterFormat? FromExtension(string extension) => extension.ToLowerInvariant() switch
    {
        ".png" => RasterFormat.Png,
        ".jpg" or ".jpeg" or ".jpe" or ".jfif" => RasterFormat.Jpeg,
        ".bmp" or ".dib" => RasterFormat.Bmp,
        ".gif" => RasterFormat.Gif,
        ".tga" => RasterFormat.Tga,
        ".webp" => RasterFormat.Webp,
        ".tif" or ".tiff" => RasterFormat.Tiff,
        _ => null,
    };

    /// <summary>The name used in messages: "PNG", "JPEG", ...</summary>
    public static string DisplayName(this RasterFormat format) => format switch
    {
        RasterFormat.Webp => "WebP",
        _ => format.ToString().ToUpperInvariant(),
    };

    /// <summary>The PascalCase prefix of the format's ErrorIds: PngCorrupt, JpegTruncated, NotABmpFile, ...</summary>
    public static string ErrorPrefix(this RasterFormat format) => format.ToString();
}

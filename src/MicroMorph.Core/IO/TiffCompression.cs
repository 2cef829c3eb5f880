namespace MicroMorph.Core.IO;

/// <summary>
/// Lossless compression of TIFF output. All three are read by ImageJ/Fiji's own TIFF reader, by
/// Bio-Formats, LibTIFF and tifffile (tifffile needs imagecodecs for LZW).
/// </summary>
public enum TiffCompression
{
    /// <summary>Uncompressed, in ImageJ's own contiguous layout (fastest to read and write).</summary>
    None,

    /// <summary>Deflate (zlib, TIFF compression 8, "Adobe Deflate"/"ZIP"); the smallest files.</summary>
    Deflate,

    /// <summary>LZW (TIFF compression 5); read by every TIFF reader, also old ones.</summary>
    Lzw,

    /// <summary>PackBits run-length coding (TIFF compression 32773); fast, for label images with long runs.</summary>
    PackBits,
}

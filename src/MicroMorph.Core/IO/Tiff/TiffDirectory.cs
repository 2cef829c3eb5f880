namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// The tags of one image file directory (IFD) that the reader needs, already resolved to
/// values. Absent tags are null so that defaults are applied in one place (the reader).
/// </summary>
internal sealed class TiffDirectory
{
    /// <summary>File offset of the IFD itself.</summary>
    public long Offset { get; init; }

    /// <summary>0-based position in the IFD chain.</summary>
    public int Index { get; init; }

    public ulong? NewSubfileType { get; set; }

    public ulong? Width { get; set; }

    public ulong? Height { get; set; }

    public ulong[]? BitsPerSample { get; set; }

    public ulong? Compression { get; set; }

    public ulong? Photometric { get; set; }

    public byte[]? ImageDescription { get; set; }

    public byte[]? Software { get; set; }

    public ulong[]? StripOffsets { get; set; }

    public ulong? SamplesPerPixel { get; set; }

    public ulong? RowsPerStrip { get; set; }

    public ulong[]? StripByteCounts { get; set; }

    /// <summary>Pixels per resolution unit along x, as stored (null when absent, zero or not a number).</summary>
    public TiffRational? XResolution { get; set; }

    /// <summary>Pixels per resolution unit along y, as stored.</summary>
    public TiffRational? YResolution { get; set; }

    public ulong? PlanarConfiguration { get; set; }

    public ulong? ResolutionUnit { get; set; }

    public ulong? Predictor { get; set; }

    public ulong? TileWidth { get; set; }

    public ulong? TileLength { get; set; }

    public ulong[]? TileOffsets { get; set; }

    public ulong[]? TileByteCounts { get; set; }

    public ulong[]? SampleFormat { get; set; }

    public bool HasColorMap { get; set; }

    public bool IsTiled => TileWidth is not null || TileOffsets is not null;

    /// <summary>Reduced-resolution copies (thumbnails, pyramid levels) are not slices of the volume.</summary>
    public bool IsReducedResolution => ((NewSubfileType ?? 0) & 1) != 0;
}

using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.IO;

/// <summary>
/// What a structural walk of a raster file found before any pixel is decoded: for PNG the header,
/// the text entries and the pHYs density; for GIF the number of frames.
/// </summary>
internal sealed record RasterFileFacts
{
    /// <summary>Width and height from the PNG header (0 for other formats: ImageSharp identifies those).</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    public int PngBitDepth { get; init; }

    public int PngColorType { get; init; } = -1;

    public List<(string Key, string Value)> Texts { get; } = [];

    /// <summary>pHYs in pixels per metre (unit specifier 1 only).</summary>
    public (uint X, uint Y)? PixelsPerMetre { get; init; }

    public int Frames { get; init; } = 1;
}

/// <summary>
/// Our own structural check of a raster file before ImageSharp decodes it (issue 20). ImageSharp
/// 2.1 decodes a truncated JPEG, GIF, BMP or WebP file without error, filling the missing rows with
/// zeros or grey; so each file must show its end marker (JPEG EOI, GIF trailer, PNG IEND), or hold the
/// bytes its header declares (BMP, TGA, WebP RIFF size), before it is decoded. For PNG the walk also
/// checks every chunk's CRC, refuses a header whose compressed data cannot fill the image (Deflate
/// expands at most ~1032:1), counts the bytes the image data inflate to (ImageSharp 2.1 zero-fills the
/// rows of a zlib stream that ends early; this costs one extra streaming inflate, see bench/RESULTS.md),
/// and parses the text and pHYs chunks itself with a cap on the inflated text size, because ImageSharp
/// 2.1 inflates compressed text chunks without a limit (a 0.7 MB file can expand to 700 MiB); the
/// pixels are then decoded with metadata ignored.
/// </summary>
internal static class RasterFileCheck
{
    /// <summary>Largest text a compressed PNG text chunk may expand to; larger entries are skipped.</summary>
    internal const int MaxTextBytes = 1 << 20;

    internal static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static RasterFileFacts Check(RasterFormat format, byte[] file, string path) => format switch
    {
        RasterFormat.Png => Png(file, path),
        RasterFormat.Jpeg => Jpeg(file, path),
        RasterFormat.Gif => Gif(file, path),
        RasterFormat.Bmp => Bmp(file, path),
        RasterFormat.Tga => Tga(file, path),
        RasterFormat.Webp => Webp(file, path),
        _ => new RasterFileFacts(),
    };

    internal static MicroMorphException Truncated(RasterFormat format, string path, string detail) =>
        MicroMorphException.InvalidData(format.ErrorPrefix() + "Truncated", $"The {format.DisplayName()} file '{path}' is truncated: {detail}.", path);

    internal static MicroMorphException Corrupt(RasterFormat format, string path, string detail, Exception? inner = null) =>
        MicroMorphException.InvalidData(format.ErrorPrefix() + "Corrupt", $"The {format.DisplayName()} file '{path}' is corrupt: {detail}.", path, inner);

    /// <summary>A header declaring more pixels than the file's bytes can encode: refused before anything is allocated.</summary>
    internal static MicroMorphException ExceedsFile(RasterFormat format, string path, string detail) =>
        MicroMorphException.InvalidData("DeclaredSizeExceedsFile", $"The {format.DisplayName()} file '{path}' declares more pixels than it can hold: {detail}.", path);

    internal static MicroMorphException Unsupported(RasterFormat format, string path, string detail, Exception? inner = null) =>
        new(format.ErrorPrefix() + "Unsupported", MicroMorphErrorKind.NotSupported, $"The {format.DisplayName()} file '{path}' cannot be read: {detail}.", path, inner);

    private static RasterFileFacts Png(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Png;
        int width = 0, height = 0, bitDepth = 0, colorType = -1;
        bool interlaced = false, sawHeader = false, sawEnd = false, sawPalette = false;
        long compressed = 0;
        var idat = new List<(int Offset, int Length)>();
        (uint X, uint Y)? ppm = null;
        var texts = new List<(string, string)>();
        long pos = PngSignature.Length;
        while (pos < file.Length && !sawEnd)
        {
            if (file.Length - pos < 12)
            {
                throw Truncated(F, path, Invariant($"the file ends inside a chunk header at byte {pos} of {file.Length}"));
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)pos));
            string type = Encoding.ASCII.GetString(file, (int)pos + 4, 4);
            if (length > int.MaxValue)
            {
                throw Corrupt(F, path, Invariant($"chunk '{Printable(type)}' at byte {pos} claims an impossible length of {length} bytes"));
            }

            if (file.Length - pos - 12 < length)
            {
                throw Truncated(F, path, Invariant($"chunk '{Printable(type)}' at byte {pos} needs {length} data bytes but the file ends at byte {file.Length}"));
            }

            var data = file.AsSpan((int)pos + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)pos + 8 + (int)length));
            uint computed = Crc32.HashToUInt32(file.AsSpan((int)pos + 4, (int)length + 4));
            if (stored != computed)
            {
                throw Corrupt(F, path, Invariant($"the CRC of chunk '{Printable(type)}' at byte {pos} is 0x{stored:X8} but its content gives 0x{computed:X8}"));
            }

            if (!sawHeader && type != "IHDR")
            {
                throw Corrupt(F, path, $"the first chunk is '{Printable(type)}', not 'IHDR'");
            }

            switch (type)
            {
                case "IHDR":
                    (width, height, bitDepth, colorType, interlaced) = PngHeader(data, path);
                    sawHeader = true;
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768)
                    {
                        throw Corrupt(F, path, Invariant($"the palette chunk has {length} bytes, not a multiple of 3 between 3 and 768"));
                    }

                    sawPalette = true;
                    break;
                case "IDAT":
                    compressed += length;
                    idat.Add(((int)pos + 8, (int)length));
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                case "pHYs":
                    if (length == 9 && data[8] == 1)
                    {
                        ppm = (BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    }

                    break;
                case "tEXt":
                case "zTXt":
                case "iTXt":
                    if (PngText(type, data) is { } text)
                    {
                        texts.Add(text);
                    }

                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw Unsupported(F, path, $"it holds the critical chunk '{Printable(type)}', which no PNG reader must skip");
                    }

                    break;
            }

            pos += 12 + length;
        }

        if (!sawHeader)
        {
            throw Truncated(F, path, "the file ends before the IHDR chunk");
        }

        if (!sawEnd)
        {
            throw Truncated(F, path, "the file ends before the IEND chunk");
        }

        if (compressed == 0)
        {
            throw Truncated(F, path, "the file has no image data (IDAT chunk)");
        }

        if (colorType == 3 && !sawPalette)
        {
            throw Corrupt(F, path, "it is a palette image without a palette (PLTE chunk)");
        }

        long needed = PngRawBytes(width, height, bitDepth, colorType, interlaced);
        if (compressed * 1040 + 1024 < needed)
        {
            throw ExceedsFile(F, path, Invariant($"{compressed} bytes of compressed data cannot hold the {needed} bytes of a {width} x {height} image (Deflate expands at most ~1032:1)"));
        }

        // ImageSharp 2.1 fills the rows of a zlib stream that ends early with zeros (or with a pooled
        // buffer's old content): count the inflated bytes first (streaming, nothing kept).
        long inflated = CountInflated(file, idat, needed + 1, path);
        if (inflated < needed)
        {
            throw Truncated(F, path, Invariant($"its compressed image data inflates to {inflated} bytes, but a {width} x {height} image needs {needed}"));
        }

        var facts = new RasterFileFacts { Width = width, Height = height, PngBitDepth = bitDepth, PngColorType = colorType, PixelsPerMetre = ppm };
        facts.Texts.AddRange(texts);
        return facts;
    }

    private static (int Width, int Height, int BitDepth, int ColorType, bool Interlaced) PngHeader(ReadOnlySpan<byte> data, string path)
    {
        const RasterFormat F = RasterFormat.Png;
        if (data.Length != 13)
        {
            throw Corrupt(F, path, Invariant($"its IHDR chunk has {data.Length} bytes instead of 13"));
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8];
        int colorType = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Corrupt(F, path, Invariant($"its size {width} x {height} is invalid"));
        }

        bool valid = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (!valid)
        {
            throw Corrupt(F, path, Invariant($"colour type {colorType} with bit depth {bitDepth} is not a valid combination"));
        }

        if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        {
            throw Corrupt(F, path, Invariant($"compression {data[10]}, filter method {data[11]} or interlace method {data[12]} is unknown"));
        }

        return ((int)width, (int)height, bitDepth, colorType, data[12] == 1);
    }

    /// <summary>Bytes the concatenated IDAT data inflate to, counted up to <paramref name="limit"/>.</summary>
    private static long CountInflated(byte[] file, List<(int Offset, int Length)> idat, long limit, string path)
    {
        byte[] data;
        if (idat.Count == 1)
        {
            data = file;
        }
        else
        {
            data = GC.AllocateUninitializedArray<byte>(idat.Sum(c => c.Length));
            int at = 0;
            foreach (var (offset, length) in idat)
            {
                file.AsSpan(offset, length).CopyTo(data.AsSpan(at));
                at += length;
            }

            idat = [(0, data.Length)];
        }

        try
        {
            using var input = new MemoryStream(data, idat[0].Offset, idat[0].Length, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while (total < limit && (n = zlib.Read(buffer)) > 0)
            {
                total += n;
            }

            return total;
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(RasterFormat.Png, path, "its compressed image data is damaged (" + ex.Message.TrimEnd('.') + ")", ex);
        }
    }

    /// <summary>Bytes of filtered scanlines (filter bytes included) the image needs, over all Adam7 passes if interlaced.</summary>
    private static long PngRawBytes(long width, long height, int bitDepth, int colorType, bool interlaced)
    {
        int channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        (int X, int Y, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        long total = 0;
        foreach (var (xs, ys, dx, dy) in passes)
        {
            long pw = width <= xs ? 0 : (width - xs + dx - 1) / dx;
            long ph = height <= ys ? 0 : (height - ys + dy - 1) / dy;
            if (pw > 0 && ph > 0)
            {
                total += ph * (1 + (pw * channels * bitDepth + 7) / 8);
            }
        }

        return total;
    }

    /// <summary>Keyword and text of a tEXt, zTXt or iTXt chunk; null when malformed or when it inflates beyond <see cref="MaxTextBytes"/>.</summary>
    private static (string Key, string Value)? PngText(string type, ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        if (nul < 1)
        {
            return null;
        }

        string key = Encoding.Latin1.GetString(data[..nul]);
        var rest = data[(nul + 1)..];
        switch (type)
        {
            case "tEXt":
                return rest.Length > MaxTextBytes ? null : (key, Encoding.Latin1.GetString(rest));
            case "zTXt":
                return rest.Length < 1 || rest[0] != 0 || Inflate(rest[1..]) is not { } z ? null : (key, Encoding.Latin1.GetString(z));
            default:
                if (rest.Length < 2)
                {
                    return null;
                }

                bool isCompressed = rest[0] == 1;
                rest = rest[2..];
                int langEnd = rest.IndexOf((byte)0);
                if (langEnd < 0)
                {
                    return null;
                }

                rest = rest[(langEnd + 1)..];
                int transEnd = rest.IndexOf((byte)0);
                if (transEnd < 0)
                {
                    return null;
                }

                rest = rest[(transEnd + 1)..];
                if (!isCompressed)
                {
                    return rest.Length > MaxTextBytes ? null : (key, Encoding.UTF8.GetString(rest));
                }

                return Inflate(rest) is { } i ? (key, Encoding.UTF8.GetString(i)) : null;
        }
    }

    /// <summary>zlib-inflates at most <see cref="MaxTextBytes"/>; null when the data is damaged or expands further.</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> data)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var buffer = new byte[MaxTextBytes + 1];
            int total = 0;
            int n;
            while (total < buffer.Length && (n = zlib.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += n;
            }

            return total > MaxTextBytes ? null : buffer[..total];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>JPEG: SOI, marker segments within the file up to the first SOS, then an EOI marker after it.</summary>
    private static RasterFileFacts Jpeg(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Jpeg;
        long pos = 2;
        while (true)
        {
            // Fill bytes (0xFF) may precede a marker.
            while (pos < file.Length && file[pos] == 0xFF && pos + 1 < file.Length && file[pos + 1] == 0xFF)
            {
                pos++;
            }

            if (file.Length - pos < 4)
            {
                throw Truncated(F, path, Invariant($"the file ends at byte {file.Length}, inside its headers, before any image data"));
            }

            if (file[pos] != 0xFF)
            {
                throw Corrupt(F, path, Invariant($"byte {pos} should start a marker (0xFF) but is 0x{file[pos]:X2}"));
            }

            byte marker = file[pos + 1];
            if (marker == 0xD9)
            {
                throw Corrupt(F, path, "it ends (EOI marker) before any image data");
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
                continue;
            }

            int length = (file[pos + 2] << 8) | file[pos + 3];
            if (length < 2)
            {
                throw Corrupt(F, path, Invariant($"the marker segment 0xFF{marker:X2} at byte {pos} has the impossible length {length}"));
            }

            if (pos + 2 + length > file.Length)
            {
                throw Truncated(F, path, Invariant($"the marker segment 0xFF{marker:X2} at byte {pos} needs {length} bytes but the file ends at byte {file.Length}"));
            }

            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC) && length >= 8)
            {
                long height = (file[pos + 5] << 8) | file[pos + 6];
                long width = (file[pos + 7] << 8) | file[pos + 8];

                // Every 8 x 8 block of the first component costs at least one bit (its DC code), so a
                // byte encodes at most 512 pixels; twice that is allowed.
                if (width * height > file.Length * 1024L + (1 << 20))
                {
                    throw ExceedsFile(F, path, Invariant($"{width} x {height} pixels need at least {width * height / 512} bytes of image data (one bit per 8 x 8 block), and the file has {file.Length}"));
                }
            }

            pos += 2 + length;
            if (marker == 0xDA)
            {
                break;
            }
        }

        // Entropy-coded data never holds 0xFF 0xD9 (0xFF is stuffed as 0xFF 0x00), so its presence marks the end.
        if (file.AsSpan((int)pos).IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
        {
            throw Truncated(F, path, Invariant($"its image data has no end (EOI marker) within the file's {file.Length} bytes"));
        }

        return new RasterFileFacts();
    }

    /// <summary>GIF: header, colour tables and blocks within the file, frames counted, up to the trailer (0x3B).</summary>
    private static RasterFileFacts Gif(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Gif;
        if (file.Length < 13)
        {
            throw Truncated(F, path, Invariant($"the file has {file.Length} bytes, fewer than its 13-byte header"));
        }

        long pos = 13;
        if ((file[10] & 0x80) != 0)
        {
            pos += 3L << ((file[10] & 7) + 1);
        }

        int frames = 0;
        while (true)
        {
            if (pos >= file.Length)
            {
                throw Truncated(F, path, Invariant($"the file ends at byte {file.Length} before its trailer (after {frames} complete image(s))"));
            }

            byte block = file[pos];
            if (block == 0x3B)
            {
                break;
            }

            if (block == 0x21)
            {
                pos += 2;
            }
            else if (block == 0x2C)
            {
                if (pos + 10 > file.Length)
                {
                    throw Truncated(F, path, Invariant($"the file ends inside the image descriptor at byte {pos}"));
                }

                byte packed = file[pos + 9];
                pos += 10;
                if ((packed & 0x80) != 0)
                {
                    pos += 3L << ((packed & 7) + 1);
                }

                pos++; // LZW minimum code size
                frames++;
            }
            else
            {
                throw Corrupt(F, path, Invariant($"byte {pos} holds 0x{block:X2}, which starts no GIF block"));
            }

            // Data sub-blocks, ended by a zero-length block.
            while (true)
            {
                if (pos >= file.Length)
                {
                    throw Truncated(F, path, Invariant($"the file ends at byte {file.Length} inside the data of block {frames}"));
                }

                int size = file[pos];
                pos += 1 + size;
                if (size == 0)
                {
                    break;
                }
            }
        }

        if (frames == 0)
        {
            throw Corrupt(F, path, "it holds no image");
        }

        return new RasterFileFacts { Frames = frames };
    }

    /// <summary>BMP: the pixel array its header declares lies within the file.</summary>
    private static RasterFileFacts Bmp(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Bmp;
        if (file.Length < 26)
        {
            throw Truncated(F, path, Invariant($"the file has {file.Length} bytes, fewer than its headers"));
        }

        long offset = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(10));
        uint infoSize = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(14));
        long width, height;
        int bitCount;
        uint compression = 0, imageSize = 0;
        if (infoSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(18));
            height = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(20));
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(24));
        }
        else
        {
            if (file.Length < 54)
            {
                throw Truncated(F, path, Invariant($"the file has {file.Length} bytes, fewer than its headers"));
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(18));
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(22)));
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(28));
            compression = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(30));
            imageSize = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(34));
        }

        if (width <= 0 || height <= 0 || bitCount is 0 or > 64)
        {
            throw Corrupt(F, path, Invariant($"its header declares {width} x {height} pixels of {bitCount} bits"));
        }

        long needed = compression is 0 or 3 or 6
            ? (width * bitCount + 31) / 32 * 4 * height
            : imageSize;
        if (offset + needed > file.Length)
        {
            throw Truncated(F, path, Invariant($"its {width} x {height} pixels need {needed} bytes from byte {offset}, but the file ends at byte {file.Length}"));
        }

        return new RasterFileFacts();
    }

    /// <summary>TGA: an uncompressed image's pixels, or run-length packets covering every pixel, lie within the file.</summary>
    private static RasterFileFacts Tga(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Tga;
        if (file.Length < 18)
        {
            throw Truncated(F, path, Invariant($"the file has {file.Length} bytes, fewer than its 18-byte header"));
        }

        int idLength = file[0];
        int imageType = file[2];
        long mapLength = file[1] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(5)) * (long)((file[7] + 7) / 8) : 0;
        long width = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(12));
        long height = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(14));
        int depth = file[16];
        if (width == 0 || height == 0)
        {
            throw Corrupt(F, path, Invariant($"its header declares {width} x {height} pixels"));
        }

        int bytesPerPixel = (depth + 7) / 8;
        long start = 18 + idLength + mapLength;
        if (imageType is 1 or 2 or 3)
        {
            long needed = start + width * height * bytesPerPixel;
            if (needed > file.Length)
            {
                throw Truncated(F, path, Invariant($"its {width} x {height} pixels of {depth} bits need {needed} bytes, but the file has {file.Length}"));
            }
        }
        else if (imageType is 9 or 10 or 11)
        {
            // Run-length packets: a header byte, then one pixel (run) or n pixels (raw), until all pixels are covered.
            long pixels = width * height, covered = 0, pos = start;
            while (covered < pixels)
            {
                if (pos >= file.Length)
                {
                    throw Truncated(F, path, Invariant($"its run-length data ends at byte {file.Length} after {covered} of its {pixels} pixels"));
                }

                int header = file[pos];
                int count = (header & 0x7F) + 1;
                pos += 1 + ((header & 0x80) != 0 ? bytesPerPixel : (long)count * bytesPerPixel);
                covered += count;
            }

            if (pos > file.Length)
            {
                throw Truncated(F, path, Invariant($"its last run-length packet needs {pos} bytes, but the file has {file.Length}"));
            }
        }

        return new RasterFileFacts();
    }

    /// <summary>WebP: the RIFF container's declared size lies within the file; animations are refused.</summary>
    private static RasterFileFacts Webp(byte[] file, string path)
    {
        const RasterFormat F = RasterFormat.Webp;
        if (file.Length < 12)
        {
            throw Truncated(F, path, Invariant($"the file has {file.Length} bytes, fewer than its 12-byte header"));
        }

        long size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        if (8 + size > file.Length)
        {
            throw Truncated(F, path, Invariant($"its RIFF header declares {8 + size} bytes, but the file has {file.Length}"));
        }

        if (file.Length >= 21 && file.AsSpan(12, 4).SequenceEqual("VP8X"u8) && (file[20] & 0x02) != 0)
        {
            throw Unsupported(F, path, "it is an animation; import one frame per file");
        }

        return new RasterFileFacts();
    }

    private static string Printable(string type) => new(type.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

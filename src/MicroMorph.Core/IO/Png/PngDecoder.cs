using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Raw;

namespace MicroMorph.Core.IO.Png;

/// <summary>
/// Decodes every standard PNG (bit depths 1-16, grey, grey+alpha, RGB, RGBA, palette, all filter
/// types, Adam7 interlace) into a one-slice <see cref="VoxelStack"/>. Every chunk CRC is checked.
/// </summary>
internal static class PngDecoder
{
    internal static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    // Adam7 passes: x start, y start, x step, y step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
    [
        (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2),
    ];

    private static readonly (int X, int Y, int Dx, int Dy)[] NoInterlace = [(0, 0, 1, 1)];

    public static VoxelStack Read(string path, ColorChannel? channel)
    {
        byte[] file = ReadAllBytes(path);
        if (file.Length < Signature.Length || !file.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw MicroMorphException.InvalidData("NotAPngFile", $"'{path}' is not a PNG file (it does not start with the PNG signature).", path);
        }

        Header? header = null;
        byte[]? palette = null;
        var idat = new List<(int Offset, int Length)>();
        var texts = new List<(string Key, string Value)>();
        (uint X, uint Y)? pixelsPerMetre = null;
        bool sawEnd = false;
        long pos = Signature.Length;
        while (pos < file.Length)
        {
            if (file.Length - pos < 12)
            {
                throw Truncated(path, string.Create(CultureInfo.InvariantCulture, $"the file ends inside a chunk header at byte {pos} of {file.Length}"));
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)pos));
            string type = Encoding.ASCII.GetString(file, (int)pos + 4, 4);
            if (length > int.MaxValue)
            {
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"chunk '{Printable(type)}' at byte {pos} claims an impossible length of {length} bytes"));
            }

            if (file.Length - pos - 12 < length)
            {
                throw Truncated(path, string.Create(CultureInfo.InvariantCulture, $"chunk '{Printable(type)}' at byte {pos} needs {length} data bytes but the file ends at byte {file.Length}"));
            }

            int dataOffset = (int)pos + 8;
            var data = file.AsSpan(dataOffset, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(dataOffset + (int)length));
            uint computed = PngCrc32.Compute(file.AsSpan((int)pos + 4, 4), data);
            if (stored != computed)
            {
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"the CRC of chunk '{Printable(type)}' at byte {pos} is 0x{stored:X8} but its content gives 0x{computed:X8}"));
            }

            if (header is null && type != "IHDR")
            {
                throw Corrupt(path, $"the first chunk is '{Printable(type)}', not 'IHDR'");
            }

            switch (type)
            {
                case "IHDR":
                    header = ParseHeader(path, data);
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768)
                    {
                        throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"the palette chunk has {length} bytes, not a multiple of 3 between 3 and 768"));
                    }

                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Add((dataOffset, (int)length));
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                case "pHYs":
                    if (length == 9 && data[8] == 1)
                    {
                        pixelsPerMetre = (BinaryPrimitives.ReadUInt32BigEndian(data), BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                    }

                    break;
                case "tEXt":
                case "zTXt":
                case "iTXt":
                    if (TryParseText(type, data) is { } text)
                    {
                        texts.Add(text);
                    }

                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw new MicroMorphException(
                            "PngUnsupported",
                            MicroMorphErrorKind.NotSupported,
                            $"'{path}' holds the critical chunk '{Printable(type)}', which this PNG reader does not know.",
                            path);
                    }

                    break;
            }

            pos += 12 + length;
            if (sawEnd)
            {
                break;
            }
        }

        if (header is null)
        {
            throw Truncated(path, "the file ends before the IHDR chunk");
        }

        if (!sawEnd)
        {
            throw Truncated(path, "the file ends before the IEND chunk");
        }

        var h = header.Value;
        if (idat.Count == 0)
        {
            throw Truncated(path, "the file has no image data (IDAT chunk)");
        }

        bool colour = h.ColorType is 2 or 3 or 6;
        if (colour && channel is null)
        {
            throw MicroMorphException.Argument(
                "ColorImageNeedsChannel",
                $"'{path}' is a colour PNG ({ColorTypeName(h.ColorType)}); choose the channel to import with -Channel Red, Green, Blue or Luminance.",
                path);
        }

        if (h.ColorType == 3 && palette is null)
        {
            throw Corrupt(path, "it is a palette image without a palette (PLTE chunk)");
        }

        // Deflate expands at most ~1032:1; refuse an image whose data cannot fill it before allocating it.
        long compressed = idat.Sum(s => (long)s.Length);
        long needed = RawDataBytes(h);
        if (compressed * 1040 + 1024 < needed)
        {
            throw Truncated(path, string.Create(CultureInfo.InvariantCulture, $"{compressed} bytes of compressed data cannot hold the {needed} bytes of a {h.Width} x {h.Height} image"));
        }

        var dataType = h.BitDepth == 16 ? VoxelDataType.UInt16 : VoxelDataType.UInt8;
        var stack = VoxelStack.CreateUninitialized(h.Width, h.Height, 1, dataType);
        try
        {
            using var zlib = new ZLibStream(new PngSegmentStream(file, idat), CompressionMode.Decompress);
            Decode(h, palette, channel ?? ColorChannel.Luminance, zlib, stack, path);
        }
        catch (EndOfStreamException)
        {
            throw Truncated(path, "the compressed image data ends before the last row");
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(path, "its compressed image data is damaged (" + ex.Message + ")");
        }

        stack.Source = Path.GetFullPath(path);
        ApplyMetadata(stack, texts, pixelsPerMetre);
        return stack;
    }

    private static void Decode(Header h, byte[]? palette, ColorChannel channel, Stream zlib, VoxelStack stack, string path)
    {
        int channels = h.ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        int bitsPerPixel = channels * h.BitDepth;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var passes = h.Interlaced ? Adam7 : NoInterlace;
        var out8 = stack.DataType == VoxelDataType.UInt8 ? stack.GetSliceBytes(0) : default;
        var out16 = stack.DataType == VoxelDataType.UInt16 ? stack.GetSlice<ushort>(0) : default;
        int paletteEntries = palette is null ? 0 : palette.Length / 3;
        foreach (var (xs, ys, dx, dy) in passes)
        {
            int pw = h.Width <= xs ? 0 : (h.Width - xs + dx - 1) / dx;
            int ph = h.Height <= ys ? 0 : (h.Height - ys + dy - 1) / dy;
            if (pw == 0 || ph == 0)
            {
                continue;
            }

            long rowBytesLong = ((long)pw * bitsPerPixel + 7) / 8;
            if (rowBytesLong + 1 > Array.MaxLength)
            {
                throw new MicroMorphException("SliceTooLarge", MicroMorphErrorKind.LimitsExceeded, $"A row of '{path}' is too long to decode ({rowBytesLong} bytes).", path);
            }

            int rowBytes = (int)rowBytesLong;
            var prev = new byte[rowBytes];
            var cur = new byte[rowBytes + 1];
            for (int r = 0; r < ph; r++)
            {
                zlib.ReadExactly(cur);
                var row = cur.AsSpan(1);
                Unfilter(cur[0], row, prev, bpp, path, ys + r * dy);
                int y = ys + r * dy;
                int rowStart = y * h.Width;
                for (int i = 0; i < pw; i++)
                {
                    int x = xs + i * dx;
                    int value;
                    switch (h.ColorType)
                    {
                        case 0:
                        case 4:
                            value = Sample(row, i * channels, h.BitDepth);
                            break;
                        case 3:
                            int index = Sample(row, i, h.BitDepth);
                            if (index >= paletteEntries)
                            {
                                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"pixel ({x}, {y}) uses palette index {index} but the palette has {paletteEntries} entries"));
                            }

                            value = Pick(channel, palette![index * 3], palette[index * 3 + 1], palette[index * 3 + 2]);
                            break;
                        default:
                            int s = i * channels;
                            value = Pick(channel, Sample(row, s, h.BitDepth), Sample(row, s + 1, h.BitDepth), Sample(row, s + 2, h.BitDepth));
                            break;
                    }

                    if (h.BitDepth == 16)
                    {
                        out16[rowStart + x] = (ushort)value;
                    }
                    else
                    {
                        out8[rowStart + x] = (byte)value;
                    }
                }

                // The unfiltered row becomes the prior row of the next one.
                row.CopyTo(prev);
            }
        }
    }

    /// <summary>Bytes of filtered scanlines (filter bytes included) the image needs, over all passes.</summary>
    private static long RawDataBytes(Header h)
    {
        int channels = h.ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        long total = 0;
        foreach (var (xs, ys, dx, dy) in h.Interlaced ? Adam7 : NoInterlace)
        {
            long pw = h.Width <= xs ? 0 : (h.Width - xs + dx - 1) / dx;
            long ph = h.Height <= ys ? 0 : (h.Height - ys + dy - 1) / dy;
            if (pw > 0 && ph > 0)
            {
                total += ph * (1 + (pw * channels * h.BitDepth + 7) / 8);
            }
        }

        return total;
    }

    /// <summary>Rec. 601 luma rounded half up, or one channel.</summary>
    private static int Pick(ColorChannel channel, int r, int g, int b) => channel switch
    {
        ColorChannel.Red => r,
        ColorChannel.Green => g,
        ColorChannel.Blue => b,
        _ => (int)((299L * r + 587L * g + 114L * b + 500) / 1000),
    };

    private static int Sample(ReadOnlySpan<byte> row, int index, int bitDepth)
    {
        switch (bitDepth)
        {
            case 8:
                return row[index];
            case 16:
                return (row[index * 2] << 8) | row[index * 2 + 1];
            default:
                int bit = index * bitDepth;
                int shift = 8 - bitDepth - (bit & 7);
                return (row[bit >> 3] >> shift) & ((1 << bitDepth) - 1);
        }
    }

    private static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> prev, int bpp, string path, int y)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case 2:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += prev[i];
                }

                break;
            case 3:
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + prev[i]) >> 1);
                }

                break;
            case 4:
                for (int i = 0; i < row.Length; i++)
                {
                    int a = i >= bpp ? row[i - bpp] : 0;
                    int b = prev[i];
                    int c = i >= bpp ? prev[i - bpp] : 0;
                    row[i] += Paeth(a, b, c);
                }

                break;
            default:
                throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"row {y} uses the unknown filter type {filter}"));
        }
    }

    internal static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }

    private static void ApplyMetadata(VoxelStack stack, List<(string Key, string Value)> texts, (uint X, uint Y)? pixelsPerMetre)
    {
        VoxelSize? size = null;
        foreach (var (key, value) in texts)
        {
            if (string.Equals(key, VoxelSizeText.Key, StringComparison.OrdinalIgnoreCase))
            {
                size = VoxelSizeText.TryParse(value);
            }
            else
            {
                stack.Metadata[key] = value;
            }
        }

        if (size is null && pixelsPerMetre is { X: > 0, Y: > 0 } ppm)
        {
            double x = 1e6 / ppm.X;
            double y = 1e6 / ppm.Y;
            size = new VoxelSize(x, y, x, "µm");
        }

        if (size is not null)
        {
            stack.VoxelSize = size.Value;
        }
    }

    private static (string Key, string Value)? TryParseText(string type, ReadOnlySpan<byte> data)
    {
        try
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
                    return (key, Encoding.Latin1.GetString(rest));
                case "zTXt":
                    return rest.Length < 1 || rest[0] != 0 ? null : (key, Encoding.Latin1.GetString(Inflate(rest[1..])));
                default:
                    if (rest.Length < 2)
                    {
                        return null;
                    }

                    bool compressed = rest[0] == 1;
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
                    return (key, Encoding.UTF8.GetString(compressed ? Inflate(rest) : rest.ToArray()));
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Inflate(ReadOnlySpan<byte> data)
    {
        using var input = new MemoryStream(data.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    private static Header ParseHeader(string path, ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its IHDR chunk has {data.Length} bytes instead of 13"));
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int bitDepth = data[8];
        int colorType = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"its size {width} x {height} is invalid"));
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
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"colour type {colorType} with bit depth {bitDepth} is not a valid combination"));
        }

        if (data[10] != 0 || data[11] != 0 || data[12] > 1)
        {
            throw Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"compression {data[10]}, filter method {data[11]} or interlace method {data[12]} is unknown"));
        }

        Volume.ValidateDimensions(width, height, 1, bitDepth == 16 ? VoxelDataType.UInt16 : VoxelDataType.UInt8);
        return new Header((int)width, (int)height, bitDepth, colorType, data[12] == 1);
    }

    private static byte[] ReadAllBytes(string path)
    {
        using var handle = InputFile.OpenRead(path);
        long length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new MicroMorphException("PngTooLarge", MicroMorphErrorKind.LimitsExceeded, $"'{path}' is {length} bytes; PNG files are read whole and may be at most {Array.MaxLength} bytes.", path);
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        int total = 0;
        while (total < bytes.Length)
        {
            int n = RandomAccess.Read(handle, bytes.AsSpan(total), total);
            if (n == 0)
            {
                throw MicroMorphException.InvalidData("PngTruncated", $"'{path}' ended while it was being read.", path);
            }

            total += n;
        }

        return bytes;
    }

    private static string ColorTypeName(int colorType) => colorType switch
    {
        2 => "RGB",
        3 => "palette",
        6 => "RGBA",
        _ => "grey",
    };

    private static string Printable(string type) => new(type.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());

    private static MicroMorphException Truncated(string path, string detail) =>
        MicroMorphException.InvalidData("PngTruncated", $"The PNG file '{path}' is truncated: {detail}.", path);

    private static MicroMorphException Corrupt(string path, string detail) =>
        MicroMorphException.InvalidData("PngCorrupt", $"The PNG file '{path}' is corrupt: {detail}.", path);

    private readonly record struct Header(int Width, int Height, int BitDepth, int ColorType, bool Interlaced);
}

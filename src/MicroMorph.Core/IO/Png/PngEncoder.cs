using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Raw;

namespace MicroMorph.Core.IO.Png;

/// <summary>
/// Encodes 8- or 16-bit grey and 8-bit RGB images (no interlace), choosing the filter of each row
/// adaptively (smallest sum of absolute filtered bytes), with fast zlib compression.
/// </summary>
internal static class PngEncoder
{
    public const int Grey = 0;
    public const int Rgb = 2;

    /// <summary>
    /// Writes <paramref name="pixels"/> (rows packed, native byte order for 16-bit samples) as a PNG,
    /// with a pHYs chunk when the unit is a length, and one text chunk per metadata entry.
    /// </summary>
    public static void Write(
        string path,
        int width,
        int height,
        int colorType,
        int bitDepth,
        ReadOnlySpan<byte> pixels,
        VoxelSize voxelSize,
        IReadOnlyDictionary<string, string> texts)
    {
        int channels = colorType == Rgb ? 3 : 1;
        int bpp = channels * bitDepth / 8;
        int rowBytes = checked(width * bpp);
        if (pixels.Length != (long)rowBytes * height)
        {
            throw new ArgumentException($"{pixels.Length} bytes given for a {width} x {height} image of {bpp} bytes per pixel.", nameof(pixels));
        }

        foreach (var key in texts.Keys)
        {
            CheckKey(key, path);
        }

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        file.Write(PngDecoder.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        PngIdatWriteStream.WriteChunk(file, "IHDR"u8, ihdr);
        WritePhys(file, voxelSize);
        if (voxelSize.Unit != VoxelSize.UncalibratedUnit)
        {
            WriteText(file, VoxelSizeText.Key, VoxelSizeText.Format(voxelSize));
        }

        foreach (var (key, value) in texts)
        {
            WriteText(file, key, value);
        }

        using (var idat = new PngIdatWriteStream(file))
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                var prev = new byte[rowBytes];
                var cur = new byte[rowBytes];
                var best = new byte[rowBytes + 1];
                var trial = new byte[rowBytes + 1];
                bool swap = bitDepth == 16 && BitConverter.IsLittleEndian;
                for (int y = 0; y < height; y++)
                {
                    var src = pixels.Slice(y * rowBytes, rowBytes);
                    if (swap)
                    {
                        BinaryPrimitives.ReverseEndianness(
                            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(src),
                            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(cur.AsSpan()));
                    }
                    else
                    {
                        src.CopyTo(cur);
                    }

                    long bestScore = long.MaxValue;
                    for (byte filter = 0; filter <= 4; filter++)
                    {
                        long score = Filter(filter, cur, prev, bpp, trial);
                        if (score < bestScore)
                        {
                            bestScore = score;
                            trial.CopyTo(best, 0);
                        }
                    }

                    zlib.Write(best);
                    (prev, cur) = (cur, prev);
                }
            }

            idat.Flush();
        }

        PngIdatWriteStream.WriteChunk(file, "IEND"u8, ReadOnlySpan<byte>.Empty);
    }

    /// <summary>Filters a row into <paramref name="output"/> (filter byte first); returns the sum of |signed bytes|.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prev, int bpp, Span<byte> output)
    {
        output[0] = filter;
        long score = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = prev[i];
            int c = i >= bpp ? prev[i - bpp] : 0;
            byte v = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] - a),
                2 => (byte)(row[i] - b),
                3 => (byte)(row[i] - ((a + b) >> 1)),
                _ => (byte)(row[i] - PngDecoder.Paeth(a, b, c)),
            };
            output[i + 1] = v;
            score += Math.Abs((int)(sbyte)v);
        }

        return score;
    }

    private static void WritePhys(Stream file, VoxelSize size)
    {
        if (LengthUnits.MetresPerUnit(size.Unit) is not { } metres)
        {
            return;
        }

        double ppmX = Math.Round(1 / (size.X * metres));
        double ppmY = Math.Round(1 / (size.Y * metres));
        if (ppmX is < 1 or > uint.MaxValue || ppmY is < 1 or > uint.MaxValue)
        {
            return;
        }

        Span<byte> data = stackalloc byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)ppmX);
        BinaryPrimitives.WriteUInt32BigEndian(data[4..], (uint)ppmY);
        data[8] = 1;
        PngIdatWriteStream.WriteChunk(file, "pHYs"u8, data);
    }

    /// <summary>tEXt for Latin-1 text, iTXt (UTF-8) otherwise.</summary>
    private static void WriteText(Stream file, string key, string value)
    {
        bool latin1 = value.All(c => c <= '\u00FF' && c != '\0');
        using var data = new MemoryStream();
        data.Write(Encoding.Latin1.GetBytes(key));
        data.WriteByte(0);
        if (latin1)
        {
            data.Write(Encoding.Latin1.GetBytes(value));
            PngIdatWriteStream.WriteChunk(file, "tEXt"u8, data.ToArray());
        }
        else
        {
            data.Write([0, 0, 0, 0]); // not compressed, method 0, empty language tag, empty translated keyword
            data.Write(Encoding.UTF8.GetBytes(value));
            PngIdatWriteStream.WriteChunk(file, "iTXt"u8, data.ToArray());
        }
    }

    private static void CheckKey(string key, string path)
    {
        bool ok = key.Length is >= 1 and <= 79
            && key.All(c => c is >= ' ' and <= '~' or >= '\u00A1' and <= '\u00FF')
            && key[0] != ' ' && key[^1] != ' ' && !key.Contains("  ", StringComparison.Ordinal);
        if (!ok)
        {
            throw MicroMorphException.Argument(
                "PngMetadataKeyInvalid",
                $"The metadata key '{key}' cannot be a PNG text keyword (1-79 Latin-1 characters without leading, trailing or double spaces); rename or remove it before writing '{path}'.",
                key);
        }
    }
}

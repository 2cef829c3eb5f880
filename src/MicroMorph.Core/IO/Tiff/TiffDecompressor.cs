using System.IO.Compression;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Our own decoders for the compressed strips and tiles the reader accepts: LZW (TIFF 6.0
/// section 13, new style MSB-first with the early code-width change, and the old LSB-first style
/// libtiff still reads), Deflate (zlib, compression 8 and 32946) and PackBits (section 9), plus the
/// predictors (horizontal differencing, section 14, and the floating-point predictor of Adobe's
/// TIFF Technical Note 3). Replaces LibTiff.NET for decoding (issue 20): it mis-read the header of
/// compressed big-endian BigTIFF, and it decoded LZW and PackBits strips whose data was cut short
/// into wrong voxels without an error. Each decoder returns how many bytes it produced; the caller
/// refuses a strip or tile that yields fewer than it must.
/// </summary>
internal static class TiffDecompressor
{
    /// <summary>Decodes <paramref name="source"/> into <paramref name="dest"/>; returns the bytes written (never more than dest holds).</summary>
    /// <exception cref="InvalidDataException">The stream is malformed.</exception>
    public static int Decompress(int compression, byte[] source, int sourceLength, Span<byte> dest) => compression switch
    {
        5 => Lzw(source.AsSpan(0, sourceLength), dest),
        8 or 32946 => Deflate(source, sourceLength, dest),
        32773 => PackBits(source.AsSpan(0, sourceLength), dest),
        _ => throw new InvalidDataException("compression " + compression + " has no decoder"),
    };

    /// <summary>zlib-wrapped Deflate; a stream that ends early yields fewer bytes (the caller's check reports it).</summary>
    public static int Deflate(byte[] source, int sourceLength, Span<byte> dest)
    {
        using var input = new MemoryStream(source, 0, sourceLength, writable: false);
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        int total = 0;
        while (total < dest.Length)
        {
            int n = z.Read(dest[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>PackBits: a header byte n in 0..127 copies n + 1 literal bytes, -127..-1 repeats the next byte 1 - n times, -128 is skipped.</summary>
    public static int PackBits(ReadOnlySpan<byte> source, Span<byte> dest)
    {
        int i = 0, o = 0;
        while (o < dest.Length && i < source.Length)
        {
            int n = (sbyte)source[i++];
            if (n >= 0)
            {
                int count = Math.Min(Math.Min(n + 1, source.Length - i), dest.Length - o);
                source.Slice(i, count).CopyTo(dest[o..]);
                i += n + 1;
                o += count;
            }
            else if (n != -128)
            {
                if (i >= source.Length)
                {
                    break;
                }

                int count = Math.Min(1 - n, dest.Length - o);
                dest.Slice(o, count).Fill(source[i++]);
                o += count;
            }
        }

        return o;
    }

    /// <summary>
    /// TIFF LZW. Codes 256 (Clear) and 257 (end of information); the code width grows from 9 to 12
    /// bits one code early in the new style (when the next free entry reaches 511, 1023, 2047) and
    /// on time in the old style (first bytes 0x00, odd), whose codes are packed LSB first.
    /// </summary>
    public static int Lzw(ReadOnlySpan<byte> source, Span<byte> dest)
    {
        const int Clear = 256, End = 257, First = 258, Size = 4096;
        bool oldStyle = source.Length >= 2 && source[0] == 0 && (source[1] & 1) != 0;
        Span<short> prefix = stackalloc short[Size];
        Span<short> length = stackalloc short[Size];
        Span<byte> head = stackalloc byte[Size];
        Span<byte> tail = stackalloc byte[Size];
        for (int c = 0; c < 256; c++)
        {
            prefix[c] = -1;
            length[c] = 1;
            head[c] = (byte)c;
            tail[c] = (byte)c;
        }

        long bitPosition = 0, bits = (long)source.Length * 8;
        int width = 9, next = First, previous = -1, o = 0;
        while (o < dest.Length && bitPosition + width <= bits)
        {
            int code = oldStyle ? ReadLsb(source, bitPosition, width) : ReadMsb(source, bitPosition, width);
            bitPosition += width;
            if (code == Clear)
            {
                width = 9;
                next = First;
                previous = -1;
                continue;
            }

            if (code == End)
            {
                break;
            }

            if (previous < 0)
            {
                if (code > 255)
                {
                    throw new InvalidDataException($"LZW code {code} follows a Clear code");
                }

                dest[o++] = (byte)code;
                previous = code;
                continue;
            }

            byte firstByte;
            if (code < next)
            {
                firstByte = head[code];
                o = Emit(code, prefix, length, tail, dest, o);
            }
            else if (code == next)
            {
                // KwKwK: the previous string followed by its own first byte.
                firstByte = head[previous];
                int at = o + length[previous];
                o = Emit(previous, prefix, length, tail, dest, o);
                if (at < dest.Length)
                {
                    dest[at] = firstByte;
                    o = at + 1;
                }
            }
            else
            {
                throw new InvalidDataException($"LZW code {code} lies beyond the string table ({next} entries)");
            }

            if (next < Size)
            {
                prefix[next] = (short)previous;
                length[next] = (short)Math.Min(length[previous] + 1, short.MaxValue);
                head[next] = head[previous];
                tail[next] = firstByte;
                next++;
            }

            if (width < 12 && (oldStyle ? next >= 1 << width : next + 1 >= 1 << width))
            {
                width++;
            }

            previous = code;
        }

        return o;
    }

    /// <summary>Writes the string of <paramref name="code"/> at <paramref name="o"/> (as much as fits); returns the position after it.</summary>
    private static int Emit(int code, Span<short> prefix, Span<short> length, Span<byte> tail, Span<byte> dest, int o)
    {
        int n = length[code];
        int end = o + n;
        for (int p = end - 1, c = code; p >= o && c >= 0; p--, c = prefix[c])
        {
            if (p < dest.Length)
            {
                dest[p] = tail[c];
            }
        }

        return Math.Min(end, dest.Length);
    }

    private static int ReadMsb(ReadOnlySpan<byte> s, long bit, int width)
    {
        int i = (int)(bit >> 3);
        int v = s[i] << 16 | (i + 1 < s.Length ? s[i + 1] << 8 : 0) | (i + 2 < s.Length ? s[i + 2] : 0);
        return (v >> (24 - (int)(bit & 7) - width)) & ((1 << width) - 1);
    }

    private static int ReadLsb(ReadOnlySpan<byte> s, long bit, int width)
    {
        int i = (int)(bit >> 3);
        int v = s[i] | (i + 1 < s.Length ? s[i + 1] << 8 : 0) | (i + 2 < s.Length ? s[i + 2] << 16 : 0);
        return (v >> (int)(bit & 7)) & ((1 << width) - 1);
    }

    /// <summary>
    /// Undoes horizontal differencing (Predictor 2) on rows of <paramref name="rowSamples"/>
    /// samples (native byte order), each sample the sum of itself and the one
    /// <paramref name="stride"/> samples before it in the row, modulo the sample width.
    /// </summary>
    public static void UndoHorizontalDifferencing(Span<byte> data, int rowSamples, int stride, int bytesPerSample)
    {
        int rowBytes = rowSamples * bytesPerSample;
        if (rowBytes <= 0 || stride <= 0)
        {
            return;
        }

        for (int start = 0; start + rowBytes <= data.Length; start += rowBytes)
        {
            var row = data.Slice(start, rowBytes);
            switch (bytesPerSample)
            {
                case 1:
                    for (int i = stride; i < row.Length; i++)
                    {
                        row[i] += row[i - stride];
                    }

                    break;
                case 2:
                    var u16 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(row);
                    for (int i = stride; i < u16.Length; i++)
                    {
                        u16[i] += u16[i - stride];
                    }

                    break;
                default:
                    var u32 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(row);
                    for (int i = stride; i < u32.Length; i++)
                    {
                        u32[i] += u32[i - stride];
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Undoes the floating-point predictor (Predictor 3): per row the bytes were split into planes
    /// (most significant byte of every sample first) and differenced bytewise with a stride of the
    /// samples per pixel. The result is in the machine's byte order.
    /// </summary>
    public static void UndoFloatingPointPredictor(Span<byte> data, int rowSamples, int stride, int bytesPerSample)
    {
        int rowBytes = rowSamples * bytesPerSample;
        if (rowBytes <= 0 || stride <= 0)
        {
            return;
        }

        var planes = new byte[rowBytes];
        for (int start = 0; start + rowBytes <= data.Length; start += rowBytes)
        {
            var row = data.Slice(start, rowBytes);
            for (int i = stride; i < row.Length; i++)
            {
                row[i] += row[i - stride];
            }

            row.CopyTo(planes);
            for (int k = 0; k < rowSamples; k++)
            {
                for (int b = 0; b < bytesPerSample; b++)
                {
                    // Plane 0 holds the most significant bytes.
                    int plane = BitConverter.IsLittleEndian ? bytesPerSample - 1 - b : b;
                    row[k * bytesPerSample + b] = planes[plane * rowSamples + k];
                }
            }
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Parses the header and the whole IFD chain of a classic TIFF or BigTIFF in either byte order.
/// Own parser rather than LibTiff.NET's because it is what makes the uncompressed fast path
/// possible (strip offsets known up front, no per-page library state), it validates every
/// offset against the file length (so a truncated file is reported, never read as zeros), and it
/// gives O(1) access to page n for parallel decoding.
/// </summary>
internal sealed class TiffFileStructure
{
    // More pages than this is surely a corrupt chain rather than a real stack.
    private const int MaxPages = 1_000_000;

    private readonly SafeFileHandle _handle;
    private readonly string _path;

    private TiffFileStructure(SafeFileHandle handle, string path, long length)
    {
        _handle = handle;
        _path = path;
        FileLength = length;
    }

    public long FileLength { get; }

    public bool IsBigEndian { get; private set; }

    public bool IsBigTiff { get; private set; }

    public List<TiffDirectory> Directories { get; } = [];

    public static TiffFileStructure Parse(SafeFileHandle handle, string path, CancellationToken cancellationToken)
    {
        long length = RandomAccess.GetLength(handle);
        var s = new TiffFileStructure(handle, path, length);
        s.ParseAll(cancellationToken);
        return s;
    }

    private void ParseAll(CancellationToken cancellationToken)
    {
        Span<byte> header = stackalloc byte[16];
        int got = ReadAt(0, header);
        if (got < 8)
        {
            throw TiffErrors.NotATiff(_path, string.Create(CultureInfo.InvariantCulture, $"it has only {FileLength} bytes."));
        }

        if (header[0] == 'I' && header[1] == 'I')
        {
            IsBigEndian = false;
        }
        else if (header[0] == 'M' && header[1] == 'M')
        {
            IsBigEndian = true;
        }
        else
        {
            throw TiffErrors.NotATiff(_path, "it does not start with the byte-order mark 'II' or 'MM'.");
        }

        ushort version = U16(header[2..]);
        long first;
        if (version == 42)
        {
            first = U32(header[4..]);
        }
        else if (version == 43)
        {
            if (got < 16 || U16(header[4..]) != 8 || U16(header[6..]) != 0)
            {
                throw TiffErrors.NotATiff(_path, "its BigTIFF header is malformed.");
            }

            IsBigTiff = true;
            first = (long)Math.Min(U64(header[8..]), long.MaxValue);
        }
        else
        {
            throw TiffErrors.NotATiff(_path, string.Create(CultureInfo.InvariantCulture, $"its version number is {version}, not 42 (TIFF) or 43 (BigTIFF)."));
        }

        if (first == 0)
        {
            throw TiffErrors.Corrupt(_path, "the header points to no image directory.");
        }

        var seen = new HashSet<long>();
        long offset = first;
        while (offset != 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(offset) || Directories.Count >= MaxPages)
            {
                throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"the chain of image directories loops back at offset {offset}."));
            }

            offset = ParseDirectory(offset, Directories.Count);
        }
    }

    /// <summary>Parses the IFD at <paramref name="offset"/> and returns the next IFD's offset (0 at the end).</summary>
    private long ParseDirectory(long offset, int index)
    {
        int countSize = IsBigTiff ? 8 : 2;
        int entrySize = IsBigTiff ? 20 : 12;
        int nextSize = IsBigTiff ? 8 : 4;
        if (offset < (IsBigTiff ? 16 : 8))
        {
            // Inside the file, but inside its header: a damaged offset, not a truncated file.
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index} should be at offset {offset}, which lies inside the {(IsBigTiff ? 16 : 8)}-byte file header."));
        }

        if (offset + countSize > FileLength)
        {
            throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index} should be at offset {offset}, but the file has {FileLength} bytes."));
        }

        Span<byte> countBytes = stackalloc byte[8];
        ReadExactly(offset, countBytes[..countSize], index);
        ulong count = IsBigTiff ? U64(countBytes) : U16(countBytes);
        if (count == 0 || count > 10_000)
        {
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index} at offset {offset} claims {count} entries."));
        }

        long tableLength = (long)count * entrySize + nextSize;
        if (offset + countSize + tableLength > FileLength)
        {
            throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index} at offset {offset} runs past the end of the file ({FileLength} bytes)."));
        }

        var table = new byte[tableLength];
        ReadExactly(offset + countSize, table, index);
        var dir = new TiffDirectory { Offset = offset, Index = index };
        for (int i = 0; i < (int)count; i++)
        {
            ReadEntry(dir, table.AsSpan(i * entrySize, entrySize));
        }

        var next = table.AsSpan((int)count * entrySize, nextSize);
        ulong nextOffset = IsBigTiff ? U64(next) : U32(next);
        if (nextOffset >= (ulong)FileLength)
        {
            throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index + 1} should be at offset {nextOffset}, but the file has {FileLength} bytes."));
        }

        Directories.Add(dir);
        return (long)nextOffset;
    }

    private void ReadEntry(TiffDirectory dir, ReadOnlySpan<byte> entry)
    {
        ushort tag = U16(entry);
        switch (tag)
        {
            case 254: dir.NewSubfileType = Scalar(dir, entry); break;
            case 256: dir.Width = Scalar(dir, entry); break;
            case 257: dir.Height = Scalar(dir, entry); break;
            case 258: dir.BitsPerSample = Integers(dir, entry); break;
            case 259: dir.Compression = Scalar(dir, entry); break;
            case 262: dir.Photometric = Scalar(dir, entry); break;
            case 270: dir.ImageDescription = Bytes(dir, entry); break;
            case 273: dir.StripOffsets = Integers(dir, entry); break;
            case 277: dir.SamplesPerPixel = Scalar(dir, entry); break;
            case 278: dir.RowsPerStrip = Scalar(dir, entry); break;
            case 279: dir.StripByteCounts = Integers(dir, entry); break;
            case 282: dir.XResolution = Rational(dir, entry); break;
            case 283: dir.YResolution = Rational(dir, entry); break;
            case 284: dir.PlanarConfiguration = Scalar(dir, entry); break;
            case 296: dir.ResolutionUnit = Scalar(dir, entry); break;
            case 305: dir.Software = Bytes(dir, entry); break;
            case 317: dir.Predictor = Scalar(dir, entry); break;
            case 320: dir.HasColorMap = true; break;
            case 322: dir.TileWidth = Scalar(dir, entry); break;
            case 323: dir.TileLength = Scalar(dir, entry); break;
            case 324: dir.TileOffsets = Integers(dir, entry); break;
            case 325: dir.TileByteCounts = Integers(dir, entry); break;
            case 339: dir.SampleFormat = Integers(dir, entry); break;
            default: break; // tags the reader does not need are skipped without reading their values
        }
    }

    private static int TypeSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 or 16 or 17 or 18 => 8,
        _ => 0,
    };

    /// <summary>The raw value bytes of an entry, inline or from the file.</summary>
    private byte[] ValueBytes(TiffDirectory dir, ReadOnlySpan<byte> entry, out ushort type, out long count)
    {
        ushort tag = U16(entry);
        type = U16(entry[2..]);
        ulong rawCount = IsBigTiff ? U64(entry[4..]) : U32(entry[4..]);
        int size = TypeSize(type);
        if (size == 0)
        {
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"tag {tag} of image directory {dir.Index} has the unknown field type {type}."));
        }

        if (rawCount > (ulong)FileLength)
        {
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"tag {tag} of image directory {dir.Index} claims {rawCount} values, more than the file can hold."));
        }

        count = (long)rawCount;
        long byteLength = count * size;
        var valueField = IsBigTiff ? entry.Slice(12, 8) : entry.Slice(8, 4);
        if (byteLength <= valueField.Length)
        {
            return valueField[..(int)byteLength].ToArray();
        }

        ulong valueOffset = IsBigTiff ? U64(valueField) : U32(valueField);
        if (valueOffset > (ulong)FileLength || (long)valueOffset + byteLength > FileLength)
        {
            throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"the values of tag {tag} of image directory {dir.Index} lie beyond the end of the file ({FileLength} bytes)."));
        }

        var bytes = new byte[byteLength];
        ReadExactly((long)valueOffset, bytes, dir.Index);
        return bytes;
    }

    private ulong[] Integers(TiffDirectory dir, ReadOnlySpan<byte> entry)
    {
        var bytes = ValueBytes(dir, entry, out ushort type, out long count);
        var values = new ulong[count];
        var span = bytes.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = type switch
            {
                1 or 7 => span[i],
                3 => U16(span[(2 * i)..]),
                4 or 13 => U32(span[(4 * i)..]),
                16 or 18 => U64(span[(8 * i)..]),
                _ => throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"tag {U16(entry)} of image directory {dir.Index} has field type {type} where an unsigned integer is expected.")),
            };
        }

        return values;
    }

    private ulong? Scalar(TiffDirectory dir, ReadOnlySpan<byte> entry)
    {
        var values = Integers(dir, entry);
        return values.Length == 0 ? null : values[0];
    }

    private byte[] Bytes(TiffDirectory dir, ReadOnlySpan<byte> entry) => ValueBytes(dir, entry, out _, out _);

    /// <summary>The first value of a RATIONAL/FLOAT/DOUBLE tag, numerator and denominator kept apart (see <see cref="TiffRational"/>).</summary>
    private TiffRational? Rational(TiffDirectory dir, ReadOnlySpan<byte> entry)
    {
        var bytes = ValueBytes(dir, entry, out ushort type, out long count);
        if (count < 1)
        {
            return null;
        }

        TiffRational? value = type switch
        {
            5 => new TiffRational(U32(bytes), U32(bytes.AsSpan(4))),
            11 => new TiffRational(IsBigEndian ? BinaryPrimitives.ReadSingleBigEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes), 1),
            12 => new TiffRational(IsBigEndian ? BinaryPrimitives.ReadDoubleBigEndian(bytes) : BinaryPrimitives.ReadDoubleLittleEndian(bytes), 1),
            _ => null, // a resolution of another type is ignored rather than failing the whole import
        };
        return value is { IsPositive: true } ? value : null;
    }

    private int ReadAt(long offset, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private void ReadExactly(long offset, Span<byte> buffer, int index)
    {
        if (ReadAt(offset, buffer) != buffer.Length)
        {
            throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"image directory {index} ends beyond the end of the file."));
        }
    }

    private ushort U16(ReadOnlySpan<byte> b) => IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);

    private uint U32(ReadOnlySpan<byte> b) => IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ulong U64(ReadOnlySpan<byte> b) => IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}

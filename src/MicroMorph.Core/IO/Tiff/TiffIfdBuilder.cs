using System.Buffers.Binary;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Builds one image file directory (classic TIFF or BigTIFF, native byte order) with its
/// out-of-line values placed directly after the entry table, so the writer knows every IFD's
/// size, and hence every offset in the file, before it writes anything.
/// </summary>
internal sealed class TiffIfdBuilder
{
    private readonly bool _bigTiff;
    private readonly bool _littleEndian = BitConverter.IsLittleEndian;
    private readonly SortedDictionary<ushort, (ushort Type, long Count, byte[] Value)> _entries = [];

    public TiffIfdBuilder(bool bigTiff)
    {
        _bigTiff = bigTiff;
    }

    private int EntrySize => _bigTiff ? 20 : 12;

    private int InlineSize => _bigTiff ? 8 : 4;

    /// <summary>Bytes of the IFD including its out-of-line values (each padded to an even length).</summary>
    public long Size
    {
        get
        {
            long size = (_bigTiff ? 8 : 2) + (long)_entries.Count * EntrySize + (_bigTiff ? 8 : 4);
            foreach (var (_, (_, _, value)) in _entries)
            {
                if (value.Length > InlineSize)
                {
                    size += value.Length + (value.Length & 1);
                }
            }

            return size;
        }
    }

    public void AddShort(ushort tag, ushort value)
    {
        var b = new byte[2];
        W16(b, value);
        _entries[tag] = (3, 1, b);
    }

    public void AddLong(ushort tag, uint value)
    {
        var b = new byte[4];
        W32(b, value);
        _entries[tag] = (4, 1, b);
    }

    /// <summary>Offsets or byte counts: LONG in classic TIFF, LONG8 in BigTIFF.</summary>
    public void AddOffsets(ushort tag, ulong[] values)
    {
        int size = _bigTiff ? 8 : 4;
        var b = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (_bigTiff)
            {
                W64(b.AsSpan(i * 8), values[i]);
            }
            else
            {
                W32(b.AsSpan(i * 4), checked((uint)values[i]));
            }
        }

        _entries[tag] = (_bigTiff ? (ushort)16 : (ushort)4, values.Length, b);
    }

    public void AddRational(ushort tag, uint numerator, uint denominator)
    {
        var b = new byte[8];
        W32(b, numerator);
        W32(b.AsSpan(4), denominator);
        _entries[tag] = (5, 1, b);
    }

    /// <summary>ASCII text; the terminating NUL is added here.</summary>
    public void AddAscii(ushort tag, byte[] text)
    {
        var b = new byte[text.Length + 1];
        text.CopyTo(b, 0);
        _entries[tag] = (2, b.Length, b);
    }

    /// <summary>The IFD bytes for placement at <paramref name="offset"/>, pointing to <paramref name="nextOffset"/> (0 = last).</summary>
    public byte[] Build(long offset, long nextOffset)
    {
        var buffer = new byte[Size];
        var span = buffer.AsSpan();
        int pos = 0;
        if (_bigTiff)
        {
            W64(span, (ulong)_entries.Count);
            pos = 8;
        }
        else
        {
            W16(span, (ushort)_entries.Count);
            pos = 2;
        }

        int extra = pos + _entries.Count * EntrySize + (_bigTiff ? 8 : 4);
        foreach (var (tag, (type, count, value)) in _entries)
        {
            W16(span[pos..], tag);
            W16(span[(pos + 2)..], type);
            int field = pos + (_bigTiff ? 12 : 8);
            if (_bigTiff)
            {
                W64(span[(pos + 4)..], (ulong)count);
            }
            else
            {
                W32(span[(pos + 4)..], (uint)count);
            }

            if (value.Length <= InlineSize)
            {
                value.CopyTo(span[field..]);
            }
            else
            {
                WriteOffset(span[field..], offset + extra);
                value.CopyTo(span[extra..]);
                extra += value.Length + (value.Length & 1);
            }

            pos += EntrySize;
        }

        WriteOffset(span[pos..], nextOffset);
        return buffer;
    }

    private void WriteOffset(Span<byte> b, long value)
    {
        if (_bigTiff)
        {
            W64(b, (ulong)value);
        }
        else
        {
            W32(b, checked((uint)value));
        }
    }

    private void W16(Span<byte> b, ushort v)
    {
        if (_littleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
    }

    private void W32(Span<byte> b, uint v)
    {
        if (_littleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
    }

    private void W64(Span<byte> b, ulong v)
    {
        if (_littleEndian)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, v);
        }
    }
}

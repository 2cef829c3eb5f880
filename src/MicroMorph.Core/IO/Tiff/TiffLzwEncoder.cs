namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// TIFF's LZW (compression 5; TIFF 6.0 section 13): codes of 9 to 12 bits packed most significant
/// bit first, a Clear code at the start of each strip and whenever the table fills, End Of
/// Information at the end. The code width grows one code early ("early change"), as LibTIFF
/// writes it and every TIFF reader (LibTIFF, ImageJ, Bio-Formats, tifffile) expects it: the
/// table is reset when its next free code would be 4094, as in LibTIFF's encoder, so no code
/// ever needs 13 bits. One instance per thread: it owns a 2 MiB string table.
/// </summary>
internal sealed class TiffLzwEncoder
{
    private const int ClearCode = 256;
    private const int EndOfInformation = 257;
    private const int FirstFreeCode = 258;
    private const int TableFull = 4094;
    private const int MinBits = 9;

    // Code of the string (prefix code, next byte) at index prefix << 8 | byte; 0 = not in the table
    // (no string code is below 258). The indices set are remembered, so a reset clears only them.
    private readonly ushort[] _table = new ushort[4096 << 8];
    private readonly int[] _used = new int[TableFull];
    private byte[] _output = new byte[1 << 16];
    private int _length;
    private ulong _bits;
    private int _bitCount;

    /// <summary>The LZW code stream of <paramref name="data"/>, as a new array of its exact length.</summary>
    public byte[] Encode(ReadOnlySpan<byte> data)
    {
        _length = 0;
        _bits = 0;
        _bitCount = 0;
        int width = MinBits;
        int maxCode = (1 << MinBits) - 1;
        int next = FirstFreeCode;
        int usedCount = 0;
        Put(ClearCode, width);
        if (!data.IsEmpty)
        {
            int prefix = data[0];
            for (int i = 1; i < data.Length; i++)
            {
                byte c = data[i];
                int key = (prefix << 8) | c;
                int code = _table[key];
                if (code != 0)
                {
                    prefix = code;
                    continue;
                }

                Put(prefix, width);
                _table[key] = (ushort)next++;
                _used[usedCount++] = key;
                prefix = c;
                if (next == TableFull)
                {
                    Put(ClearCode, width);
                    ClearTable(usedCount);
                    usedCount = 0;
                    next = FirstFreeCode;
                    width = MinBits;
                    maxCode = (1 << MinBits) - 1;
                }
                else if (next > maxCode)
                {
                    width++;
                    maxCode = (1 << width) - 1;
                }
            }

            // The last string, then the width the decoder expects for the code after it.
            Put(prefix, width);
            next++;
            if (next == TableFull)
            {
                Put(ClearCode, width);
                width = MinBits;
            }
            else if (next > maxCode)
            {
                width++;
            }
        }

        Put(EndOfInformation, width);
        ClearTable(usedCount);
        if (_bitCount > 0)
        {
            Ensure(1);
            _output[_length++] = (byte)(_bits << (8 - _bitCount));
            _bitCount = 0;
        }

        return _output.AsSpan(0, _length).ToArray();
    }

    private void ClearTable(int usedCount)
    {
        for (int i = 0; i < usedCount; i++)
        {
            _table[_used[i]] = 0;
        }
    }

    private void Put(int code, int width)
    {
        _bits = (_bits << width) | (uint)code;
        _bitCount += width;
        if (_bitCount >= 8)
        {
            Ensure(2);
            while (_bitCount >= 8)
            {
                _bitCount -= 8;
                _output[_length++] = (byte)(_bits >> _bitCount);
            }

            _bits &= (1UL << _bitCount) - 1;
        }
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes > _output.Length)
        {
            Array.Resize(ref _output, _output.Length * 2);
        }
    }
}

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// PackBits run-length coding (TIFF compression 32773; TIFF 6.0 section 9): a header byte n
/// followed by n + 1 literal bytes (0 &lt;= n &lt;= 127), or by one byte repeated 1 - n times
/// (-127 &lt;= n &lt;= -1). Each row is packed on its own, as the specification asks. Runs of
/// three or more equal bytes become repeats; shorter ones stay in the literal that surrounds them
/// (a repeat of two costs as much as two literal bytes and would split the literal).
/// </summary>
internal static class TiffPackBitsEncoder
{
    /// <summary>The packed rows of <paramref name="data"/> (whole rows of <paramref name="rowBytes"/> each).</summary>
    public static byte[] Encode(ReadOnlySpan<byte> data, int rowBytes)
    {
        // Worst case: one header byte per 128 literal bytes of each row.
        int rows = data.Length / rowBytes;
        var output = new byte[data.Length + rows * ((rowBytes + 127) / 128)];
        int length = 0;
        for (int r = 0; r < rows; r++)
        {
            length = EncodeRow(data.Slice(r * rowBytes, rowBytes), output, length);
        }

        return output.AsSpan(0, length).ToArray();
    }

    private static int EncodeRow(ReadOnlySpan<byte> row, byte[] output, int length)
    {
        int i = 0;
        while (i < row.Length)
        {
            int run = RunLength(row, i);
            if (run >= 3)
            {
                output[length++] = (byte)(sbyte)(1 - run);
                output[length++] = row[i];
                i += run;
                continue;
            }

            // A literal up to the next run of three (or 128 bytes, or the row's end).
            int start = i;
            while (i < row.Length && i - start < 128 && RunLength(row, i) < 3)
            {
                i++;
            }

            int count = i - start;
            output[length++] = (byte)(count - 1);
            row.Slice(start, count).CopyTo(output.AsSpan(length));
            length += count;
        }

        return length;
    }

    /// <summary>Equal bytes from <paramref name="start"/>, at most 128.</summary>
    private static int RunLength(ReadOnlySpan<byte> row, int start)
    {
        int end = Math.Min(row.Length, start + 128);
        int i = start + 1;
        while (i < end && row[i] == row[start])
        {
            i++;
        }

        return i - start;
    }
}

using System.Globalization;
using MicroMorph.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Decodes pages into caller-supplied buffers; one instance per worker thread (it owns scratch
/// buffers). Uncompressed data is read with positional reads straight into the destination (no
/// intermediate copy, adjacent strips merged into one read); compressed strips are read whole and
/// decoded by <see cref="TiffDecompressor"/> straight into the destination (tiles through a tile
/// buffer). A strip or tile that decodes to fewer bytes than it must is <c>TiffCorrupt</c>, never
/// zeros (issue 20).
/// </summary>
internal sealed class TiffPageDecoder : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly bool _swapBytes;
    private byte[]? _tile;
    private byte[]? _compressed;
    private byte[]? _plane;

    public TiffPageDecoder(SafeFileHandle file, string path, bool fileIsBigEndian)
    {
        _file = file;
        _path = path;
        _swapBytes = fileIsBigEndian == BitConverter.IsLittleEndian;
    }

    /// <summary>
    /// Decodes the whole page (all samples interleaved, rows top to bottom) into
    /// <paramref name="dest"/>[0..PageBytes). A planar colour page is interleaved here.
    /// </summary>
    public void Decode(TiffPageLayout page, int pageNumber, Span<byte> dest)
    {
        if (!page.IsPlanar)
        {
            DecodePlane(page, pageNumber, 0, dest);
            return;
        }

        int planeBytes = page.PlaneBytes;
        var plane = _plane is not null && _plane.Length >= planeBytes ? _plane : (_plane = new byte[planeBytes]);
        int samples = page.SamplesPerPixel, size = page.BytesPerSample;
        for (int p = 0; p < page.PlaneCount; p++)
        {
            DecodePlane(page, pageNumber, p, plane.AsSpan(0, planeBytes));
            for (int i = 0, n = planeBytes / size; i < n; i++)
            {
                plane.AsSpan(i * size, size).CopyTo(dest[(((i * samples) + p) * size)..]);
            }
        }
    }

    /// <summary>
    /// Decodes plane <paramref name="plane"/> of the page (for interleaved pages plane 0, all
    /// samples) into <paramref name="dest"/>[0..PlaneBytes), in the machine's byte order.
    /// </summary>
    public void DecodePlane(TiffPageLayout page, int pageNumber, int plane, Span<byte> dest)
    {
        int firstChunk = plane * page.ChunksPerPlane;
        if (page.Compression == 1)
        {
            if (page.IsTiled)
            {
                ReadUncompressedTiles(page, pageNumber, firstChunk, dest);
            }
            else
            {
                ReadUncompressedStrips(page, pageNumber, firstChunk, dest);
            }

            if (_swapBytes)
            {
                ByteSwap.InPlace(dest[..page.PlaneBytes], page.BytesPerSample);
            }
        }
        else if (page.IsTiled)
        {
            DecodeTiles(page, pageNumber, firstChunk, dest);
        }
        else
        {
            DecodeStrips(page, pageNumber, firstChunk, dest);
        }
    }

    public void Dispose()
    {
        _tile = null;
        _compressed = null;
        _plane = null;
    }

    private void ReadUncompressedStrips(TiffPageLayout page, int pageNumber, int firstChunk, Span<byte> dest)
    {
        int strips = page.ChunksPerPlane;
        long stripBytes = (long)page.RowsPerStrip * page.ChunkRowBytes;
        int total = page.PlaneBytes;
        int s = 0;
        while (s < strips)
        {
            // Merge runs of strips that follow each other in the file into one read.
            long fileOffset = (long)page.Offsets[firstChunk + s];
            int first = s;
            long end = fileOffset + stripBytes;
            while (s + 1 < strips && (long)page.Offsets[firstChunk + s + 1] == end)
            {
                s++;
                end += stripBytes;
            }

            int destOffset = (int)(first * stripBytes);
            int length = (int)Math.Min(total - destOffset, (s - first + 1) * stripBytes);
            ReadExactly(fileOffset, dest.Slice(destOffset, length), pageNumber);
            s++;
        }
    }

    private void ReadUncompressedTiles(TiffPageLayout page, int pageNumber, int firstChunk, Span<byte> dest)
    {
        int tileBytes = page.TileBytes;
        var tile = _tile is not null && _tile.Length >= tileBytes ? _tile : (_tile = new byte[tileBytes]);
        int across = (page.Width + page.TileWidth - 1) / page.TileWidth;
        for (int index = 0; index < page.ChunksPerPlane; index++)
        {
            ReadExactly((long)page.Offsets[firstChunk + index], tile.AsSpan(0, tileBytes), pageNumber);
            CopyTile(page, tile, index % across * page.TileWidth, index / across * page.TileLength, dest);
        }
    }

    private void DecodeStrips(TiffPageLayout page, int pageNumber, int firstChunk, Span<byte> dest)
    {
        int total = page.PlaneBytes;
        long stripBytes = (long)page.RowsPerStrip * page.ChunkRowBytes;
        for (int s = 0; s < page.ChunksPerPlane; s++)
        {
            int offset = (int)(s * stripBytes);
            int length = (int)Math.Min(stripBytes, total - offset);
            DecodeChunk(page, pageNumber, firstChunk + s, "strip", dest.Slice(offset, length), page.Width);
        }
    }

    private void DecodeTiles(TiffPageLayout page, int pageNumber, int firstChunk, Span<byte> dest)
    {
        int tileBytes = page.TileBytes;
        var tile = _tile is not null && _tile.Length >= tileBytes ? _tile : (_tile = new byte[tileBytes]);
        int across = (page.Width + page.TileWidth - 1) / page.TileWidth;
        for (int index = 0; index < page.ChunksPerPlane; index++)
        {
            DecodeChunk(page, pageNumber, firstChunk + index, "tile", tile.AsSpan(0, tileBytes), page.TileWidth);
            CopyTile(page, tile, index % across * page.TileWidth, index / across * page.TileLength, dest);
        }
    }

    /// <summary>Reads and decodes strip or tile <paramref name="chunk"/> into <paramref name="dest"/>, which it must fill exactly.</summary>
    private void DecodeChunk(TiffPageLayout page, int pageNumber, int chunk, string what, Span<byte> dest, int rowPixels)
    {
        // No supported codec stores more than ~1.5 bytes per decoded byte (LZW of noise); more is not read.
        long stored = (long)Math.Min(page.ByteCounts[chunk], (ulong)(dest.Length * 2L + 4096));
        var buffer = _compressed is not null && _compressed.Length >= stored ? _compressed : (_compressed = new byte[Math.Max(stored, 4096)]);
        ReadExactly((long)page.Offsets[chunk], buffer.AsSpan(0, (int)stored), pageNumber);
        int got;
        try
        {
            got = TiffDecompressor.Decompress(page.Compression, buffer, (int)stored, dest);
        }
        catch (InvalidDataException ex)
        {
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"the {TiffPageLayout.CompressionName(page.Compression)} data of {what} {chunk + 1} of page {pageNumber + 1} is malformed ({ex.Message.TrimEnd('.')})."), ex);
        }

        if (got != dest.Length)
        {
            throw TiffErrors.Corrupt(_path, string.Create(
                CultureInfo.InvariantCulture,
                $"{what} {chunk + 1} of page {pageNumber + 1} decodes to {got} of the {dest.Length} bytes it must hold ({page.ByteCounts[chunk]} bytes of {TiffPageLayout.CompressionName(page.Compression)} data); its data is cut short or damaged."));
        }

        int samples = page.ChunkSamples;
        if (page.Predictor == 3)
        {
            // The floating-point predictor yields the machine's byte order itself.
            TiffDecompressor.UndoFloatingPointPredictor(dest, rowPixels * samples, samples, page.BytesPerSample);
            return;
        }

        if (_swapBytes)
        {
            ByteSwap.InPlace(dest, page.BytesPerSample);
        }

        if (page.Predictor == 2)
        {
            TiffDecompressor.UndoHorizontalDifferencing(dest, rowPixels * samples, samples, page.BytesPerSample);
        }
    }

    /// <summary>
    /// For a page that another decoder (ImageSharp) will read: every strip or tile that is
    /// uncompressed, LZW, Deflate or PackBits must hold, or decode to, all the bytes its rows need
    /// (any bit depth, interleaved or planar), so that a strip cut short is refused rather than
    /// decoded into zeros (issue 20). Other compressions are left to that decoder.
    /// </summary>
    public static void VerifyStoredData(TiffDirectory dir, SafeFileHandle file, string path)
    {
        int compression = (int)Math.Min(dir.Compression ?? 1, int.MaxValue);
        if (compression is not (1 or 5 or 8 or 32946 or 32773) || dir.Width is not { } w || dir.Height is not { } h || w == 0 || h == 0)
        {
            return;
        }

        long spp = (long)Math.Clamp(dir.SamplesPerPixel ?? 1, 1, 1000);
        long bps = (long)Math.Clamp(dir.BitsPerSample is { Length: > 0 } b ? b[0] : 1, 1, 1024);
        bool planar = dir.PlanarConfiguration == 2 && spp > 1;
        long chunkSamples = planar ? 1 : spp;
        long planes = planar ? spp : 1;
        var offsets = dir.IsTiled ? dir.TileOffsets : dir.StripOffsets;
        var counts = dir.IsTiled ? dir.TileByteCounts : dir.StripByteCounts;
        if (offsets is null || counts is null)
        {
            return;
        }

        var expected = new List<long>();
        if (dir.IsTiled)
        {
            long tw = (long)Math.Max(dir.TileWidth ?? 1, 1), tl = (long)Math.Max(dir.TileLength ?? 1, 1);
            long tiles = (((long)w + tw - 1) / tw) * (((long)h + tl - 1) / tl) * planes;
            long bytes = ((tw * chunkSamples * bps) + 7) / 8 * tl;
            for (long i = 0; i < tiles; i++)
            {
                expected.Add(bytes);
            }
        }
        else
        {
            long rows = (long)Math.Clamp(dir.RowsPerStrip ?? h, 1, h);
            long rowBytes = (((long)w * chunkSamples * bps) + 7) / 8;
            long strips = ((long)h + rows - 1) / rows;
            for (long p = 0; p < planes; p++)
            {
                for (long s = 0; s < strips; s++)
                {
                    expected.Add(Math.Min(rows, (long)h - (s * rows)) * rowBytes);
                }
            }
        }

        long length = RandomAccess.GetLength(file);
        byte[] decoded = [];
        byte[] stored = [];
        for (int i = 0; i < expected.Count && i < offsets.Length && i < counts.Length; i++)
        {
            string what = string.Create(CultureInfo.InvariantCulture, $"{(dir.IsTiled ? "tile" : "strip")} {i + 1}");
            if (compression == 1)
            {
                if ((long)Math.Min(counts[i], long.MaxValue) < expected[i])
                {
                    throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{what} has {counts[i]} bytes; uncompressed it needs {expected[i]}."));
                }

                if (offsets[i] > (ulong)length || (long)offsets[i] + expected[i] > length)
                {
                    throw TiffErrors.Truncated(path, string.Create(CultureInfo.InvariantCulture, $"the data of {what} ({expected[i]} bytes at offset {offsets[i]}) extends beyond the end of the file ({length} bytes)."));
                }

                continue;
            }

            long need = expected[i];
            long take = (long)Math.Min(counts[i], (ulong)(need * 2) + 4096);
            if (need > Array.MaxLength || offsets[i] > (ulong)length || (long)offsets[i] + take > length)
            {
                throw TiffErrors.Truncated(path, string.Create(CultureInfo.InvariantCulture, $"the data of {what} ({counts[i]} bytes at offset {offsets[i]}) extends beyond the end of the file ({length} bytes)."));
            }

            if (decoded.Length < need)
            {
                decoded = new byte[need];
            }

            if (stored.Length < take)
            {
                stored = new byte[take];
            }

            int got = RandomAccess.Read(file, stored.AsSpan(0, (int)take), (long)offsets[i]);
            int produced;
            try
            {
                produced = TiffDecompressor.Decompress(compression, stored, got, decoded.AsSpan(0, (int)need));
            }
            catch (InvalidDataException ex)
            {
                throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"the {TiffPageLayout.CompressionName(compression)} data of {what} is malformed ({ex.Message.TrimEnd('.')})."), ex);
            }

            if (produced != need)
            {
                throw TiffErrors.Corrupt(path, string.Create(CultureInfo.InvariantCulture, $"{what} decodes to {produced} of the {need} bytes it must hold; its data is cut short or damaged."));
            }
        }
    }

    /// <summary>Copies the part of a (padded) tile that lies inside the image.</summary>
    private static void CopyTile(TiffPageLayout page, byte[] tile, int x0, int y0, Span<byte> dest)
    {
        int pixelBytes = page.ChunkSamples * page.BytesPerSample;
        int tileRowBytes = page.TileWidth * pixelBytes;
        int copyBytes = Math.Min(page.TileWidth, page.Width - x0) * pixelBytes;
        int rows = Math.Min(page.TileLength, page.Height - y0);
        for (int r = 0; r < rows; r++)
        {
            tile.AsSpan(r * tileRowBytes, copyBytes).CopyTo(dest[(((y0 + r) * page.Width + x0) * pixelBytes)..]);
        }
    }

    private void ReadExactly(long offset, Span<byte> buffer, int pageNumber)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n;
            try
            {
                n = RandomAccess.Read(_file, buffer[total..], offset + total);
            }
            catch (IOException ex)
            {
                throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The TIFF file '{_path}' cannot be read: {ex.Message}", _path, ex);
            }

            if (n == 0)
            {
                throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"the data of page {pageNumber + 1} ends early at offset {offset + total}."));
            }

            total += n;
        }
    }
}

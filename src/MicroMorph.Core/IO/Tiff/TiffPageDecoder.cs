using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Microsoft.Win32.SafeHandles;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Decodes pages into caller-supplied buffers; one instance per worker thread (it owns a
/// LibTiff handle and scratch buffers). Uncompressed data is read with positional reads straight
/// into the destination (no intermediate copy, adjacent strips merged into one read); compressed
/// data goes through LibTiff.NET into a per-thread page buffer (LibTiff needs an array, and the
/// volume exposes its slices only as spans), then one copy into the destination.
/// </summary>
internal sealed class TiffPageDecoder : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly bool _swapBytes;
    private BitMiracle.LibTiff.Classic.Tiff? _tiff;
    private byte[]? _tile;
    private byte[]? _page;

    public TiffPageDecoder(SafeFileHandle file, string path, bool fileIsBigEndian)
    {
        _file = file;
        _path = path;
        _swapBytes = fileIsBigEndian == BitConverter.IsLittleEndian;
    }

    /// <summary>Decodes the whole page (all samples, rows top to bottom) into <paramref name="dest"/>[0..PageBytes).</summary>
    public void Decode(TiffPageLayout page, int pageNumber, Span<byte> dest)
    {
        if (page.Compression == 1)
        {
            if (page.IsTiled)
            {
                ReadUncompressedTiles(page, pageNumber, dest);
            }
            else
            {
                ReadUncompressedStrips(page, pageNumber, dest);
            }

            // LibTiff swaps decoded samples itself; the raw path must do it here.
            if (_swapBytes)
            {
                ByteSwap.InPlace(dest[..page.PageBytes], page.BytesPerSample);
            }
        }
        else
        {
            var buffer = _page is not null && _page.Length >= page.PageBytes ? _page : (_page = new byte[page.PageBytes]);
            DecodeWithLibTiff(page, pageNumber, buffer);
            buffer.AsSpan(0, page.PageBytes).CopyTo(dest);
        }
    }

    public void Dispose()
    {
        _tiff?.Dispose();
        _tiff = null;
    }

    private void ReadUncompressedStrips(TiffPageLayout page, int pageNumber, Span<byte> dest)
    {
        int strips = (page.Height + page.RowsPerStrip - 1) / page.RowsPerStrip;
        long stripBytes = (long)page.RowsPerStrip * page.RowBytes;
        int total = page.PageBytes;
        int s = 0;
        while (s < strips)
        {
            // Merge runs of strips that follow each other in the file into one read.
            long fileOffset = (long)page.Offsets[s];
            int first = s;
            long end = fileOffset + stripBytes;
            while (s + 1 < strips && (long)page.Offsets[s + 1] == end)
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

    private void ReadUncompressedTiles(TiffPageLayout page, int pageNumber, Span<byte> dest)
    {
        int tileBytes = page.TileBytes;
        var tile = _tile is not null && _tile.Length >= tileBytes ? _tile : (_tile = new byte[tileBytes]);
        int across = (page.Width + page.TileWidth - 1) / page.TileWidth;
        int down = (page.Height + page.TileLength - 1) / page.TileLength;
        for (int ty = 0; ty < down; ty++)
        {
            for (int tx = 0; tx < across; tx++)
            {
                ReadExactly((long)page.Offsets[ty * across + tx], tile.AsSpan(0, tileBytes), pageNumber);
                CopyTile(page, tile, tx * page.TileWidth, ty * page.TileLength, dest);
            }
        }
    }

    private void DecodeWithLibTiff(TiffPageLayout page, int pageNumber, byte[] dest)
    {
        TiffLibraryMessages.BeginCapture();
        try
        {
            if (_tiff is null)
            {
                _tiff = BitMiracle.LibTiff.Classic.Tiff.Open(_path, "r");
                if (_tiff is null)
                {
                    throw TiffErrors.Corrupt(_path, "the TIFF library could not open it" + Details());
                }
            }

            // Jump straight to the page's IFD (known from our own parse) instead of walking the chain.
            if (!_tiff.SetSubDirectory(page.Directory.Offset))
            {
                throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"page {pageNumber + 1} could not be read") + Details());
            }

            if (page.IsTiled)
            {
                int tileBytes = page.TileBytes;
                var tile = _tile is not null && _tile.Length >= tileBytes ? _tile : (_tile = new byte[tileBytes]);
                int across = (page.Width + page.TileWidth - 1) / page.TileWidth;
                int down = (page.Height + page.TileLength - 1) / page.TileLength;
                for (int index = 0; index < across * down; index++)
                {
                    int n = _tiff.ReadEncodedTile(index, tile, 0, tileBytes);
                    CheckDecoded(n, tileBytes, "tile", index, pageNumber);
                    CopyTile(page, tile, index % across * page.TileWidth, index / across * page.TileLength, dest);
                }
            }
            else
            {
                int strips = (page.Height + page.RowsPerStrip - 1) / page.RowsPerStrip;
                int total = page.PageBytes;
                long stripBytes = (long)page.RowsPerStrip * page.RowBytes;
                for (int s = 0; s < strips; s++)
                {
                    int offset = (int)(s * stripBytes);
                    int length = (int)Math.Min(stripBytes, total - offset);
                    int n = _tiff.ReadEncodedStrip(s, dest, offset, length);
                    CheckDecoded(n, length, "strip", s, pageNumber);
                }
            }
        }
        catch (Exception ex) when (ex is not (Errors.MicroMorphException or OperationCanceledException or OutOfMemoryException))
        {
            // LibTiff.NET throws plain exceptions (index out of range, ...) on some corrupt streams.
            throw TiffErrors.Corrupt(_path, string.Create(CultureInfo.InvariantCulture, $"decoding page {pageNumber + 1} failed ({ex.Message})") + Details(), ex);
        }
    }

    private void CheckDecoded(int got, int expected, string what, int index, int pageNumber)
    {
        string? errors = TiffLibraryMessages.TakeErrors();
        if (got != expected || errors is not null)
        {
            string detail = string.Create(
                CultureInfo.InvariantCulture,
                $"{what} {index + 1} of page {pageNumber + 1} decoded to {Math.Max(got, 0)} of {expected} bytes");
            throw TiffErrors.Corrupt(_path, detail + (errors is null ? "." : " (" + errors + ")."));
        }
    }

    private static string Details()
    {
        string? errors = TiffLibraryMessages.TakeErrors();
        return errors is null ? "." : " (" + errors + ").";
    }

    /// <summary>Copies the part of a (padded) tile that lies inside the image.</summary>
    private static void CopyTile(TiffPageLayout page, byte[] tile, int x0, int y0, Span<byte> dest)
    {
        int pixelBytes = page.SamplesPerPixel * page.BytesPerSample;
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
            int n = RandomAccess.Read(_file, buffer[total..], offset + total);
            if (n == 0)
            {
                throw TiffErrors.Truncated(_path, string.Create(CultureInfo.InvariantCulture, $"the data of page {pageNumber + 1} ends early at offset {offset + total}."));
            }

            total += n;
        }
    }
}

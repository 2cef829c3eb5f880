using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Writes a volume as an uncompressed multi-page TIFF (one page per z-slice, native byte order)
/// that ImageJ/Fiji opens as a calibrated stack: ImageJ description on the first page and
/// XResolution/YResolution = 1/voxel size. The layout is ImageJ's own: header, first IFD, then
/// the pixel data of all slices back to back, then the other IFDs. ImageJ relies on that: for a
/// description with <c>images=N</c> it reads N contiguous images after the first page's data.
/// BigTIFF is used only when the file would exceed the 4 GiB of classic TIFF offsets.
/// </summary>
public static class TiffVolumeWriter
{
    private const int TargetStripBytes = 1 << 20;

    public static void Write(Volume volume, string path, ComputeOptions options) => Write(volume, path, options, forceBigTiff: false);

    /// <summary><paramref name="forceBigTiff"/> lets tests cover the BigTIFF layout without writing 4 GiB.</summary>
    internal static void Write(Volume volume, string path, ComputeOptions options, bool forceBigTiff)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);

        int width = volume.Width, height = volume.Height, depth = volume.Depth;
        int bytesPerVoxel = volume.DataType.BytesPerVoxel();
        long rowBytes = (long)width * bytesPerVoxel;
        long sliceBytes = rowBytes * height;
        int rowsPerStrip = (int)Math.Clamp(TargetStripBytes / rowBytes, 1, height);
        int strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        byte[] description = Encoding.ASCII.GetBytes(ImageJMetadata.Format(depth, volume.VoxelSize, PhaseTableMetadata.ForWriting(volume)));

        // Classic TIFF unless an offset would not fit in 32 bits.
        bool bigTiff = forceBigTiff;
        var layout = Plan(volume, bigTiff, rowsPerStrip, strips, sliceBytes, description);
        if (!bigTiff && layout.TotalBytes > uint.MaxValue)
        {
            bigTiff = true;
            layout = Plan(volume, bigTiff, rowsPerStrip, strips, sliceBytes, description);
        }

        var progress = new ProgressCounter(depth, options.Progress, "Writing TIFF");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan);
        stream.SetLength(layout.TotalBytes);

        var header = new byte[bigTiff ? 16 : 8];
        header[0] = header[1] = BitConverter.IsLittleEndian ? (byte)'I' : (byte)'M';
        if (bigTiff)
        {
            WriteNative16(header.AsSpan(2), 43);
            WriteNative16(header.AsSpan(4), 8);
            WriteNative64(header.AsSpan(8), (ulong)layout.IfdOffsets[0]);
        }
        else
        {
            WriteNative16(header.AsSpan(2), 42);
            WriteNative32(header.AsSpan(4), (uint)layout.IfdOffsets[0]);
        }

        stream.Write(header);
        WriteIfd(stream, volume, 0, layout, bigTiff, rowsPerStrip, strips, sliceBytes, description);

        stream.Position = layout.DataOffset;
        for (int z = 0; z < depth; z++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            stream.Write(volume.ReadSliceBytes(z));
            progress.Increment();
        }

        for (int z = 1; z < depth; z++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            WriteIfd(stream, volume, z, layout, bigTiff, rowsPerStrip, strips, sliceBytes, description);
        }
    }

    private sealed record FileLayout(long[] IfdOffsets, long DataOffset, long TotalBytes);

    private static FileLayout Plan(Volume volume, bool bigTiff, int rowsPerStrip, int strips, long sliceBytes, byte[] description)
    {
        int depth = volume.Depth;
        var offsets = new long[depth];
        long pos = bigTiff ? 16 : 8;
        offsets[0] = pos;
        pos += BuildIfd(volume, 0, bigTiff, rowsPerStrip, strips, 0, sliceBytes, description).Size;
        long dataOffset = (pos + 15) & ~15L;
        pos = dataOffset + sliceBytes * depth;
        if (depth > 1)
        {
            // Pages after the first have identical IFD sizes (no description).
            long size = BuildIfd(volume, 1, bigTiff, rowsPerStrip, strips, 0, sliceBytes, description).Size;
            pos = (pos + 1) & ~1L;
            for (int z = 1; z < depth; z++)
            {
                offsets[z] = pos;
                pos += size;
            }
        }

        return new FileLayout(offsets, dataOffset, pos);
    }

    private static void WriteIfd(Stream stream, Volume volume, int z, FileLayout layout, bool bigTiff, int rowsPerStrip, int strips, long sliceBytes, byte[] description)
    {
        var ifd = BuildIfd(volume, z, bigTiff, rowsPerStrip, strips, layout.DataOffset, sliceBytes, description);
        long next = z + 1 < volume.Depth ? layout.IfdOffsets[z + 1] : 0;
        stream.Position = layout.IfdOffsets[z];
        stream.Write(ifd.Build(layout.IfdOffsets[z], next));
    }

    internal static TiffIfdBuilder BuildIfd(Volume volume, int z, bool bigTiff, int rowsPerStrip, int strips, long dataOffset, long sliceBytes, byte[] description)
    {
        long rowBytes = sliceBytes / volume.Height;
        var offsets = new ulong[strips];
        var counts = new ulong[strips];
        for (int s = 0; s < strips; s++)
        {
            long rows = Math.Min(rowsPerStrip, volume.Height - (long)s * rowsPerStrip);
            offsets[s] = (ulong)(dataOffset + z * sliceBytes + s * rowsPerStrip * rowBytes);
            counts[s] = (ulong)(rows * rowBytes);
        }

        var (bits, format) = volume.DataType switch
        {
            VoxelDataType.UInt8 => (8, 1),
            VoxelDataType.UInt16 => (16, 1),
            VoxelDataType.Int16 => (16, 2),
            VoxelDataType.UInt32 => (32, 1),
            _ => (32, 3),
        };

        var size = volume.VoxelSize;
        var ifd = new TiffIfdBuilder(bigTiff);
        ifd.AddLong(254, 0);
        ifd.AddLong(256, (uint)volume.Width);
        ifd.AddLong(257, (uint)volume.Height);
        ifd.AddShort(258, (ushort)bits);
        ifd.AddShort(259, 1);
        ifd.AddShort(262, 1);
        if (z == 0)
        {
            ifd.AddAscii(270, description);
            ifd.AddAscii(305, "MicroMorph"u8.ToArray());
        }

        ifd.AddOffsets(273, offsets);
        ifd.AddShort(277, 1);
        ifd.AddLong(278, (uint)rowsPerStrip);
        ifd.AddOffsets(279, counts);
        // Pixels per unit = q / p where p / q is the voxel size: the reader's one division p / q
        // gives the size back bit-exactly (0.65 µm is stored as 20/13, not as a fraction of 1 / 0.65).
        var (xp, xq) = ToRational(size.X);
        var (yp, yq) = ToRational(size.Y);
        ifd.AddRational(282, xq, xp);
        ifd.AddRational(283, yq, yp);
        ifd.AddShort(284, 1);

        // ResolutionUnit none: the unit is ImageJ's "unit=" (TIFF's units are only inch and cm).
        ifd.AddShort(296, 1);
        ifd.AddShort(339, (ushort)format);
        return ifd;
    }

    /// <summary>
    /// The fraction p / q with 32-bit numerator and denominator whose quotient, divided in double
    /// precision, is <paramref name="value"/> bit for bit: the first such convergent of the continued
    /// fraction of the exact binary value (so 0.65 gives 13/20 and 0.3 gives 3/10). Values no such
    /// fraction reaches get the last convergent within 32 bits, the best approximation there is.
    /// </summary>
    internal static (uint Numerator, uint Denominator) ToRational(double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            return (1, 1);
        }

        if (value >= uint.MaxValue)
        {
            return (uint.MaxValue, 1);
        }

        // The double is exactly n / d with d a power of two.
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        BigInteger n = mantissa, d = BigInteger.One;
        if (exponent > 0)
        {
            n <<= exponent;
        }
        else
        {
            d <<= -exponent;
        }

        // Convergents h/k by Euclid's algorithm on n / d (all integer, no rounding).
        BigInteger hPrev = BigInteger.Zero, h = BigInteger.One, kPrev = BigInteger.One, k = BigInteger.Zero;
        while (!d.IsZero)
        {
            BigInteger a = BigInteger.DivRem(n, d, out BigInteger remainder);
            (n, d) = (d, remainder);
            BigInteger hNext = a * h + hPrev, kNext = a * k + kPrev;
            if (hNext > uint.MaxValue || kNext > uint.MaxValue)
            {
                break;
            }

            (hPrev, h, kPrev, k) = (h, hNext, k, kNext);
            if (!h.IsZero && (double)h / (double)k == value)
            {
                break;
            }
        }

        return h.IsZero ? (1, uint.MaxValue) : ((uint)h, (uint)k);
    }

    private static void WriteNative16(Span<byte> b, ushort v)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
    }

    private static void WriteNative32(Span<byte> b, uint v)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
    }

    private static void WriteNative64(Span<byte> b, ulong v)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(b, v);
        }
    }
}

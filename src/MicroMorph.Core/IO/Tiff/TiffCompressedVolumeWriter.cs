using System.Buffers.Binary;
using System.Text;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>
/// Writes a volume as a compressed multi-page TIFF (one page per z-slice, native byte order,
/// the same tags and ImageJ description as <see cref="TiffVolumeWriter"/>). Compressed sizes are
/// known only after compressing, so the layout differs from ImageJ's contiguous one: header, the
/// strips of all slices in order, then the IFDs. ImageJ reads compressed stacks page by page
/// from their IFDs (it uses <c>images=N</c> only for uncompressed files, since 1.52p).
/// </summary>
/// <remarks>
/// Slices are compressed in parallel, a batch at a time, and written in order, so memory stays at
/// a few slices' worth whatever the volume's size. The header slot is 16 bytes (BigTIFF's size):
/// classic TIFF or BigTIFF is decided at the end, from the real size of the file.
/// </remarks>
internal static class TiffCompressedVolumeWriter
{
    private const int HeaderSlot = 16;
    private const int TargetStripBytes = 1 << 20;

    public static void Write(Volume volume, string path, TiffCompression compression, ComputeOptions options, bool forceBigTiff = false)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);

        int width = volume.Width, height = volume.Height, depth = volume.Depth;
        int rowBytes = width * volume.DataType.BytesPerVoxel();
        long sliceBytes = (long)rowBytes * height;
        int rowsPerStrip = Math.Clamp(TargetStripBytes / rowBytes, 1, height);
        int strips = (height + rowsPerStrip - 1) / rowsPerStrip;
        byte[] description = Encoding.ASCII.GetBytes(ImageJMetadata.Format(depth, volume.VoxelSize, PhaseTableMetadata.ForWriting(volume)));

        var offsets = new ulong[depth][];
        var counts = new ulong[depth][];
        var progress = new ProgressCounter(depth, options.Progress, "Writing TIFF");
        var inner = options with { Progress = null };
        int workers = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int batch = Math.Max(1, Math.Min(depth, 2 * workers));
        var encoded = new byte[batch][][];

        // Encoders (2 MiB LZW table each) are reused across batches: the loop creates its per-worker
        // state anew for every batch, and fresh large arrays per batch cost full garbage collections.
        var encoders = new System.Collections.Concurrent.ConcurrentBag<TiffStripEncoder>();

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.SequentialScan);
        stream.Write(new byte[HeaderSlot]);
        long position = HeaderSlot;
        for (int first = 0; first < depth; first += batch)
        {
            int count = Math.Min(batch, depth - first);
            int start = first;
            SliceIterator.For(
                count,
                inner,
                "Compressing TIFF",
                () => encoders.TryTake(out var encoder) ? encoder : new TiffStripEncoder(compression),
                (i, encoder) =>
                {
                    ReadOnlySpan<byte> slice = volume.ReadSliceBytes(start + i);
                    var parts = new byte[strips][];
                    for (int s = 0; s < strips; s++)
                    {
                        int rows = Math.Min(rowsPerStrip, height - s * rowsPerStrip);
                        parts[s] = encoder.Encode(slice.Slice(s * rowsPerStrip * rowBytes, rows * rowBytes), rowBytes);
                    }

                    encoded[i] = parts;
                },
                encoders.Add);

            for (int i = 0; i < count; i++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                int z = first + i;
                offsets[z] = new ulong[strips];
                counts[z] = new ulong[strips];
                for (int s = 0; s < strips; s++)
                {
                    // Strips start on a word boundary, as TIFF 6.0 recommends.
                    if ((position & 1) != 0)
                    {
                        stream.WriteByte(0);
                        position++;
                    }

                    var part = encoded[i][s];
                    stream.Write(part);
                    offsets[z][s] = (ulong)position;
                    counts[z][s] = (ulong)part.Length;
                    position += part.Length;
                }

                encoded[i] = null!;
                progress.Increment();
            }
        }

        ushort code = TiffStripEncoder.CodeOf(compression);
        bool bigTiff = forceBigTiff;
        var ifds = BuildIfds(volume, bigTiff, rowsPerStrip, strips, sliceBytes, description, offsets, counts, code);
        long ifdStart = (position + 1) & ~1L;
        if (!bigTiff && ifdStart + ifds.Sum(d => (d.Size + 1) & ~1L) > uint.MaxValue)
        {
            bigTiff = true;
            ifds = BuildIfds(volume, bigTiff, rowsPerStrip, strips, sliceBytes, description, offsets, counts, code);
        }

        var ifdOffsets = new long[depth];
        long next = ifdStart;
        for (int z = 0; z < depth; z++)
        {
            ifdOffsets[z] = next;
            next += (ifds[z].Size + 1) & ~1L;
        }

        for (int z = 0; z < depth; z++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            stream.Position = ifdOffsets[z];
            stream.Write(ifds[z].Build(ifdOffsets[z], z + 1 < depth ? ifdOffsets[z + 1] : 0));
        }

        stream.SetLength(next);
        stream.Position = 0;
        stream.Write(Header(bigTiff, ifdOffsets[0]));
    }

    private static TiffIfdBuilder[] BuildIfds(Volume volume, bool bigTiff, int rowsPerStrip, int strips, long sliceBytes, byte[] description, ulong[][] offsets, ulong[][] counts, ushort code)
    {
        var ifds = new TiffIfdBuilder[volume.Depth];
        for (int z = 0; z < ifds.Length; z++)
        {
            // The uncompressed writer's page (every tag in one place; the description on the first
            // page only), its strip tags replaced. Page 0 or 1 keeps its made-up offsets small.
            var ifd = TiffVolumeWriter.BuildIfd(volume, Math.Min(z, 1), bigTiff, rowsPerStrip, strips, 0, sliceBytes, description);
            ifd.AddOffsets(273, offsets[z]);
            ifd.AddOffsets(279, counts[z]);
            ifd.AddShort(259, code);

            ifds[z] = ifd;
        }

        return ifds;
    }

    private static byte[] Header(bool bigTiff, long firstIfd)
    {
        var header = new byte[bigTiff ? 16 : 8];
        bool little = BitConverter.IsLittleEndian;
        header[0] = header[1] = little ? (byte)'I' : (byte)'M';
        var span = header.AsSpan();
        if (little)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], bigTiff ? (ushort)43 : (ushort)42);
            if (bigTiff)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span[4..], 8);
                BinaryPrimitives.WriteUInt64LittleEndian(span[8..], (ulong)firstIfd);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)firstIfd);
            }
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], bigTiff ? (ushort)43 : (ushort)42);
            if (bigTiff)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[4..], 8);
                BinaryPrimitives.WriteUInt64BigEndian(span[8..], (ulong)firstIfd);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)firstIfd);
            }
        }

        return header;
    }
}

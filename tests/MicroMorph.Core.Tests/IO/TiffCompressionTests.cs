using System.Buffers.Binary;
using System.IO.Compression;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Compressed TIFF output: voxel-identical round trips through our reader (LibTIFF decodes), and
/// the strips decoded by independent decoders written here from TIFF 6.0 (LZW section 13, PackBits
/// section 9) and by .NET's zlib, so encoder and reader cannot share a mistake.
/// </summary>
public class TiffCompressionTests
{
    public static TheoryData<TiffCompression, VoxelDataType> Cases()
    {
        var data = new TheoryData<TiffCompression, VoxelDataType>();
        foreach (var c in new[] { TiffCompression.Deflate, TiffCompression.Lzw, TiffCompression.PackBits })
        {
            foreach (var t in Enum.GetValues<VoxelDataType>())
            {
                data.Add(c, t);
            }
        }

        return data;
    }

    /// <summary>Random voxels with runs (labels-like) and, for Float32, NaN, infinities and -0.</summary>
    private static VoxelStack MakeStack(VoxelDataType type, int w, int h, int d, int seed = 7)
    {
        var random = new Random(seed);
        var stack = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            var bytes = stack.GetSliceBytes(z);
            random.NextBytes(bytes);

            // Runs of equal bytes over a third of each slice, as label images have.
            for (int i = 0; i < bytes.Length / 3; i++)
            {
                bytes[i] = (byte)(i / 97 % 3);
            }

            if (type == VoxelDataType.Float32)
            {
                var f = stack.GetSlice<float>(z);
                f[^1] = float.NaN;
                f[^2] = float.PositiveInfinity;
                f[^3] = -0f;
                f[^4] = float.Epsilon;
            }
        }

        stack.VoxelSize = new VoxelSize(0.65, 0.65, 1.3, "µm");
        return stack;
    }

    private static void AssertSameVoxels(Volume expected, Volume actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Depth, expected.DataType), (actual.Width, actual.Height, actual.Depth, actual.DataType));
        for (int z = 0; z < expected.Depth; z++)
        {
            Assert.True(expected.GetSliceBytes(z).SequenceEqual(actual.GetSliceBytes(z)), $"slice {z} differs");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryTypeRoundTripsVoxelIdentically(TiffCompression compression, VoxelDataType type)
    {
        // 300 rows of 1 KiB+ for 32-bit types: several strips per page (1 MiB target).
        var stack = MakeStack(type, 301, 1000, 3);
        using var temp = new TempFolder();
        string path = temp.File("c.tif");
        VolumeWriter.Write(stack, path, VolumeFormat.Tiff, new VolumeWriteOptions { Compression = compression });
        var back = (VoxelStack)VolumeReader.Read([path], new VolumeReadOptions());
        AssertSameVoxels(stack, back);
        Assert.Equal(stack.VoxelSize.Unit, back.VoxelSize.Unit);
        Assert.Equal(stack.VoxelSize.Z, back.VoxelSize.Z);
        Assert.Equal(compression == TiffCompression.Lzw ? "LZW" : compression.ToString(), back.Metadata["Tiff.Compression"]);
        Assert.Equal("TIFF", back.Metadata["Tiff.Format"]);
    }

    [Theory]
    [InlineData(TiffCompression.Deflate)]
    [InlineData(TiffCompression.Lzw)]
    [InlineData(TiffCompression.PackBits)]
    public void PhaseImageKeepsItsTable(TiffCompression compression)
    {
        var labels = new VoxelStack(40, 30, 5, VoxelDataType.UInt8);
        for (int z = 0; z < 5; z++)
        {
            var s = labels.GetSlice<byte>(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = (byte)((i / 7 + z) % 3 * 2);
            }
        }

        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(2, "Active material", default), new Phase(4, "CBD", default)]);
        var image = MicroMorph.Core.Processing.PhaseImageConverter.Convert(labels, table, ComputeOptions.Default);
        using var temp = new TempFolder();
        string path = temp.File("p.tif");
        VolumeWriter.Write(image, path, VolumeFormat.Auto, new VolumeWriteOptions { Compression = compression });
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal(["Pore", "Active material", "CBD"], back.Phases.Select(p => p.Name));
        AssertSameVoxels(image, back);
    }

    [Fact]
    public void BigTiffLayoutRoundTrips()
    {
        var stack = MakeStack(VoxelDataType.UInt16, 64, 48, 6);
        using var temp = new TempFolder();
        string path = temp.File("big.tif");
        TiffCompressedVolumeWriter.Write(stack, path, TiffCompression.Deflate, ComputeOptions.Default, forceBigTiff: true);
        var back = TiffVolumeReader.Read(path, null, ComputeOptions.Default);
        Assert.Equal("BigTIFF", back.Metadata["Tiff.Format"]);
        AssertSameVoxels(stack, back);
    }

    [Theory]
    [InlineData(TiffCompression.Deflate)]
    [InlineData(TiffCompression.Lzw)]
    [InlineData(TiffCompression.PackBits)]
    public void StripsDecodeWithIndependentDecoders(TiffCompression compression)
    {
        var stack = MakeStack(VoxelDataType.UInt8, 517, 2100, 2);
        using var temp = new TempFolder();
        string path = temp.File("s.tif");
        VolumeWriter.Write(stack, path, VolumeFormat.Tiff, new VolumeWriteOptions { Compression = compression });
        var pages = ReadStrips(path);
        Assert.Equal(2, pages.Count);
        for (int z = 0; z < 2; z++)
        {
            var (code, rowsPerStrip, strips) = pages[z];
            Assert.Equal(TiffStripEncoder.CodeOf(compression), code);
            Assert.True(strips.Count > 1, "a 1 MiB strip target gives several strips per page here");
            var decoded = new List<byte>();
            for (int s = 0; s < strips.Count; s++)
            {
                int rows = Math.Min(rowsPerStrip, 2100 - s * rowsPerStrip);
                decoded.AddRange(compression switch
                {
                    TiffCompression.Deflate => Inflate(strips[s]),
                    TiffCompression.Lzw => ReferenceLzwDecode(strips[s]),
                    _ => ReferencePackBitsDecode(strips[s], rows, 517),
                });
            }

            Assert.True(stack.GetSliceBytes(z).SequenceEqual(decoded.ToArray()), $"page {z}");
        }
    }

    [Fact]
    public void LzwIsDecodableAtEveryLengthAroundCodeWidthChangesAndTableResets()
    {
        // The encoder's width changes (511, 1023, 2047 entries) and reset (4094) must match the
        // decoder's "early change" at every position, including the last code before End Of Information.
        var encoder = new TiffLzwEncoder();
        var random = new Random(3);
        foreach (int n in Enumerable.Range(1, 700).Concat([5000, 20000, 70000, 300000]))
        {
            foreach (int alphabet in new[] { 2, 256 })
            {
                var data = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    data[i] = (byte)random.Next(alphabet);
                }

                Assert.Equal(data, ReferenceLzwDecode(encoder.Encode(data)));
            }
        }

        var same = new byte[1 << 20];
        Assert.Equal(same, ReferenceLzwDecode(encoder.Encode(same)));
    }

    [Fact]
    public void PackBitsPacksEachRowOnItsOwnAndNeverGrowsPastTheBound()
    {
        // Two rows of one repeated byte: two repeats, not one run across the row boundary.
        Assert.Equal(new byte[] { unchecked((byte)-9), 5, unchecked((byte)-9), 5 }, TiffPackBitsEncoder.Encode(Enumerable.Repeat((byte)5, 20).ToArray(), 10));

        var random = new Random(5);
        foreach (int rowBytes in new[] { 1, 2, 3, 127, 128, 129, 300 })
        {
            var data = new byte[rowBytes * 4];
            random.NextBytes(data);
            data.AsSpan(0, data.Length / 2).Fill(9);
            var packed = TiffPackBitsEncoder.Encode(data, rowBytes);
            Assert.Equal(data, ReferencePackBitsDecode(packed, 4, rowBytes));
            Assert.True(packed.Length <= data.Length + 4 * ((rowBytes + 127) / 128));
        }
    }

    [Fact]
    public void CompressionShrinksTheElectrodeLikeFile()
    {
        // Three phases in blobs: what the shipped electrode looks like to a compressor.
        var stack = new VoxelStack(128, 128, 16, VoxelDataType.UInt8);
        for (int z = 0; z < 16; z++)
        {
            var s = stack.GetSlice<byte>(z);
            for (int i = 0; i < s.Length; i++)
            {
                int x = i % 128, y = i / 128;
                s[i] = (byte)(((x / 9) + (y / 13) + (z / 4)) % 3 * 85);
            }
        }

        using var temp = new TempFolder();
        long raw = stack.ByteCount;
        foreach (var c in new[] { TiffCompression.Deflate, TiffCompression.Lzw, TiffCompression.PackBits })
        {
            string path = temp.File(c + ".tif");
            VolumeWriter.Write(stack, path, VolumeFormat.Tiff, new VolumeWriteOptions { Compression = c });
            // Runs of 9 equal bytes: PackBits stores each in 2 bytes (2/9 of the size, plus the
            // row ends); Deflate and LZW find the repeating pattern and do far better.
            long limit = c == TiffCompression.PackBits ? raw * 3 / 10 : raw / 10;
            Assert.True(new FileInfo(path).Length < limit, $"{c}: {new FileInfo(path).Length} bytes of {raw}");
        }
    }

    [Theory]
    [InlineData(VolumeFormat.Raw, "v.raw")]
    [InlineData(VolumeFormat.Hdf5, "v.h5")]
    [InlineData(VolumeFormat.PngSlices, "v.png")]
    [InlineData(VolumeFormat.Auto, "v.mhd")]
    public void OtherFormatsRefuseCompressionAndWriteNothing(VolumeFormat format, string name)
    {
        var stack = MakeStack(VoxelDataType.UInt8, 8, 8, 2);
        using var temp = new TempFolder();
        var ex = Assert.Throws<MicroMorphException>(() =>
            VolumeWriter.Write(stack, temp.File(name), format, new VolumeWriteOptions { Compression = TiffCompression.Deflate }));
        Assert.Equal("CompressionNotSupported", ex.ErrorId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));

        // None is what those formats do anyway.
        VolumeWriter.CheckOptions(format, temp.File(name), new VolumeWriteOptions { Compression = TiffCompression.None });
    }

    // ---- independent decoders and a minimal strip reader (little-endian classic or BigTIFF) ----

    private static byte[] Inflate(byte[] data)
    {
        using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>TIFF 6.0 section 13, with the early change of the code width that LibTIFF writes.</summary>
    private static byte[] ReferenceLzwDecode(byte[] data)
    {
        var output = new List<byte>();
        var table = new List<byte[]>();
        void Reset()
        {
            table.Clear();
            for (int i = 0; i < 256; i++)
            {
                table.Add([(byte)i]);
            }

            table.Add([]);
            table.Add([]);
        }

        Reset();
        long bitPos = 0;
        int width = 9;
        byte[]? previous = null;
        while (true)
        {
            int code = 0;
            for (int b = 0; b < width; b++, bitPos++)
            {
                int bit = (data[(int)(bitPos >> 3)] >> (7 - (int)(bitPos & 7))) & 1;
                code = (code << 1) | bit;
            }

            if (code == 257)
            {
                break;
            }

            if (code == 256)
            {
                Reset();
                width = 9;
                previous = null;
                continue;
            }

            byte[] entry;
            if (code < table.Count)
            {
                entry = table[code];
                if (previous is not null)
                {
                    table.Add([.. previous, entry[0]]);
                }
            }
            else
            {
                Assert.Equal(table.Count, code);
                entry = [.. previous!, previous![0]];
                table.Add(entry);
            }

            output.AddRange(entry);
            previous = entry;
            width = table.Count + 1 >= 2048 ? 12 : table.Count + 1 >= 1024 ? 11 : table.Count + 1 >= 512 ? 10 : 9;
        }

        return output.ToArray();
    }

    /// <summary>TIFF 6.0 section 9, checking that no run crosses a row boundary.</summary>
    private static byte[] ReferencePackBitsDecode(byte[] data, int rows, int rowBytes)
    {
        var output = new List<byte>();
        int i = 0;
        while (i < data.Length)
        {
            int rowEnd = (output.Count / rowBytes + 1) * rowBytes;
            sbyte n = (sbyte)data[i++];
            int count = n >= 0 ? n + 1 : 1 - n;
            Assert.True(output.Count + count <= rowEnd, "a packed run crosses a row boundary");
            if (n >= 0)
            {
                output.AddRange(data.AsSpan(i, count).ToArray());
                i += count;
            }
            else
            {
                output.AddRange(Enumerable.Repeat(data[i++], count));
            }
        }

        Assert.Equal(rows * rowBytes, output.Count);
        return output.ToArray();
    }

    private static List<(int Compression, int RowsPerStrip, List<byte[]> Strips)> ReadStrips(string path)
    {
        byte[] f = File.ReadAllBytes(path);
        Assert.Equal((byte)'I', f[0]);
        bool big = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(2)) == 43;
        long ifd = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(4));
        var pages = new List<(int, int, List<byte[]>)>();
        while (ifd != 0)
        {
            long n = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan((int)ifd)) : BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan((int)ifd));
            int entry = (int)ifd + (big ? 8 : 2), size = big ? 20 : 12;
            int compression = 1, rowsPerStrip = 0;
            ulong[] offsets = [], counts = [];
            for (int e = 0; e < n; e++, entry += size)
            {
                int tag = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(entry));
                int type = BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(entry + 2));
                long count = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(entry + 4)) : BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(entry + 4));
                int field = entry + (big ? 12 : 8);
                int itemSize = type switch { 3 => 2, 16 => 8, _ => 4 };
                int at = count * itemSize <= (big ? 8 : 4) ? field : (int)(big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(field)) : BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(field)));
                ulong Value(int k) => itemSize switch
                {
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(at + 2 * k)),
                    8 => BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(at + 8 * k)),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(at + 4 * k)),
                };
                switch (tag)
                {
                    case 259: compression = (int)Value(0); break;
                    case 278: rowsPerStrip = (int)Value(0); break;
                    case 273: offsets = Enumerable.Range(0, (int)count).Select(k => Value(k)).ToArray(); break;
                    case 279: counts = Enumerable.Range(0, (int)count).Select(k => Value(k)).ToArray(); break;
                }
            }

            pages.Add((compression, rowsPerStrip, offsets.Zip(counts, (o, c) => f.AsSpan((int)o, (int)c).ToArray()).ToList()));
            ifd = big ? (long)BinaryPrimitives.ReadUInt64LittleEndian(f.AsSpan(entry)) : BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(entry));
        }

        return pages;
    }
}

using System.Buffers.Binary;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Issue 20 for TIFF: files written by tifffile and libtiff's tiffcp (Data/tiff/make_robustness_fixtures.py)
/// that the reader used to refuse, and damaged files it used to read into wrong voxels.
/// </summary>
public class TiffRobustnessTests
{
    private const int W = 17, H = 13, D = 3;

    private static VoxelStack Read(string name, ColorChannel? channel = null) =>
        TiffVolumeReader.Read(TestData.File("tiff/" + name), channel, ComputeOptions.Default);

    private static void AssertFormula(Volume stack, int depth, Func<int, int, int, double> expected)
    {
        Assert.Equal((W, H, depth), (stack.Width, stack.Height, stack.Depth));
        for (int z = 0; z < depth; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    double actual = TiffReaderTests.ValueAt(stack, x, y, z);
                    Assert.True(expected(x, y, z) == actual, $"voxel ({x}, {y}, {z}): expected {expected(x, y, z)}, got {actual}");
                }
            }
        }
    }

    private static double U16(int x, int y, int z) => (x + 100 * y + 10000 * z) % 65536;

    [Theory]
    [InlineData("be_bigtiff_deflate.tif", "Deflate")]
    [InlineData("be_bigtiff_deflate_predictor.tif", "Deflate")]
    [InlineData("be_bigtiff_lzw_predictor.tif", "LZW")]
    [InlineData("be_bigtiff_packbits.tif", "PackBits")]
    public void CompressedBigEndianBigTiffReadsVoxelForVoxel(string name, string compression)
    {
        var stack = Read(name);
        Assert.Equal(VoxelDataType.UInt16, stack.DataType);
        Assert.Equal(("BigTIFF", "BigEndian", compression), (stack.Metadata["Tiff.Format"], stack.Metadata["Tiff.ByteOrder"], stack.Metadata["Tiff.Compression"]));
        AssertFormula(stack, D, U16);
    }

    [Theory]
    [InlineData("grey_planar.tif")]
    [InlineData("grey_planar_tiled.tif")] // 16 x 16 tiles per plane, Deflate with horizontal differencing
    public void PlanarGreyscalePageReadsItsSamplesAsSlices(string name)
    {
        // tifffile reads this one page of 3 separate sample planes as a 3 x 13 x 17 array.
        var stack = Read(name);
        Assert.Equal("3", stack.Metadata["Tiff.SamplesAsSlices"]);
        Assert.Equal("Separate", stack.Metadata["Tiff.PlanarConfiguration"]);
        AssertFormula(stack, D, U16);
    }

    [Theory]
    [InlineData(ColorChannel.Red)]
    [InlineData(ColorChannel.Green)]
    [InlineData(ColorChannel.Blue)]
    [InlineData(ColorChannel.Luminance)]
    public void PlanarRgbReadsLikeInterleavedRgb(ColorChannel channel)
    {
        var stack = Read("rgb_planar.tif", channel);
        Assert.Equal(VoxelDataType.UInt8, stack.DataType);
        AssertFormula(stack, 2, (x, y, z) =>
        {
            int r = 10 * x, g = 10 * y, b = 5 * (x + y) + 50 * z;
            return channel switch
            {
                ColorChannel.Red => r,
                ColorChannel.Green => g,
                ColorChannel.Blue => b,
                _ => (299 * r + 587 * g + 114 * b + 500) / 1000,
            };
        });
    }

    [Theory]
    [InlineData("lzw_short_strip.tif")]
    [InlineData("packbits_short_strip.tif")]
    public void StripCutShortIsAnErrorNotWrongVoxels(string name)
    {
        // libtiff's tiffcp refuses both ("not terminated with EOI code", "Not enough data for scanline").
        var ex = Assert.Throws<MicroMorphException>(() => Read(name));
        Assert.Equal("TiffCorrupt", ex.ErrorId);
        Assert.Contains(name, ex.Message);
        Assert.Contains("strip 1 of page 1", ex.Message);
    }

    [Fact]
    public void DeflateHeaderClaimingHugeImageIsRefusedBeforeAllocation()
    {
        // The 139-byte Deflate TIFF claiming 46340 x 46340: its data cannot fill 2 GiB.
        using var temp = new TempFolder();
        string path = temp.File("huge.tif");
        File.WriteAllBytes(path, ClassicTiff(46340, 46340, compression: 8, stripBytes: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<MicroMorphException>(() => TiffVolumeReader.Read(path, null, ComputeOptions.Default));
        Assert.Equal("DeclaredSizeExceedsFile", ex.ErrorId);
        Assert.Contains(path, ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocated before refusing");
    }

    [Fact]
    public void DirectoryOffsetInsideTheHeaderIsCorruptNotTruncated()
    {
        using var temp = new TempFolder();
        string path = temp.File("ifd1.tif");
        var bytes = ClassicTiff(4, 4, compression: 1, stripBytes: new byte[16]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<MicroMorphException>(() => TiffVolumeReader.Read(path, null, ComputeOptions.Default));
        Assert.Equal("TiffCorrupt", ex.ErrorId);
        Assert.Contains("offset 1", ex.Message);
        Assert.DoesNotContain("truncated", ex.Message);
    }

    [Fact]
    public void LzwDecoderMatchesOurEncoderOnRandomData()
    {
        // Round trip through the writer's encoder (checked against libtiff by TiffCompressionTests) at every code width.
        var random = new Random(20);
        foreach (int length in new[] { 1, 2, 255, 4096, 70_000 })
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : i / 97 % 7);
            }

            var encoded = new TiffLzwEncoder().Encode(data);
            var decoded = new byte[length];
            Assert.Equal(length, TiffDecompressor.Lzw(encoded, decoded));
            Assert.Equal(data, decoded);
        }
    }

    [Fact]
    public void PackBitsDecoderFollowsTheSpecificationExample()
    {
        // TIFF 6.0 section 9: the packed example and its unpacked bytes.
        byte[] packed = [0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA];
        byte[] unpacked = [0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA];
        var dest = new byte[unpacked.Length];
        Assert.Equal(unpacked.Length, TiffDecompressor.PackBits(packed, dest));
        Assert.Equal(unpacked, dest);
        Assert.Equal(5, TiffDecompressor.PackBits(packed.AsSpan(0, 5), new byte[24]));
    }

    /// <summary>A little-endian classic TIFF of one 8-bit strip holding <paramref name="stripBytes"/>.</summary>
    internal static byte[] ClassicTiff(uint width, uint height, ushort compression, byte[] stripBytes)
    {
        const int Entries = 8;
        int ifd = 8, data = ifd + 2 + (Entries * 12) + 4;
        var f = new byte[data + stripBytes.Length];
        "II"u8.CopyTo(f);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), (uint)ifd);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(ifd), Entries);
        int e = ifd + 2;
        void Entry(ushort tag, ushort type, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(e), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(e + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(e + 4), 1);
            if (type == 3)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(e + 8), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(e + 8), value);
            }

            e += 12;
        }

        Entry(256, 4, width);
        Entry(257, 4, height);
        Entry(258, 3, 8);
        Entry(259, 3, compression);
        Entry(262, 3, 1);
        Entry(273, 4, (uint)data);
        Entry(278, 4, height);
        Entry(279, 4, (uint)stripBytes.Length);
        stripBytes.CopyTo(f, data);
        return f;
    }
}

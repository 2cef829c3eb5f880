using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Reads, through ImageSharp (<see cref="RasterImageCodec"/>), the PNGs made by Data/png/make_fixtures.py
/// (Pillow, ImageMagick, an independent Python encoder), whose pixel values are known formulas.
/// </summary>
public class PngReaderTests
{
    [Fact]
    public void Grey8_ValuesAndPhysVoxelSize()
    {
        var s = RasterImageCodec.Read(TestData.File("png/grey8.png"), null);
        Assert.Equal((37, 23, 1, VoxelDataType.UInt8), (s.Width, s.Height, s.Depth, s.DataType));
        AssertAll(s, (x, y) => (7 * x + 13 * y) % 256);
        Assert.Equal("µm", s.VoxelSize.Unit);
        Assert.Equal(0.5, s.VoxelSize.X, 12);
        Assert.Equal(0.5, s.VoxelSize.Y, 12);
        Assert.Equal(0.5, s.VoxelSize.Z, 12);
        Assert.Equal("written by make_fixtures.py", s.Metadata["Comment"]);
    }

    [Theory]
    [InlineData("png/grey8_adam7.png")]
    [InlineData("png/grey8_im_interlaced.png")]
    public void Grey8Interlaced_SameValues(string file)
    {
        var s = RasterImageCodec.Read(TestData.File(file), null);
        Assert.Equal((37, 23), (s.Width, s.Height));
        AssertAll(s, (x, y) => (7 * x + 13 * y) % 256);
        Assert.Equal(VoxelSize.UncalibratedUnit, s.VoxelSize.Unit);
    }

    [Theory]
    [InlineData("png/grey16.png")]
    [InlineData("png/grey16_filters.png")]
    public void Grey16_BigEndianSamples(string file)
    {
        var s = RasterImageCodec.Read(TestData.File(file), null);
        Assert.Equal((29, 17, VoxelDataType.UInt16), (s.Width, s.Height, s.DataType));
        AssertAll(s, (x, y) => (1000 * x + 337 * y + 1) % 65536);
    }

    [Fact]
    public void LowBitDepths_KeepRawSampleValues()
    {
        var b1 = RasterImageCodec.Read(TestData.File("png/bit1.png"), null);
        Assert.Equal((35, 13, VoxelDataType.UInt8), (b1.Width, b1.Height, b1.DataType));
        AssertAll(b1, (x, y) => ((x / 3) + y) % 2);
        var b2 = RasterImageCodec.Read(TestData.File("png/grey2_filters.png"), null);
        AssertAll(b2, (x, y) => (x + y) % 4);
        var b4 = RasterImageCodec.Read(TestData.File("png/grey4_filters.png"), null);
        AssertAll(b4, (x, y) => (x + 3 * y) % 16);
    }

    [Theory]
    [InlineData("png/rgb.png")]
    [InlineData("png/rgba.png")]
    public void Rgb_Channels(string file)
    {
        string path = TestData.File(file);
        int R(int x, int y) => (5 * x + y) % 256;
        int G(int x, int y) => (3 * x + 7 * y) % 256;
        int B(int x, int y) => (x + 11 * y) % 256;
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Red), R);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Green), G);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Blue), B);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Luminance), (x, y) => Luma(R(x, y), G(x, y), B(x, y)));
    }

    [Fact]
    public void Palette_ChannelsFromPalette()
    {
        string path = TestData.File("png/palette.png");
        var red = RasterImageCodec.Read(path, ColorChannel.Red);
        Assert.Equal((33, 21, VoxelDataType.UInt8), (red.Width, red.Height, red.DataType));
        AssertAll(red, (x, y) => 30 * ((x + 2 * y) % 7));
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Green), (x, y) => 255 - 20 * ((x + 2 * y) % 7));
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Blue), (x, y) => ((x + 2 * y) % 7) * ((x + 2 * y) % 7));
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Luminance), (x, y) =>
        {
            int i = (x + 2 * y) % 7;
            return Luma(30 * i, 255 - 20 * i, i * i);
        });
    }

    [Fact]
    public void Rgb16Interlaced_UInt16Channels()
    {
        string path = TestData.File("png/rgb16_adam7.png");
        var r = RasterImageCodec.Read(path, ColorChannel.Red);
        Assert.Equal((13, 9, VoxelDataType.UInt16), (r.Width, r.Height, r.DataType));
        AssertAll(r, (x, y) => (4000 * x + 9 * y) % 65536);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Green), (x, y) => x * y * 97 % 65536);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Blue), (x, y) => 65535 - 911 * x - 13 * y);
        AssertAll(RasterImageCodec.Read(path, ColorChannel.Luminance), (x, y) =>
            Luma((4000 * x + 9 * y) % 65536, x * y * 97 % 65536, 65535 - 911 * x - 13 * y));
    }

    [Theory]
    [InlineData("png/rgb.png")]
    [InlineData("png/rgba.png")]
    [InlineData("png/palette.png")]
    public void ColourWithoutChannel_IsRefused(string file)
    {
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(TestData.File(file), null));
        Assert.Equal("ColorImageNeedsChannel", ex.ErrorId);
        Assert.Contains(Path.GetFileName(file), ex.Message);
    }

    [Fact]
    public void ThroughVolumeReader_ColourNeedsChannelToo()
    {
        var ok = VolumeReader.Read([TestData.File("png/rgb.png")], new VolumeReadOptions { Channel = ColorChannel.Green });
        Assert.Equal(3 * 4 + 7 * 2, ((VoxelStack)ok).GetValue(4, 2, 0));
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([TestData.File("png/rgb.png")], new VolumeReadOptions()));
        Assert.Equal("ColorImageNeedsChannel", ex.ErrorId);
    }

    [Fact]
    public void BadCrc_IsPngCorrupt()
    {
        using var tmp = new TempFolder();
        var bytes = File.ReadAllBytes(TestData.File("png/grey8.png"));
        bytes[8 + 8 + 2] ^= 0x01; // inside the IHDR data (width)
        string path = tmp.File("badcrc.png");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("PngCorrupt", ex.ErrorId);
        Assert.Contains("badcrc.png", ex.Message);
        Assert.Contains("IHDR", ex.Message);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(-12)]
    [InlineData(-1)]
    public void Truncated_IsPngTruncated(int keep)
    {
        using var tmp = new TempFolder();
        var bytes = File.ReadAllBytes(TestData.File("png/grey8_adam7.png"));
        int length = keep > 0 ? keep : bytes.Length + keep;
        string path = tmp.File("cut.png");
        File.WriteAllBytes(path, bytes[..length]);
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal(keep == 7 ? "NotAPngFile" : "PngTruncated", ex.ErrorId);
        Assert.Contains("cut.png", ex.Message);
    }

    [Fact]
    public void CompressedDataShort_IsPngTruncated()
    {
        // A valid file whose single IDAT holds the zlib stream of only half the rows.
        using var tmp = new TempFolder();
        string path = tmp.File("short.png");
        var rows = new byte[5 * (1 + 4)]; // 5 of 10 rows of a 4 x 10 grey image, filter 0
        using (var ms = new MemoryStream())
        {
            using (var z = new System.IO.Compression.ZLibStream(ms, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(rows);
            }

            var ihdr = new byte[] { 0, 0, 0, 4, 0, 0, 0, 10, 8, 0, 0, 0, 0 };
            using var f = File.Create(path);
            f.Write(RasterFileCheck.PngSignature);
            WriteChunk(f, "IHDR"u8, ihdr);
            WriteChunk(f, "IDAT"u8, ms.ToArray());
            WriteChunk(f, "IEND"u8, ReadOnlySpan<byte>.Empty);
        }

        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("PngTruncated", ex.ErrorId);
    }

    [Fact]
    public void HugeHeaderWithTinyData_IsTruncatedWithoutAllocating()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("huge.png");
        using (var ms = new MemoryStream())
        {
            using (var z = new System.IO.Compression.ZLibStream(ms, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            {
                z.Write(new byte[100]);
            }

            var ihdr = new byte[] { 0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 0, 0, 0, 0 }; // 30000 x 30000, 8-bit: 900 MB
            using var f = File.Create(path);
            f.Write(RasterFileCheck.PngSignature);
            WriteChunk(f, "IHDR"u8, ihdr);
            WriteChunk(f, "IDAT"u8, ms.ToArray());
            WriteChunk(f, "IEND"u8, ReadOnlySpan<byte>.Empty);
        }

        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("DeclaredSizeExceedsFile", ex.ErrorId);
        Assert.Contains("30000 x 30000", ex.Message);
        Assert.Contains("huge.png", ex.Message);
    }

    [Fact]
    public void NotAPng_IsRefused()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("fake.png");
        File.WriteAllText(path, "GIF89a this is not a PNG at all");
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("NotAPngFile", ex.ErrorId);
        Assert.Contains("fake.png", ex.Message);
    }

    [Fact]
    public void CompressedTextBomb_IsSkippedAndPixelsRead()
    {
        // A zTXt chunk that inflates to 16 MiB (over the 1 MiB cap) is skipped; the image reads.
        using var tmp = new TempFolder();
        string path = tmp.File("bomb.png");
        using (var f = File.Create(path))
        {
            f.Write(RasterFileCheck.PngSignature);
            WriteChunk(f, "IHDR"u8, [0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
            using (var text = new MemoryStream())
            {
                text.Write("Bomb"u8);
                text.WriteByte(0);
                text.WriteByte(0);
                using (var z = new System.IO.Compression.ZLibStream(text, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    z.Write(new byte[16 << 20]);
                }

                WriteChunk(f, "zTXt"u8, text.ToArray());
            }

            WriteChunk(f, "tEXt"u8, "Kept\0yes"u8);
            WriteChunk(f, "IDAT"u8, Zlib([0, 7, 250]));
            WriteChunk(f, "IEND"u8, ReadOnlySpan<byte>.Empty);
        }

        var s = RasterImageCodec.Read(path, null);
        Assert.Equal(new byte[] { 7, 250 }, s.GetSliceBytes(0).ToArray());
        Assert.Equal("yes", s.Metadata["Kept"]);
        Assert.DoesNotContain("Bomb", s.Metadata.Keys);
    }

    [Fact]
    public void UnknownCriticalChunk_IsPngUnsupported()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("crit.png");
        using (var f = File.Create(path))
        {
            f.Write(RasterFileCheck.PngSignature);
            WriteChunk(f, "IHDR"u8, [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
            WriteChunk(f, "ABCD"u8, [1, 2, 3]);
            WriteChunk(f, "IDAT"u8, Zlib([0, 7]));
            WriteChunk(f, "IEND"u8, ReadOnlySpan<byte>.Empty);
        }

        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("PngUnsupported", ex.ErrorId);
        Assert.Contains("ABCD", ex.Message);
    }

    /// <summary>A PNG chunk with its CRC-32 (ISO 3309, as the PNG specification defines it).</summary>
    internal static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        s.Write(word);
        s.Write(type);
        s.Write(data);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        s.Write(word);
    }

    internal static byte[] Zlib(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(ms, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }

    internal static int Luma(int r, int g, int b) => (int)Math.Round(0.299 * r + 0.587 * g + 0.114 * b, MidpointRounding.AwayFromZero);

    internal static void AssertAll(VoxelStack s, Func<int, int, int> expected)
    {
        for (int y = 0; y < s.Height; y++)
        {
            for (int x = 0; x < s.Width; x++)
            {
                double v = s.GetValue(x, y, 0);
                if (v != expected(x, y))
                {
                    Assert.Fail($"({x}, {y}): got {v}, expected {expected(x, y)}");
                }
            }
        }
    }
}

using System.Buffers.Binary;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// The raster formats read through ImageSharp (<see cref="RasterImageCodec"/>). BMP, TGA, GIF and the
/// palette TIFF are built byte by byte here from their specifications (independent of ImageSharp), with
/// pixel values given by a formula. JPEG and WebP are too intricate to build by hand: their files are
/// written by ImageSharp's own encoders (lossless WebP; JPEG at quality 100 of an image made of constant
/// 8 x 8 blocks, which JPEG represents exactly), so those two tests check our wrapping (pixel type,
/// grey detection, errors), not the decoders themselves.
/// </summary>
public class RasterImageTests
{
    private const int W = 23;
    private const int H = 11;

    private static int Grey(int x, int y) => (5 * x + 7 * y) % 256;

    [Fact]
    public void Bmp8BitPalette_GreyValues()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("grey.bmp");
        File.WriteAllBytes(path, Bmp8(W, H, Grey, greyPalette: true));
        var s = RasterImageCodec.Read(path, null);
        Assert.Equal((W, H, 1, VoxelDataType.UInt8), (s.Width, s.Height, s.Depth, s.DataType));
        PngReaderTests.AssertAll(s, Grey);
        Assert.Equal(VoxelSize.UncalibratedUnit, s.VoxelSize.Unit); // a BMP's print resolution is no pixel size
    }

    [Fact]
    public void Bmp24Bit_ColourNeedsChannel_ChannelsExact()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("colour.bmp");
        File.WriteAllBytes(path, Bmp24(W, H, R, G, B));
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("ColorImageNeedsChannel", ex.ErrorId);
        Assert.Contains("colour.bmp", ex.Message);
        PngReaderTests.AssertAll(RasterImageCodec.Read(path, ColorChannel.Red), R);
        PngReaderTests.AssertAll(RasterImageCodec.Read(path, ColorChannel.Green), G);
        PngReaderTests.AssertAll(RasterImageCodec.Read(path, ColorChannel.Blue), B);
        PngReaderTests.AssertAll(RasterImageCodec.Read(path, ColorChannel.Luminance), (x, y) => PngReaderTests.Luma(R(x, y), G(x, y), B(x, y)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tga8BitGrey_UncompressedAndRunLength(bool rle)
    {
        using var tmp = new TempFolder();
        string path = tmp.File("grey.tga");
        File.WriteAllBytes(path, Tga8(W, H, Grey, rle));
        var s = RasterImageCodec.Read(path, null);
        Assert.Equal((W, H, VoxelDataType.UInt8), (s.Width, s.Height, s.DataType));
        PngReaderTests.AssertAll(s, Grey);
    }

    [Fact]
    public void GifGreyPalette_GreyValues()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("grey.gif");
        File.WriteAllBytes(path, Gif(W, H, Grey));
        var s = RasterImageCodec.Read(path, null);
        Assert.Equal((W, H, VoxelDataType.UInt8), (s.Width, s.Height, s.DataType));
        PngReaderTests.AssertAll(s, Grey);
    }

    [Fact]
    public void PaletteTiff_OurReaderRefuses_ImageSharpReadsItThroughVolumeReader()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("palette.tif");
        File.WriteAllBytes(path, PaletteTiff(W, H, Grey, pages: 1));
        var s = Assert.IsType<VoxelStack>(VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal((W, H, 1, VoxelDataType.UInt8), (s.Width, s.Height, s.Depth, s.DataType));
        PngReaderTests.AssertAll(s, Grey);

        // Two pages: a volume, which the fallback (one 2D image) must not flatten; our reader's error stands.
        string two = tmp.File("palette2.tif");
        File.WriteAllBytes(two, PaletteTiff(W, H, Grey, pages: 2));
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([two], new VolumeReadOptions()));
        Assert.Equal("TiffUnsupported", ex.ErrorId);
        Assert.Contains("palette", ex.Message);
    }

    [Fact]
    public void PaletteTiff_DeclaringMorePixelsThanItsStrips_IsRefusedBeforeImageSharp()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("huge-palette.tif");
        File.WriteAllBytes(path, PaletteTiff(W, H, Grey, pages: 1, declaredWidth: 60000, declaredHeight: 60000));
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal("DeclaredSizeExceedsFile", ex.ErrorId);
        Assert.Contains("huge-palette.tif", ex.Message);
        Assert.Contains("60000 x 60000", ex.Message);
    }

    [Fact]
    public void WebpLossless_ExactGrey()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("grey.webp");
        using (var image = GreyImage(W, H, Grey))
        {
            image.Save(path, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { FileFormat = SixLabors.ImageSharp.Formats.Webp.WebpFileFormatType.Lossless });
        }

        var s = RasterImageCodec.Read(path, null);
        Assert.Equal((W, H, VoxelDataType.UInt8), (s.Width, s.Height, s.DataType));
        PngReaderTests.AssertAll(s, Grey);
    }

    [Fact]
    public void JpegQuality100_ConstantBlocksExact()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("blocks.jpg");
        static int Block(int x, int y) => 16 + 29 * ((x / 8) + 3 * (y / 8)) % 224;
        using (var image = GreyImage(32, 24, Block))
        {
            image.Save(path, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 100, ColorType = SixLabors.ImageSharp.Formats.Jpeg.JpegColorType.Luminance });
        }

        var s = RasterImageCodec.Read(path, null);
        Assert.Equal((32, 24, VoxelDataType.UInt8), (s.Width, s.Height, s.DataType));
        PngReaderTests.AssertAll(s, Block);
    }

    public static TheoryData<string> Formats => new() { "bmp", "tga", "gif", "jpg", "webp", "png" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Truncated_IsFormatTruncated_NotZeroFilled(string ext)
    {
        using var tmp = new TempFolder();
        byte[] whole = Sample(ext, tmp);
        foreach (double keep in new[] { 0.5, 0.9 })
        {
            string path = tmp.File($"cut{keep * 10}.{ext}");
            File.WriteAllBytes(path, whole[..(int)(whole.Length * keep)]);
            var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
            string prefix = RasterFormats.FromExtension("." + ext)!.Value.ErrorPrefix();
            Assert.Equal(prefix + "Truncated", ex.ErrorId);
            Assert.Contains(Path.GetFileName(path), ex.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void WrongContent_IsNotAFormatFile(string ext)
    {
        using var tmp = new TempFolder();
        string other = ext == "gif" ? "bmp" : "gif";
        string path = tmp.File("wrong." + ext);
        File.WriteAllBytes(path, Sample(other, tmp));
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("NotA" + RasterFormats.FromExtension("." + ext)!.Value.ErrorPrefix() + "File", ex.ErrorId);
        Assert.Contains("wrong." + ext, ex.Message);
        Assert.Contains(other == "gif" ? "GIF" : "BMP", ex.Message);
    }

    [Fact]
    public void EmptyFile_IsNotAFormatFile()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("empty.jpg");
        File.WriteAllBytes(path, []);
        Assert.Equal("NotAJpegFile", Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null)).ErrorId);
    }

    [Fact]
    public void HugeDeclaredSize_RefusedBeforeAllocating()
    {
        using var tmp = new TempFolder();

        // A BMP header claiming 60000 x 60000 pixels with 40 bytes of them.
        var bmp = Bmp8(4, 4, Grey, greyPalette: true);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 60000);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 60000);
        string bmpPath = tmp.File("huge.bmp");
        File.WriteAllBytes(bmpPath, bmp);
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(bmpPath, null));
        Assert.Equal("BmpTruncated", ex.ErrorId);
        Assert.Contains("60000 x 60000", ex.Message);

        // A JPEG whose frame header claims 65000 x 65000 pixels in a few hundred bytes.
        byte[] jpeg = Sample("jpg", tmp);
        int sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65000);
        string jpegPath = tmp.File("huge.jpg");
        File.WriteAllBytes(jpegPath, jpeg);
        ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(jpegPath, null));
        Assert.Equal("DeclaredSizeExceedsFile", ex.ErrorId);
        Assert.Contains("huge.jpg", ex.Message);
    }

    [Fact]
    public void AnimatedGif_IsRefused()
    {
        using var tmp = new TempFolder();
        byte[] one = Gif(W, H, Grey);

        // A second image: the first image block (descriptor to its block terminator) again before the trailer.
        int start = 13 + 3 * 256;
        byte[] frame = one[start..^1];
        string path = tmp.File("anim.gif");
        File.WriteAllBytes(path, [.. one[..^1], .. frame, 0x3B]);
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.Read(path, null));
        Assert.Equal("GifUnsupported", ex.ErrorId);
        Assert.Contains("2 frames", ex.Message);
    }

    [Fact]
    public void SliceSeries_OfBmpFiles_ReadsAsStack()
    {
        using var tmp = new TempFolder();
        for (int z = 0; z < 3; z++)
        {
            int zz = z;
            File.WriteAllBytes(tmp.File($"s_{z + 1}.bmp"), Bmp8(W, H, (x, y) => (Grey(x, y) + 40 * zz) % 256, greyPalette: true));
        }

        var s = Assert.IsType<VoxelStack>(VolumeReader.Read([tmp.Path], new VolumeReadOptions()));
        Assert.Equal((W, H, 3), (s.Width, s.Height, s.Depth));
        Assert.Equal((Grey(4, 5) + 80) % 256, s.GetValue(4, 5, 2));
    }

    private static int R(int x, int y) => (11 * x + y) % 256;

    private static int G(int x, int y) => (3 * x + 17 * y) % 256;

    private static int B(int x, int y) => (255 - x * y) & 255;

    /// <summary>A valid small file of the format (hand-built where possible, see the class summary).</summary>
    private static byte[] Sample(string ext, TempFolder tmp)
    {
        switch (ext)
        {
            case "bmp":
                return Bmp8(W, H, Grey, greyPalette: true);
            case "tga":
                return Tga8(W, H, Grey, rle: true);
            case "gif":
                return Gif(W, H, Grey);
            case "png":
                return File.ReadAllBytes(TestData.File("png/grey8.png"));
            default:
                string path = tmp.File("sample." + ext);
                using (var image = GreyImage(64, 48, Grey))
                {
                    if (ext == "jpg")
                    {
                        image.Save(path, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 95 });
                    }
                    else
                    {
                        image.Save(path, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { FileFormat = SixLabors.ImageSharp.Formats.Webp.WebpFileFormatType.Lossless });
                    }
                }

                byte[] bytes = File.ReadAllBytes(path);
                File.Delete(path);
                return bytes;
        }
    }

    private static Image<L8> GreyImage(int w, int h, Func<int, int, int> value)
    {
        var image = new Image<L8>(w, h);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                image[x, y] = new L8((byte)value(x, y));
            }
        }

        return image;
    }

    /// <summary>BITMAPFILEHEADER + BITMAPINFOHEADER, 256-entry palette, rows bottom-up padded to 4 bytes.</summary>
    internal static byte[] Bmp8(int w, int h, Func<int, int, int> value, bool greyPalette)
    {
        int stride = (w + 3) / 4 * 4;
        int offset = 14 + 40 + 256 * 4;
        var b = new byte[offset + stride * h];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 8);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(34), stride * h);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(46), 256);
        for (int i = 0; i < 256; i++)
        {
            b[54 + 4 * i] = b[54 + 4 * i + 1] = b[54 + 4 * i + 2] = (byte)(greyPalette ? i : 255 - i);
        }

        for (int y = 0; y < h; y++)
        {
            int row = offset + (h - 1 - y) * stride;
            for (int x = 0; x < w; x++)
            {
                b[row + x] = (byte)value(x, y);
            }
        }

        return b;
    }

    /// <summary>24-bit BMP, BGR pixels, rows bottom-up padded to 4 bytes.</summary>
    private static byte[] Bmp24(int w, int h, Func<int, int, int> r, Func<int, int, int> g, Func<int, int, int> bl)
    {
        int stride = (w * 3 + 3) / 4 * 4;
        int offset = 54;
        var b = new byte[offset + stride * h];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), offset);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), w);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), h);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(34), stride * h);
        for (int y = 0; y < h; y++)
        {
            int row = offset + (h - 1 - y) * stride;
            for (int x = 0; x < w; x++)
            {
                b[row + 3 * x] = (byte)bl(x, y);
                b[row + 3 * x + 1] = (byte)g(x, y);
                b[row + 3 * x + 2] = (byte)r(x, y);
            }
        }

        return b;
    }

    /// <summary>TGA type 3 (grey) or 11 (run-length grey), 8 bits, origin top-left (descriptor bit 5).</summary>
    private static byte[] Tga8(int w, int h, Func<int, int, int> value, bool rle)
    {
        var b = new List<byte>(new byte[18]);
        b[2] = (byte)(rle ? 11 : 3);
        b[12] = (byte)w;
        b[13] = (byte)(w >> 8);
        b[14] = (byte)h;
        b[15] = (byte)(h >> 8);
        b[16] = 8;
        b[17] = 0x20;
        var pixels = new List<byte>();
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                pixels.Add((byte)value(x, y));
            }
        }

        if (!rle)
        {
            b.AddRange(pixels);
            return [.. b];
        }

        // Alternate packets: a run of the first pixel repeated (only where two equal pixels follow), else raw packets of up to 5.
        for (int i = 0; i < pixels.Count;)
        {
            int run = 1;
            while (i + run < pixels.Count && run < 128 && pixels[i + run] == pixels[i])
            {
                run++;
            }

            if (run > 1)
            {
                b.Add((byte)(0x80 | (run - 1)));
                b.Add(pixels[i]);
                i += run;
                continue;
            }

            int raw = Math.Min(5, pixels.Count - i);
            b.Add((byte)(raw - 1));
            b.AddRange(pixels.GetRange(i, raw));
            i += raw;
        }

        return [.. b];
    }

    /// <summary>
    /// GIF89a with a 256-entry grey global colour table and one image whose LZW stream sends every
    /// pixel as a literal 9-bit code, with a clear code every 200 codes so the code width never grows.
    /// </summary>
    internal static byte[] Gif(int w, int h, Func<int, int, int> value)
    {
        var b = new List<byte>("GIF89a"u8.ToArray());
        b.AddRange([(byte)w, (byte)(w >> 8), (byte)h, (byte)(h >> 8), 0xF7, 0, 0]);
        for (int i = 0; i < 256; i++)
        {
            b.AddRange([(byte)i, (byte)i, (byte)i]);
        }

        b.AddRange([0x2C, 0, 0, 0, 0, (byte)w, (byte)(w >> 8), (byte)h, (byte)(h >> 8), 0, 8]);
        var codes = new List<int> { 256 };
        int sinceClear = 0;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (sinceClear == 200)
                {
                    codes.Add(256);
                    sinceClear = 0;
                }

                codes.Add(value(x, y));
                sinceClear++;
            }
        }

        codes.Add(257);
        var data = new List<byte>();
        int acc = 0, bits = 0;
        foreach (int code in codes)
        {
            acc |= code << bits;
            bits += 9;
            while (bits >= 8)
            {
                data.Add((byte)acc);
                acc >>= 8;
                bits -= 8;
            }
        }

        if (bits > 0)
        {
            data.Add((byte)acc);
        }

        for (int i = 0; i < data.Count; i += 255)
        {
            int n = Math.Min(255, data.Count - i);
            b.Add((byte)n);
            b.AddRange(data.GetRange(i, n));
        }

        b.Add(0);
        b.Add(0x3B);
        return [.. b];
    }

    /// <summary>Little-endian TIFF, 8-bit palette (photometric 3) with a grey colour map, one uncompressed strip per page.</summary>
    private static byte[] PaletteTiff(int w, int h, Func<int, int, int> value, int pages, int declaredWidth = 0, int declaredHeight = 0)
    {
        var file = new List<byte>();
        file.AddRange("II"u8.ToArray());
        file.AddRange([42, 0, 0, 0, 0, 0]);
        int previousNext = 4;
        for (int p = 0; p < pages; p++)
        {
            int pixels = file.Count;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    file.Add((byte)value(x, y));
                }
            }

            int colorMap = file.Count;
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < 256; i++)
                {
                    file.AddRange([(byte)(i * 257), (byte)((i * 257) >> 8)]);
                }
            }

            if (file.Count % 2 == 1)
            {
                file.Add(0);
            }

            int ifd = file.Count;
            Put32(file, previousNext, ifd);
            (int Tag, int Type, int Count, int Value)[] entries =
            [
                (256, 3, 1, declaredWidth > 0 ? declaredWidth : w), (257, 3, 1, declaredHeight > 0 ? declaredHeight : h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 3),
                (273, 4, 1, pixels), (277, 3, 1, 1), (278, 3, 1, h), (279, 4, 1, w * h), (320, 3, 768, colorMap),
            ];
            file.AddRange([(byte)entries.Length, 0]);
            foreach (var (tag, type, count, v) in entries)
            {
                var e = new byte[12];
                BinaryPrimitives.WriteUInt16LittleEndian(e, (ushort)tag);
                BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(2), (ushort)type);
                BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(4), count);
                if (type == 3 && count == 1)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(8), (ushort)v);
                }
                else
                {
                    BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(8), v);
                }

                file.AddRange(e);
            }

            previousNext = file.Count;
            file.AddRange([0, 0, 0, 0]);
        }

        return [.. file];
    }

    private static void Put32(List<byte> list, int at, int value)
    {
        for (int i = 0; i < 4; i++)
        {
            list[at + i] = (byte)(value >> (8 * i));
        }
    }
}

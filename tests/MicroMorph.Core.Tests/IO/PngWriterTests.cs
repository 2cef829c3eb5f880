using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using Xunit.Abstractions;

namespace MicroMorph.Core.Tests.IO;

public class PngWriterTests
{
    private readonly ITestOutputHelper _output;

    public PngWriterTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8, 1, 1)]
    [InlineData(VoxelDataType.UInt8, 61, 47)]
    [InlineData(VoxelDataType.UInt16, 61, 47)]
    [InlineData(VoxelDataType.UInt16, 300, 5)]
    public void WriteSlice_ThenRead_SameValuesSizeAndMetadata(VoxelDataType type, int w, int h)
    {
        using var tmp = new TempFolder();
        var v = MakeStack(w, h, 2, type);
        v.VoxelSize = new VoxelSize(12.5, 20, 35, "nm");
        v.Metadata["Operator"] = "Jörg";
        v.Metadata["Resistance"] = "5 Ω"; // not Latin-1: goes to an iTXt chunk
        string path = tmp.File("slice.png");
        RasterImageCodec.WriteSlice(v, 1, path);
        var back = RasterImageCodec.Read(path, null);
        Assert.Equal((w, h, 1, type), (back.Width, back.Height, back.Depth, back.DataType));
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                Assert.Equal(v.GetValue(x, y, 1), back.GetValue(x, y, 0));
            }
        }

        Assert.Equal(v.VoxelSize, back.VoxelSize);
        Assert.Equal("Jörg", back.Metadata["Operator"]);
        Assert.Equal("5 Ω", back.Metadata["Resistance"]);
        Assert.DoesNotContain("MicroMorph.VoxelSize", back.Metadata.Keys);
    }

    [Fact]
    public void WriteSlice_PhysChunkIsWrittenForLengthUnits()
    {
        using var tmp = new TempFolder();
        var v = MakeStack(8, 8, 1, VoxelDataType.UInt8);
        v.VoxelSize = new VoxelSize(0.25, "µm");
        string path = tmp.File("phys.png");
        RasterImageCodec.WriteSlice(v, 0, path);
        byte[] bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, "pHYs"u8);
        Assert.True(at > 0, "no pHYs chunk");
        Assert.Equal(4_000_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4)));
        Assert.Equal(1, bytes[at + 12]);
    }

    [Fact]
    public void PhaseImage_RoundTripsThroughVolumeWriterAsPngSlices()
    {
        using var tmp = new TempFolder();
        var phases = new PhaseTable([new Phase(0, "Pore", RgbColor.Parse("#000000")), new Phase(1, "Carbon black", RgbColor.Parse("#E69F00")), new Phase(7, "AM", RgbColor.Parse("#56B4E9"))]);
        var img = new PhaseImage(9, 7, 3, phases) { VoxelSize = new VoxelSize(10, 10, 30, "nm") };
        for (int z = 0; z < 3; z++)
        {
            var labels = img.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (byte)((i + z) % 3 == 2 ? 7 : (i + z) % 3);
            }
        }

        var files = VolumeWriter.Write(img, tmp.File("phases.png"), VolumeFormat.Auto, new VolumeWriteOptions());
        Assert.Equal(3, files.Count);
        Assert.Equal(files.OrderBy(f => f).ToArray(), Directory.GetFiles(tmp.Path).OrderBy(f => f).ToArray());
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([tmp.Path], new VolumeReadOptions()));
        Assert.Equal(img.Dimensions, back.Dimensions);
        Assert.Equal(PhaseTableMetadata.Format(phases), PhaseTableMetadata.Format(back.Phases));
        Assert.Equal(img.VoxelSize, back.VoxelSize);
        for (int z = 0; z < 3; z++)
        {
            Assert.True(img.GetLabels(z).SequenceEqual(back.GetLabels(z)), $"slice {z} differs");
        }
    }

    [Fact]
    public void TwoDimensionalVolume_WritesOnePngFile()
    {
        using var tmp = new TempFolder();
        var v = MakeStack(40, 30, 1, VoxelDataType.UInt16);
        v.VoxelSize = new VoxelSize(3, 3, 3, "mm");
        var files = VolumeWriter.Write(v, tmp.File("one.png"), VolumeFormat.Auto, new VolumeWriteOptions());
        Assert.Equal(new[] { tmp.File("one.png") }, files);
        var back = Assert.IsType<VoxelStack>(VolumeReader.Read(files, new VolumeReadOptions()));
        RawVolumeTests.AssertSameVoxels(v, back);
        Assert.Equal(v.VoxelSize, back.VoxelSize);
        var ex = Assert.Throws<MicroMorphException>(() => VolumeWriter.Write(v, tmp.File("one.png"), VolumeFormat.Auto, new VolumeWriteOptions()));
        Assert.Equal("OutputExists", ex.ErrorId);
    }

    [Fact]
    public void WriteFailure_LeavesNoFilesBehind()
    {
        using var tmp = new TempFolder();
        var v = MakeStack(4, 4, 3, VoxelDataType.UInt8);
        v.Metadata[new string('k', 80)] = "a key too long for PNG";
        var ex = Assert.Throws<MicroMorphException>(() => VolumeWriter.Write(v, tmp.File("bad.png"), VolumeFormat.Auto, new VolumeWriteOptions()));
        Assert.Equal("PngMetadataKeyInvalid", ex.ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Float32_IsRefused()
    {
        using var tmp = new TempFolder();
        var v = new VoxelStack(3, 3, 1, VoxelDataType.Float32);
        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.WriteSlice(v, 0, tmp.File("f.png")));
        Assert.Equal("FormatCannotHoldDataType", ex.ErrorId);
    }

    [Fact]
    public void WriteRgb_ThenReadChannels()
    {
        using var tmp = new TempFolder();
        int w = 23, h = 11;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++)
        {
            rgb[i * 3] = (byte)(i * 3);
            rgb[i * 3 + 1] = (byte)(255 - i);
            rgb[i * 3 + 2] = (byte)(i * i);
        }

        string path = tmp.File("pic.png");
        RasterImageCodec.WriteRgb(path, w, h, rgb);
        var g = RasterImageCodec.Read(path, ColorChannel.Green);
        var b = RasterImageCodec.Read(path, ColorChannel.Blue);
        var l = RasterImageCodec.Read(path, ColorChannel.Luminance);
        for (int i = 0; i < w * h; i++)
        {
            Assert.Equal(rgb[i * 3 + 1], g.GetSliceBytes(0)[i]);
            Assert.Equal(rgb[i * 3 + 2], b.GetSliceBytes(0)[i]);
            Assert.Equal(PngReaderTests.Luma(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]), l.GetSliceBytes(0)[i]);
        }

        var ex = Assert.Throws<MicroMorphException>(() => RasterImageCodec.WriteRgb(tmp.File("x.png"), w, h, rgb.AsSpan(1)));
        Assert.Equal("RgbBufferSizeMismatch", ex.ErrorId);
    }

    /// <summary>
    /// An independent PNG decoder in Python's standard library only (zlib, struct; chunk walk, CRC
    /// check, the five filters), so the files ImageSharp writes are checked against another
    /// implementation of the specification, not against ImageSharp's own reader.
    /// </summary>
    private const string StdlibPngDecoder = """
import sys, zlib, struct
def decode(path):
    data = open(path, 'rb').read()
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
    pos, idat, texts, phys = 8, b'', {}, None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) & 0xffffffff == struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0], 'crc'
        if kind == b'IHDR': w, h, depth, ctype, comp, filt, inter = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT': idat += body
        elif kind == b'pHYs': phys = struct.unpack('>IIB', body)
        elif kind == b'tEXt': k, v = body.split(b'\0', 1); texts[k.decode('latin-1')] = v.decode('latin-1')
        elif kind == b'iTXt':
            k, rest = body.split(b'\0', 1); flag = rest[0]; rest = rest[2:]
            lang, rest = rest.split(b'\0', 1); tk, rest = rest.split(b'\0', 1)
            texts[k.decode('latin-1')] = (zlib.decompress(rest) if flag else rest).decode('utf-8')
        elif kind == b'IEND': break
        pos += 12 + n
    assert inter == 0
    channels = {0: 1, 2: 3}[ctype]
    bpp = channels * depth // 8
    stride = w * bpp
    raw = zlib.decompress(idat)
    assert len(raw) == h * (stride + 1), 'size'
    prev = bytearray(stride)
    samples = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: row[i] = (row[i] + a) & 255
            elif f == 2: row[i] = (row[i] + b) & 255
            elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            else: assert f == 0, 'filter'
        prev = row
        if depth == 16: samples += [row[2 * i] << 8 | row[2 * i + 1] for i in range(stride // 2)]
        else: samples += list(row)
    return w, h, depth, ctype, samples, phys, texts
for f in sys.argv[1:]:
    w, h, depth, ctype, s, phys, texts = decode(f)
    print(w, h, depth, ctype, sum(s), sum(v * i for i, v in enumerate(s)) % 1000000007, phys, sorted(texts.items()))
""";

    [Fact]
    public void WrittenPng_DecodesIdenticallyWithAnIndependentDecoder()
    {
        using var tmp = new TempFolder();
        var v16 = MakeStack(57, 33, 1, VoxelDataType.UInt16);
        v16.VoxelSize = new VoxelSize(0.25, 0.5, 1, "µm");
        var v8 = MakeStack(57, 33, 1, VoxelDataType.UInt8);
        v8.Metadata["Operator"] = "Jörg";
        v8.Metadata["Resistance"] = "5 Ω";
        RasterImageCodec.WriteSlice(v16, 0, tmp.File("a16.png"));
        RasterImageCodec.WriteSlice(v8, 0, tmp.File("a8.png"));
        int w = 7, h = 5;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i++)
        {
            rgb[i] = (byte)(i * 37 + 11);
        }

        RasterImageCodec.WriteRgb(tmp.File("rgb.png"), w, h, rgb);
        string? result = PeerPython.Run(StdlibPngDecoder, tmp.File("a16.png"), tmp.File("a8.png"), tmp.File("rgb.png"));
        if (result is null)
        {
            _output.WriteLine("Skipped: /usr/bin/python3 is not available.");
            return;
        }

        var lines = result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
        Assert.Equal("57 33 16 0 " + Signature(v16).Split(' ', 3)[2] + " (4000000, 2000000, 1) [('MicroMorph.VoxelSize', '0.25,0.5,1,µm')]", lines[0]);
        Assert.Equal("57 33 8 0 " + Signature(v8).Split(' ', 3)[2] + " None [('Operator', 'Jörg'), ('Resistance', '5 Ω')]", lines[1]);
        long sum = rgb.Sum(b => (long)b);
        long weighted = rgb.Select((b, i) => (long)b * i).Sum() % 1000000007;
        Assert.Equal(FormattableString.Invariant($"7 5 8 2 {sum} {weighted} None []"), lines[2]);
    }

    internal static VoxelStack MakeStack(int w, int h, int d, VoxelDataType type)
    {
        var v = new VoxelStack(w, h, d, type);
        var (_, max) = type.Range();
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    v.SetValue(x, y, z, (x * 7919L + y * 104729L + z * 31L + x * y) % ((long)Math.Min(max, 1e9) + 1));
                }
            }
        }

        return v;
    }

    private static string Signature(VoxelStack v)
    {
        long sum = 0;
        long weighted = 0;
        for (int i = 0; i < v.Width * v.Height; i++)
        {
            long value = (long)v.GetValue(i % v.Width, i / v.Width, 0);
            sum += value;
            weighted = (weighted + value * i) % 1000000007;
        }

        return FormattableString.Invariant($"{v.Width} {v.Height} {sum} {weighted}");
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}

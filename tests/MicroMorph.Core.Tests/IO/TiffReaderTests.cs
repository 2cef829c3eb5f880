using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

/// <summary>Fixtures written by tifffile/tiffcp (see Data/tiff/make_fixtures.py); values are recomputed from its formulas.</summary>
public class TiffReaderTests
{
    private const int W = 17, H = 13, D = 3;

    private static VoxelStack Read(string name, ColorChannel? channel = null, ComputeOptions? options = null) =>
        TiffVolumeReader.Read(TestData.File("tiff/" + name), channel, options ?? ComputeOptions.Default);

    private static long Base(int x, int y, int z) => x + 100L * y + 10000L * z;

    private static void AssertValues(VoxelStack stack, VoxelDataType type, Func<int, int, int, double> expected)
    {
        Assert.Equal((W, H, D), (stack.Width, stack.Height, stack.Depth));
        Assert.Equal(type, stack.DataType);
        for (int z = 0; z < D; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    double actual = ValueAt(stack, x, y, z);
                    Assert.True(expected(x, y, z) == actual, $"voxel ({x}, {y}, {z}): expected {expected(x, y, z)}, got {actual}");
                }
            }
        }
    }

    /// <summary>
    /// Exact value as double. (VoxelStack.GetValue goes through float for every type, because its
    /// switch expression's common type is float, so UInt32 values above 2^24 come back rounded.)
    /// </summary>
    internal static double ValueAt(Volume stack, int x, int y, int z)
    {
        int i = y * stack.Width + x;
        return stack.DataType switch
        {
            VoxelDataType.UInt8 => stack.GetSlice<byte>(z)[i],
            VoxelDataType.UInt16 => stack.GetSlice<ushort>(z)[i],
            VoxelDataType.Int16 => stack.GetSlice<short>(z)[i],
            VoxelDataType.UInt32 => (double)stack.GetSlice<uint>(z)[i],
            _ => (double)stack.GetSlice<float>(z)[i],
        };
    }

    [Theory]
    [InlineData("u16_17x13x3.tif", "None", "Strips")]
    [InlineData("u16_strips.tif", "None", "Strips")]
    [InlineData("u16_lzw.tif", "LZW", "Strips")]
    [InlineData("u16_deflate.tif", "Deflate", "Strips")]
    [InlineData("u16_packbits.tif", "PackBits", "Strips")]
    [InlineData("u16_tiled.tif", "None", "Tiles")]
    [InlineData("u16_tiled_deflate.tif", "Deflate", "Tiles")]
    [InlineData("u16_bigendian.tif", "None", "Strips")]
    [InlineData("u16_bigendian_lzw.tif", "LZW", "Strips")]
    [InlineData("imagej_hidden_pages.tif", "None", "Strips")]
    [InlineData("u16_bigtiff.tif", "None", "Strips")]
    [InlineData("imagej_u16.tif", "None", "Strips")]
    public void UInt16VariantsImportExactly(string name, string compression, string layout)
    {
        var stack = Read(name);
        AssertValues(stack, VoxelDataType.UInt16, (x, y, z) => Base(x, y, z) % 65536);
        Assert.Equal(compression, stack.Metadata["Tiff.Compression"]);
        Assert.Equal(layout, stack.Metadata["Tiff.Layout"]);
        Assert.Equal("3", stack.Metadata["Tiff.PageCount"]);
    }

    [Fact]
    public void ByteOrderAndBigTiffAreReported()
    {
        Assert.Equal("BigEndian", Read("u16_bigendian.tif").Metadata["Tiff.ByteOrder"]);
        Assert.Equal("BigEndian", Read("u16_bigendian_lzw.tif").Metadata["Tiff.ByteOrder"]);
        Assert.Equal("LittleEndian", Read("u16_17x13x3.tif").Metadata["Tiff.ByteOrder"]);
        Assert.Equal("BigTIFF", Read("u16_bigtiff.tif").Metadata["Tiff.Format"]);
        Assert.Equal("TIFF", Read("u16_17x13x3.tif").Metadata["Tiff.Format"]);
    }

    [Fact]
    public void SignedUnsigned32AndFloatTypesImport()
    {
        AssertValues(Read("i16.tif"), VoxelDataType.Int16, (x, y, z) => Base(x, y, z) - 16000);
        AssertValues(Read("u32.tif"), VoxelDataType.UInt32, (x, y, z) => Base(x, y, z) * 100000 + 7);
        AssertValues(Read("f32.tif"), VoxelDataType.Float32, (x, y, z) => Base(x, y, z) + 0.25);
        AssertValues(Read("f32_bigendian.tif"), VoxelDataType.Float32, (x, y, z) => Base(x, y, z) + 0.25);
        AssertValues(Read("f32_deflate_floatpredictor.tif"), VoxelDataType.Float32, (x, y, z) => Base(x, y, z) + 0.25);
        AssertValues(Read("f32_bigendian_deflate.tif"), VoxelDataType.Float32, (x, y, z) => Base(x, y, z) + 0.25);
    }

    [Fact]
    public void ImageJMetadataGivesVoxelSize()
    {
        var stack = Read("imagej_u16.tif");
        Assert.Equal(new VoxelSize(0.5, 0.5, 2.0, "µm"), stack.VoxelSize);
        Assert.Equal(TestData.File("tiff/imagej_u16.tif"), stack.Source);
        Assert.False(stack.Metadata.ContainsKey("spacing"));
        Assert.False(stack.Metadata.ContainsKey("unit"));
    }

    [Fact]
    public void ImageJStackWithOneDirectoryIsReadAsContiguousImages()
    {
        // ImageJ's layout for stacks above 4 GiB: one IFD, images=3, the data back to back.
        var stack = Read("imagej_hidden_pages.tif");
        Assert.Equal(new VoxelSize(0.5, 0.5, 2.0, "µm"), stack.VoxelSize);

        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(TestData.File("tiff/imagej_hidden_pages.tif"));
        string cut = temp.File("hidden_cut.tif");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<MicroMorphException>(() => TiffVolumeReader.Read(cut, null, ComputeOptions.Default));
        Assert.Equal("TiffTruncated", ex.ErrorId);
    }

    [Fact]
    public void ImageJMicronIsMicrometreAndExtraKeysBecomeMetadata()
    {
        var stack = Read("imagej_micron.tif");
        Assert.Equal(new VoxelSize(0.25, 0.125, 0.75, "µm"), stack.VoxelSize);
        Assert.Equal("cathode-7", stack.Metadata["sample"]);
        Assert.False(stack.Metadata.ContainsKey("mode"));
        Assert.False(stack.Metadata.ContainsKey("images"));
    }

    [Fact]
    public void ResolutionTagsWithCentimetreGiveMicrometres()
    {
        var size = Read("resolution_cm.tif").VoxelSize;
        Assert.Equal("µm", size.Unit);
        Assert.Equal(2.5, size.X, 12);
        Assert.Equal(2.5, size.Y, 12);
        Assert.Equal(2.5, size.Z, 12);
    }

    [Fact]
    public void UnitlessResolutionIsUncalibratedAndForeignDescriptionIsKept()
    {
        var stack = Read("u16_17x13x3.tif");
        Assert.Equal(VoxelSize.Uncalibrated, stack.VoxelSize);
        Assert.Equal("{\"shape\": [3, 13, 17]}", stack.Metadata["Tiff.ImageDescription"]);
    }

    [Theory]
    [InlineData(ColorChannel.Red)]
    [InlineData(ColorChannel.Green)]
    [InlineData(ColorChannel.Blue)]
    [InlineData(ColorChannel.Luminance)]
    public void RgbChannelsImport(ColorChannel channel)
    {
        var stack = Read("rgb.tif", channel);
        Assert.Equal((W, H, 2, VoxelDataType.UInt8), (stack.Width, stack.Height, stack.Depth, stack.DataType));
        for (int z = 0; z < 2; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    int r = 10 * x, g = 10 * y, b = 5 * (x + y) + 50 * z;
                    double expected = channel switch
                    {
                        ColorChannel.Red => r,
                        ColorChannel.Green => g,
                        ColorChannel.Blue => b,
                        _ => (double)Math.Round(0.299m * r + 0.587m * g + 0.114m * b, MidpointRounding.AwayFromZero),
                    };
                    Assert.Equal(expected, stack.GetValue(x, y, z));
                }
            }
        }
    }

    [Fact]
    public void RgbWithoutChannelIsRefused()
    {
        var ex = Assert.Throws<MicroMorphException>(() => Read("rgb.tif"));
        Assert.Equal("ColorImageNeedsChannel", ex.ErrorId);
        Assert.Contains("rgb.tif", ex.Message);
    }

    [Theory]
    [InlineData("bilevel.tif", "TiffUnsupported", "1-bit")]
    [InlineData("palette.tif", "TiffUnsupported", "palette")]
    [InlineData("f64.tif", "TiffUnsupported", "64-bit floating-point")]
    [InlineData("mismatch.tif", "TiffPageMismatch", "page 2 is 7 x 5")]
    [InlineData("truncated.tif", "TiffTruncated", "truncated")]
    [InlineData("not_a_tiff.tif", "NotATiffFile", "byte-order mark")]
    [InlineData("corrupt_deflate.tif", "TiffCorrupt", "page 1")]
    public void BadInputGivesItsErrorId(string name, string errorId, string messagePart)
    {
        var ex = Assert.Throws<MicroMorphException>(() => Read(name));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.True(ex.Message.Contains(messagePart, StringComparison.Ordinal), $"\"{messagePart}\" not in: {ex.Message}");
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void EveryPrefixOfAValidFileIsRejectedCleanlyOrReadCompletely()
    {
        // Cutting a file anywhere must give a clean error, never zero-filled data or a crash. (A cut
        // that only drops bytes nothing refers to, such as tifffile's unreferenced trailing tag
        // values, legitimately still reads, and must then give the full data.)
        using var temp = new TempFolder();
        foreach (var name in new[] { "u16_17x13x3.tif", "u16_lzw.tif", "u16_tiled.tif", "u16_bigtiff.tif", "imagej_u16.tif" })
        {
            var full = Read(name);
            var bytes = File.ReadAllBytes(TestData.File("tiff/" + name));
            int errors = 0;
            for (int length = 0; length < bytes.Length; length += 7)
            {
                string path = temp.File($"cut_{length}_{name}");
                File.WriteAllBytes(path, bytes[..length]);
                VoxelStack? cut = null;
                var ex = Record.Exception(() => cut = TiffVolumeReader.Read(path, null, ComputeOptions.Default));
                if (ex is null)
                {
                    Assert.Equal(full.Depth, cut!.Depth);
                    for (int z = 0; z < full.Depth; z++)
                    {
                        Assert.True(full.GetSliceBytes(z).SequenceEqual(cut.GetSliceBytes(z)), $"{name} cut to {length} bytes read different data");
                    }

                    continue;
                }

                errors++;
                Assert.True(ex is MicroMorphException, $"{name} cut to {length} of {bytes.Length} bytes: {ex.GetType().Name}: {ex.Message}");
                Assert.Contains(((MicroMorphException)ex).ErrorId, new[] { "NotATiffFile", "TiffTruncated", "TiffCorrupt" });
            }

            Assert.True(errors >= bytes.Length / 7 - 3, $"{name}: only {errors} cuts were rejected");
        }
    }

    [Fact]
    public void EmptyFileIsNotATiff()
    {
        using var temp = new TempFolder();
        string path = temp.File("empty.tif");
        File.WriteAllBytes(path, []);
        Assert.Equal("NotATiffFile", Assert.Throws<MicroMorphException>(() => TiffVolumeReader.Read(path, null, ComputeOptions.Default)).ErrorId);
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Read("u16_lzw.tif", options: new ComputeOptions { CancellationToken = cts.Token }));
    }

    [Fact]
    public void ProgressIsReported()
    {
        var reports = new List<ProgressReport>();
        var sink = new SynchronousProgress(r => { lock (reports) { reports.Add(r); } });
        Read("u16_17x13x3.tif", options: new ComputeOptions { Progress = sink, MaxDegreeOfParallelism = 1 });
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal("Reading TIFF", r.Activity));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void ElectrodeReproducesTauFactorVolumeFractions()
    {
        string path = Path.Combine(TestData.RepositoryRoot, "examples", "data", "electrode.tiff");
        var stack = TiffVolumeReader.Read(path, null, ComputeOptions.Default);
        Assert.Equal((256, 256, 256, VoxelDataType.UInt8), (stack.Width, stack.Height, stack.Depth, stack.DataType));
        var counts = new long[256];
        for (int z = 0; z < stack.Depth; z++)
        {
            foreach (byte v in stack.GetSliceBytes(z))
            {
                counts[v]++;
            }
        }

        double total = stack.VoxelCount;
        Assert.Equal(total, counts[0] + counts[85] + counts[170]);
        Assert.Equal(0.44992, Math.Round(counts[0] / total, 5));
        Assert.Equal(0.40047, Math.Round(counts[85] / total, 5));
        Assert.Equal(0.14962, Math.Round(counts[170] / total, 5));
    }

    private sealed class SynchronousProgress(Action<ProgressReport> action) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => action(value);
    }
}

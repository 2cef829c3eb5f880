using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

public class RawVolumeTests
{
    [Fact]
    public void NumpyBigEndianWithHeader_ExactValues()
    {
        var s = RawVolumeReader.Read(TestData.File("raw/u16_be_hdr64.raw"), new RawLayout(5, 4, 3, VoxelDataType.UInt16, ByteOrder.BigEndian, 64), ComputeOptions.Default);
        for (int z = 0; z < 3; z++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < 5; x++)
                {
                    Assert.Equal(1000 * z + 37 * y + x * x + 1, s.GetValue(x, y, z));
                }
            }
        }
    }

    [Fact]
    public void ThroughVolumeReader_RawLayoutOption()
    {
        var opts = new VolumeReadOptions { Raw = new RawLayout(5, 4, 3, VoxelDataType.UInt16, ByteOrder.BigEndian, 64) };
        var v = Assert.IsType<VoxelStack>(VolumeReader.Read([TestData.File("raw/u16_be_hdr64.raw")], opts));
        Assert.Equal(1000 * 2 + 37 * 3 + 16 + 1, v.GetValue(4, 3, 2));
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([TestData.File("raw/u16_be_hdr64.raw")], new VolumeReadOptions()));
        Assert.Equal("RawLayoutRequired", ex.ErrorId);
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.UInt16, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.UInt16, ByteOrder.BigEndian)]
    [InlineData(VoxelDataType.Int16, ByteOrder.BigEndian)]
    [InlineData(VoxelDataType.UInt32, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.UInt32, ByteOrder.BigEndian)]
    [InlineData(VoxelDataType.Float32, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.Float32, ByteOrder.BigEndian)]
    public void WriteRaw_ThenRead_EveryType(VoxelDataType type, ByteOrder order)
    {
        using var tmp = new TempFolder();
        var v = MakeVolume(7, 5, 4, type);
        string path = tmp.File("v.raw");
        RawVolumeWriter.WriteRaw(v, path, order, ComputeOptions.Default);
        Assert.Equal(v.ByteCount, new FileInfo(path).Length);
        var back = RawVolumeReader.Read(path, new RawLayout(7, 5, 4, type, order), ComputeOptions.Default);
        AssertSameVoxels(v, back);
        if (type.BytesPerVoxel() > 1)
        {
            // Voxel (1,0,0) checked byte by byte in the file against the requested order.
            var bytes = File.ReadAllBytes(path).AsSpan(type.BytesPerVoxel(), type.BytesPerVoxel()).ToArray();
            var native = v.GetSliceBytes(0).Slice(type.BytesPerVoxel(), type.BytesPerVoxel()).ToArray();
            if ((order == ByteOrder.BigEndian) == BitConverter.IsLittleEndian)
            {
                Array.Reverse(native);
            }

            Assert.Equal(native, bytes);
        }
    }

    [Fact]
    public void SizeMismatch_NamesBothSizesAndSuggestsDepth()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("v.raw");
        File.WriteAllBytes(path, new byte[10 * 8 * 2 * 6]); // 6 slices of 10 x 8 UInt16
        var ex = Assert.Throws<MicroMorphException>(() => RawVolumeReader.Read(path, new RawLayout(10, 8, 5, VoxelDataType.UInt16), ComputeOptions.Default));
        Assert.Equal("RawSizeMismatch", ex.ErrorId);
        Assert.Contains("960", ex.Message);
        Assert.Contains("800", ex.Message);
        Assert.Contains("10 x 8 x 5", ex.Message);
        Assert.Contains("depth of 6", ex.Message);

        var ex2 = Assert.Throws<MicroMorphException>(() => RawVolumeReader.Read(path, new RawLayout(7, 7, 7, VoxelDataType.UInt8), ComputeOptions.Default));
        Assert.Equal("RawSizeMismatch", ex2.ErrorId);
        Assert.DoesNotContain("depth of", ex2.Message);
    }

    [Fact]
    public void Cancellation_StopsTheRead()
    {
        using var tmp = new TempFolder();
        var v = MakeVolume(4, 4, 50, VoxelDataType.UInt8);
        string path = tmp.File("v.raw");
        RawVolumeWriter.WriteRaw(v, path, ByteOrder.LittleEndian, ComputeOptions.Default);
        using var cts = new CancellationTokenSource();
        var options = new ComputeOptions { CancellationToken = cts.Token, Progress = new CancelOnProgress(cts) };
        Assert.ThrowsAny<OperationCanceledException>(() => RawVolumeReader.Read(path, new RawLayout(4, 4, 50, VoxelDataType.UInt8), options));
    }

    internal static VoxelStack MakeVolume(int w, int h, int d, VoxelDataType type)
    {
        var v = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double value = type switch
                    {
                        VoxelDataType.UInt8 => (x * 31 + y * 7 + z * 3) % 256,
                        VoxelDataType.UInt16 => (x * 3001 + y * 257 + z * 11) % 65536,
                        VoxelDataType.Int16 => (x * 3001 + y * 257 + z * 11) % 65536 - 32768,
                        VoxelDataType.UInt32 => (uint)(x * 16777259L + y * 65599L + z * 4099L + 123456789L),
                        _ => (x - 3.25) * 1e-3 + y * 1234.5 - z * 1e7,
                    };
                    v.SetValue(x, y, z, type == VoxelDataType.Float32 ? (float)value : value);
                }
            }
        }

        return v;
    }

    internal static void AssertSameVoxels(Volume expected, Volume actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Depth, expected.DataType), (actual.Width, actual.Height, actual.Depth, actual.DataType));
        for (int z = 0; z < expected.Depth; z++)
        {
            Assert.True(expected.GetSliceBytes(z).SequenceEqual(actual.GetSliceBytes(z)), $"slice {z} differs");
        }
    }

    /// <summary>Cancels its source at the first progress report (reports are synchronous).</summary>
    internal sealed class CancelOnProgress(CancellationTokenSource cts) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => cts.Cancel();
    }
}

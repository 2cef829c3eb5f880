using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Hdf5;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Issue 20 beyond TIFF: the size guard, HDF5 files damaged by truncation (h5py fixtures, see
/// Data/hdf5/make_robustness_fixtures.py), MetaImage headers that point at themselves, and error
/// messages that name the file.
/// </summary>
public class ReaderRobustnessTests
{
    private static MicroMorphException ReadFails(string path, VolumeReadOptions? options = null) =>
        Assert.Throws<MicroMorphException>(() => VolumeReader.ReadFile(path, options ?? new VolumeReadOptions()));

    [Fact]
    public void VolumeOfDepthNearTwoToThe31IsRefusedCleanly()
    {
        // The slab count used to overflow (depth + slices per slab - 1 > int.MaxValue).
        var ex = Assert.Throws<MicroMorphException>(() => VoxelStack.CreateUninitialized(1000, 1000, int.MaxValue, VoxelDataType.UInt8));
        Assert.Equal("InsufficientMemory", ex.ErrorId);
    }

    [Fact]
    public void HdfFileOf1400BytesDeclaring100GBIsRefusedBeforeAllocation()
    {
        string path = TestData.File("hdf5/huge_declared.h5");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = ReadFails(path);
        Assert.Equal("DeclaredSizeExceedsFile", ex.ErrorId);
        Assert.Contains(path, ex.Message);
        Assert.Contains("1000 x 1000 x 100000 UInt8", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "allocated before refusing");
    }

    [Fact]
    public void HdfFileOfTheLatestFormatReadsThroughTheBoundedStream()
    {
        // h5py with libver="latest": superblock v3, shuffle + gzip chunks that straddle slices, a compact dataset.
        string path = TestData.File("hdf5/latest.h5");
        var data = Hdf5VolumeReader.Read(path, "/data", ComputeOptions.Default);
        Assert.Equal((24, 20, 6), (data.Width, data.Height, data.Depth));
        for (int z = 0; z < 6; z++)
        {
            var slice = data.GetSlice<ushort>(z);
            for (int y = 0; y < 20; y++)
            {
                for (int x = 0; x < 24; x++)
                {
                    Assert.Equal((x * y + 7 * z) % 1000, slice[y * 24 + x]);
                }
            }
        }

        Assert.Equal(new VoxelSize(0.5, 0.5, 2, "µm"), data.VoxelSize);
        var small = Hdf5VolumeReader.Read(path, "/small", ComputeOptions.Default);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i).ToArray(), Enumerable.Range(0, 2).SelectMany(z => small.GetSliceArray(z).Cast<byte>()).ToArray());
    }

    [Theory]
    [InlineData("hdf5/chunk_truncated.h5")]
    [InlineData("hdf5/contiguous_truncated.h5")]
    public void TruncatedHdfFileIsAnErrorNotZeros(string name)
    {
        // libhdf5 (h5py) refuses both: "truncated file: eof = ..., stored_eof = ...".
        string path = TestData.File(name);
        var ex = ReadFails(path);
        Assert.Equal("Hdf5Truncated", ex.ErrorId);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("hdf5/unwritten.h5")] // contiguous, no data address
    [InlineData("hdf5/partly_written.h5")] // 4 of 8 chunks stored (resized after writing)
    public void HdfDataThatWasNeverStoredIsAnErrorNotFillValues(string name)
    {
        // h5py reads both as fill values (zeros); as voxels they would be silently wrong.
        string path = TestData.File(name);
        var ex = ReadFails(path);
        Assert.Equal("Hdf5DataMissing", ex.ErrorId);
        Assert.Contains(path, ex.Message);
        Assert.Contains(name.EndsWith("unwritten.h5", StringComparison.Ordinal) ? "Slice 0 " : "Slice 4 ", ex.Message);
    }

    [Fact]
    public void HdfChunkDataCutOffIsAnErrorEvenWhenTheSuperblockAgrees()
    {
        // Patch the recorded end of file down to the truncated length, so only the read of the
        // missing chunk bytes can notice (PureHDF used to return zeros for them).
        using var temp = new TempFolder();
        string path = temp.File("cut.h5");
        var bytes = File.ReadAllBytes(TestData.File("hdf5/chunk_truncated.h5"));
        Assert.Equal(0, bytes[8]); // superblock version 0 (libver="earliest"), 8-byte addresses
        Assert.Equal(8, bytes[13]);
        BitConverter.GetBytes((ulong)bytes.Length).CopyTo(bytes, 24 + 8 + 8);
        File.WriteAllBytes(path, bytes);
        var ex = ReadFails(path);
        Assert.Equal("Hdf5Truncated", ex.ErrorId);
        Assert.Contains("past the end of the file", ex.Message);
    }

    [Fact]
    public void BoundedReadStreamRefusesReadsPastTheEndAndBeyondItsBudget()
    {
        using var temp = new TempFolder();
        string path = temp.File("ten.bin");
        File.WriteAllBytes(path, new byte[10]);
        using (var stream = new BoundedReadStream(new FileStream(path, FileMode.Open, FileAccess.Read), budget: 100))
        {
            var buffer = new byte[8];
            Assert.Equal(8, stream.Read(buffer, 0, 8));
            Assert.Throws<BoundedReadStream.FileEndedException>(() => stream.Read(buffer, 0, 8));
        }

        using (var stream = new BoundedReadStream(new FileStream(path, FileMode.Open, FileAccess.Read), budget: 25))
        {
            var buffer = new byte[10];
            for (int i = 0; i < 2; i++)
            {
                stream.Position = 0;
                stream.ReadExactly(buffer);
            }

            stream.Position = 0;
            Assert.Throws<BoundedReadStream.ReadBudgetExceededException>(() => stream.Read(buffer, 0, 10));
        }
    }

    [Fact]
    public void HdfLibraryFailuresAreWrappedAndNameTheFile()
    {
        // Every byte after the superblock overwritten: whatever PureHDF throws comes back as a MicroMorph error.
        using var temp = new TempFolder();
        var original = File.ReadAllBytes(TestData.File("hdf5/tomo.h5"));
        var random = new Random(7);
        for (int trial = 0; trial < 40; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 8; k++)
            {
                bytes[96 + random.Next(bytes.Length - 96)] = (byte)random.Next(256);
            }

            string path = temp.File($"m{trial}.h5");
            File.WriteAllBytes(path, bytes);
            try
            {
                VolumeReader.ReadFile(path, new VolumeReadOptions());
            }
            catch (MicroMorphException ex)
            {
                Assert.NotEqual("ReaderFailed", ex.ErrorId);
                Assert.Contains(path, ex.Message);
            }
        }
    }

    [Theory]
    [InlineData("LOCAL")]
    [InlineData("self.mhd")]
    public void MetaImageWhoseDataIsItsOwnHeaderIsRefused(string dataFile)
    {
        using var temp = new TempFolder();
        string path = temp.File("self.mhd");
        File.WriteAllText(path, $"ObjectType = Image\nNDims = 2\nDimSize = 4 4\nElementType = MET_UCHAR\nHeaderSize = -1\nElementDataFile = {dataFile}\n");
        var ex = ReadFails(path);
        Assert.Equal("MetaImageCorrupt", ex.ErrorId);
        Assert.Contains("overlaps its own", ex.Message);
    }

    [Fact]
    public void MetaImageWithLocalDataAtTheEndStillReads()
    {
        using var temp = new TempFolder();
        string path = temp.File("ok.mha");
        var header = System.Text.Encoding.ASCII.GetBytes("ObjectType = Image\nNDims = 2\nDimSize = 3 2\nElementType = MET_UCHAR\nHeaderSize = -1\nElementDataFile = LOCAL\n");
        File.WriteAllBytes(path, [.. header, 9, 8, 7, 6, 5, 4]);
        var stack = VolumeReader.ReadFile(path, new VolumeReadOptions());
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4 }, stack.GetSliceArray(0));
    }

    [Theory]
    [InlineData("DimSize = 0 4 1", "MetaImageCorrupt")]
    [InlineData("DimSize = 3000000000 4 1", "MetaImageCorrupt")]
    [InlineData("DimSize = 2000000000 2000000000 1", "SliceTooLarge")]
    [InlineData("DimSize = 2000000000 2000000000 2000000000", "DimensionsOverflow")]
    public void DimensionErrorsNameTheFile(string dims, string errorId)
    {
        using var temp = new TempFolder();
        string path = temp.File("dims.mha");
        File.WriteAllText(path, $"NDims = 3\n{dims}\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n");
        var ex = ReadFails(path);
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void RawDimensionErrorNamesTheFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("v.raw");
        File.WriteAllBytes(path, new byte[16]);
        var layout = new RawLayout(100_000, 100_000, 2, VoxelDataType.UInt8, ByteOrder.LittleEndian, 0);
        var ex = ReadFails(path, new VolumeReadOptions { Raw = layout });
        Assert.Equal("SliceTooLarge", ex.ErrorId);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void LabelMissingFromTheFilesPhaseTableNamesTheFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("phases.tif");
        var image = new PhaseImage(4, 4, 1, PhaseTable.ForLabels([0, 1]));
        image.GetSliceBytes(0).Fill(1);
        VolumeWriter.Write(image, path, VolumeFormat.Tiff, new VolumeWriteOptions());
        var bytes = File.ReadAllBytes(path);
        int data = bytes.AsSpan().IndexOf(Enumerable.Repeat((byte)1, 16).ToArray());
        Assert.True(data > 0);
        bytes[data + 5] = 2;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal("LabelNotInPhaseTable", ex.ErrorId);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void GuardRefusesWhatTheFileCannotHoldThenWhatMemoryCannot()
    {
        var exceeds = Assert.Throws<MicroMorphException>(() => VolumeSizeGuard.Check("f.tif", "TIFF", 100, 100, 100, VoxelDataType.UInt16, 1_999_999, "its data"));
        Assert.Equal("DeclaredSizeExceedsFile", exceeds.ErrorId);
        Assert.Contains("'f.tif'", exceeds.Message);
        VolumeSizeGuard.Check("f.tif", "TIFF", 100, 100, 100, VoxelDataType.UInt16, 2_000_000, "its data");
        var memory = Assert.Throws<MicroMorphException>(() => VolumeSizeGuard.Check("f.tif", "TIFF", 1 << 14, 1 << 14, 1 << 20, VoxelDataType.UInt8, null));
        Assert.Equal("InsufficientMemory", memory.ErrorId);
        Assert.Contains("'f.tif'", memory.Message);
    }
}

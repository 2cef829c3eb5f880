using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

public class MetaImageTests
{
    [Fact]
    public void ItkStyleHeader_FloatValuesAndSpacingInMm()
    {
        var v = RawVolumeReader.ReadMetaImage(TestData.File("raw/itk_float.mhd"), ComputeOptions.Default);
        Assert.Equal((6, 5, 4, VoxelDataType.Float32), (v.Width, v.Height, v.Depth, v.DataType));
        Assert.Equal(new VoxelSize(0.5, 0.75, 1.25, "mm"), v.VoxelSize);
        for (int z = 0; z < 4; z++)
        {
            for (int y = 0; y < 5; y++)
            {
                for (int x = 0; x < 6; x++)
                {
                    Assert.Equal(x + 0.5 * y - 2.25 * z, v.GetValue(x, y, z));
                }
            }
        }
    }

    [Fact]
    public void Mha2D_LocalBigEndianShort()
    {
        var v = Assert.IsType<VoxelStack>(VolumeReader.Read([TestData.File("raw/itk_short2d.mha")], new VolumeReadOptions()));
        Assert.Equal((7, 3, 1, VoxelDataType.Int16), (v.Width, v.Height, v.Depth, v.DataType));
        Assert.Equal(new VoxelSize(2, "mm"), v.VoxelSize);
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                Assert.Equal(1000 * x - 3000 * y, v.GetValue(x, y, 0));
            }
        }
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.UInt16, ByteOrder.BigEndian)]
    [InlineData(VoxelDataType.Int16, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.UInt32, ByteOrder.BigEndian)]
    [InlineData(VoxelDataType.Float32, ByteOrder.LittleEndian)]
    [InlineData(VoxelDataType.Float32, ByteOrder.BigEndian)]
    public void VolumeWriter_ThenVolumeReader_RoundTripsEveryType(VoxelDataType type, ByteOrder order)
    {
        using var tmp = new TempFolder();
        var v = RawVolumeTests.MakeVolume(9, 6, 5, type);
        v.VoxelSize = new VoxelSize(0.1, 0.2, 0.35, "µm");
        v.Metadata["Instrument"] = "FIB-SEM = Zeiss; line1\nline2 ß";
        var files = VolumeWriter.Write(v, tmp.File("out.mhd"), VolumeFormat.Auto, new VolumeWriteOptions { ByteOrder = order });
        Assert.Equal(new[] { "out.raw", "out.mhd" }, files.Select(f => Path.GetFileName(f)).ToArray());
        Assert.Equal(2, Directory.GetFiles(tmp.Path).Length);
        string header = File.ReadAllText(tmp.File("out.mhd"));
        Assert.Contains("ElementDataFile = out.raw", header);
        Assert.EndsWith("ElementDataFile = out.raw\n", header);
        Assert.Contains("BinaryDataByteOrderMSB = " + (order == ByteOrder.BigEndian ? "True" : "False"), header);

        var back = Assert.IsType<VoxelStack>(VolumeReader.Read([tmp.File("out.mhd")], new VolumeReadOptions()));
        RawVolumeTests.AssertSameVoxels(v, back);
        Assert.Equal(v.VoxelSize, back.VoxelSize);
        Assert.Equal("FIB-SEM = Zeiss; line1\nline2 ß", back.Metadata["Instrument"]);

        // The raw file alone reads with the same layout.
        var raw = RawVolumeReader.Read(tmp.File("out.raw"), new RawLayout(9, 6, 5, type, order), ComputeOptions.Default);
        RawVolumeTests.AssertSameVoxels(v, raw);
    }

    [Fact]
    public void PhaseImage_RoundTripsThroughMhd()
    {
        using var tmp = new TempFolder();
        var phases = new PhaseTable([new Phase(0, "Pore", RgbColor.Parse("#000000")), new Phase(3, "NMC;811=x", RgbColor.Parse("#D55E00"))]);
        var img = new PhaseImage(6, 4, 3, phases) { VoxelSize = new VoxelSize(15, 15, 20, "nm") };
        img.GetLabels(1)[5] = 3;
        img.GetLabels(2)[23] = 3;
        VolumeWriter.Write(img, tmp.File("p.mhd"), VolumeFormat.Raw, new VolumeWriteOptions());
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([tmp.File("p.mhd")], new VolumeReadOptions()));
        Assert.Equal(PhaseTableMetadata.Format(phases), PhaseTableMetadata.Format(back.Phases));
        Assert.Equal(img.VoxelSize, back.VoxelSize);
        RawVolumeTests.AssertSameVoxels(img, back);
    }

    [Fact]
    public void MissingDataFile_IsReported()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("a.mhd"), "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_UCHAR\nElementDataFile = gone.raw\n");
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([tmp.File("a.mhd")], new VolumeReadOptions()));
        Assert.Equal("MetaImageDataFileNotFound", ex.ErrorId);
        Assert.Equal(MicroMorphErrorKind.ObjectNotFound, ex.Kind);
        Assert.Contains("gone.raw", ex.Message);
    }

    [Theory]
    [InlineData("ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\nElementType = MET_DOUBLE\nElementDataFile = d.raw\n", "MetaImageUnsupported", "MET_DOUBLE")]
    [InlineData("NDims = 3\nDimSize = 2 2 2\nCompressedData = True\nElementType = MET_UCHAR\nElementDataFile = d.raw\n", "MetaImageUnsupported", "compressed")]
    [InlineData("NDims = 4\nDimSize = 2 2 2 2\nElementType = MET_UCHAR\nElementDataFile = d.raw\n", "MetaImageUnsupported", "4 dimensions")]
    [InlineData("NDims = 3\nElementType = MET_UCHAR\nElementDataFile = d.raw\n", "MetaImageCorrupt", "DimSize")]
    [InlineData("NDims = 3\nDimSize = 2 two 2\nElementType = MET_UCHAR\nElementDataFile = d.raw\n", "MetaImageCorrupt", "DimSize")]
    [InlineData("NDims = 3\nDimSize = 2 2 2\nElementType = MET_UCHAR\n", "MetaImageCorrupt", "ElementDataFile")]
    [InlineData("this is not a header\n", "MetaImageCorrupt", "line 1")]
    [InlineData("NDims = 3\nDimSize = 2 2 3\nElementType = MET_UCHAR\nElementDataFile = d.raw\n", "MetaImageDataSizeMismatch", "12 bytes")]
    public void BadHeaders_GiveTheirErrorId(string header, string errorId, string fragment)
    {
        using var tmp = new TempFolder();
        File.WriteAllBytes(tmp.File("d.raw"), new byte[8]);
        File.WriteAllText(tmp.File("h.mhd"), header);
        var ex = Assert.Throws<MicroMorphException>(() => RawVolumeReader.ReadMetaImage(tmp.File("h.mhd"), ComputeOptions.Default));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void HeaderSizeMinusOne_DataAtEndOfFile()
    {
        using var tmp = new TempFolder();
        File.WriteAllBytes(tmp.File("d.raw"), [9, 9, 9, 1, 2, 3, 4]);
        File.WriteAllText(tmp.File("h.mhd"), "NDims = 2\nDimSize = 2 2\nElementSpacing = 1 1\nHeaderSize = -1\nElementType = MET_UCHAR\nElementDataFile = d.raw\n");
        var v = RawVolumeReader.ReadMetaImage(tmp.File("h.mhd"), ComputeOptions.Default);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, v.GetSliceBytes(0).ToArray());
        Assert.Equal(VoxelSize.Uncalibrated, v.VoxelSize);
    }

    [Fact]
    public void CancelledWrite_LeavesNoFilesBehind()
    {
        using var tmp = new TempFolder();
        var v = RawVolumeTests.MakeVolume(8, 8, 40, VoxelDataType.UInt16);
        using var cts = new CancellationTokenSource();
        var options = new VolumeWriteOptions { Compute = new ComputeOptions { CancellationToken = cts.Token, Progress = new RawVolumeTests.CancelOnProgress(cts) } };
        Assert.ThrowsAny<OperationCanceledException>(() => VolumeWriter.Write(v, tmp.File("c.mhd"), VolumeFormat.Auto, options));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Hdf5;
using MicroMorph.Core.Parallelism;
using Xunit.Abstractions;

namespace MicroMorph.Core.Tests.IO;

/// <summary>HDF5 via PureHDF, checked against files written by h5py (Data/hdf5/make_fixtures.py) and read back by h5py.</summary>
public class Hdf5VolumeTests
{
    private readonly ITestOutputHelper _output;

    public Hdf5VolumeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void H5pyTomogram_SingleCandidateChosen_ValuesSizeAndAttributes()
    {
        var v = Hdf5VolumeReader.Read(TestData.File("hdf5/tomo.h5"), null, ComputeOptions.Default);
        Assert.Equal((6, 5, 4, VoxelDataType.UInt16), (v.Width, v.Height, v.Depth, v.DataType));
        for (int z = 0; z < 4; z++)
        {
            for (int y = 0; y < 5; y++)
            {
                for (int x = 0; x < 6; x++)
                {
                    Assert.Equal(1000 * z + 100 * y + x, v.GetValue(x, y, z));
                }
            }
        }

        Assert.Equal("µm", v.VoxelSize.Unit);
        Assert.Equal(0.1, v.VoxelSize.X, 6);
        Assert.Equal(0.1, v.VoxelSize.Y, 6);
        Assert.Equal(0.3, v.VoxelSize.Z, 6);
        Assert.Equal("Zeiss Crossbeam", v.Metadata["instrument"]);
        Assert.Equal("2", v.Metadata["voltage_kV"]);
        Assert.Equal("4", v.Metadata["slices"]);
        Assert.DoesNotContain("element_size_um", v.Metadata.Keys);
    }

    [Theory]
    [InlineData("/u8", VoxelDataType.UInt8)]
    [InlineData("u16be", VoxelDataType.UInt16)]
    [InlineData("/i16", VoxelDataType.Int16)]
    [InlineData("/u32", VoxelDataType.UInt32)]
    [InlineData("/f32", VoxelDataType.Float32)]
    [InlineData("/f32be", VoxelDataType.Float32)]
    public void H5pyTypes_ExactValues(string dataset, VoxelDataType type)
    {
        var v = Hdf5VolumeReader.Read(TestData.File("hdf5/types.h5"), dataset, ComputeOptions.Default);
        Assert.Equal((4, 3, 2, type), (v.Width, v.Height, v.Depth, v.DataType));
        for (int z = 0; z < 2; z++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 4; x++)
                {
                    double f = 10 * z + 3 * y + x;
                    double expected = type switch
                    {
                        VoxelDataType.Int16 => f - 12,
                        VoxelDataType.UInt32 => f + 4_000_000_000,
                        VoxelDataType.Float32 => f * 0.25,
                        _ => f,
                    };
                    // VoxelStack.GetValue goes through float for UInt32 (loses digits above 2^24): read the slice.
                    double actual = type == VoxelDataType.UInt32 ? v.GetSlice<uint>(z)[y * 4 + x] : v.GetValue(x, y, z);
                    Assert.Equal(expected, actual);
                }
            }
        }
    }

    [Theory]
    [InlineData("/i8", "int8")]
    [InlineData("/i32", "int32")]
    [InlineData("/f64", "float64")]
    public void UnsupportedTypes_AreRefusedByName(string dataset, string typeName)
    {
        var ex = Assert.Throws<MicroMorphException>(() => Hdf5VolumeReader.Read(TestData.File("hdf5/types.h5"), dataset, ComputeOptions.Default));
        Assert.Equal("Hdf5UnsupportedType", ex.ErrorId);
        Assert.Contains(typeName, ex.Message);
        Assert.Contains(dataset, ex.Message);
    }

    [Fact]
    public void SeveralCandidates_NeedDataset()
    {
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([TestData.File("hdf5/types.h5")], new VolumeReadOptions()));
        Assert.Equal("Hdf5DatasetRequired", ex.ErrorId);
        Assert.Contains("/u16be (2 x 3 x 4)", ex.Message);
        Assert.Contains("/f64", ex.Message);
    }

    [Fact]
    public void MissingDataset_ListsAvailable()
    {
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([TestData.File("hdf5/tomo.h5")], new VolumeReadOptions { Dataset = "/exchange/missing" }));
        Assert.Equal("Hdf5DatasetNotFound", ex.ErrorId);
        Assert.Contains("/exchange/missing", ex.Message);
        Assert.Contains("/exchange/data (4 x 5 x 6)", ex.Message);
        Assert.Contains("/exchange/theta (4)", ex.Message);
    }

    [Fact]
    public void OneDimensionalDataset_IsNotAnImage()
    {
        var ex = Assert.Throws<MicroMorphException>(() => Hdf5VolumeReader.Read(TestData.File("hdf5/tomo.h5"), "/exchange/theta", ComputeOptions.Default));
        Assert.Equal("Hdf5UnsupportedShape", ex.ErrorId);
    }

    [Fact]
    public void TwoDimensionalDataset_IsOneSlice()
    {
        var v = Assert.IsType<VoxelStack>(VolumeReader.Read([TestData.File("hdf5/single2d.h5")], new VolumeReadOptions()));
        Assert.Equal((7, 3, 1, VoxelDataType.UInt8), (v.Width, v.Height, v.Depth, v.DataType));
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 7; x++)
            {
                Assert.Equal(7 * y + x, v.GetValue(x, y, 0));
            }
        }
    }

    [Fact]
    public void NotHdf5_IsRefused()
    {
        using var tmp = new TempFolder();
        File.Copy(TestData.File("png/grey8.png"), tmp.File("fake.h5"));
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.Read([tmp.File("fake.h5")], new VolumeReadOptions()));
        Assert.Equal("NotAnHdf5File", ex.ErrorId);
        Assert.Contains("fake.h5", ex.Message);
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8, 3)]
    [InlineData(VoxelDataType.UInt16, 4)]
    [InlineData(VoxelDataType.Int16, 2)]
    [InlineData(VoxelDataType.UInt32, 3)]
    [InlineData(VoxelDataType.Float32, 5)]
    [InlineData(VoxelDataType.Float32, 1)]
    [InlineData(VoxelDataType.UInt16, 1)]
    public void VolumeWriter_ThenVolumeReader_RoundTripsEveryType(VoxelDataType type, int depth)
    {
        using var tmp = new TempFolder();
        var v = RawVolumeTests.MakeVolume(11, 6, depth, type);
        v.VoxelSize = new VoxelSize(20, 25, 40, "nm");
        v.Metadata["Instrument"] = "Zeiss Crossbeam 550; ß";
        string path = tmp.File("v.h5");
        VolumeWriter.Write(v, path, VolumeFormat.Auto, new VolumeWriteOptions { Dataset = "/exchange/recon/data" });
        Assert.Equal(new[] { path }, Directory.GetFiles(tmp.Path));
        var back = Assert.IsType<VoxelStack>(VolumeReader.Read([path], new VolumeReadOptions { Dataset = "exchange/recon/data" }));
        RawVolumeTests.AssertSameVoxels(v, back);
        Assert.Equal(v.VoxelSize, back.VoxelSize);
        Assert.Equal("Zeiss Crossbeam 550; ß", back.Metadata["Instrument"]);
        var auto = VolumeReader.Read([path], new VolumeReadOptions());
        RawVolumeTests.AssertSameVoxels(v, auto);
    }

    [Fact]
    public void PhaseImage_RoundTripsThroughHdf5()
    {
        using var tmp = new TempFolder();
        var phases = new PhaseTable([new Phase(1, "Pore", RgbColor.Parse("#101010")), new Phase(2, "Binder", RgbColor.Parse("#009E73")), new Phase(200, "Particle", RgbColor.Parse("#CC79A7"))]);
        var img = new PhaseImage(5, 4, 3, phases) { VoxelSize = new VoxelSize(0.5, 0.5, 1.5, "µm") };
        img.GetLabels(0)[3] = 2;
        img.GetLabels(2)[19] = 200;
        VolumeWriter.Write(img, tmp.File("p.h5"), VolumeFormat.Hdf5, new VolumeWriteOptions());
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([tmp.File("p.h5")], new VolumeReadOptions()));
        Assert.Equal(PhaseTableMetadata.Format(phases), PhaseTableMetadata.Format(back.Phases));
        Assert.Equal(img.VoxelSize, back.VoxelSize);
        RawVolumeTests.AssertSameVoxels(img, back);
    }

    [Fact]
    public void FailedWrites_LeaveNoFilesBehind()
    {
        using var tmp = new TempFolder();
        var v = RawVolumeTests.MakeVolume(8, 8, 30, VoxelDataType.Float32);
        var bad = Assert.Throws<MicroMorphException>(() => VolumeWriter.Write(v, tmp.File("a.h5"), VolumeFormat.Auto, new VolumeWriteOptions { Dataset = "/" }));
        Assert.Equal("InvalidHdf5DatasetPath", bad.ErrorId);
        using var cts = new CancellationTokenSource();
        var options = new VolumeWriteOptions { Compute = new ComputeOptions { CancellationToken = cts.Token, Progress = new RawVolumeTests.CancelOnProgress(cts) } };
        Assert.ThrowsAny<OperationCanceledException>(() => VolumeWriter.Write(v, tmp.File("b.h5"), VolumeFormat.Auto, options));
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void WrittenFile_ReadsWithH5py()
    {
        using var tmp = new TempFolder();
        var v = RawVolumeTests.MakeVolume(13, 7, 4, VoxelDataType.UInt16);
        v.VoxelSize = new VoxelSize(10, 10, 30, "nm");
        v.Metadata["Operator"] = "Jörg";
        string path = tmp.File("mm.h5");
        Hdf5VolumeWriter.Write(v, path, "/entry/data", ComputeOptions.Default);
        string script = "import sys, h5py, numpy as np\n" +
            "f = h5py.File(sys.argv[1], 'r'); d = f['entry/data']; a = d[...].astype(np.int64)\n" +
            "w = np.arange(a.size).reshape(a.shape)\n" +
            "print(d.dtype.str, ' '.join(map(str, d.shape)), ' '.join(map(str, d.chunks)), int(a.sum()), int((a * w).sum() % 1000000007))\n" +
            "print(' '.join(repr(float(x)) for x in d.attrs['element_size_um']))\n" +
            "op = d.attrs['Operator']; print(op.decode('utf-8') if isinstance(op, bytes) else op)\n";
        string? result = PeerPython.Run(script, path);
        if (result is null)
        {
            _output.WriteLine("Skipped: /usr/bin/python3 with h5py and numpy is not available.");
            return;
        }

        var lines = result.Split('\n');
        long sum = 0, weighted = 0, i = 0;
        for (int z = 0; z < 4; z++)
        {
            for (int y = 0; y < 7; y++)
            {
                for (int x = 0; x < 13; x++, i++)
                {
                    long value = (long)v.GetValue(x, y, z);
                    sum += value;
                    weighted = (weighted + value * i) % 1000000007;
                }
            }
        }

        Assert.Equal(FormattableString.Invariant($"<u2 4 7 13 1 7 13 {sum} {weighted}"), lines[0].Trim());
        var sizes = lines[1].Trim().Split(' ').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0.03, sizes[0], 12);
        Assert.Equal(0.01, sizes[1], 12);
        Assert.Equal(0.01, sizes[2], 12);
        Assert.Equal("Jörg", lines[2].Trim());
    }
}

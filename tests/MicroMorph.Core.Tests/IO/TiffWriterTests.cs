using System.Globalization;
using System.Text;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

public class TiffWriterTests
{
    private static VoxelStack MakeStack(VoxelDataType type, int w = 19, int h = 11, int d = 4)
    {
        var stack = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    long v = x * 7 + y * 131 + z * 1009;
                    int i = y * w + x;
                    switch (type)
                    {
                        case VoxelDataType.UInt8: stack.GetSlice<byte>(z)[i] = (byte)v; break;
                        case VoxelDataType.UInt16: stack.GetSlice<ushort>(z)[i] = (ushort)(v * 13); break;
                        case VoxelDataType.Int16: stack.GetSlice<short>(z)[i] = (short)(v * 7 - 20000); break;
                        case VoxelDataType.UInt32: stack.GetSlice<uint>(z)[i] = (uint)(v * 1_000_003 + 3_000_000_000); break;
                        default: stack.GetSlice<float>(z)[i] = v == 5 ? float.NaN : (float)(v * -0.37 + 1e-3); break;
                    }
                }
            }
        }

        return stack;
    }

    private static VoxelStack RoundTrip(Volume volume, ComputeOptions? options = null)
    {
        using var temp = new TempFolder();
        string path = temp.File("out.tif");
        TiffVolumeWriter.Write(volume, path, options ?? ComputeOptions.Default);
        return TiffVolumeReader.Read(path, null, ComputeOptions.Default);
    }

    [Theory]
    [InlineData(VoxelDataType.UInt8)]
    [InlineData(VoxelDataType.UInt16)]
    [InlineData(VoxelDataType.Int16)]
    [InlineData(VoxelDataType.UInt32)]
    [InlineData(VoxelDataType.Float32)]
    public void EveryTypeRoundTripsWithAnisotropicSizeAndMetadata(VoxelDataType type)
    {
        var stack = MakeStack(type);
        stack.VoxelSize = new VoxelSize(0.3, 0.45, 1.7, "µm");
        stack.Metadata["Sample"] = "NMC 811 = cathode\nline two 100% µ";
        stack.Metadata["key=with equals"] = "v";
        stack.Metadata["Tiff.Compression"] = "LZW"; // describes a source file, must not be copied
        var back = RoundTrip(stack);

        Assert.Equal((stack.Width, stack.Height, stack.Depth, type), (back.Width, back.Height, back.Depth, back.DataType));
        for (int z = 0; z < stack.Depth; z++)
        {
            Assert.True(stack.GetSliceBytes(z).SequenceEqual(back.GetSliceBytes(z)), $"slice {z} differs");
        }

        Assert.Equal("µm", back.VoxelSize.Unit);
        Assert.Equal(0.3, back.VoxelSize.X, 12);
        Assert.Equal(0.45, back.VoxelSize.Y, 12);
        Assert.Equal(1.7, back.VoxelSize.Z, 12);
        Assert.Equal("NMC 811 = cathode\nline two 100% µ", back.Metadata["Sample"]);
        Assert.Equal("v", back.Metadata["key=with equals"]);
        Assert.Equal("None", back.Metadata["Tiff.Compression"]);
        Assert.Equal("4", back.Metadata["Tiff.PageCount"]);
    }

    [Fact]
    public void BigTiffLayoutRoundTripsAndTifffileReadsIt()
    {
        var stack = MakeStack(VoxelDataType.UInt16, 1200, 700, 3);
        stack.VoxelSize = new VoxelSize(0.3, 0.3, 0.6, "µm");
        stack.Metadata["Sample"] = "big";
        using var temp = new TempFolder();
        string path = temp.File("big.tif");
        TiffVolumeWriter.Write(stack, path, ComputeOptions.Default, forceBigTiff: true);
        var back = TiffVolumeReader.Read(path, null, ComputeOptions.Default);
        Assert.Equal("BigTIFF", back.Metadata["Tiff.Format"]);
        Assert.Equal("big", back.Metadata["Sample"]);
        Assert.Equal(0.6, back.VoxelSize.Z, 12);
        for (int z = 0; z < 3; z++)
        {
            Assert.True(stack.GetSliceBytes(z).SequenceEqual(back.GetSliceBytes(z)));
        }

        if (TifffileAvailable())
        {
            string output = RunPython("import sys, tifffile; t = tifffile.TiffFile(sys.argv[1]); a = t.asarray(); print(t.is_bigtiff, a.shape, int(a[2, 699, 1199]))", path).Trim();
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"True (3, 700, 1200) {stack.GetSlice<ushort>(2)[699 * 1200 + 1199]}"), output);
        }
    }

    [Fact]
    public void UncalibratedAndSingleSliceRoundTrip()
    {
        var stack = MakeStack(VoxelDataType.Float32, 5, 3, 1);
        var back = RoundTrip(stack);
        Assert.Equal(VoxelSize.Uncalibrated, back.VoxelSize);
        Assert.Equal(1, back.Depth);
        Assert.True(stack.GetSliceBytes(0).SequenceEqual(back.GetSliceBytes(0)));
    }

    [Fact]
    public void OtherUnitsRoundTrip()
    {
        var stack = MakeStack(VoxelDataType.UInt8, 4, 4, 2);
        stack.VoxelSize = new VoxelSize(20, "nm");
        Assert.Equal(new VoxelSize(20, "nm"), RoundTrip(stack).VoxelSize);
        stack.VoxelSize = new VoxelSize(2, 2, 3, "Å");
        Assert.Equal(new VoxelSize(2, 2, 3, "Å"), RoundTrip(stack).VoxelSize);
    }

    [Fact]
    public void LargeSlicesAreSplitIntoStripsAndReadBack()
    {
        // 1200 x 700 UInt16 = 1.6 MiB per slice: more than one strip per page.
        var stack = MakeStack(VoxelDataType.UInt16, 1200, 700, 2);
        var back = RoundTrip(stack);
        for (int z = 0; z < 2; z++)
        {
            Assert.True(stack.GetSliceBytes(z).SequenceEqual(back.GetSliceBytes(z)));
        }
    }

    [Fact]
    public void PhaseImageRoundTripsThroughTheFacade()
    {
        var phases = new PhaseTable([new Phase(0, "Pore space", RgbColor.Parse("#000000")), new Phase(1, "NMC", RgbColor.Parse("#E69F00"))]);
        var image = new PhaseImage(6, 5, 3, phases);
        image.GetLabels(1)[7] = 1;
        image.VoxelSize = new VoxelSize(0.39, "µm");
        using var temp = new TempFolder();
        string path = temp.File("phases.tif");
        VolumeWriter.Write(image, path, VolumeFormat.Tiff, new VolumeWriteOptions());
        var back = Assert.IsType<PhaseImage>(VolumeReader.Read([path], new VolumeReadOptions()));
        Assert.Equal(["Pore space", "NMC"], back.Phases.Select(p => p.Name));
        Assert.Equal(1, back.GetLabel(1, 1, 1));
        Assert.Equal(0.39, back.VoxelSize.X, 12);
    }

    [Fact]
    public void DescriptionIsImageJCompatible()
    {
        var stack = MakeStack(VoxelDataType.UInt16, 8, 6, 3);
        stack.VoxelSize = new VoxelSize(0.5, 0.5, 2, "µm");
        using var temp = new TempFolder();
        string path = temp.File("ij.tif");
        TiffVolumeWriter.Write(stack, path, ComputeOptions.Default);
        string text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        Assert.Contains("ImageJ=1.11a\nimages=3\nslices=3\nunit=um\nspacing=2\nloop=false\n", text);

        // ImageJ reads images=N as N images stored back to back from the first page's data on.
        using var handle = File.OpenHandle(path);
        var structure = TiffFileStructure.Parse(handle, path, CancellationToken.None);
        Assert.Equal(3, structure.Directories.Count);
        ulong first = structure.Directories[0].StripOffsets![0];
        for (int z = 0; z < 3; z++)
        {
            Assert.Equal(first + (ulong)(z * 8 * 6 * 2), structure.Directories[z].StripOffsets![0]);
        }
    }

    [Theory]
    [InlineData(0.3, 3u, 10u)]
    [InlineData(2.0, 2u, 1u)]
    [InlineData(0.39, 39u, 100u)]
    [InlineData(0.25, 1u, 4u)]
    [InlineData(0.65, 13u, 20u)]
    [InlineData(390.625, 3125u, 8u)]
    [InlineData(1 / 0.3, 10u, 3u)]
    public void ResolutionIsStoredAsExactFraction(double value, uint numerator, uint denominator) =>
        Assert.Equal((numerator, denominator), TiffVolumeWriter.ToRational(value));

    [Fact]
    public void CancellationStopsTheWrite()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var temp = new TempFolder();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            TiffVolumeWriter.Write(MakeStack(VoxelDataType.UInt8), temp.File("c.tif"), new ComputeOptions { CancellationToken = cts.Token }));
    }

    [Fact]
    public void ProgressIsReportedPerPage()
    {
        var reports = new List<ProgressReport>();
        using var temp = new TempFolder();
        TiffVolumeWriter.Write(MakeStack(VoxelDataType.UInt8), temp.File("p.tif"), new ComputeOptions { Progress = new Sink(reports.Add) });
        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.Equal("Writing TIFF", r.Activity));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void TifffileReadsTheWrittenFile()
    {
        if (!TifffileAvailable())
        {
            return; // optional cross-check; the round-trip tests above do not depend on it
        }

        var stack = MakeStack(VoxelDataType.Int16, 9, 7, 5);
        stack.VoxelSize = new VoxelSize(0.25, 0.25, 1.5, "µm");
        using var temp = new TempFolder();
        string path = temp.File("for_tifffile.tif");
        TiffVolumeWriter.Write(stack, path, ComputeOptions.Default);
        string script = string.Join(
            "\n",
            "import sys, tifffile",
            "t = tifffile.TiffFile(sys.argv[1])",
            "a = t.asarray()",
            "ij = t.imagej_metadata",
            "x = t.pages[0].tags['XResolution'].value",
            "print(a.shape, a.dtype, int(a.astype('int64').sum()), int(a[4, 6, 8]), ij['spacing'], ij['unit'], ij['images'], x[1] / x[0], t.is_imagej)");
        string output = RunPython(script, path).Trim();
        long sum = 0;
        for (int z = 0; z < 5; z++)
        {
            foreach (short v in stack.GetSlice<short>(z))
            {
                sum += v;
            }
        }

        string expected = string.Create(CultureInfo.InvariantCulture, $"(5, 7, 9) int16 {sum} {stack.GetSlice<short>(4)[6 * 9 + 8]} 1.5 um 5 0.25 True");
        Assert.Equal(expected, output);
    }

    private static bool TifffileAvailable()
    {
        try
        {
            return PeerPython.Run("import tifffile; print('ok')")?.Trim() == "ok";
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // Called only after TifffileAvailable(): python3 and tifffile are there.
    private static string RunPython(string script, params string[] args) => PeerPython.Run(script, args)!;

    private sealed class Sink(Action<ProgressReport> action) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => action(value);
    }
}

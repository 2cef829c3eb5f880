using System.Globalization;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.IO;

/// <summary>
/// Voxel sizes through the writers and readers: bit-exact for MicroMorph's own files, within
/// VoxelSize.RelativeTolerance for TIFF rationals written by tifffile and ImageJ (fixtures from
/// Data/tiff/make_fixtures.py).
/// </summary>
public class VoxelSizeRoundTripTests
{
    public static TheoryData<string, double, double, double, string> Sizes() => new()
    {
        { ".tif", 0.65, 0.65, 0.65, "µm" },
        { ".tif", 390.625, 390.625, 390.625, "nm" },
        { ".tif", 0.3, 0.7, 1.1, "µm" },
        { ".tif", 0.1234567, 3.25e-3, 17, "mm" },
        { ".mhd", 0.65, 0.65, 0.65, "µm" },
        { ".mhd", 390.625, 390.625, 390.625, "nm" },
        { ".mhd", 0.1234567, 3.25e-3, 17, "mm" },
        { ".h5", 0.65, 0.65, 0.65, "µm" },
        { ".h5", 390.625, 390.625, 390.625, "nm" },
        { ".h5", 0.1234567, 3.25e-3, 17, "mm" },
        { ".png", 0.65, 0.65, 0.65, "µm" },
        { ".png", 390.625, 390.625, 390.625, "nm" },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void OwnFilesKeepTheSizeBitExactly(string extension, double x, double y, double z, string unit)
    {
        var stack = new VoxelStack(6, 5, 4, VoxelDataType.UInt8);
        stack.VoxelSize = new VoxelSize(x, y, z, unit);
        using var temp = new TempFolder();
        string path = temp.File("size" + extension);
        var files = VolumeWriter.Write(stack, path, VolumeFormat.Auto, new VolumeWriteOptions());
        string readPath = extension == ".png" ? files[0] : path;
        var read = VolumeReader.ReadFile(readPath, new VolumeReadOptions()).VoxelSize;

        // Bit for bit, not within the tolerance.
        Assert.Equal(BitConverter.DoubleToInt64Bits(x), BitConverter.DoubleToInt64Bits(read.X));
        Assert.Equal(BitConverter.DoubleToInt64Bits(y), BitConverter.DoubleToInt64Bits(read.Y));
        if (extension != ".png")
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(z), BitConverter.DoubleToInt64Bits(read.Z));
        }

        Assert.Equal(unit, read.Unit);
        Assert.Equal(x == y && y == z, read.IsIsotropic);
    }

    [Fact]
    public void TifffileRationalReadsAsDenominatorOverNumerator()
    {
        var stack = TiffVolumeReader.Read(TestData.File("tiff/fiji_rational_0.390625um.tif"), null, ComputeOptions.Default);
        double expected = 1677721600.0 / 4294967295.0; // XResolution = 4294967295/1677721600, one division
        Assert.Equal(expected, stack.VoxelSize.X);
        Assert.Equal(expected, stack.VoxelSize.Y);
        Assert.Equal(0.390625, stack.VoxelSize.Z);
        Assert.Equal(new VoxelSize(0.390625, "µm"), stack.VoxelSize);
        Assert.True(stack.VoxelSize.IsIsotropic);
    }

    [Fact]
    public void ImageJMillionthsReadWithinTheTolerance()
    {
        var stack = TiffVolumeReader.Read(TestData.File("tiff/imagej_millionths_0.65um.tif"), null, ComputeOptions.Default);
        Assert.Equal(1000000.0 / 1538461.0, stack.VoxelSize.X);
        Assert.Equal(new VoxelSize(0.65, "µm"), stack.VoxelSize);
        Assert.True(stack.VoxelSize.IsIsotropic);
    }

    [Fact]
    public void CentimetreResolutionIsOneDivision()
    {
        // 4000 pixels per cm: 10000 * 1 / 4000 µm, exactly 2.5.
        var size = TiffVolumeReader.Read(TestData.File("tiff/resolution_cm.tif"), null, ComputeOptions.Default).VoxelSize;
        Assert.Equal(new VoxelSize(2.5, "µm"), size);
        Assert.Equal(2.5, size.X);
    }

    [Fact]
    public void DecimalSizesAreExactFractions()
    {
        // Every size m * 10^e with up to six significant digits from 1e-4 to 1e4 whose exact
        // fraction fits in 32 bits (e >= -9; a sample of them) comes back from its fraction p / q
        // in one division.
        var random = new Random(18);
        for (int i = 0; i < 20000; i++)
        {
            int digits = random.Next(1, 7);
            long mantissa = random.NextInt64(1, (long)Math.Pow(10, digits));
            int exponent = random.Next(Math.Max(-9, -4 - digits), 5 - digits);
            double size = double.Parse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{exponent}"), CultureInfo.InvariantCulture);
            var (p, q) = TiffVolumeWriter.ToRational(size);
            Assert.True((double)p / q == size, string.Create(CultureInfo.InvariantCulture, $"{size:R} -> {p}/{q} = {(double)p / q:R}"));
        }
    }
}

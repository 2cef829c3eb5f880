using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Core.Tests.IO;

/// <summary><see cref="VolumeReader.ReadSliceSeries"/>: Fiji's "Image Sequence" of any list of files.</summary>
public class SliceSeriesTests
{
    private static string WriteSlice(TempFolder temp, string name, byte value, int width = 5)
    {
        var slice = new VoxelStack(width, 3, 1, VoxelDataType.UInt8);
        slice.GetSliceBytes(0).Fill(value);
        string path = temp.File(name);
        VolumeWriter.Write(slice, path, VolumeFormat.Auto, new VolumeWriteOptions());
        return path;
    }

    [Fact]
    public void FilesGivenInAnyOrderBecomeOneStackInNaturalOrder()
    {
        using var temp = new TempFolder();
        var files = Enumerable.Range(1, 12).Select(i => WriteSlice(temp, $"slice_{i}.tif", (byte)(10 * i))).ToList();

        // Ordinal order (slice_1, slice_10, slice_11, slice_12, slice_2, ...), reversed, with a duplicate.
        var given = files.OrderByDescending(f => f, StringComparer.Ordinal).Append(files[3]).ToList();
        var stack = VolumeReader.ReadSliceSeries(given, new VolumeReadOptions());
        Assert.Equal(12, stack.Depth);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (byte)(10 * i)), Enumerable.Range(0, 12).Select(z => stack.GetSliceBytes(z)[0]));
    }

    [Fact]
    public void AFolderContributesItsSlices()
    {
        using var temp = new TempFolder();
        WriteSlice(temp, "a_2.png", 2);
        WriteSlice(temp, "a_10.png", 10);
        File.WriteAllText(temp.File("notes.txt"), "not a slice");
        var stack = VolumeReader.ReadSliceSeries([temp.Path], new VolumeReadOptions());
        Assert.Equal(new byte[] { 2, 10 }, new[] { stack.GetSliceBytes(0)[0], stack.GetSliceBytes(1)[0] });
    }

    [Fact]
    public void ASliceOfAnotherSizeIsRefused()
    {
        using var temp = new TempFolder();
        var files = new[] { WriteSlice(temp, "s_1.tif", 1), WriteSlice(temp, "s_2.tif", 2, width: 6) };
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.ReadSliceSeries(files, new VolumeReadOptions()));
        Assert.Equal("SliceSizeMismatch", ex.ErrorId);
    }

    [Fact]
    public void OneSliceFileIsAStackOfOneAndAMultiPageFileIsRefused()
    {
        using var temp = new TempFolder();
        Assert.Equal(1, VolumeReader.ReadSliceSeries([WriteSlice(temp, "one.tif", 7)], new VolumeReadOptions()).Depth);

        string volume = temp.File("three.tif");
        VolumeWriter.Write(new VoxelStack(5, 3, 3, VoxelDataType.UInt8), volume, VolumeFormat.Auto, new VolumeWriteOptions());
        var ex = Assert.Throws<MicroMorphException>(() => VolumeReader.ReadSliceSeries([volume], new VolumeReadOptions()));
        Assert.Equal("SliceIsNotTwoDimensional", ex.ErrorId);
    }
}

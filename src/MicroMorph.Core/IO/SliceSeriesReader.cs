using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO;

/// <summary>
/// Reads a stack from single-slice image files (TIFF, PNG, JPEG, BMP, GIF, TGA or WebP), in natural order
/// (slice_2 before slice_10). All slices must have the same size and type.
/// </summary>
public static class SliceSeriesReader
{
    private static readonly string[] SliceExtensions = [".tif", ".tiff", .. RasterFormats.Extensions];

    /// <summary>Every image file (TIFF or a 2D raster format) in the folder (not recursive), in natural order.</summary>
    public static VoxelStack ReadFolder(string folder, VolumeReadOptions options)
    {
        var stack = Read(SliceFiles(folder), options);
        stack.Source = Path.GetFullPath(folder);
        return stack;
    }

    /// <summary>The image files (TIFF, PNG, JPEG, BMP, GIF, TGA, WebP) of a folder (not recursive), in natural order; <c>NoSlicesInFolder</c> when it has none.</summary>
    public static IReadOnlyList<string> SliceFiles(string folder)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => SliceExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => Path.GetFileName(f), NaturalStringComparer.Instance)
            .ToList();
        if (files.Count == 0)
        {
            throw new MicroMorphException("NoSlicesInFolder", MicroMorphErrorKind.ObjectNotFound, $"The folder '{folder}' holds no image files ({string.Join(", ", SliceExtensions)}).", folder);
        }

        return files;
    }

    /// <summary>
    /// One stack of the given single-slice files, sorted in natural order of their names (then of
    /// their full paths), whatever order they are given in.
    /// </summary>
    public static VoxelStack Read(IReadOnlyList<string> files, VolumeReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new MicroMorphException("NoInputFiles", MicroMorphErrorKind.ObjectNotFound, "No slice files were given.", files);
        }

        var ordered = files.OrderBy(f => Path.GetFileName(f), NaturalStringComparer.Instance).ThenBy(f => f, NaturalStringComparer.Instance).ToArray();
        var first = VolumeReader.ReadFile(ordered[0], options);
        if (first.Depth != 1)
        {
            throw MicroMorphException.InvalidData("SliceIsNotTwoDimensional", $"'{ordered[0]}' holds {first.Depth} slices; a slice series needs one image per file.", ordered[0]);
        }

        var stack = VoxelStack.CreateUninitialized(first.Width, first.Height, ordered.Length, first.DataType);
        stack.CopyAttributesFrom(first);
        stack.Source = Path.GetDirectoryName(Path.GetFullPath(ordered[0])) ?? ordered[0];
        stack.Metadata["SliceCount"] = ordered.Length.ToString(CultureInfo.InvariantCulture);
        first.GetSliceBytes(0).CopyTo(stack.GetSliceBytes(0));
        var rest = new ComputeOptions
        {
            CancellationToken = options.Compute.CancellationToken,
            MaxDegreeOfParallelism = options.Compute.MaxDegreeOfParallelism,
        };
        var progress = new ProgressCounter(ordered.Length, options.Compute.Progress, "Reading slices");
        progress.Increment();
        SliceIterator.For(ordered.Length - 1, rest, "Reading slices", i =>
        {
            string file = ordered[i + 1];
            var slice = VolumeReader.ReadFile(file, options with { Compute = rest });
            if (slice.Width != first.Width || slice.Height != first.Height || slice.Depth != 1)
            {
                throw MicroMorphException.InvalidData(
                    "SliceSizeMismatch",
                    $"'{file}' is {slice.Width} x {slice.Height} x {slice.Depth}, but '{Path.GetFileName(ordered[0])}' is {first.Width} x {first.Height}: all slices of a stack must have the same size.",
                    file);
            }

            if (slice.DataType != first.DataType)
            {
                throw MicroMorphException.InvalidData(
                    "SliceTypeMismatch",
                    $"'{file}' holds {slice.DataType} voxels, but '{Path.GetFileName(ordered[0])}' holds {first.DataType}: all slices of a stack must have the same data type.",
                    file);
            }

            slice.GetSliceBytes(0).CopyTo(stack.GetSliceBytes(i + 1));
            progress.Increment();
        });
        return stack;
    }
}

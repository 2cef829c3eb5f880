using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Raw;

/// <summary>
/// Reads raw voxels (x fastest, then y, then z; optional header bytes skipped) and MetaImage
/// (.mhd + data file, or .mha with the data after the header). See <see cref="MetaImageHeader"/>.
/// </summary>
public static class RawVolumeReader
{
    public static VoxelStack Read(string path, RawLayout layout, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        if (layout.HeaderBytes < 0)
        {
            throw MicroMorphException.Argument("InvalidHeaderBytes", string.Create(CultureInfo.InvariantCulture, $"The header size must not be negative; it is {layout.HeaderBytes}."), layout.HeaderBytes);
        }

        long fileBytes = FileLength(path);
        try
        {
            Volume.ValidateDimensions(layout.Width, layout.Height, layout.Depth, layout.DataType);
        }
        catch (MicroMorphException ex)
        {
            throw VolumeSizeGuard.Named(ex, path);
        }

        long sliceBytes = (long)layout.Width * layout.Height * layout.DataType.BytesPerVoxel();
        long expected = layout.HeaderBytes + sliceBytes * layout.Depth;
        if (fileBytes != expected)
        {
            string message = string.Create(
                CultureInfo.InvariantCulture,
                $"'{path}' has {fileBytes} bytes, but {layout.Width} x {layout.Height} x {layout.Depth} {layout.DataType} voxels ({layout.DataType.BytesPerVoxel()} bytes each) after a {layout.HeaderBytes}-byte header need {expected} bytes.");
            long data = fileBytes - layout.HeaderBytes;
            if (data > 0 && data % sliceBytes == 0 && data / sliceBytes <= int.MaxValue)
            {
                message += string.Create(CultureInfo.InvariantCulture, $" The size fits a depth of {data / sliceBytes} slices of {layout.Width} x {layout.Height}.");
            }
            else
            {
                message += " Check the dimensions, data type and header size.";
            }

            throw MicroMorphException.InvalidData("RawSizeMismatch", message, path);
        }

        // The file holds exactly the declared voxels (checked above); the memory must hold them too.
        VolumeSizeGuard.Check(path, "raw", layout.Width, layout.Height, layout.Depth, layout.DataType, null);
        var stack = VoxelStack.CreateUninitialized(layout.Width, layout.Height, layout.Depth, layout.DataType);
        RawSliceIO.ReadSlices(path, layout.HeaderBytes, stack, layout.ByteOrder, options, "Reading raw");
        stack.Source = Path.GetFullPath(path);
        return stack;
    }

    public static VoxelStack ReadMetaImage(string headerPath, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(headerPath);
        ArgumentNullException.ThrowIfNull(options);
        var header = MetaImageHeader.Read(headerPath);

        // The header checked that its data file holds exactly the declared voxels; the memory must hold them too.
        VolumeSizeGuard.Check(headerPath, "MetaImage", header.Width, header.Height, header.Depth, header.DataType, null);
        var stack = VoxelStack.CreateUninitialized(header.Width, header.Height, header.Depth, header.DataType);
        RawSliceIO.ReadSlices(header.DataPath, header.DataOffset, stack, header.ByteOrder, options, "Reading MetaImage");
        stack.Source = Path.GetFullPath(headerPath);
        stack.VoxelSize = header.VoxelSize;
        foreach (var (key, value) in header.Metadata)
        {
            stack.Metadata[key] = value;
        }

        return stack;
    }

    private static long FileLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException ex)
        {
            throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The path '{path}' does not exist.", path, ex);
        }
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Png;

/// <summary>
/// PNG decoder/encoder (own implementation; zlib from <see cref="System.IO.Compression.ZLibStream"/>).
/// <para>
/// Reading: grey 8-bit gives UInt8, grey 16-bit UInt16. Grey images of 1, 2 or 4 bits keep their raw
/// sample values (0..2^bits-1, e.g. 0/1 for a bilevel image) as UInt8; they are not scaled to 0-255.
/// Alpha is ignored. Colour images (RGB, RGBA, palette) need a <see cref="ColorChannel"/>; Red, Green,
/// Blue or Luminance (Rec. 601, 0.299 R + 0.587 G + 0.114 B rounded half up) become UInt8 (UInt16
/// for 16-bit colour). The voxel size comes from the text entry <c>MicroMorph.VoxelSize</c>
/// ("x,y,z,unit") when present, else from a pHYs chunk in pixels per metre (converted to µm, z = x);
/// every other tEXt/zTXt/iTXt entry becomes a metadata entry.
/// </para>
/// <para>
/// Writing: 8- or 16-bit grey from UInt8/UInt16 slices, 8-bit RGB for pictures; pHYs when the unit
/// is a length, the voxel size text, and one text chunk per entry of <see cref="PhaseTableMetadata.ForWriting"/>.
/// </para>
/// </summary>
public static class PngImageCodec
{
    public static VoxelStack Read(string path, ColorChannel? channel)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PngDecoder.Read(path, channel);
    }

    public static void WriteSlice(Volume volume, int z, string path)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        int bitDepth = volume.DataType switch
        {
            VoxelDataType.UInt8 => 8,
            VoxelDataType.UInt16 => 16,
            _ => throw new MicroMorphException(
                "FormatCannotHoldDataType",
                MicroMorphErrorKind.NotSupported,
                $"PNG holds 8- or 16-bit unsigned grey values; this volume is {volume.DataType}. Use TIFF, raw or HDF5.",
                volume),
        };
        PngEncoder.Write(path, volume.Width, volume.Height, PngEncoder.Grey, bitDepth, volume.GetSliceBytes(z), volume.VoxelSize, PhaseTableMetadata.ForWriting(volume));
    }

    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(path);
        Volume.ValidateDimensions(width, height, 1, VoxelDataType.UInt8);
        if (rgb.Length != (long)width * height * 3)
        {
            throw MicroMorphException.Argument(
                "RgbBufferSizeMismatch",
                $"An RGB picture of {width} x {height} pixels needs {(long)width * height * 3} bytes; {rgb.Length} were given.",
                rgb.Length);
        }

        PngEncoder.Write(path, width, height, PngEncoder.Rgb, 8, rgb, VoxelSize.Uncalibrated, new Dictionary<string, string>());
    }
}

using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Raw;

/// <summary>Writes raw voxels (x fastest, then y, then z, no header) plus a MetaImage header.</summary>
public static class RawVolumeWriter
{
    public static void WriteRaw(Volume volume, string rawPath, ByteOrder byteOrder, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(options);
        using var stream = new FileStream(rawPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        RawSliceIO.WriteSlices(volume, stream, byteOrder, options, "Writing raw");
    }

    public static void WriteMetaImageHeader(Volume volume, string headerPath, string rawFileName, ByteOrder byteOrder)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(headerPath);
        ArgumentNullException.ThrowIfNull(rawFileName);
        File.WriteAllText(headerPath, MetaImageHeader.Format(volume, rawFileName, byteOrder), new System.Text.UTF8Encoding(false));
    }
}

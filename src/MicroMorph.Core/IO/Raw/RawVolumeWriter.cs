using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Raw;

/// <summary>Writes raw voxels plus a MetaImage header. (Being implemented.)</summary>
public static class RawVolumeWriter
{
    public static void WriteRaw(Volume volume, string rawPath, ByteOrder byteOrder, ComputeOptions options) =>
        throw new NotImplementedException("Raw writing is being implemented.");

    public static void WriteMetaImageHeader(Volume volume, string headerPath, string rawFileName, ByteOrder byteOrder) =>
        throw new NotImplementedException("MetaImage writing is being implemented.");
}

using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>Writes a volume as a multi-page TIFF with ImageJ metadata. (Being implemented.)</summary>
public static class TiffVolumeWriter
{
    public static void Write(Volume volume, string path, ComputeOptions options) =>
        throw new NotImplementedException("TIFF writing is being implemented.");
}

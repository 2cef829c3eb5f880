using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>Reads multi-page TIFF and BigTIFF into a <see cref="VoxelStack"/>. (Being implemented.)</summary>
public static class TiffVolumeReader
{
    public static VoxelStack Read(string path, ColorChannel? channel, ComputeOptions options) =>
        throw new NotImplementedException("TIFF reading is being implemented.");
}

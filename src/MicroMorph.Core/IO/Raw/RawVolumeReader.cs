using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Raw;

/// <summary>Reads raw voxels (and MetaImage headers). (Being implemented.)</summary>
public static class RawVolumeReader
{
    public static VoxelStack Read(string path, RawLayout layout, ComputeOptions options) =>
        throw new NotImplementedException("Raw reading is being implemented.");

    public static VoxelStack ReadMetaImage(string headerPath, ComputeOptions options) =>
        throw new NotImplementedException("MetaImage reading is being implemented.");
}

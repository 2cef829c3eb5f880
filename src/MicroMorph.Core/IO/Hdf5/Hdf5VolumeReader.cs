using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>Reads an HDF5 dataset into a volume. (Being implemented.)</summary>
public static class Hdf5VolumeReader
{
    public static VoxelStack Read(string path, string? dataset, ComputeOptions options) =>
        throw new NotImplementedException("HDF5 reading is being implemented.");
}

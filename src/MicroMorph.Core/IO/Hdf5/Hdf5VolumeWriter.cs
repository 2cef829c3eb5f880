using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>Writes a volume as an HDF5 dataset. (Being implemented.)</summary>
public static class Hdf5VolumeWriter
{
    public static void Write(Volume volume, string path, string dataset, ComputeOptions options) =>
        throw new NotImplementedException("HDF5 writing is being implemented.");
}

using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO;

/// <summary>Options of <see cref="VolumeWriter"/>.</summary>
public sealed record VolumeWriteOptions
{
    /// <summary>Overwrite existing files.</summary>
    public bool Force { get; init; }

    /// <summary>HDF5 dataset path; default "/data".</summary>
    public string Dataset { get; init; } = "/data";

    /// <summary>Byte order of raw output.</summary>
    public ByteOrder ByteOrder { get; init; } = ByteOrder.LittleEndian;

    /// <summary>Compression of TIFF output; other formats refuse anything but None (CompressionNotSupported).</summary>
    public TiffCompression Compression { get; init; } = TiffCompression.None;

    public ComputeOptions Compute { get; init; } = ComputeOptions.Default;
}

using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO;

/// <summary>Options of <see cref="VolumeReader"/>.</summary>
public sealed record VolumeReadOptions
{
    /// <summary>HDF5 dataset path (e.g. "/exchange/data"); required when a file holds several candidates.</summary>
    public string? Dataset { get; init; }

    /// <summary>Layout of a raw file; when set, the file is read as raw whatever its extension.</summary>
    public RawLayout? Raw { get; init; }

    /// <summary>Channel taken from colour images; colour images without it are refused.</summary>
    public ColorChannel? Channel { get; init; }

    public ComputeOptions Compute { get; init; } = ComputeOptions.Default;
}

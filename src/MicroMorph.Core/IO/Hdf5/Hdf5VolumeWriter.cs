using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.Parallelism;
using PureHDF;
using PureHDF.Selections;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// Writes a volume as one HDF5 dataset (z, y, x; a one-slice volume as y, x) at a path such as
/// "/exchange/data" (groups are created), chunked one slice per chunk and written slice by slice
/// (PureHDF's <c>BeginWrite</c>). Attributes: <c>element_size_um</c> (z, y, x in µm, for Fiji and
/// ilastik) when the unit is a length, <c>MicroMorph.VoxelSize</c> ("x,y,z,unit", keeps the unit),
/// and one string attribute per entry of <see cref="PhaseTableMetadata.ForWriting"/>.
/// Data are stored little-endian without compression.
/// </summary>
public static class Hdf5VolumeWriter
{
    /// <summary>Largest chunk written, in bytes (HDF5 allows up to 4 GiB).</summary>
    private const long MaxChunkBytes = 1L << 30;

    public static void Write(Volume volume, string path, string dataset, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var parts = (dataset ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
        {
            throw MicroMorphException.Argument("InvalidHdf5DatasetPath", $"'{dataset}' is not a valid HDF5 dataset path (e.g. /data or /exchange/data).", dataset);
        }

        switch (volume.DataType)
        {
            case VoxelDataType.UInt8: WriteTyped<byte>(volume, path, parts, options); break;
            case VoxelDataType.UInt16: WriteTyped<ushort>(volume, path, parts, options); break;
            case VoxelDataType.Int16: WriteTyped<short>(volume, path, parts, options); break;
            case VoxelDataType.UInt32: WriteTyped<uint>(volume, path, parts, options); break;
            default: WriteTyped<float>(volume, path, parts, options); break;
        }
    }

    private static void WriteTyped<T>(Volume volume, string path, string[] parts, ComputeOptions options)
        where T : unmanaged
    {
        bool is3D = volume.Depth > 1;
        ulong w = (ulong)volume.Width, h = (ulong)volume.Height, d = (ulong)volume.Depth;
        long rowBytes = (long)volume.Width * volume.DataType.BytesPerVoxel();
        uint rows = (uint)Math.Clamp(MaxChunkBytes / rowBytes, 1, volume.Height);
        var ds = is3D
            ? new H5Dataset<T[]>(fileDims: [d, h, w], chunks: [1, rows, (uint)w])
            : new H5Dataset<T[]>(fileDims: [h, w], chunks: [rows, (uint)w]);
        AddAttributes(ds, volume, is3D);

        H5Group parent = new H5File();
        var file = (H5File)parent;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var group = new H5Group();
            parent[parts[i]] = group;
            parent = group;
        }

        parent[parts[^1]] = ds;
        var buffer = new T[volume.SliceVoxelCount];
        using var writer = file.BeginWrite(path);
        SliceIterator.ForSequential(volume.Depth, options, "Writing HDF5", z =>
        {
            volume.ReadSliceBytes(z).CopyTo(MemoryMarshal.AsBytes(buffer.AsSpan()));
            var selection = is3D
                ? new HyperslabSelection(3, [(ulong)z, 0, 0], [1, h, w])
                : new HyperslabSelection(2, [0, 0], [h, w]);
            writer.Write(ds, buffer, fileSelection: selection);
        });
    }

    private static void AddAttributes(H5Dataset ds, Volume volume, bool is3D)
    {
        var size = volume.VoxelSize;
        if (LengthUnits.MetresPerUnit(size.Unit) is { } metres)
        {
            double f = metres / 1e-6;
            ds.Attributes[Hdf5VolumeReader.ElementSizeAttribute] = is3D
                ? new[] { size.Z * f, size.Y * f, size.X * f }
                : new[] { size.Y * f, size.X * f };
        }

        if (size.Unit != VoxelSize.UncalibratedUnit)
        {
            ds.Attributes[VoxelSizeText.Key] = VoxelSizeText.Format(size);
        }

        foreach (var (key, value) in PhaseTableMetadata.ForWriting(volume))
        {
            if (key == Hdf5VolumeReader.ElementSizeAttribute || key == VoxelSizeText.Key)
            {
                continue;
            }

            ds.Attributes[key] = value;
        }

    }
}

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Hdf5;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.IO.Tiff;

namespace MicroMorph.Core.IO;

/// <summary>
/// Writes a volume in one of the <see cref="VolumeFormat"/>s, atomically (temporary names, then
/// rename) and never over an existing file without <see cref="VolumeWriteOptions.Force"/>.
/// A phase image carries its phase table along in the file's metadata.
/// </summary>
public static class VolumeWriter
{
    /// <summary>The format chosen for a path when none is given.</summary>
    public static VolumeFormat FormatFromPath(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".tif" or ".tiff" or ".btf" => VolumeFormat.Tiff,
            ".raw" or ".mhd" => VolumeFormat.Raw,
            ".h5" or ".hdf5" => VolumeFormat.Hdf5,
            ".png" => VolumeFormat.PngSlices,
            _ => throw MicroMorphException.Argument(
                "UnknownOutputFormat",
                $"Cannot tell the output format from the extension '{ext}' of '{path}'; use .tif, .raw/.mhd, .h5 or .png, or give -Format.",
                path),
        };
    }

    /// <summary>The files a write of <paramref name="volume"/> to <paramref name="path"/> produces (before anything is written).</summary>
    public static IReadOnlyList<string> PlannedFiles(Volume volume, string path, VolumeFormat format)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (format == VolumeFormat.Auto)
        {
            format = FormatFromPath(path);
        }

        string full = Path.GetFullPath(path);
        switch (format)
        {
            case VolumeFormat.Raw:
                string stem = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
                return [stem + ".raw", stem + ".mhd"];
            case VolumeFormat.PngSlices:
                if (volume.Depth == 1)
                {
                    return [full];
                }

                string baseName = Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
                int digits = Math.Max(4, (volume.Depth - 1).ToString(CultureInfo.InvariantCulture).Length);
                return Enumerable.Range(0, volume.Depth)
                    .Select(z => baseName + "_" + z.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + ".png")
                    .ToArray();
            default:
                return [full];
        }
    }

    /// <summary>
    /// Refuses options the format cannot honour before anything is written: compression is a TIFF
    /// option (raw, HDF5 and PNG output are written as they are).
    /// </summary>
    public static void CheckOptions(VolumeFormat format, string path, VolumeWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (format == VolumeFormat.Auto)
        {
            format = FormatFromPath(path);
        }

        if (options.Compression != TiffCompression.None && format != VolumeFormat.Tiff)
        {
            throw new MicroMorphException(
                "CompressionNotSupported",
                MicroMorphErrorKind.NotSupported,
                $"Compression {options.Compression} applies to TIFF output only; {format} output is written uncompressed. Leave out -Compression, or write a .tif file.",
                options.Compression);
        }
    }

    /// <summary>Writes the volume; returns the files written.</summary>
    public static IReadOnlyList<string> Write(Volume volume, string path, VolumeFormat format, VolumeWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(options);
        if (format == VolumeFormat.Auto)
        {
            format = FormatFromPath(path);
        }

        CheckOptions(format, path, options);
        var files = PlannedFiles(volume, path, format);
        var compute = options.Compute;
        Volume toWrite = volume;
        switch (format)
        {
            case VolumeFormat.Tiff:
                var compression = options.Compression;
                AtomicFileWriter.Write(
                    files[0],
                    t =>
                    {
                        if (compression == TiffCompression.None)
                        {
                            TiffVolumeWriter.Write(toWrite, t, compute);
                        }
                        else
                        {
                            TiffCompressedVolumeWriter.Write(toWrite, t, compression, compute);
                        }
                    },
                    options.Force,
                    compute.CancellationToken);
                break;
            case VolumeFormat.Hdf5:
                AtomicFileWriter.Write(files[0], t => Hdf5VolumeWriter.Write(toWrite, t, options.Dataset, compute), options.Force, compute.CancellationToken);
                break;
            case VolumeFormat.Raw:
                AtomicFileWriter.Write(
                    [
                        (files[0], t => RawVolumeWriter.WriteRaw(toWrite, t, options.ByteOrder, compute)),
                        (files[1], t => RawVolumeWriter.WriteMetaImageHeader(toWrite, t, Path.GetFileName(files[0]), options.ByteOrder)),
                    ],
                    options.Force,
                    compute.CancellationToken);
                break;
            case VolumeFormat.PngSlices:
                if (volume.DataType is not (VoxelDataType.UInt8 or VoxelDataType.UInt16))
                {
                    throw new MicroMorphException(
                        "FormatCannotHoldDataType",
                        MicroMorphErrorKind.NotSupported,
                        $"PNG holds 8- or 16-bit unsigned grey values; this volume is {volume.DataType}. Use TIFF, raw or HDF5.",
                        volume);
                }

                AtomicFileWriter.Write(
                    files.Select((f, z) => (f, (Action<string>)(t => RasterImageCodec.WriteSlice(toWrite, z, t)))).ToArray(),
                    options.Force,
                    compute.CancellationToken);
                break;
            default:
                throw MicroMorphException.Argument("UnknownOutputFormat", $"Unknown output format {format}.", format);
        }

        return files;
    }
}

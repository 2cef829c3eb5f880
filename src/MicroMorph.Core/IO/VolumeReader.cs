using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Hdf5;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.IO;

/// <summary>
/// Reads a volume from one file (format by extension, checked against the file's signature by
/// each reader) or from a series of single-slice files. A file that carries a MicroMorph phase
/// table comes back as a <see cref="PhaseImage"/>, anything else as a <see cref="VoxelStack"/>.
/// </summary>
public static class VolumeReader
{
    public static Volume Read(IReadOnlyList<string> paths, VolumeReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        if (paths.Count == 0)
        {
            throw new MicroMorphException("NoInputFiles", MicroMorphErrorKind.ObjectNotFound, "No input files were given.", paths);
        }

        foreach (var p in paths)
        {
            if (!File.Exists(p) && !Directory.Exists(p))
            {
                throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The path '{p}' does not exist.", p);
            }
        }

        VoxelStack stack;
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            stack = SliceSeriesReader.ReadFolder(paths[0], options);
        }
        else if (paths.Count > 1)
        {
            stack = SliceSeriesReader.Read(paths, options);
        }
        else
        {
            stack = ReadFile(paths[0], options);
        }

        return WithPhaseTable(stack, options);
    }

    /// <summary>
    /// One volume of single-slice files, one z-slice per file, in natural order of their names
    /// (slice_2 before slice_10), whatever order they come in: Fiji's "Image Sequence". A folder
    /// among <paramref name="paths"/> contributes its image files (TIFF, PNG, JPEG, BMP, GIF, TGA, WebP). Every file must hold one 2D
    /// image (<c>SliceIsNotTwoDimensional</c>) of the first one's size and type
    /// (<c>SliceSizeMismatch</c>, <c>SliceTypeMismatch</c>); the same file given twice counts once.
    /// </summary>
    public static Volume ReadSliceSeries(IReadOnlyList<string> paths, VolumeReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(SliceSeriesReader.SliceFiles(p).Where(seen.Add));
            }
            else if (File.Exists(p))
            {
                if (seen.Add(Path.GetFullPath(p)))
                {
                    files.Add(Path.GetFullPath(p));
                }
            }
            else
            {
                throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The path '{p}' does not exist.", p);
            }
        }

        if (files.Count == 0)
        {
            throw new MicroMorphException("NoInputFiles", MicroMorphErrorKind.ObjectNotFound, "No input files were given.", paths);
        }

        return WithPhaseTable(SliceSeriesReader.Read(files, options), options);
    }

    /// <summary>A stack whose metadata carries a MicroMorph phase table becomes the phase image it was.</summary>
    private static Volume WithPhaseTable(VoxelStack stack, VolumeReadOptions options)
    {
        var phases = PhaseTableMetadata.TryParse(stack.Metadata);
        if (phases is null || stack.DataType != VoxelDataType.UInt8)
        {
            return stack;
        }

        PhaseImage image;
        try
        {
            image = PhaseImageConverter.Convert(stack, phases, options.Compute, derived: false);
        }
        catch (MicroMorphException ex) when (!string.IsNullOrEmpty(stack.Source))
        {
            // e.g. LabelNotInPhaseTable: say which file holds the label.
            throw VolumeSizeGuard.Named(ex, stack.Source);
        }

        image.Metadata.Remove(PhaseTableMetadata.Key);
        return image;
    }

    /// <summary>
    /// Reads one file; used for single files and for each file of a slice series. Whatever goes
    /// wrong comes back as a <see cref="MicroMorphException"/> that names the file (issue 20): an
    /// I/O failure as <c>FileReadFailed</c>, and anything a reader failed to anticipate as
    /// <c>ReaderFailed</c> (a defect to report; the fuzz harness counts it as one).
    /// </summary>
    public static VoxelStack ReadFile(string path, VolumeReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ReadFileUnguarded(path, options);
        }
        catch (MicroMorphException ex)
        {
            var named = VolumeSizeGuard.Named(ex, path);
            if (ReferenceEquals(named, ex))
            {
                throw;
            }

            throw named;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The file '{path}' cannot be read: {ex.Message}", path, ex);
        }
        catch (OutOfMemoryException ex)
        {
            throw new MicroMorphException("InsufficientMemory", MicroMorphErrorKind.LimitsExceeded, $"Reading '{path}' ran out of memory.", path, ex);
        }
        catch (Exception ex)
        {
            throw new MicroMorphException(
                "ReaderFailed",
                MicroMorphErrorKind.ReadError,
                $"Reading '{path}' failed unexpectedly ({ex.GetType().Name}: {ex.Message.TrimEnd('.')}). The file is probably damaged; please report this with the file, as the reader should have said what is wrong with it.",
                path,
                ex);
        }
    }

    private static VoxelStack ReadFileUnguarded(string path, VolumeReadOptions options)
    {
        if (options.Raw is not null)
        {
            return RawVolumeReader.Read(path, options.Raw, options.Compute);
        }

        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".tif" or ".tiff" or ".btf" or ".tf8" or ".tf2" => ReadTiff(path, options),
            ".png" or ".jpg" or ".jpeg" or ".jpe" or ".jfif" or ".bmp" or ".dib" or ".gif" or ".tga" or ".webp" => RasterImageCodec.Read(path, options.Channel),
            ".mhd" or ".mha" => RawVolumeReader.ReadMetaImage(path, options.Compute),
            ".h5" or ".hdf5" or ".hdf" or ".he5" or ".nxs" => Hdf5VolumeReader.Read(path, options.Dataset, options.Compute),
            ".raw" or ".bin" or ".vol" or ".dat" => throw MicroMorphException.Argument(
                "RawLayoutRequired",
                $"'{path}' is a raw file: give its -Dimensions and -DataType (and -ByteOrder, -HeaderBytes if needed), or import its .mhd header.",
                path),
            _ => throw new MicroMorphException(
                "UnknownFileFormat",
                MicroMorphErrorKind.NotSupported,
                $"The format of '{path}' is not known from its extension '{ext}'. Supported: .tif/.tiff (TIFF, BigTIFF), .png, .jpg/.jpeg, .bmp, .gif, .tga, .webp, .mhd/.mha (MetaImage), .h5/.hdf5 (HDF5), and raw files with -Dimensions.",
                path),
        };
    }

    /// <summary>
    /// TIFF goes to our own reader (the 3D fast path). A TIFF whose layout it refuses
    /// (<c>TiffUnsupported</c>: palette, JPEG compression, 16-bit colour, ...) and that holds a single
    /// image goes to ImageSharp instead; when ImageSharp cannot read it either, our reader's error stands.
    /// </summary>
    private static VoxelStack ReadTiff(string path, VolumeReadOptions options)
    {
        try
        {
            return TiffVolumeReader.Read(path, options.Channel, options.Compute);
        }
        catch (MicroMorphException ours) when (ours.ErrorId == "TiffUnsupported" && SingleImageTiff(path) is { } page)
        {
            CheckTiffDataCanFill(page, path);
            using (var handle = InputFile.OpenRead(Path.GetFullPath(path)))
            {
                TiffPageDecoder.VerifyStoredData(page, handle, Path.GetFullPath(path));
            }

            try
            {
                return RasterImageCodec.ReadTiffPage(path, options.Channel);
            }
            catch (MicroMorphException theirs) when (theirs.ErrorId is not ("ColorImageNeedsChannel" or "InsufficientMemory"))
            {
                throw new MicroMorphException(ours.ErrorId, ours.Kind, ours.Message + " (ImageSharp's TIFF decoder failed too: " + theirs.Message + ")", ours.Target, ours);
            }
        }
    }

    /// <summary>The directory of a TIFF with one full-resolution image and no ImageJ description announcing more images; else null.</summary>
    private static TiffDirectory? SingleImageTiff(string path)
    {
        try
        {
            using var handle = InputFile.OpenRead(Path.GetFullPath(path));
            var structure = TiffFileStructure.Parse(handle, path, CancellationToken.None);
            var full = structure.Directories.Where(d => !d.IsReducedResolution).ToList();
            if (full.Count != 1)
            {
                return null;
            }

            var description = full[0].ImageDescription;
            string? text = description is null ? null : System.Text.Encoding.Latin1.GetString(description).TrimEnd('\0');
            return text is null || !ImageJMetadata.TryParse(text, out var imageJ) || imageJ.Images is not > 1 ? full[0] : null;
        }
        catch (MicroMorphException)
        {
            return null;
        }
    }

    /// <summary>
    /// Before ImageSharp allocates the image: its strips or tiles must be able to hold it. No TIFF
    /// compression but CCITT fax (bilevel, rows of one bit) expands more than 4096 pixels per byte
    /// (LZW at most ~2730:1, Deflate ~1032:1, PackBits 64:1, JPEG one bit per 8 x 8 block).
    /// </summary>
    private static void CheckTiffDataCanFill(TiffDirectory page, string path)
    {
        double pixels = (double)(page.Width ?? 0) * (page.Height ?? 0);
        double bytes = (page.StripByteCounts ?? page.TileByteCounts ?? []).Sum(c => (double)c);
        if (page.Compression is 2 or 3 or 4 || pixels <= 1 << 20 || pixels <= bytes * 4096)
        {
            return;
        }

        throw MicroMorphException.InvalidData(
            "DeclaredSizeExceedsFile",
            string.Create(CultureInfo.InvariantCulture, $"The TIFF file '{Path.GetFullPath(path)}' declares {page.Width} x {page.Height} pixels, but its image data ({bytes} bytes) cannot hold them."),
            path);
    }
}

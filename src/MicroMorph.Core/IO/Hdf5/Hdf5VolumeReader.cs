using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Raw;
using MicroMorph.Core.Parallelism;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// Reads a 2D (y, x) or 3D (z, y, x) HDF5 dataset of uint8, uint16, int16, uint32 or float32 (either
/// byte order, any layout or filter PureHDF decodes) slice by slice with hyperslab selections.
/// The voxel size comes from the attribute <c>MicroMorph.VoxelSize</c> ("x,y,z,unit") or else
/// <c>element_size_um</c> (Fiji / ilastik convention: z, y, x in µm); every other scalar string or
/// number attribute of the dataset becomes a metadata entry.
/// </summary>
public static class Hdf5VolumeReader
{
    public const string ElementSizeAttribute = "element_size_um";

    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Bytes the library may read while it opens the file and lists its datasets and attributes:
    /// a multiple of the file's size (objects are read a few times over), never unbounded.
    /// </summary>
    private static long StructureBudget(long fileLength) => (64 * fileLength) + (16 << 20);

    public static VoxelStack Read(string path, string? dataset, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        CheckSignature(path);
        var stream = OpenStream(path);
        try
        {
            using var file = Open(path, stream);
            return Read(path, dataset, options, file, stream);
        }
        catch (Exception ex) when (ex is not (MicroMorphException or OperationCanceledException))
        {
            // The one wrapping layer around PureHDF (issue 20): whatever the library throws on a damaged
            // file (IndexOutOfRange, DivideByZero, "The file is too small", ...) becomes an error naming the file.
            throw Wrapped(path, "Reading", ex);
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>A library or I/O failure as a MicroMorph error that names the file and says what went wrong.</summary>
    private static MicroMorphException Wrapped(string path, string doing, Exception ex) => ex switch
    {
        MicroMorphException m => m,
        BoundedReadStream.FileEndedException => MicroMorphException.InvalidData(
            "Hdf5Truncated", $"The HDF5 file '{path}' is truncated or damaged: {ex.Message}.", path, ex),
        BoundedReadStream.ReadBudgetExceededException => MicroMorphException.InvalidData(
            "Hdf5Corrupt", $"The HDF5 file '{path}' is damaged: {ex.Message} (its structure loops).", path, ex),
        OutOfMemoryException => new MicroMorphException(
            "InsufficientMemory", MicroMorphErrorKind.LimitsExceeded, $"{doing} the HDF5 file '{path}' ran out of memory; the file is damaged or too large for this machine.", path, ex),
        _ when ex.InnerException is BoundedReadStream.FileEndedException or BoundedReadStream.ReadBudgetExceededException => Wrapped(path, doing, ex.InnerException),
        _ => new MicroMorphException(
            "Hdf5ReadFailed", MicroMorphErrorKind.ReadError, $"{doing} the HDF5 file '{path}' failed ({ex.GetType().Name}: {ex.Message.TrimEnd('.')}); the file is damaged or uses a feature the HDF5 library cannot read.", path, ex),
    };

    private static VoxelStack Read(string path, string? dataset, ComputeOptions options, IH5Group file, BoundedReadStream stream)
    {
        var candidates = ListDatasets(file, path);
        IH5Dataset ds;
        string name;
        if (dataset is null)
        {
            var images = candidates.Where(c => c.Rank is 2 or 3).ToList();
            if (images.Count != 1)
            {
                if (images.Count == 0)
                {
                    throw new MicroMorphException(
                        "Hdf5DatasetNotFound",
                        MicroMorphErrorKind.ObjectNotFound,
                        $"'{path}' holds no 2D or 3D dataset. Datasets: {Describe(candidates)}.",
                        path);
                }

                throw MicroMorphException.Argument(
                    "Hdf5DatasetRequired",
                    $"'{path}' holds {images.Count} 2D/3D datasets; choose one with -Dataset: {Describe(images)}.",
                    images.Select(c => c.Path).ToArray());
            }

            name = images[0].Path;
            ds = images[0].Dataset;
        }
        else
        {
            name = "/" + dataset.Trim().Trim('/');
            var match = candidates.FirstOrDefault(c => string.Equals(c.Path, name, StringComparison.Ordinal));
            if (match.Dataset is null)
            {
                throw new MicroMorphException(
                    "Hdf5DatasetNotFound",
                    MicroMorphErrorKind.ObjectNotFound,
                    $"'{path}' has no dataset '{name}'. Datasets: {Describe(candidates)}.",
                    name);
            }

            ds = match.Dataset;
            if (match.Rank is not (2 or 3))
            {
                throw new MicroMorphException(
                    "Hdf5UnsupportedShape",
                    MicroMorphErrorKind.NotSupported,
                    $"The dataset '{name}' in '{path}' has {match.Rank} dimension(s) ({Shape(match.Dims)}); only 2D (y, x) and 3D (z, y, x) datasets are images.",
                    name);
            }
        }

        return ReadDataset(path, name, ds, options, stream);
    }

    private static VoxelStack ReadDataset(string path, string name, IH5Dataset ds, ComputeOptions options, BoundedReadStream stream)
    {
        var type = MapType(path, name, ds.Type);
        var dims = ds.Space.Dimensions;
        bool is3D = dims.Length == 3;
        ulong depth = is3D ? dims[0] : 1, height = dims[^2], width = dims[^1];

        // The one size guard (issue 20): the file's bytes must be able to hold the dataset (stored as
        // it is, or Deflate-compressed in chunks at most ~1032:1), and the memory must hold the volume.
        var layout = ds.Layout.Class;
        long fileLength = stream.Length;
        double? capacity = layout switch
        {
            H5DataLayoutClass.Compact or H5DataLayoutClass.Contiguous => fileLength,
            H5DataLayoutClass.Chunked => (fileLength * VolumeSizeGuard.DeflateExpansion) + (1 << 20),
            _ => null,
        };
        string basis = layout == H5DataLayoutClass.Chunked
            ? string.Create(CultureInfo.InvariantCulture, $"its {fileLength} bytes, even Deflate-compressed in chunks,")
            : string.Create(CultureInfo.InvariantCulture, $"its {fileLength} bytes ({layout.ToString().ToLowerInvariant()} layout, not compressed)");
        VolumeSizeGuard.Check(path, "HDF5", (long)Math.Min(width, long.MaxValue), (long)Math.Min(height, long.MaxValue), (long)Math.Min(depth, long.MaxValue), type, capacity, $"dataset '{name}': {basis}");
        bool bigEndian = IsBigEndian(ds, type, is3D);
        var stack = VoxelStack.CreateUninitialized((int)width, (int)height, (int)depth, type);

        // Reading the voxels reads each chunk at most once per slice it spans (when it does not fit the chunk
        // cache), plus the chunk index for every slice; more than that means the file's structure loops.
        long chunkDepth = layout == H5DataLayoutClass.Chunked && is3D && ds.Layout.Chunks is { Length: > 0 } chunks
            ? (long)Math.Min((ulong)chunks[0], depth)
            : 1;
        double budget = stream.BytesRead + StructureBudget(fileLength) + ((chunkDepth + 2.0) * Math.Max(fileLength, stack.ByteCount)) + (depth * 1048576.0);
        stream.Budget = (long)Math.Min(budget, long.MaxValue / 2);
        try
        {
            // Voxels from data that was never stored (chunks missing from the index, a contiguous dataset
            // without an address) would be the fill value: refused (issue 20), see StoredChunkCache.
            var cache = new StoredChunkCache(stream);
            var access = new H5DatasetAccess(null!, null!, cache);
            SliceIterator.ForSequential(stack.Depth, options, "Reading HDF5", z =>
            {
                var selection = is3D
                    ? new HyperslabSelection(3, [(ulong)z, 0, 0], [1, height, width])
                    : new HyperslabSelection(2, [0, 0], [height, width]);
                var slice = stack.GetSliceBytes(z);
                long reads = stream.DataReads;
                ReadInto(ds, access, selection, slice);
                if (cache.MissingChunks > 0 || (layout == H5DataLayoutClass.Contiguous && stream.DataReads == reads))
                {
                    throw MicroMorphException.InvalidData(
                        "Hdf5DataMissing",
                        string.Create(CultureInfo.InvariantCulture, $"Slice {z} of the dataset '{name}' ({Shape(dims)}) in the HDF5 file '{path}' was never stored (HDF5 would give its fill value): the file is damaged, or the dataset was not completely written. Copy the written part to a new dataset (e.g. with h5py) and import that."),
                        path);
                }

                if (bigEndian == BitConverter.IsLittleEndian)
                {
                    ByteSwap.InPlace(slice, type.BytesPerVoxel());
                }
            });
        }
        catch (Exception ex) when (ex is not (MicroMorphException or OperationCanceledException))
        {
            throw Wrapped(path, $"Reading the dataset '{name}' of", ex);
        }

        stack.Source = Path.GetFullPath(path) + ":" + name;
        ReadAttributes(ds, stack, is3D, path, name);
        return stack;
    }

    /// <summary>Reads a selection as raw bytes (file byte order) straight into the slice array, through our chunk cache.</summary>
    private static void ReadInto(IH5Dataset ds, H5DatasetAccess access, Selection selection, Span<byte> slice) =>
        ((NativeDataset)ds).Read(access, slice, selection); // H5File.Open gives native datasets

    /// <summary>
    /// PureHDF reads raw bytes of any byte order but refuses typed reads of big-endian data; a typed
    /// read of one element tells the two apart.
    /// </summary>
    private static bool IsBigEndian(IH5Dataset ds, VoxelDataType type, bool is3D)
    {
        if (type.BytesPerVoxel() == 1)
        {
            return false;
        }

        // The byte order is part of the type; PureHDF exposes it only through this refusal. Any other
        // failure of the one-element read propagates to the wrapping layer in Read.
        var one = is3D ? new HyperslabSelection(3, [0, 0, 0], [1, 1, 1]) : new HyperslabSelection(2, [0, 0], [1, 1]);
        try
        {
            if (type.BytesPerVoxel() == 2)
            {
                ds.Read(new ushort[1], one);
            }
            else
            {
                ds.Read(new uint[1], one);
            }

            return false;
        }
        catch (Exception ex) when (ex is not (BoundedReadStream.FileEndedException or BoundedReadStream.ReadBudgetExceededException)
            && ex.Message.Contains("Byte order", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
    }

    private static void ReadAttributes(IH5Dataset ds, VoxelStack stack, bool is3D, string path, string name)
    {
        VoxelSize? size = null;
        VoxelSize? elementSize = null;
        List<IH5Attribute> attributes;
        try
        {
            // Enumerating them reads the object header: a failure here is a damaged file, not one odd attribute.
            attributes = ds.Attributes().Take(10_000).ToList();
        }
        catch (Exception ex) when (ex is not (MicroMorphException or OperationCanceledException))
        {
            throw Wrapped(path, $"Reading the attributes of the dataset '{name}' of", ex);
        }

        foreach (var attribute in attributes)
        {
            try
            {
                if (attribute.Name == ElementSizeAttribute)
                {
                    var values = ReadNumbers(attribute);
                    if (values is not null && values.Length == (is3D ? 3 : 2) && values.All(v => double.IsFinite(v) && v > 0))
                    {
                        elementSize = is3D
                            ? new VoxelSize(values[2], values[1], values[0], "µm")
                            : new VoxelSize(values[1], values[0], values[1], "µm");
                    }

                    continue;
                }

                string? text = ReadScalarText(attribute);
                if (text is null)
                {
                    continue;
                }

                if (attribute.Name == VoxelSizeText.Key)
                {
                    size = VoxelSizeText.TryParse(text);
                }
                else
                {
                    stack.Metadata[attribute.Name] = text;
                }
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException or BoundedReadStream.FileEndedException or BoundedReadStream.ReadBudgetExceededException)
                && ex.InnerException is not (BoundedReadStream.FileEndedException or BoundedReadStream.ReadBudgetExceededException))
            {
                // An attribute PureHDF cannot decode (a compound or enum type, say) is not part of the image; skip it.
            }
        }

        if ((size ?? elementSize) is { } s)
        {
            stack.VoxelSize = s;
        }
    }

    private static double[]? ReadNumbers(IH5Attribute attribute)
    {
        var t = attribute.Type;
        return t.Class switch
        {
            H5DataTypeClass.FloatingPoint when t.Size == 8 => attribute.Read<double[]>(),
            H5DataTypeClass.FloatingPoint when t.Size == 4 => attribute.Read<float[]>().Select(v => (double)v).ToArray(),
            _ => null,
        };
    }

    private static string? ReadScalarText(IH5Attribute attribute)
    {
        if (attribute.Space.Type != H5DataspaceType.Scalar && !(attribute.Space.Dimensions.Length == 1 && attribute.Space.Dimensions[0] == 1))
        {
            return null;
        }

        bool scalar = attribute.Space.Type == H5DataspaceType.Scalar;
        var t = attribute.Type;
        var inv = CultureInfo.InvariantCulture;
        switch (t.Class)
        {
            case H5DataTypeClass.String:
            case H5DataTypeClass.VariableLength:
                return scalar ? attribute.Read<string>() : attribute.Read<string[]>()[0];
            case H5DataTypeClass.FloatingPoint:
                double d = t.Size == 8 ? First<double>(attribute, scalar) : First<float>(attribute, scalar);
                return d.ToString("R", inv);
            case H5DataTypeClass.FixedPoint:
                bool signed = t.FixedPoint.IsSigned;
                return t.Size switch
                {
                    1 => signed ? First<sbyte>(attribute, scalar).ToString(inv) : First<byte>(attribute, scalar).ToString(inv),
                    2 => signed ? First<short>(attribute, scalar).ToString(inv) : First<ushort>(attribute, scalar).ToString(inv),
                    4 => signed ? First<int>(attribute, scalar).ToString(inv) : First<uint>(attribute, scalar).ToString(inv),
                    8 => signed ? First<long>(attribute, scalar).ToString(inv) : First<ulong>(attribute, scalar).ToString(inv),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static T First<T>(IH5Attribute attribute, bool scalar)
        where T : unmanaged => scalar ? attribute.Read<T>() : attribute.Read<T[]>()[0];

    private static VoxelDataType MapType(string path, string name, IH5DataType t)
    {
        VoxelDataType? type = t.Class switch
        {
            H5DataTypeClass.FixedPoint => (t.Size, t.FixedPoint.IsSigned) switch
            {
                (1, false) => VoxelDataType.UInt8,
                (2, false) => VoxelDataType.UInt16,
                (2, true) => VoxelDataType.Int16,
                (4, false) => VoxelDataType.UInt32,
                _ => null,
            },
            H5DataTypeClass.FloatingPoint when t.Size == 4 => VoxelDataType.Float32,
            _ => null,
        };
        if (type is null)
        {
            string described = t.Class switch
            {
                H5DataTypeClass.FixedPoint => (t.FixedPoint.IsSigned ? "int" : "uint") + (t.Size * 8).ToString(CultureInfo.InvariantCulture),
                H5DataTypeClass.FloatingPoint => "float" + (t.Size * 8).ToString(CultureInfo.InvariantCulture),
                _ => t.Class.ToString() + " (" + t.Size.ToString(CultureInfo.InvariantCulture) + " bytes)",
            };
            throw new MicroMorphException(
                "Hdf5UnsupportedType",
                MicroMorphErrorKind.NotSupported,
                $"The dataset '{name}' in '{path}' holds {described} values; supported are uint8, uint16, int16, uint32 and float32. Convert it (e.g. with h5py) first.",
                name);
        }

        return type.Value;
    }

    internal readonly record struct DatasetInfo(string Path, IH5Dataset Dataset, int Rank, ulong[] Dims);

    private static List<DatasetInfo> ListDatasets(IH5Group root, string file)
    {
        var result = new List<DatasetInfo>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        void Walk(IH5Group group, string prefix, int level)
        {
            if (level > 64)
            {
                return;
            }

            foreach (var child in group.Children())
            {
                string p = prefix + "/" + child.Name;
                if (!visited.Add(p))
                {
                    continue;
                }

                switch (child)
                {
                    case IH5Dataset d:
                        var dims = d.Space.Type == H5DataspaceType.Simple ? d.Space.Dimensions : [];
                        result.Add(new DatasetInfo(p, d, dims.Length, dims));
                        break;
                    case IH5Group g:
                        Walk(g, p, level + 1);
                        break;
                }
            }
        }

        try
        {
            Walk(root, string.Empty, 0);
        }
        catch (Exception ex) when (ex is not (MicroMorphException or OperationCanceledException))
        {
            throw Wrapped(file, "Listing the datasets of", ex);
        }

        return result;
    }

    private static string Describe(IEnumerable<DatasetInfo> datasets)
    {
        var items = datasets.Select(d => $"{d.Path} ({Shape(d.Dims)})").ToList();
        return items.Count == 0 ? "none" : string.Join(", ", items);
    }

    private static string Shape(ulong[] dims) => dims.Length == 0 ? "scalar" : string.Join(" x ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Like libhdf5, refuses a file shorter than the end-of-file address its superblock records
    /// (HDF5 File Format Specification, section II.A: versions 0/1 and 2/3 of the superblock): the
    /// usual sign of a truncated download, caught before the library reads anything else.
    /// </summary>
    private static void CheckEndOfFileAddress(FileStream stream, long superblock, string path)
    {
        var head = new byte[96];
        stream.Position = superblock;
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got < 12)
        {
            throw MicroMorphException.InvalidData("Hdf5Truncated", $"The HDF5 file '{path}' is truncated: it ends inside its superblock.", path);
        }

        int version = head[8];
        int offsetSize, position;
        switch (version)
        {
            case 0 or 1:
                offsetSize = head[13];
                position = 24 + (version == 1 ? 4 : 0) + offsetSize + offsetSize; // after the base and free-space addresses
                break;
            case 2 or 3:
                offsetSize = head[9];
                position = 12 + offsetSize + offsetSize; // after the base and superblock extension addresses
                break;
            default:
                return; // an unknown version: PureHDF will say so
        }

        if (offsetSize is not (2 or 4 or 8) || position + offsetSize > got)
        {
            return;
        }

        // The end-of-file address is relative to the base address (0 or the user block's size), so a
        // recorded end beyond the file's length means missing bytes whatever the base.
        ulong endOfFile = ReadAddress(head.AsSpan(position, offsetSize));
        ulong undefined = offsetSize == 8 ? ulong.MaxValue : (1UL << (offsetSize * 8)) - 1;
        if (endOfFile != undefined && endOfFile > (ulong)stream.Length)
        {
            throw MicroMorphException.InvalidData(
                "Hdf5Truncated",
                string.Create(CultureInfo.InvariantCulture, $"The HDF5 file '{path}' is truncated: its superblock records an end of file at byte {endOfFile}, but the file has {stream.Length} bytes."),
                path);
        }

        static ulong ReadAddress(ReadOnlySpan<byte> bytes)
        {
            ulong value = 0;
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[i];
            }

            return value;
        }
    }

    private static void CheckSignature(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[8];
            // The superblock may follow a user block of 512, 1024, 2048, ... bytes.
            for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
            {
                stream.Position = offset;
                stream.ReadExactly(buffer);
                if (buffer.AsSpan().SequenceEqual(Signature))
                {
                    CheckEndOfFileAddress(stream, offset, path);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The path '{path}' does not exist.", path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The file '{path}' cannot be read: {ex.Message}", path, ex);
        }

        throw MicroMorphException.InvalidData("NotAnHdf5File", $"'{path}' is not an HDF5 file (no HDF5 signature found).", path);
    }

    private static BoundedReadStream OpenStream(string path)
    {
        try
        {
            var inner = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            return new BoundedReadStream(inner, StructureBudget(inner.Length));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The file '{path}' cannot be opened: {ex.Message}", path, ex);
        }
    }

    private static PureHDF.VOL.Native.NativeFile Open(string path, BoundedReadStream stream)
    {
        try
        {
            return H5File.Open(stream, leaveOpen: true);
        }
        catch (Exception ex) when (ex is not (MicroMorphException or OperationCanceledException))
        {
            throw Wrapped(path, "Opening", ex);
        }
    }
}

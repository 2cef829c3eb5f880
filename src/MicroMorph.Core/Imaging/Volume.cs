using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// A 3D voxel volume (a 2D image is a volume of depth 1) held in slabs of whole z-slices, so
/// volumes above 2^31 voxels work; counts and offsets are <see cref="long"/>. Voxel (x, y) of a
/// slice is at element <c>y * Width + x</c>. Slices are stored in the machine's byte order.
/// </summary>
/// <remarks>
/// A slab holds as many slices as fit in <see cref="SlabBytes"/> (at least one). Slabs of tens
/// of megabytes rather than one array per slice matter for speed: the GC reuses freed large
/// blocks without handing them back to the OS, so a second 256 MiB volume costs no page faults
/// (measured: 0.015 s to fill 256 MiB in 64 MiB blocks against 0.11-0.17 s in 1 MiB arrays).
/// <para>
/// Storage (issue 24): a volume that would not fit in the memory budget lives in a memory-mapped
/// scratch file instead (<see cref="VolumeStorage"/>, <see cref="MappedSlabStorage"/>); the slice
/// accessors then hand out spans over the mapping, with the same meaning. The in-memory path costs
/// one null check more than before (measured: 3.38 ns per GetSliceBytes call before and after).
/// </para>
/// <para>
/// Identity: two volumes are equal when they are of the same kind, have the same dimensions, data
/// type and voxel size (and, for phase images, the same phase table) and hold the same bytes. The
/// <see cref="ContentHash"/> is computed lazily and dropped whenever a writable slice is handed out
/// (<see cref="GetSliceBytes"/>, <see cref="GetSlice{T}"/>, <see cref="SetSliceArray"/>); code that
/// keeps a span across a hash and writes through it later calls <see cref="MarkModified"/>.
/// </para>
/// </remarks>
public abstract class Volume : IEquatable<Volume>, IDisposable
{
    /// <summary>Target size of one storage slab.</summary>
    public const int SlabBytes = 64 << 20;

    private readonly byte[][]? _slabs;
    private readonly MappedSlabStorage? _mapped;
    private readonly int _sliceBytes;
    private readonly int _slicesPerSlab;
    private VoxelSize _voxelSize = VoxelSize.Uncalibrated;

    // The cached content hash, boxed so that it is read and written atomically; null when unknown.
    private object? _contentHash;

    protected Volume(int width, int height, int depth, VoxelDataType dataType, bool zeroFill)
    {
        ValidateDimensions(width, height, depth, dataType);
        Width = width;
        Height = height;
        Depth = depth;
        DataType = dataType;
        _sliceBytes = checked(width * height * dataType.BytesPerVoxel());
        _slicesPerSlab = Math.Clamp(SlabBytes / Math.Max(1, _sliceBytes), 1, depth);

        // In 64 bits: depth + slicesPerSlab - 1 overflows an int for depths near 2^31 (issue 20).
        int slabCount = (int)(((long)depth + _slicesPerSlab - 1) / _slicesPerSlab);

        // Nothing allocates a volume that cannot fit: a clear InsufficientMemory before any work,
        // or (issue 24) a memory-mapped scratch file when the volume would not fit in the memory
        // budget and a scratch folder is known (VolumeStorage). Small volumes skip the budget check,
        // which reads /proc/meminfo.
        double totalBytes = (double)_sliceBytes * depth;
        string? scratch = VolumeStorage.Choose(totalBytes, string.Create(CultureInfo.InvariantCulture, $"A {width} x {height} x {depth} {dataType} volume"), null);
        if (scratch is not null)
        {
            _mapped = MappedSlabStorage.Create(scratch, _sliceBytes, depth);
            ScratchFolder = scratch;
            return;
        }

        _slabs = new byte[slabCount][];
        for (int s = 0; s < slabCount; s++)
        {
            int slices = Math.Min(_slicesPerSlab, depth - s * _slicesPerSlab);
            int bytes = checked(slices * _sliceBytes);
            _slabs[s] = zeroFill ? new byte[bytes] : GC.AllocateUninitializedArray<byte>(bytes);
            if (!zeroFill)
            {
                PageAdvice.AdviseHugePages(_slabs[s]);
            }
        }
    }

    /// <summary>True when the voxels live in a memory-mapped scratch file rather than in memory (issue 24).</summary>
    public bool IsFileBacked => _mapped is not null;

    /// <summary>The scratch folder of a file-backed volume (its file there has no name), or null.</summary>
    public string? ScratchFolder { get; }

    /// <summary>
    /// Memory a file-backed volume keeps resident at most (its window of slabs; 0 in memory):
    /// slices outside the window are read back from the page cache or the file when used.
    /// </summary>
    public long ResidentWindowBytes => _mapped?.WindowBytes ?? 0;

    /// <summary>
    /// A hint for streaming operators: slices [<paramref name="from"/>, <paramref name="to"/>) are
    /// not needed for a while, so a file-backed volume drops their pages from memory (their data
    /// stays in the file). Does nothing for a volume in memory. Never changes any voxel.
    /// </summary>
    public void ReleaseSlices(int from, int to) => _mapped?.Release(Math.Max(0, from), Math.Min(Depth, to));

    /// <summary>Like <see cref="ReleaseSlices"/> for the whole volume (e.g. after an import or a pass).</summary>
    public void ReleaseMemory() => _mapped?.ReleaseAll();

    /// <summary>
    /// Frees a file-backed volume's scratch file now instead of at finalisation or exit; its slices
    /// cannot be used afterwards. Does nothing for a volume in memory.
    /// </summary>
    public void Dispose()
    {
        _mapped?.Dispose();
        GC.SuppressFinalize(this);
    }

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    public VoxelDataType DataType { get; }

    /// <summary>Width x Height x Depth, as a 64-bit count.</summary>
    public long VoxelCount => (long)Width * Height * Depth;

    public long SliceVoxelCount => (long)Width * Height;

    public bool IsTwoDimensional => Depth == 1;

    public VoxelSize VoxelSize
    {
        get => _voxelSize;
        set => _voxelSize = value.Unit is null ? VoxelSize.Uncalibrated : value;
    }

    /// <summary>Where the data came from (file path, generator and parameters, ...).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Free-form key/value metadata carried along (e.g. TIFF tags, HDF5 attributes).</summary>
    public IDictionary<string, string> Metadata { get; } = new MetadataTable();

    /// <summary>Size of the data in bytes.</summary>
    public long ByteCount => VoxelCount * DataType.BytesPerVoxel();

    /// <summary>"W x H x D" for display.</summary>
    public string Dimensions => string.Create(CultureInfo.InvariantCulture, $"{Width} x {Height} x {Depth}");

    /// <summary>
    /// The raw bytes of slice <paramref name="z"/> (native byte order), writable. Handing out a
    /// writable slice drops the cached <see cref="ContentHash"/>. Not callable from PowerShell
    /// (a span); scripts use <see cref="GetSliceArray"/>.
    /// </summary>
    public Span<byte> GetSliceBytes(int z)
    {
        MarkModified();
        return SliceBytes(z);
    }

    /// <summary>Slice <paramref name="z"/> as typed elements; <typeparamref name="T"/> must match the data type's size.</summary>
    public Span<T> GetSlice<T>(int z)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != DataType.BytesPerVoxel())
        {
            throw new InvalidOperationException($"A {DataType} slice cannot be viewed as {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(GetSliceBytes(z));
    }

    /// <summary>Slice <paramref name="z"/> for reading only: unlike <see cref="GetSliceBytes"/>, keeps the cached <see cref="ContentHash"/>.</summary>
    public ReadOnlySpan<byte> ReadSliceBytes(int z) => SliceBytes(z);

    /// <summary>Slice <paramref name="z"/> as typed elements for reading only (keeps the cached <see cref="ContentHash"/>).</summary>
    public ReadOnlySpan<T> ReadSlice<T>(int z)
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != DataType.BytesPerVoxel())
        {
            throw new InvalidOperationException($"A {DataType} slice cannot be viewed as {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(SliceBytes(z));
    }

    /// <summary>
    /// A copy of slice <paramref name="z"/> as a new array of the data type's element type
    /// (byte, ushort, short, uint or float; byte labels for a phase image), element (x, y) at
    /// <c>y * Width + x</c>. The script-callable counterpart of <see cref="GetSlice{T}"/>.
    /// </summary>
    public Array GetSliceArray(int z)
    {
        ReadOnlySpan<byte> bytes = SliceBytes(z);
        Array array = DataType switch
        {
            VoxelDataType.UInt8 => bytes.ToArray(),
            VoxelDataType.UInt16 => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray(),
            VoxelDataType.Int16 => MemoryMarshal.Cast<byte, short>(bytes).ToArray(),
            VoxelDataType.UInt32 => MemoryMarshal.Cast<byte, uint>(bytes).ToArray(),
            _ => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        };
        return array;
    }

    /// <summary>
    /// Overwrites slice <paramref name="z"/> from <paramref name="values"/> (Width x Height
    /// elements, element (x, y) at <c>y * Width + x</c>). An array of the data type's element type
    /// is copied as it is; any other array's elements are converted, and each must be representable
    /// in the data type (<c>ValueOutOfRange</c>). The script-callable counterpart of writing
    /// through <see cref="GetSlice{T}"/>.
    /// </summary>
    public void SetSliceArray(int z, Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckZ(z);
        if (values.Length != SliceVoxelCount)
        {
            throw MicroMorphException.Argument(
                "SliceLengthMismatch",
                string.Create(CultureInfo.InvariantCulture, $"A slice of this {Width} x {Height} volume has {SliceVoxelCount} voxels; the array has {values.Length} elements."),
                values);
        }

        var element = values.GetType().GetElementType();
        var native = DataType switch
        {
            VoxelDataType.UInt8 => typeof(byte),
            VoxelDataType.UInt16 => typeof(ushort),
            VoxelDataType.Int16 => typeof(short),
            VoxelDataType.UInt32 => typeof(uint),
            _ => typeof(float),
        };
        if (element == native && values.Rank == 1)
        {
            ValidateSlice(values);
            var target = GetSliceBytes(z);
            switch (values)
            {
                case byte[] b: b.CopyTo(target); break;
                case ushort[] u: MemoryMarshal.AsBytes(u.AsSpan()).CopyTo(target); break;
                case short[] s: MemoryMarshal.AsBytes(s.AsSpan()).CopyTo(target); break;
                case uint[] u32: MemoryMarshal.AsBytes(u32.AsSpan()).CopyTo(target); break;
                case float[] f: MemoryMarshal.AsBytes(f.AsSpan()).CopyTo(target); break;
            }

            return;
        }

        var converted = new double[values.Length];
        var (min, max) = DataType.Range();
        bool integer = DataType.IsInteger();
        int i = 0;
        foreach (object? item in values)
        {
            double v;
            try
            {
                v = Convert.ToDouble(item, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                throw MicroMorphException.Argument("ValueOutOfRange", $"Element {i} ('{item}') is not a number.", item);
            }

            if ((double.IsNaN(v) && integer) || v < min || v > max || (integer && v != Math.Floor(v)))
            {
                throw MicroMorphException.Argument(
                    "ValueOutOfRange",
                    string.Create(CultureInfo.InvariantCulture, $"Element {i} ({v}) cannot be stored in a {DataType} voxel."),
                    item);
            }

            converted[i++] = v;
        }

        Array typed = DataType switch
        {
            VoxelDataType.UInt8 => converted.Select(v => (byte)v).ToArray(),
            VoxelDataType.UInt16 => converted.Select(v => (ushort)v).ToArray(),
            VoxelDataType.Int16 => converted.Select(v => (short)v).ToArray(),
            VoxelDataType.UInt32 => converted.Select(v => (uint)v).ToArray(),
            _ => converted.Select(v => (float)v).ToArray(),
        };
        SetSliceArray(z, typed);
    }

    /// <summary>
    /// A hash of the voxels and the shape (dimensions and data type), as 16 hexadecimal digits:
    /// XxHash3 of each slice, combined in slice order, so it does not depend on the degree of
    /// parallelism and is the same on every machine and run. Computed on first use and kept until
    /// the volume is modified. Voxel size, phase names, source and metadata are not part of it.
    /// </summary>
    public string ContentHash => ComputeContentHash().ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The first 8 digits of <see cref="ContentHash"/>, as shown by ToString.</summary>
    public string ShortContentHash => ContentHash[..8];

    /// <summary>
    /// Drops the cached <see cref="ContentHash"/>. Needed only by code that keeps a span from
    /// <see cref="GetSliceBytes"/> while the hash is computed and writes through it afterwards.
    /// </summary>
    public void MarkModified()
    {
        // Read before write: the hot loops that fetch slices then leave the cache line shared.
        if (_contentHash is not null)
        {
            _contentHash = null;
        }
    }

    /// <summary>Same kind, dimensions, data type, voxel size (phase table) and the same bytes.</summary>
    public bool Equals(Volume? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.GetType() != GetType() || other.Width != Width || other.Height != Height ||
            other.Depth != Depth || other.DataType != DataType || !other.VoxelSize.Equals(VoxelSize) || !HeaderEquals(other))
        {
            return false;
        }

        if (ComputeContentHash() != other.ComputeContentHash())
        {
            return false;
        }

        // Equal hashes: confirm byte for byte, so equality never rests on the absence of a collision.
        for (int z = 0; z < Depth; z++)
        {
            if (!SliceBytes(z).SequenceEqual(other.SliceBytes(z)))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is Volume other && Equals(other);

    /// <summary>From the content hash (voxels and shape), so equal volumes give equal codes.</summary>
    public override int GetHashCode()
    {
        ulong h = ComputeContentHash();
        return (int)(h ^ (h >> 32));
    }

    /// <summary>The parts of equality a subclass adds (e.g. the phase table).</summary>
    protected virtual bool HeaderEquals(Volume other) => true;

    /// <summary>Checks an array about to be copied into a slice (e.g. labels against the phase table).</summary>
    protected virtual void ValidateSlice(Array values)
    {
    }

    private ulong ComputeContentHash()
    {
        if (_contentHash is ulong cached)
        {
            return cached;
        }

        // A marker while hashing: a writable slice handed out meanwhile replaces it with null, and
        // then the hash (of a volume that changed while it was read) is returned but not kept.
        var pending = new object();
        Interlocked.CompareExchange(ref _contentHash, pending, null);
        var sliceHashes = new ulong[Depth];
        // Parallel over slices; each slice's hash is independent, so the result is deterministic.
        Parallel.For(0, Depth, z => sliceHashes[z] = XxHash3.HashToUInt64(SliceBytes(z)));
        Span<long> shape = [Width, Height, Depth, (long)DataType];
        var combined = new XxHash3();
        combined.Append(MemoryMarshal.AsBytes(shape));
        combined.Append(MemoryMarshal.AsBytes(sliceHashes.AsSpan()));
        ulong hash = combined.GetCurrentHashAsUInt64();
        Interlocked.CompareExchange(ref _contentHash, hash, pending);
        return hash;
    }

    /// <summary>Slice bytes for reading inside this class: does not drop the cached hash.</summary>
    private Span<byte> SliceBytes(int z)
    {
        CheckZ(z);
        byte[][]? slabs = _slabs;
        if (slabs is not null)
        {
            return slabs[z / _slicesPerSlab].AsSpan((z % _slicesPerSlab) * _sliceBytes, _sliceBytes);
        }

        return MappedSlice(z);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<byte> MappedSlice(int z) => _mapped!.Slice(z);

    /// <summary>
    /// Copies voxel size, source and metadata as they are from a volume that holds the same data
    /// (a reader assembling a slice series, a stack read as the phase image it was written as).
    /// A volume computed from another (crop, resize, conversion, filter, segmentation) uses
    /// <see cref="DeriveFrom"/> instead, so that it does not claim the other's description.
    /// </summary>
    public void CopyAttributesFrom(Volume other)
    {
        ArgumentNullException.ThrowIfNull(other);
        VoxelSize = other.VoxelSize;
        Source = other.Source;
        foreach (var kv in other.Metadata)
        {
            Metadata[kv.Key] = kv.Value;
        }
    }

    /// <summary>Prefix of the metadata entries a derived volume keeps from the volume it was computed from.</summary>
    public const string SourceMetadataPrefix = "Source.";

    /// <summary>Metadata key of the derivation steps since the data was read or generated ("crop 0,0,0 +32x32x32; Mean 2x2x2").</summary>
    public const string DerivedMetadataKey = "Derived";

    /// <summary>
    /// Makes this volume the result of a step applied to <paramref name="source"/>: takes its voxel
    /// size and source, and files its metadata under <see cref="SourceMetadataPrefix"/>
    /// (<c>Tiff.PageCount</c> becomes <c>Source.Tiff.PageCount</c>), so that entries describing the
    /// source's file or shape are not read as describing this volume. Entries already under the
    /// prefix stay; the source's own entries replace same-named older ones (the nearest ancestor
    /// wins). <paramref name="step"/>, when given, is appended to <see cref="Source"/> in brackets and
    /// to the <see cref="DerivedMetadataKey"/> entry, which lists the steps in order. The one helper
    /// every derivation uses; entries the step records about itself (<c>Filter.Gaussian</c>) are
    /// added afterwards and stay unprefixed.
    /// </summary>
    public void DeriveFrom(Volume source, string? step = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        VoxelSize = source.VoxelSize;
        Source = string.IsNullOrEmpty(step) ? source.Source : source.Source + " [" + step + "]";
        foreach (var kv in source.Metadata.Where(kv => kv.Key.StartsWith(SourceMetadataPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            Metadata[kv.Key] = kv.Value;
        }

        foreach (var kv in source.Metadata.Where(kv => !kv.Key.StartsWith(SourceMetadataPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            if (!string.Equals(kv.Key, DerivedMetadataKey, StringComparison.OrdinalIgnoreCase))
            {
                Metadata[SourceMetadataPrefix + kv.Key] = kv.Value;
            }
        }

        source.Metadata.TryGetValue(DerivedMetadataKey, out string? steps);
        if (!string.IsNullOrEmpty(step))
        {
            steps = string.IsNullOrEmpty(steps) ? step : steps + "; " + step;
        }

        if (!string.IsNullOrEmpty(steps))
        {
            Metadata[DerivedMetadataKey] = steps;
        }
    }

    /// <summary>
    /// Throws a clear error for dimensions that are not positive, whose product overflows, or
    /// whose slice does not fit in one .NET array.
    /// </summary>
    public static void ValidateDimensions(long width, long height, long depth, VoxelDataType dataType)
    {
        if (width < 1 || height < 1 || depth < 1)
        {
            throw MicroMorphException.Argument(
                "InvalidDimensions",
                string.Create(CultureInfo.InvariantCulture, $"Volume dimensions must be positive; got {width} x {height} x {depth}."),
                new[] { width, height, depth });
        }

        if (width > int.MaxValue || height > int.MaxValue || depth > int.MaxValue)
        {
            throw new MicroMorphException(
                "DimensionsOverflow",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"Volume dimensions {width} x {height} x {depth} exceed the largest extent per axis ({int.MaxValue})."),
                new[] { width, height, depth });
        }

        long sliceBytes;
        long totalBytes;
        try
        {
            sliceBytes = checked(width * height * dataType.BytesPerVoxel());
            totalBytes = checked(sliceBytes * depth);
        }
        catch (OverflowException)
        {
            throw new MicroMorphException(
                "DimensionsOverflow",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"Volume dimensions {width} x {height} x {depth} overflow a 64-bit voxel count."),
                new[] { width, height, depth });
        }

        if (sliceBytes > Array.MaxLength)
        {
            throw new MicroMorphException(
                "SliceTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"One {width} x {height} slice of {dataType} needs {sliceBytes} bytes, more than one array can hold ({Array.MaxLength})."),
                new[] { width, height, depth });
        }

        _ = totalBytes;
    }

    private int CheckZ(int z)
    {
        if ((uint)z >= (uint)Depth)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, $"Slice index must be in [0, {Depth}).");
        }

        return z;
    }

    /// <summary>
    /// The metadata, sorted by key (case-insensitive), whose text form says what it holds ("12 entries: Derived,
    /// Source.Tiff.PageCount, ...") so that a volume piped to Export-Csv gets a readable cell, not a type name.
    /// </summary>
    private sealed class MetadataTable() : SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        public override string ToString() =>
            Count == 0 ? "0 entries" : $"{Count} {(Count == 1 ? "entry" : "entries")}: {string.Join(", ", Keys.Take(4))}{(Count > 4 ? ", ..." : string.Empty)}";
    }
}

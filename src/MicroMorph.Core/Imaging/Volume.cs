using System.Globalization;
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
/// </remarks>
public abstract class Volume
{
    /// <summary>Target size of one storage slab.</summary>
    public const int SlabBytes = 64 << 20;

    private readonly byte[][] _slabs;
    private readonly int _sliceBytes;
    private readonly int _slicesPerSlab;
    private VoxelSize _voxelSize = VoxelSize.Uncalibrated;

    protected Volume(int width, int height, int depth, VoxelDataType dataType, bool zeroFill)
    {
        ValidateDimensions(width, height, depth, dataType);
        Width = width;
        Height = height;
        Depth = depth;
        DataType = dataType;
        _sliceBytes = checked(width * height * dataType.BytesPerVoxel());
        _slicesPerSlab = Math.Clamp(SlabBytes / Math.Max(1, _sliceBytes), 1, depth);
        int slabCount = (depth + _slicesPerSlab - 1) / _slicesPerSlab;
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
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Size of the data in bytes.</summary>
    public long ByteCount => VoxelCount * DataType.BytesPerVoxel();

    /// <summary>"W x H x D" for display.</summary>
    public string Dimensions => string.Create(CultureInfo.InvariantCulture, $"{Width} x {Height} x {Depth}");

    /// <summary>The raw bytes of slice <paramref name="z"/> (native byte order).</summary>
    public Span<byte> GetSliceBytes(int z)
    {
        CheckZ(z);
        return _slabs[z / _slicesPerSlab].AsSpan((z % _slicesPerSlab) * _sliceBytes, _sliceBytes);
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

    /// <summary>Copies voxel size, source and metadata from another volume.</summary>
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
}

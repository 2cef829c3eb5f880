using System.Globalization;
using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// A 3D voxel volume (a 2D image is a volume of depth 1) held as one array per z-slice, so
/// volumes above 2^31 voxels work; counts and offsets are <see cref="long"/>. Voxel (x, y) of a
/// slice is at element <c>y * Width + x</c>. Slices are stored in the machine's byte order.
/// </summary>
public abstract class Volume
{
    private readonly byte[][] _slices;
    private VoxelSize _voxelSize = VoxelSize.Uncalibrated;

    protected Volume(int width, int height, int depth, VoxelDataType dataType, bool zeroFill)
    {
        ValidateDimensions(width, height, depth, dataType);
        Width = width;
        Height = height;
        Depth = depth;
        DataType = dataType;
        int sliceBytes = checked(width * height * dataType.BytesPerVoxel());
        _slices = new byte[depth][];
        for (int z = 0; z < depth; z++)
        {
            _slices[z] = zeroFill ? new byte[sliceBytes] : GC.AllocateUninitializedArray<byte>(sliceBytes);
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
    public Span<byte> GetSliceBytes(int z) => _slices[CheckZ(z)];

    /// <summary>Slice <paramref name="z"/> as typed elements; <typeparamref name="T"/> must match the data type's size.</summary>
    public Span<T> GetSlice<T>(int z)
        where T : unmanaged
    {
        if (Marshal.SizeOf<T>() != DataType.BytesPerVoxel())
        {
            throw new InvalidOperationException($"A {DataType} slice cannot be viewed as {typeof(T).Name}.");
        }

        return MemoryMarshal.Cast<byte, T>(_slices[CheckZ(z)].AsSpan());
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

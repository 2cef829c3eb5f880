using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>A grey-value volume (UInt8, UInt16, Int16, UInt32 or Float32) with its physical voxel size.</summary>
public sealed class VoxelStack : Volume
{
    /// <summary>Creates a zero-filled stack.</summary>
    public VoxelStack(int width, int height, int depth, VoxelDataType dataType)
        : this(width, height, depth, dataType, zeroFill: true)
    {
    }

    private VoxelStack(int width, int height, int depth, VoxelDataType dataType, bool zeroFill)
        : base(width, height, depth, dataType, zeroFill)
    {
    }

    /// <summary>Creates a stack whose voxels the caller will overwrite completely (readers).</summary>
    public static VoxelStack CreateUninitialized(int width, int height, int depth, VoxelDataType dataType) =>
        new(width, height, depth, dataType, zeroFill: false);

    /// <summary>The value of one voxel as a double (slow path; use slices in loops).</summary>
    public double GetValue(int x, int y, int z)
    {
        long i = CheckXY(x, y);
        return DataType switch
        {
            // Each branch is cast to double: a switch's common type would otherwise be float,
            // which rounds UInt32 values above 2^24.
            VoxelDataType.UInt8 => (double)ReadSlice<byte>(z)[(int)i],
            VoxelDataType.UInt16 => (double)ReadSlice<ushort>(z)[(int)i],
            VoxelDataType.Int16 => (double)ReadSlice<short>(z)[(int)i],
            VoxelDataType.UInt32 => (double)ReadSlice<uint>(z)[(int)i],
            _ => (double)ReadSlice<float>(z)[(int)i],
        };
    }

    /// <summary>Sets one voxel; the value must be representable in the data type.</summary>
    public void SetValue(int x, int y, int z, double value)
    {
        int i = CheckXY(x, y);
        var (min, max) = DataType.Range();
        if (double.IsNaN(value) && DataType.IsInteger() || value < min || value > max || (DataType.IsInteger() && value != Math.Floor(value)))
        {
            throw MicroMorphException.Argument("ValueOutOfRange", $"{value} cannot be stored in a {DataType} voxel.", value);
        }

        switch (DataType)
        {
            case VoxelDataType.UInt8: GetSlice<byte>(z)[i] = (byte)value; break;
            case VoxelDataType.UInt16: GetSlice<ushort>(z)[i] = (ushort)value; break;
            case VoxelDataType.Int16: GetSlice<short>(z)[i] = (short)value; break;
            case VoxelDataType.UInt32: GetSlice<uint>(z)[i] = (uint)value; break;
            default: GetSlice<float>(z)[i] = (float)value; break;
        }
    }

    /// <summary>Kind, dimensions, data type, voxel size and the short content hash, so two different volumes never print alike.</summary>
    public override string ToString() => $"VoxelStack {Dimensions} {DataType} ({VoxelSize}) #{ShortContentHash}";

    private int CheckXY(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside the {Width} x {Height} slice.");
        }

        return y * Width + x;
    }
}

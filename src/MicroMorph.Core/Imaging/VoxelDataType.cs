namespace MicroMorph.Core.Imaging;

/// <summary>Element type of a grey-value volume.</summary>
public enum VoxelDataType
{
    UInt8,
    UInt16,
    Int16,
    UInt32,
    Float32,
}

public static class VoxelDataTypeExtensions
{
    public static int BytesPerVoxel(this VoxelDataType type) => type switch
    {
        VoxelDataType.UInt8 => 1,
        VoxelDataType.UInt16 or VoxelDataType.Int16 => 2,
        VoxelDataType.UInt32 or VoxelDataType.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel data type."),
    };

    public static bool IsInteger(this VoxelDataType type) => type != VoxelDataType.Float32;

    public static bool IsSigned(this VoxelDataType type) => type is VoxelDataType.Int16 or VoxelDataType.Float32;

    /// <summary>Smallest and largest value the type holds.</summary>
    public static (double Min, double Max) Range(this VoxelDataType type) => type switch
    {
        VoxelDataType.UInt8 => (byte.MinValue, byte.MaxValue),
        VoxelDataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        VoxelDataType.Int16 => (short.MinValue, short.MaxValue),
        VoxelDataType.UInt32 => (uint.MinValue, uint.MaxValue),
        VoxelDataType.Float32 => (float.MinValue, float.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown voxel data type."),
    };
}

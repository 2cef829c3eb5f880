using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Grey values of a slice of any voxel type as single-precision floats: the one conversion the
/// filters and feature computations read their input through.
/// </summary>
public static class GreyValues
{
    /// <summary>Copies slice <paramref name="z"/> of <paramref name="volume"/> into <paramref name="destination"/> (Width x Height floats).</summary>
    public static void ReadSlice(Volume volume, int z, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(volume);
        int n = checked((int)volume.SliceVoxelCount);
        if (destination.Length < n)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the slice has {n}.", nameof(destination));
        }

        var d = destination[..n];
        switch (volume.DataType)
        {
            case VoxelDataType.UInt8: Widen(volume.GetSlice<byte>(z), d); break;
            case VoxelDataType.UInt16: Widen(volume.GetSlice<ushort>(z), d); break;
            case VoxelDataType.Int16: Widen(volume.GetSlice<short>(z), d); break;
            case VoxelDataType.UInt32: Widen(volume.GetSlice<uint>(z), d); break;
            default: volume.GetSlice<float>(z).CopyTo(d); break;
        }
    }

    /// <summary>
    /// The same, refusing NaN grey values of a Float32 stack with <c>NaNGreyValue</c> (filters,
    /// clustering and probability assignments cannot order them).
    /// </summary>
    public static void ReadSliceWithoutNaN(Volume volume, int z, Span<float> destination)
    {
        ReadSlice(volume, z, destination);
        if (volume.DataType != VoxelDataType.Float32)
        {
            return;
        }

        foreach (float v in destination[..checked((int)volume.SliceVoxelCount)])
        {
            if (float.IsNaN(v))
            {
                throw MicroMorphException.InvalidData("NaNGreyValue", $"Slice {z} holds NaN grey values; replace them first.", volume);
            }
        }
    }

    private static void Widen(ReadOnlySpan<byte> s, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = s[i];
        }
    }

    private static void Widen(ReadOnlySpan<ushort> s, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = s[i];
        }
    }

    private static void Widen(ReadOnlySpan<short> s, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = s[i];
        }
    }

    private static void Widen(ReadOnlySpan<uint> s, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = s[i];
        }
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MicroMorph.Core.IO;

/// <summary>Reverses the byte order of every element of a buffer in place (files of the other endianness).</summary>
public static class ByteSwap
{
    public static bool IsNeeded(ByteOrder order) => (order == ByteOrder.LittleEndian) != BitConverter.IsLittleEndian;

    /// <param name="bytesPerElement">1 (nothing to do), 2 or 4.</param>
    public static void InPlace(Span<byte> data, int bytesPerElement)
    {
        switch (bytesPerElement)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(data);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(data);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            default:
                break;
        }
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Segmentation;

/// <summary>One z-slice of a grey-value stack of any data type as floats (NaN refused).</summary>
internal static class GreySlice
{
    public static void Read(VoxelStack grey, int z, Span<float> target)
    {
        switch (grey.DataType)
        {
            case VoxelDataType.UInt8:
            {
                var s = grey.GetSliceBytes(z);
                for (int i = 0; i < s.Length; i++)
                {
                    target[i] = s[i];
                }

                return;
            }

            case VoxelDataType.UInt16:
            {
                var s = grey.GetSlice<ushort>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    target[i] = s[i];
                }

                return;
            }

            case VoxelDataType.Int16:
            {
                var s = grey.GetSlice<short>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    target[i] = s[i];
                }

                return;
            }

            case VoxelDataType.UInt32:
            {
                var s = grey.GetSlice<uint>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    target[i] = s[i];
                }

                return;
            }

            default:
            {
                var s = grey.GetSlice<float>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    if (float.IsNaN(s[i]))
                    {
                        throw MicroMorphException.InvalidData("NaNGreyValue", $"Slice {z} holds NaN values; replace them first.", grey);
                    }
                }

                s.CopyTo(target);
                return;
            }
        }
    }
}

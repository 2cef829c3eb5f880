using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.IO.Raw;

/// <summary>Slice-by-slice transfer between raw files and volumes, with byte swapping.</summary>
internal static class RawSliceIO
{
    public static bool NeedsSwap(ByteOrder order) => ByteSwap.IsNeeded(order);

    /// <summary>Reads every slice of <paramref name="stack"/> from <paramref name="path"/>, starting at byte <paramref name="offset"/>.</summary>
    public static void ReadSlices(string path, long offset, VoxelStack stack, ByteOrder order, ComputeOptions options, string activity)
    {
        using var handle = InputFile.OpenRead(path);
        long sliceBytes = stack.SliceVoxelCount * stack.DataType.BytesPerVoxel();
        bool swap = NeedsSwap(order);
        SliceIterator.ForSequential(stack.Depth, options, activity, z =>
        {
            var slice = stack.GetSliceBytes(z);
            long at = offset + z * sliceBytes;
            int done = 0;
            while (done < slice.Length)
            {
                int n = RandomAccess.Read(handle, slice[done..], at + done);
                if (n == 0)
                {
                    throw MicroMorphException.InvalidData(
                        "RawSizeMismatch",
                        $"'{path}' ended while reading slice {z} of {stack.Depth} (at byte {at + done}); the file is shorter than its layout says.",
                        path);
                }

                done += n;
            }

            if (swap)
            {
                ByteSwap.InPlace(slice, stack.DataType.BytesPerVoxel());
            }
        });
    }

    /// <summary>Writes every slice to <paramref name="stream"/> in the given byte order.</summary>
    public static void WriteSlices(Volume volume, Stream stream, ByteOrder order, ComputeOptions options, string activity)
    {
        bool swap = NeedsSwap(order) && volume.DataType.BytesPerVoxel() > 1;
        byte[]? buffer = swap ? new byte[volume.ReadSliceBytes(0).Length] : null;
        SliceIterator.ForSequential(volume.Depth, options, activity, z =>
        {
            var slice = volume.ReadSliceBytes(z);
            if (buffer is null)
            {
                stream.Write(slice);
                return;
            }

            slice.CopyTo(buffer);
            ByteSwap.InPlace(buffer, volume.DataType.BytesPerVoxel());
            stream.Write(buffer);
        });
    }
}

using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Png;

/// <summary>PNG decoder/encoder. (Being implemented.)</summary>
public static class PngImageCodec
{
    public static VoxelStack Read(string path, ColorChannel? channel) =>
        throw new NotImplementedException("PNG reading is being implemented.");

    public static void WriteSlice(Volume volume, int z, string path) =>
        throw new NotImplementedException("PNG writing is being implemented.");

    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb) =>
        throw new NotImplementedException("PNG writing is being implemented.");
}

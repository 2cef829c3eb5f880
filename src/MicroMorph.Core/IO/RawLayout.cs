namespace MicroMorph.Core.IO;

/// <summary>How voxels are laid out in a raw file without a header: x fastest, then y, then z.</summary>
public sealed record RawLayout(int Width, int Height, int Depth, Imaging.VoxelDataType DataType, ByteOrder ByteOrder = ByteOrder.LittleEndian, long HeaderBytes = 0);

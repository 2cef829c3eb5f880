namespace MicroMorph.Core.IO;

/// <summary>Byte order of multi-byte voxels in a file.</summary>
public enum ByteOrder
{
    LittleEndian,
    BigEndian,
}

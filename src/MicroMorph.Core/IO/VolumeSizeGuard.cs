using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO;

/// <summary>
/// The one size check every volume reader makes before it allocates (issue 20): the declared
/// dimensions must form a valid volume (<c>InvalidDimensions</c>, <c>DimensionsOverflow</c>,
/// <c>SliceTooLarge</c>), the file's bytes must be able to hold them (<c>DeclaredSizeExceedsFile</c>:
/// the stored data times the largest expansion its compression allows), and the process must have
/// the memory for them (<c>InsufficientMemory</c>). Every message names the file.
/// </summary>
public static class VolumeSizeGuard
{
    /// <summary>Uncompressed data: one byte per byte.</summary>
    public const double NoExpansion = 1;

    /// <summary>PackBits: a 2-byte run expands to at most 128 bytes.</summary>
    public const double PackBitsExpansion = 64;

    /// <summary>Deflate: at most about 1032:1 (RFC 1951, a 258-byte match per 2 bits at best).</summary>
    public const double DeflateExpansion = 1032;

    /// <summary>
    /// TIFF LZW: with 12-bit codes each code stands for at most 4096 bytes, so at most
    /// 4096 / 1.5 ≈ 2731 bytes per stored byte.
    /// </summary>
    public const double LzwExpansion = 2731;

    /// <summary>
    /// Checks dimensions, the file's capacity and the memory for a volume about to be read from
    /// <paramref name="path"/>. <paramref name="capacityBytes"/> is the most the file's data can
    /// decode to (null: no bound from the file, e.g. when it was checked otherwise);
    /// <paramref name="capacityBasis"/> says how it was obtained, for the message.
    /// <paramref name="extraBytes"/> is working memory needed beside the volume.
    /// </summary>
    public static void Check(string path, string format, long width, long height, long depth, VoxelDataType type, double? capacityBytes, string? capacityBasis = null, double extraBytes = 0)
    {
        try
        {
            Volume.ValidateDimensions(width, height, depth, type);
        }
        catch (MicroMorphException ex)
        {
            throw Named(ex, path);
        }

        double bytes = (double)width * height * depth * type.BytesPerVoxel();
        string shape = string.Create(CultureInfo.InvariantCulture, $"{width} x {height} x {depth} {type}");
        if (capacityBytes is { } capacity && bytes > capacity)
        {
            throw MicroMorphException.InvalidData(
                "DeclaredSizeExceedsFile",
                string.Create(CultureInfo.InvariantCulture, $"The {format} file '{path}' declares {shape} voxels ({MemoryBudget.Format(bytes)}), but {capacityBasis ?? "its data"} can hold at most {MemoryBudget.Format(capacity)}; the file is damaged or truncated."),
                path);
        }

        MemoryBudget.RequireVolume(bytes + extraBytes, $"Reading the {shape} volume of '{path}'", path);
    }

    /// <summary>
    /// The same error with a message that names <paramref name="path"/> (for errors raised by code
    /// that does not know the file, e.g. dimension checks or the phase table conversion).
    /// </summary>
    public static MicroMorphException Named(MicroMorphException ex, string path)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Message.Contains(path, StringComparison.Ordinal) || ex.Message.Contains(Path.GetFullPath(path), StringComparison.Ordinal)
            ? ex
            : new MicroMorphException(ex.ErrorId, ex.Kind, $"'{path}': {ex.Message}", path, ex);
    }
}

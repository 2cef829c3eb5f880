using MicroMorph.Core.Errors;

namespace MicroMorph.Core.IO.Tiff;

/// <summary>The reader's and writer's error ids in one place, each naming the file.</summary>
internal static class TiffErrors
{
    public static MicroMorphException NotATiff(string path, string reason) =>
        MicroMorphException.InvalidData("NotATiffFile", $"'{path}' is not a TIFF file: {reason}", path);

    public static MicroMorphException Truncated(string path, string detail) =>
        MicroMorphException.InvalidData("TiffTruncated", $"The TIFF file '{path}' is truncated: {detail}", path);

    public static MicroMorphException Corrupt(string path, string detail, Exception? inner = null) =>
        MicroMorphException.InvalidData("TiffCorrupt", $"The TIFF file '{path}' is corrupt: {detail}", path, inner);

    public static MicroMorphException Unsupported(string path, string reason) =>
        new("TiffUnsupported", MicroMorphErrorKind.NotSupported, $"The TIFF file '{path}' uses a layout MicroMorph cannot read: {reason}", path);

    public static MicroMorphException PageMismatch(string path, string detail) =>
        MicroMorphException.InvalidData("TiffPageMismatch", $"The pages of the TIFF file '{path}' differ, so they cannot form one volume: {detail}", path);
}

using Microsoft.Win32.SafeHandles;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.IO;

/// <summary>Opens input files for positional reads, with the file errors every reader reports alike.</summary>
public static class InputFile
{
    /// <summary>A read handle for <c>RandomAccess</c> reads (no stream buffer); SequentialScan lets the OS read ahead.</summary>
    public static SafeFileHandle OpenRead(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MicroMorphException("PathNotFound", MicroMorphErrorKind.ObjectNotFound, $"The file '{path}' does not exist.", path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MicroMorphException("FileReadFailed", MicroMorphErrorKind.ReadError, $"The file '{path}' cannot be opened: {ex.Message}", path, ex);
        }
    }
}

using System.Runtime.InteropServices;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Linux memory hints for volume storage, so that first touching a fresh volume is not dominated
/// by 4 KiB page faults (numpy avoids the same cost with transparent huge pages):
/// <see cref="AdviseHugePages"/> (madvise MADV_HUGEPAGE) on each storage slab when it is allocated,
/// and <see cref="Populate"/> (MADV_POPULATE_WRITE, kernel 5.14+) before a reader fills a slice,
/// which maps its pages in one call instead of one fault per page inside the read. Only hints:
/// any failure (other OS, older kernel, no libc) is remembered and ignored.
/// </summary>
internal static unsafe partial class PageAdvice
{
    private const int MadvHugePage = 14;
    private const int MadvPopulateWrite = 23;
    private const int MadvDontNeed = 4;
    private const long PageSize = 4096;
    private const long HugePageSize = 2 << 20;
    private static volatile bool s_noPopulate = !OperatingSystem.IsLinux();
    private static volatile bool s_noHugePages = !OperatingSystem.IsLinux();
    private static volatile bool s_noDontNeed = !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());

    /// <summary>Allows huge pages for the whole 2 MiB pages inside the buffer (before it is touched).</summary>
    public static void AdviseHugePages(Span<byte> buffer)
    {
        if (!s_noHugePages && buffer.Length >= 2 * HugePageSize)
        {
            s_noHugePages = !Advise(buffer, HugePageSize, MadvHugePage);
        }
    }

    /// <summary>Maps the buffer's pages before data is written into it.</summary>
    public static void Populate(Span<byte> buffer)
    {
        if (!s_noPopulate && buffer.Length >= 16 * PageSize)
        {
            s_noPopulate = !Advise(buffer, PageSize, MadvPopulateWrite);
        }
    }

    /// <summary>
    /// Drops the whole pages inside [<paramref name="address"/>, +<paramref name="length"/>) from
    /// the process (MADV_DONTNEED). Only for shared file mappings (file-backed volumes), where the
    /// data stays in the page cache and the file: on private memory it would zero the pages.
    /// </summary>
    public static void DontNeed(byte* address, long length)
    {
        if (s_noDontNeed || length < PageSize)
        {
            return;
        }

        long start = ((long)address + PageSize - 1) & ~(PageSize - 1);
        long end = ((long)address + length) & ~(PageSize - 1);
        try
        {
            if (end > start)
            {
                _ = madvise((nint)start, (nuint)(end - start), MadvDontNeed);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            s_noDontNeed = true;
        }
    }

    /// <returns>False when the call is unavailable (then it is not tried again).</returns>
    private static bool Advise(Span<byte> buffer, long alignment, int advice)
    {
        try
        {
            fixed (byte* p = buffer)
            {
                // Only whole pages inside the buffer: neighbouring memory belongs to the GC.
                long start = ((long)p + alignment - 1) & ~(alignment - 1);
                long end = ((long)p + buffer.Length) & ~(alignment - 1);
                if (end > start && madvise((nint)start, (nuint)(end - start), advice) != 0)
                {
                    return Marshal.GetLastPInvokeError() != 22; // EINVAL: kernel without the flag
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint address, nuint length, int advice);
}

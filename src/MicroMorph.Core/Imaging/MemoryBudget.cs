using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Refuses, before any work, an allocation that cannot fit in the memory available to the process
/// (physical memory or the container/GC limit less the managed heap already in use, and on Linux
/// at most the system's MemAvailable), so a typo in a size fails at once with
/// <c>InsufficientMemory</c> instead of paging or being killed half-way.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Bytes the process may still allocate (0 when unknown).</summary>
    public static long AvailableBytes
    {
        get
        {
            var info = GC.GetGCMemoryInfo();
            long total = info.TotalAvailableMemoryBytes;
            long available = total <= 0 ? 0 : Math.Max(0, total - Math.Max(info.HeapSizeBytes, GC.GetTotalMemory(false)));
            long system = SystemAvailableBytes();
            return system > 0 && (available == 0 || system < available) ? system : available;
        }
    }

    /// <summary>
    /// Resident window of one file-backed volume: an eighth of <see cref="AvailableBytes"/>, between
    /// 64 MiB and 1 GiB, or <c>$env:MICROMORPH_WINDOW_MB</c> when set. Each file-backed volume keeps
    /// at most this much of itself (and at least two residency slabs per core) in memory.
    /// </summary>
    public static long ResidentWindowBytes
    {
        get
        {
            string? text = Environment.GetEnvironmentVariable("MICROMORPH_WINDOW_MB");
            if (!string.IsNullOrEmpty(text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long mb) && mb > 0)
            {
                return mb << 20;
            }

            long available = AvailableBytes;
            return available <= 0 ? 256L << 20 : Math.Clamp(available / 8, 64L << 20, 1L << 30);
        }
    }

    /// <summary>MemAvailable of /proc/meminfo (Linux), or 0.</summary>
    private static long SystemAvailableBytes()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !File.Exists("/proc/meminfo"))
            {
                return 0;
            }

            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kib) ? kib * 1024 : 0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>
    /// Throws <c>InsufficientMemory</c> (limits exceeded) when <paramref name="bytes"/> exceed
    /// <see cref="AvailableBytes"/>; <paramref name="what"/> names the allocation in the message.
    /// </summary>
    public static void Require(double bytes, string what, object? target)
    {
        long available = AvailableBytes;
        if (available > 0 && !(bytes <= available))
        {
            throw new MicroMorphException(
                "InsufficientMemory",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"{what} needs about {Format(bytes)}, but only {Format(available)} are available to this process."),
                target);
        }
    }

    /// <summary>
    /// Like <see cref="Require"/> for a volume about to be created: passes also when the volume
    /// would not fit in memory but would go to a scratch file (<see cref="VolumeStorage"/>), and
    /// throws <c>InsufficientMemory</c> only when it fits in neither.
    /// </summary>
    public static void RequireVolume(double bytes, string what, object? target) => _ = VolumeStorage.Choose(bytes, what, target);

    /// <summary>A byte count in binary units, e.g. "1.5 GiB".</summary>
    public static string Format(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1)
        {
            bytes /= 1024;
            u++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[u]}");
    }
}

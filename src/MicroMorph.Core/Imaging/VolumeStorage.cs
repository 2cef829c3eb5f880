using System.Globalization;
using System.IO.MemoryMappedFiles;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>Where a new volume keeps its voxels.</summary>
public enum VolumeStorageMode
{
    /// <summary>In memory when it fits comfortably in the memory budget, else in a scratch file when a scratch folder is known.</summary>
    Auto,

    /// <summary>In memory (InsufficientMemory when it does not fit).</summary>
    Memory,

    /// <summary>In a memory-mapped file in the scratch folder, whatever its size.</summary>
    File,
}

/// <summary>
/// Chooses the storage of new volumes (issue 24, DESIGN "Volumes"). A volume is held in managed
/// slabs when it needs at most <see cref="InMemoryFraction"/> of <see cref="MemoryBudget.AvailableBytes"/>;
/// a larger one goes to a memory-mapped file in the scratch folder, which is, in this order: the
/// folder of the innermost <see cref="Enter"/> scope on this logical thread (cmdlets open one for
/// <c>-Scratch</c>, and for the folder of a file-backed input), or <c>$env:MICROMORPH_SCRATCH</c>.
/// <c>$env:MICROMORPH_STORAGE</c> = File (or Memory) sets the mode for every volume of a session.
/// With no scratch folder a volume that does not fit is refused with <c>InsufficientMemory</c>
/// as before: there is deliberately no default folder, because the usual one (/tmp) is often a
/// RAM disk, and a mistyped size should fail at once rather than fill a disk.
/// </summary>
public static class VolumeStorage
{
    /// <summary>Environment variable naming the scratch folder.</summary>
    public const string ScratchVariable = "MICROMORPH_SCRATCH";

    /// <summary>A volume stays in memory when it needs at most this fraction of the available memory (leaving room for the operator's result).</summary>
    public const double InMemoryFraction = 0.5;

    private static readonly AsyncLocal<Scope?> s_scope = new();

    // Scopes open in the process (all threads and runspaces) and the mappings whose volumes became
    // unreachable while one was open: spans do not keep their volume alive, so a finalised volume's
    // mapping is only unmapped when no operation that might still hold a span of it is running.
    private static int s_openScopes;
    private static readonly System.Collections.Concurrent.ConcurrentQueue<MappedSlabStorage> s_pendingUnmaps = new();

    /// <summary>The scratch folder new volumes would use (scope, then environment), or null.</summary>
    public static string? ScratchFolder
    {
        get
        {
            string? folder = s_scope.Value?.Folder;
            if (string.IsNullOrEmpty(folder))
            {
                folder = Environment.GetEnvironmentVariable(ScratchVariable);
            }

            return string.IsNullOrWhiteSpace(folder) ? null : folder;
        }
    }

    /// <summary>Environment variable naming the storage mode where no scope sets one (Auto, Memory or File).</summary>
    public const string ModeVariable = "MICROMORPH_STORAGE";

    /// <summary>The storage mode of the innermost scope that sets one, else <c>$env:MICROMORPH_STORAGE</c>, else Auto.</summary>
    public static VolumeStorageMode Mode =>
        s_scope.Value?.Mode
        ?? (Enum.TryParse(Environment.GetEnvironmentVariable(ModeVariable), ignoreCase: true, out VolumeStorageMode m) && Enum.IsDefined(m) ? m : VolumeStorageMode.Auto);

    /// <summary>
    /// Until the returned object is disposed, volumes created on this logical thread (and the
    /// parallel loops it starts) use <paramref name="folder"/> (null: keep the enclosing folder)
    /// and <paramref name="mode"/> (null: keep the enclosing mode).
    /// </summary>
    public static IDisposable Enter(string? folder, VolumeStorageMode? mode = null)
    {
        if (mode == VolumeStorageMode.File && string.IsNullOrWhiteSpace(folder ?? ScratchFolder))
        {
            throw MicroMorphException.Argument("NoScratchFolder", $"File-backed storage needs a scratch folder (-Scratch or ${ScratchVariable}).", folder);
        }

        var previous = s_scope.Value;
        Interlocked.Increment(ref s_openScopes);
        var scope = new Scope(string.IsNullOrWhiteSpace(folder) ? previous?.Folder : folder, mode ?? previous?.Mode, previous);
        s_scope.Value = scope;
        return scope;
    }

    /// <summary>
    /// The scratch folder for a new volume of <paramref name="bytes"/>, or null to hold it in
    /// memory; throws InsufficientMemory when it fits in neither.
    /// </summary>
    internal static string? Choose(double bytes, string what, object? target)
    {
        var mode = Mode;
        if (mode == VolumeStorageMode.Memory || (mode == VolumeStorageMode.Auto && bytes <= Volume.SlabBytes))
        {
            if (bytes > Volume.SlabBytes)
            {
                MemoryBudget.Require(bytes, what, target);
            }

            return null;
        }

        string? folder = ScratchFolder;
        if (mode == VolumeStorageMode.Auto)
        {
            long available = MemoryBudget.AvailableBytes;
            if (folder is null)
            {
                MemoryBudget.Require(bytes, what + " (set -Scratch or $env:" + ScratchVariable + " to hold it in a file instead)", target);
                return null;
            }

            if (available == 0 || bytes <= available * InMemoryFraction)
            {
                return null;
            }
        }

        if (folder is null)
        {
            throw MicroMorphException.Argument("NoScratchFolder", $"File-backed storage needs a scratch folder (-Scratch or ${ScratchVariable}).", what);
        }

        RequireScratchSpace(folder, bytes, what, target);
        return folder;
    }

    /// <summary>True when a new volume of <paramref name="bytes"/> would go to a scratch file (false also when it fits nowhere).</summary>
    internal static bool WouldUseFile(double bytes)
    {
        try
        {
            return Choose(bytes, "A volume", null) is not null;
        }
        catch (MicroMorphException)
        {
            return false;
        }
    }

    private static void RequireScratchSpace(string folder, double bytes, string what, object? target)
    {
        if (!Directory.Exists(folder))
        {
            throw new MicroMorphException(
                "ScratchFolderNotFound",
                MicroMorphErrorKind.ObjectNotFound,
                $"The scratch folder '{folder}' does not exist.",
                folder);
        }

        long free;
        try
        {
            free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            free = 0;
        }

        if (free > 0 && bytes > free)
        {
            throw new MicroMorphException(
                "InsufficientMemory",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"{what} needs about {MemoryBudget.Format(bytes)}, more than the memory budget and than the {MemoryBudget.Format(free)} free in the scratch folder '{folder}'."),
                target);
        }
    }

    private sealed class Scope(string? folder, VolumeStorageMode? mode, Scope? previous) : IDisposable
    {
        public string? Folder { get; } = folder;

        public VolumeStorageMode? Mode { get; } = mode;

        private int _disposed;

        public void Dispose()
        {
            if (ReferenceEquals(s_scope.Value, this))
            {
                s_scope.Value = previous;
            }

            if (Interlocked.Exchange(ref _disposed, 1) == 0 && Interlocked.Decrement(ref s_openScopes) == 0)
            {
                DrainPendingUnmaps();
            }
        }
    }

    /// <summary>Called by a finalised mapping: unmap now when no operation runs, else when the last one ends.</summary>
    internal static void UnmapWhenIdle(MappedSlabStorage storage)
    {
        if (Volatile.Read(ref s_openScopes) == 0)
        {
            storage.ReleaseMapping();
            return;
        }

        s_pendingUnmaps.Enqueue(storage);
        if (Volatile.Read(ref s_openScopes) == 0)
        {
            DrainPendingUnmaps(); // the last scope closed between the check and the enqueue
        }
    }

    private static void DrainPendingUnmaps()
    {
        while (Volatile.Read(ref s_openScopes) == 0 && s_pendingUnmaps.TryDequeue(out var storage))
        {
            storage.ReleaseMapping();
        }
    }
}

/// <summary>
/// The voxels of one file-backed volume: one scratch file, mapped whole (shared, read-write), cut
/// into residency slabs of about <see cref="SlabTarget"/>. Resident memory is bounded by a window of
/// slabs: when a slice of a slab not yet resident is handed out and the window is full, the least
/// recently used slab is released with madvise(MADV_DONTNEED). On a shared file mapping that only
/// drops the page-table entries (dirty pages go on to the page cache and the file), so it is a
/// hint that never loses data: a span still pointing into a released slab faults its pages back in.
/// <para>
/// The file is created with its space reserved (fallocate, so a full disk fails here and not as a
/// SIGBUS later) and, on Linux and macOS, unlinked as soon as it is mapped: it has no name, the
/// kernel frees its blocks when the mapping is closed (Dispose, the finaliser, process exit or a
/// crash), and nothing is left behind in the scratch folder. On Windows it is opened
/// delete-on-close, which also covers exit and crash.
/// </para>
/// </summary>
internal sealed unsafe class MappedSlabStorage : IDisposable
{
    /// <summary>Target size of a residency slab (at least one slice).</summary>
    public const int SlabTarget = 8 << 20;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly int _sliceBytes;
    private readonly int _slicesPerSlab;
    private readonly long _slabBytes;
    private readonly long[] _stamp;
    private readonly int _window;
    private readonly object _gate = new();
    private byte* _base;
    private long _clock;

    private MappedSlabStorage(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int sliceBytes, int depth, long windowBytes)
    {
        Path = path;
        _file = file;
        _view = view;
        _base = pointer;
        _sliceBytes = sliceBytes;
        _slicesPerSlab = Math.Clamp(SlabTarget / Math.Max(1, sliceBytes), 1, depth);
        _slabBytes = (long)_slicesPerSlab * sliceBytes;
        int slabs = (int)(((long)depth + _slicesPerSlab - 1) / _slicesPerSlab);
        _stamp = new long[slabs];
        // At least two slabs per worker thread and a halo either side, whatever the budget.
        _window = (int)Math.Min(slabs, Math.Max(windowBytes / _slabBytes, 2L * Environment.ProcessorCount + 2));
    }

    /// <summary>The (unlinked) path of the scratch file, for messages.</summary>
    public string Path { get; }

    /// <summary>Bytes of the resident window (slabs x slab size).</summary>
    public long WindowBytes => _window * _slabBytes;

    /// <summary>Creates the scratch file in <paramref name="folder"/> and maps it.</summary>
    public static MappedSlabStorage Create(string folder, int sliceBytes, int depth)
    {
        long bytes = (long)sliceBytes * depth;
        string path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"micromorph-{Environment.ProcessId}-{Guid.NewGuid():N}.voxels"));
        FileStream? stream = null;
        MemoryMappedFile? file = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                PreallocationSize = bytes,
                Options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None,
            });
            stream.SetLength(bytes);
            file = MemoryMappedFile.CreateFromFile(stream, null, bytes, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: false);
            stream = null;
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path); // the mapping keeps the blocks; the name goes now, so a crash leaves nothing
            }

            view = file.CreateViewAccessor(0, bytes, MemoryMappedFileAccess.ReadWrite);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            var storage = new MappedSlabStorage(path, file, view, pointer, sliceBytes, depth, MemoryBudget.ResidentWindowBytes);
            view = null;
            file = null;
            return storage;
        }
        catch (IOException ex)
        {
            throw new MicroMorphException(
                "ScratchFileFailed",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"Cannot create a {MemoryBudget.Format(bytes)} scratch file in '{folder}': {ex.Message}"),
                folder,
                ex);
        }
        finally
        {
            view?.Dispose();
            file?.Dispose();
            if (stream is not null)
            {
                stream.Dispose();
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>Slice <paramref name="z"/> (checked by the caller); marks its slab as recently used.</summary>
    public Span<byte> Slice(int z)
    {
        byte* b = _base;
        if (b == null)
        {
            throw new ObjectDisposedException(nameof(Volume), "The file-backed volume was disposed.");
        }

        int slab = z / _slicesPerSlab;
        long tick = ++_clock; // racy on purpose: an approximate LRU is enough
        if (_stamp[slab] == 0)
        {
            Admit(slab, tick);
        }
        else
        {
            _stamp[slab] = tick;
        }

        return new Span<byte>(b + (long)z * _sliceBytes, _sliceBytes);
    }

    /// <summary>Releases the resident pages of slices [<paramref name="from"/>, <paramref name="to"/>) (a hint; data stays).</summary>
    public void Release(int from, int to)
    {
        if (_base == null || to <= from)
        {
            return;
        }

        lock (_gate)
        {
            int s0 = from / _slicesPerSlab, s1 = (to - 1) / _slicesPerSlab;
            for (int s = s0; s <= s1; s++)
            {
                // Only slabs wholly inside the range: a neighbour may still be in use.
                if ((long)s * _slicesPerSlab >= from && Math.Min((long)(s + 1) * _slicesPerSlab, _stamp.Length * (long)_slicesPerSlab) <= to)
                {
                    Evict(s);
                }
            }
        }
    }

    /// <summary>Releases every resident page (a hint).</summary>
    public void ReleaseAll()
    {
        if (_base == null)
        {
            return;
        }

        lock (_gate)
        {
            for (int s = 0; s < _stamp.Length; s++)
            {
                Evict(s);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_base == null)
            {
                return;
            }

            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Without this, the reference AcquirePointer holds would keep the view's SafeHandle from ever
    /// releasing the mapping, and an unreachable volume's scratch space would stay taken until exit.
    /// Dropping it lets the handles' critical finalisers unmap the file and close it, and the kernel
    /// free its blocks. Spans do not keep their volume alive, so an operation may still be reading
    /// the last slice of a volume that has just become unreachable: while any storage scope (every
    /// cmdlet's core work runs in one) is open, the unmapping waits until the last one closes.
    /// </summary>
    ~MappedSlabStorage() => VolumeStorage.UnmapWhenIdle(this);

    /// <summary>Drops the pointer reference, so the view's handle unmaps (at once, or when its own finaliser runs).</summary>
    internal void ReleaseMapping()
    {
        lock (_gate)
        {
            if (_base != null)
            {
                _base = null;
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    private void Admit(int slab, long tick)
    {
        lock (_gate)
        {
            _stamp[slab] = tick;
            int resident = 0;
            for (int s = 0; s < _stamp.Length; s++)
            {
                if (_stamp[s] != 0)
                {
                    resident++;
                }
            }

            while (resident > _window)
            {
                int oldest = -1;
                for (int s = 0; s < _stamp.Length; s++)
                {
                    if (s != slab && _stamp[s] != 0 && (oldest < 0 || _stamp[s] < _stamp[oldest]))
                    {
                        oldest = s;
                    }
                }

                if (oldest < 0)
                {
                    break;
                }

                Evict(oldest);
                resident--;
            }
        }
    }

    private void Evict(int slab)
    {
        _stamp[slab] = 0;
        long start = slab * _slabBytes;
        long end = Math.Min(start + _slabBytes, _view.Capacity);
        PageAdvice.DontNeed(_base + start, end - start);
    }
}

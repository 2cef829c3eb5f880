using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Base of every MicroMorph cmdlet: cancellation through StopProcessing, progress marshalled
/// from worker threads to the pipeline thread at a bounded rate (<see cref="ProgressPump"/>), and error mapping.
/// </summary>
public abstract class MicroMorphCmdlet : PSCmdlet, IDisposable
{
    private const string FileSystemProviderPrefix = @"Microsoft.PowerShell.Core\FileSystem::";
    private readonly CancellationTokenSource _stopping = new();
    private int _activityId;

    /// <summary>Maximum number of worker threads (default: all cores).</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// The scratch folder a cmdlet with a -Scratch parameter was given (its new volumes are then
    /// file-backed there), or null.
    /// </summary>
    protected virtual string? ScratchFolder => null;

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Runs core work on a worker thread while this (pipeline) thread writes its progress.
    /// Core exceptions come back as terminating-free ErrorRecords: the caller gets false.
    /// </summary>
    protected bool TryRun<T>(string activity, Func<ComputeOptions, T> work, object? target, out T result)
    {
        var queue = new BlockingCollection<ProgressReport>();
        var options = new ComputeOptions
        {
            CancellationToken = _stopping.Token,
            MaxDegreeOfParallelism = ThrottleLimit,
            Progress = new QueueProgress(queue),
        };
        // Issue 24: new volumes go to a scratch file when they do not fit in memory; the folder is
        // the cmdlet's -Scratch, else that of a file-backed input, else $env:MICROMORPH_SCRATCH.
        string? scratch = ScratchFolder ?? MyInvocation.BoundParameters.Values.OfType<Core.Imaging.Volume>().FirstOrDefault(v => v.IsFileBacked)?.ScratchFolder;
        Core.Imaging.VolumeStorageMode? storage = ScratchFolder is not null ? Core.Imaging.VolumeStorageMode.File : null;
        var task = Task.Run(() =>
        {
            try
            {
                using var scope = Core.Imaging.VolumeStorage.Enter(scratch, storage);
                return work(options);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        // One parent activity per run and one id for its stages' child records.
        int parent = Interlocked.Add(ref _activityId, 2) - 1;
        // -Verbose: the run's progress also becomes verbose lines while it runs (stages, iterations, residuals, time).
        new ProgressPump(WriteProgress, activity, parent, parent + 1, VerboseMessages.IsEnabled(this) ? WriteVerbose : null).Run(queue);

        try
        {
            result = task.GetAwaiter().GetResult();
            // File-backed volumes drop their resident window between commands (a hint; issue 24).
            (result as Core.Imaging.Volume)?.ReleaseMemory();
            foreach (var input in MyInvocation.BoundParameters.Values.OfType<Core.Imaging.Volume>())
            {
                input.ReleaseMemory();
            }

            return true;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Ctrl+C: PowerShell is already stopping the pipeline; nothing to report.
            throw new PipelineStoppedException();
        }
        catch (Exception ex) when (ex is MicroMorphException or IOException or UnauthorizedAccessException or OutOfMemoryException)
        {
            WriteError(ErrorMapping.ToErrorRecord(ex, target));
            result = default!;
            return false;
        }
    }

    /// <summary>
    /// The output path of an exporter, resolved against the current location; an existing file
    /// without <paramref name="force"/> is refused (OutputExists). False with an ErrorRecord written.
    /// </summary>
    protected bool TryResolveOutputPath(string path, bool force, out string target)
    {
        try
        {
            target = PathResolver.ResolveOutput(this, path);
            Core.IO.AtomicFileWriter.CheckTargets([target], force);
            return true;
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, path);
            target = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// The common tail of the picture exporters: asks ShouldProcess (-WhatIf, -Confirm) with
    /// <paramref name="action"/>, renders, writes the PNG under a temporary name and renames it, and
    /// returns the file with <paramref name="passThru"/>.
    /// </summary>
    protected void WritePng(string target, string path, bool force, bool passThru, string action, string activity, Func<(int Width, int Height, byte[] Rgb)> render)
    {
        if (!ShouldProcess(target, action))
        {
            return;
        }

        if (TryRun(
                activity,
                o =>
                {
                    var (w, h, rgb) = render();
                    Core.IO.AtomicFileWriter.Write(target, t => Core.IO.RasterImageCodec.WriteRgb(t, w, h, rgb), force, o.CancellationToken);
                    return target;
                },
                path,
                out var written) && passThru)
        {
            WriteFileItem(written);
        }
    }

    /// <summary>
    /// -PassThru of every writer: the written file as Get-Item gives it, i.e. a FileInfo got through
    /// the FileSystem provider, so it carries PSPath, PSParentPath and the provider's properties that
    /// the default file view shows (Mode, UnixMode, User, Group, Size). A bare <c>new FileInfo</c>
    /// would show blank columns.
    /// </summary>
    protected void WriteFileItem(string fileSystemPath)
    {
        Collection<PSObject>? items = null;
        try
        {
            // Provider-qualified, so that a current location on another provider cannot reinterpret it.
            items = SessionState.InvokeProvider.Item.Get([FileSystemProviderPrefix + fileSystemPath], force: true, literalPath: true);
        }
        catch (Exception ex) when (ex is SessionStateException or ProviderInvocationException or NotSupportedException)
        {
            // No FileSystem provider in this session (a restricted host): the plain FileInfo still names the file.
        }

        if (items is { Count: > 0 })
        {
            foreach (var item in items)
            {
                WriteObject(item);
            }
        }
        else
        {
            WriteObject(new FileInfo(fileSystemPath));
        }
    }

    /// <summary>Writes a non-terminating error with a fixed id.</summary>
    protected void WriteError(string errorId, ErrorCategory category, string message, object? target) =>
        WriteError(new ErrorRecord(new MicroMorphException(errorId, Core.Errors.MicroMorphErrorKind.InvalidArgument, message, target), errorId, category, target));

    /// <summary>Maps a core exception thrown on the pipeline thread.</summary>
    protected void WriteError(Exception exception, object? target) => WriteError(ErrorMapping.ToErrorRecord(exception, target));

    /// <summary>Finds one phase of <paramref name="image"/> by name or label; an unknown one is written as a PhaseNotFound error and gives false.</summary>
    protected bool TryResolvePhase(Core.Imaging.PhaseImage image, string nameOrLabel, out Core.Imaging.Phase phase)
    {
        try
        {
            phase = image.Phases.Resolve(nameOrLabel);
            return true;
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, nameOrLabel);
            phase = null!;
            return false;
        }
    }

    private sealed class QueueProgress(BlockingCollection<ProgressReport> queue) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value)
        {
            if (!queue.IsAddingCompleted)
            {
                try
                {
                    queue.TryAdd(value);
                }
                catch (InvalidOperationException)
                {
                    // Completed between the check and the add: the report is no longer needed.
                }
            }
        }
    }
}

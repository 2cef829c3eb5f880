namespace MicroMorph.Core.Parallelism;

/// <summary>
/// The one parallel loop over z-slices (or any index range) used by the core: honours the
/// degree of parallelism and cancellation of <see cref="ComputeOptions"/> and reports progress
/// at most every 1/100 of the range, whatever the thread.
/// </summary>
public static class SliceIterator
{
    public static void For(int count, ComputeOptions options, string activity, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = new ProgressCounter(count, options.Progress, activity);
        try
        {
            Parallel.For(0, count, options.ToParallelOptions(), i =>
            {
                body(i);
                progress.Increment();
            });
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count >= 1)
        {
            // Surface the first real failure (e.g. a MicroMorphException) rather than the wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Sequential loop with the same progress and cancellation behaviour (for I/O).</summary>
    public static void ForSequential(int count, ComputeOptions options, string activity, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = new ProgressCounter(count, options.Progress, activity);
        for (int i = 0; i < count; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            body(i);
            progress.Increment();
        }
    }
}

/// <summary>Thread-safe counter that reports at most ~100 progress messages over a run.</summary>
public sealed class ProgressCounter
{
    private readonly long _total;
    private readonly IProgress<ProgressReport>? _sink;
    private readonly string _activity;
    private readonly long _step;
    private long _done;

    public ProgressCounter(long total, IProgress<ProgressReport>? sink, string activity)
    {
        _total = Math.Max(1, total);
        _sink = sink;
        _activity = activity;
        _step = Math.Max(1, _total / 100);
    }

    public void Increment(long amount = 1)
    {
        if (_sink is null)
        {
            return;
        }

        long before = Interlocked.Add(ref _done, amount) - amount;
        long after = before + amount;
        if (before / _step != after / _step || after >= _total)
        {
            _sink.Report(new ProgressReport(_activity, $"{Math.Min(after, _total)} of {_total}", Math.Min(1.0, (double)after / _total)));
        }
    }
}

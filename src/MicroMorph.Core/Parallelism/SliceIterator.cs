namespace MicroMorph.Core.Parallelism;

/// <summary>
/// The one parallel loop over z-slices (or any index range) used by the core: honours the
/// degree of parallelism and cancellation of <see cref="ComputeOptions"/> and reports progress
/// at most every 1/100 of the range, whatever the thread.
/// </summary>
public static class SliceIterator
{
    /// <remarks>
    /// When iterations fail, the failure of the lowest index is thrown, whatever the thread timing:
    /// a failing iteration calls <see cref="ParallelLoopState.Break"/>, which still runs every lower
    /// index, so the same input always reports the same error (e.g. the first corrupt page).
    /// </remarks>
    public static void For(int count, ComputeOptions options, string activity, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = new ProgressCounter(count, options.Progress, activity);
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Index, Exception Error)>();
        Parallel.For(0, count, options.ToParallelOptions(), (i, state) =>
        {
            try
            {
                body(i);
                progress.Increment();
            }
            catch (Exception ex)
            {
                failures.Add((i, ex));
                state.Break();
            }
        });

        if (!failures.IsEmpty)
        {
            var first = failures.MinBy(f => f.Index).Error;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>
    /// The same loop with per-worker state (e.g. a decoder with its buffers): created by
    /// <paramref name="createState"/> on each worker, passed to every iteration it runs, and
    /// released by <paramref name="releaseState"/> when the worker is done.
    /// </summary>
    public static void For<TState>(int count, ComputeOptions options, string activity, Func<TState> createState, Action<int, TState> body, Action<TState> releaseState)
    {
        ArgumentNullException.ThrowIfNull(options);
        var progress = new ProgressCounter(count, options.Progress, activity);
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Index, Exception Error)>();
        Parallel.For(
            0,
            count,
            options.ToParallelOptions(),
            createState,
            (i, loop, state) =>
            {
                try
                {
                    body(i, state);
                    progress.Increment();
                }
                catch (Exception ex)
                {
                    failures.Add((i, ex));
                    loop.Break();
                }

                return state;
            },
            releaseState);

        if (!failures.IsEmpty)
        {
            var first = failures.MinBy(f => f.Index).Error;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
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

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Turns the progress reports of one core run (queued from worker threads) into progress records on the
/// pipeline thread: one parent activity per run, shown from the first tick whether or not the core has
/// reported yet, whose percentage is the run's overall fraction and never goes back; for runs that
/// declare their stages (<see cref="StagedProgress"/>) a child record per stage (ParentActivityId set)
/// with the stage's own percentage. At most one parent and one child record per tick, the last state once
/// more at the end when it changed since the last tick, then Completed.
/// With a verbose writer (-Verbose) the same reports also become verbose lines while the run goes on:
/// one when a stage begins and at most one per <see cref="VerboseInterval"/> with the latest status
/// (e.g. the solver's iteration and residual) and the elapsed time, so a long solve is not silent until its end.
/// </summary>
internal sealed class ProgressPump
{
    /// <summary>Time between records, and before the first (a run that ends sooner shows nothing).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Least time between two verbose lines of one stage.</summary>
    public static readonly TimeSpan VerboseInterval = TimeSpan.FromSeconds(1);

    private readonly Action<ProgressRecord> _write;
    private readonly string _activity;
    private readonly int _parentId;
    private readonly int _childId;
    private readonly Action<string>? _verbose;
    private string? _verboseStage;
    private TimeSpan _verboseAt;
    private ProgressReport? _verboseLast;
    private ProgressReport? _latest;
    private bool _pending;
    private bool _shown;
    private string? _child;
    private int _percent;

    public ProgressPump(Action<ProgressRecord> write, string activity, int parentId, int childId, Action<string>? verbose = null)
    {
        _write = write;
        _verbose = verbose;
        _activity = string.IsNullOrEmpty(activity) ? "MicroMorph" : activity;
        _parentId = parentId;
        _childId = childId;
    }

    /// <summary>Consumes <paramref name="queue"/> until its producer completes it; call on the pipeline thread.</summary>
    public void Run(BlockingCollection<ProgressReport> queue)
    {
        var clock = Stopwatch.StartNew();
        var next = Interval;
        while (true)
        {
            var wait = next - clock.Elapsed;
            if (queue.TryTake(out var report, wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            {
                _latest = report;
                _pending = true;
            }
            else if (queue.IsCompleted)
            {
                break;
            }

            if (clock.Elapsed >= next)
            {
                Tell(clock.Elapsed);
                Show();
                next = clock.Elapsed + Interval;
            }
        }

        // A run already on screen shows where it ended before it completes (a last stage shorter than a tick
        // would otherwise never appear).
        if (_shown && _pending)
        {
            Show();
        }

        if (_child is not null)
        {
            _write(new ProgressRecord(_childId, _child, "Done") { ParentActivityId = _parentId, RecordType = ProgressRecordType.Completed });
        }

        if (_shown)
        {
            _write(new ProgressRecord(_parentId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void Show()
    {
        if (_shown && !_pending)
        {
            return; // nothing new: the host keeps showing the last records
        }

        _pending = false;
        _shown = true;
        string status = "Starting";
        if (_latest is { } r)
        {
            // Runs without declared stages may restart their fraction (one loop after another): the parent holds its maximum.
            _percent = Math.Max(_percent, Percent(r.Overall ?? r.Fraction));
            status = r.Overall is not null ? NonEmpty(r.Stage, r.Activity) : NonEmpty(string.IsNullOrEmpty(r.Status) ? r.Activity : $"{r.Activity}: {r.Status}", "Running");
        }

        _write(new ProgressRecord(_parentId, _activity, status) { PercentComplete = _percent });
        if (_latest is { Overall: not null } stage)
        {
            _child = NonEmpty(stage.Activity, "Running");
            _write(new ProgressRecord(_childId, _child, NonEmpty(stage.Status, "Running"))
            {
                ParentActivityId = _parentId,
                PercentComplete = Percent(stage.Fraction),
            });
        }
    }

    /// <summary>A verbose line when a new stage began or the latest status is new and the last line is a second old.</summary>
    private void Tell(TimeSpan elapsed)
    {
        if (_verbose is null || _latest is not { } r || _verboseLast == r)
        {
            return;
        }

        string stage = r.Overall is not null ? NonEmpty(r.Stage, r.Activity) : NonEmpty(r.Activity, "Running");
        bool newStage = stage != _verboseStage;
        if (!newStage && elapsed - _verboseAt < VerboseInterval)
        {
            return;
        }

        _verboseStage = stage;
        _verboseAt = elapsed;
        _verboseLast = r;
        string where = r.Overall is not null && !string.IsNullOrEmpty(r.Activity) && r.Activity != stage && !stage.StartsWith(r.Activity, StringComparison.Ordinal) ? $"{r.Activity}: " : string.Empty;
        string status = string.IsNullOrWhiteSpace(r.Status) ? "running" : r.Status;
        _verbose(string.Create(CultureInfo.InvariantCulture, $"{_activity}: {stage}: {where}{status} ({Percent(r.Overall ?? r.Fraction)} %, {elapsed.TotalSeconds:0.0} s)"));
    }

    private static int Percent(double fraction) => double.IsNaN(fraction) ? 0 : (int)Math.Clamp(fraction * 100, 0, 100);

    private static string NonEmpty(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;
}

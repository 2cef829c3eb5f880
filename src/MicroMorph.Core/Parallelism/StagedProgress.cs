namespace MicroMorph.Core.Parallelism;

/// <summary>
/// The stages of one long run, declared by the core routine that knows them (e.g. counting, flooding,
/// solving), each with its share of the run: every stage's own progress (0..1) is mapped onto the run's
/// overall fraction, so a progress display shows one percentage that never goes back, and the stage
/// with its own percentage beside it. Stages are entered in order with <see cref="Next"/>; a routine
/// called within a stage may declare stages of its own on the options it was given (they nest).
/// </summary>
/// <remarks>
/// Reports are mapped on the calling thread (often a worker) and passed on to the options' sink, which
/// decides where and how often they are shown; this type keeps no display state and knows no host.
/// </remarks>
public sealed class StagedProgress
{
    private readonly ComputeOptions _options;
    private readonly ProgressStage[] _stages;
    private readonly double[] _starts;
    private readonly double[] _shares;
    private int _current = -1;

    public StagedProgress(ComputeOptions options, params ProgressStage[] stages)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Length == 0 || stages.Any(s => !(s.Share > 0) || double.IsInfinity(s.Share) || string.IsNullOrWhiteSpace(s.Name)))
        {
            throw new ArgumentException("Declare at least one stage, each with a name and a positive, finite share.", nameof(stages));
        }

        _options = options;
        _stages = stages;
        double total = stages.Sum(s => s.Share);
        _starts = new double[stages.Length];
        _shares = new double[stages.Length];
        double start = 0;
        for (int k = 0; k < stages.Length; k++)
        {
            _starts[k] = start / total;
            _shares[k] = stages[k].Share / total;
            start += stages[k].Share;
        }
    }

    /// <summary>The declared stages, in order.</summary>
    public IReadOnlyList<ProgressStage> Stages => _stages;

    /// <summary>
    /// Enters the next stage: reports its start (0 % of the stage) and returns the options to run it with,
    /// whose progress is mapped into the stage's share of the run. Without a progress sink the options are
    /// returned unchanged.
    /// </summary>
    public ComputeOptions Next()
    {
        int k = Interlocked.Increment(ref _current);
        if (k >= _stages.Length)
        {
            throw new InvalidOperationException($"Only {_stages.Length} stages were declared.");
        }

        if (_options.Progress is null)
        {
            return _options;
        }

        var sink = new StageSink(this, k);
        sink.Report(new ProgressReport(_stages[k].Name, "started", 0));
        return _options with { Progress = sink };
    }

    private ProgressReport Map(int k, ProgressReport report)
    {
        string name = _stages[k].Name;
        string stage = _stages.Length > 1 ? $"{name} ({k + 1} of {_stages.Length})" : name;
        double within = Math.Clamp(report.Overall ?? report.Fraction, 0, 1);
        double overall = Math.Clamp(_starts[k] + (_shares[k] * within), 0, 1);
        if (report.Overall is not null)
        {
            // A nested run's report: keep its (innermost) stage as the activity; the outer stage names the step.
            return report with { Overall = overall, Stage = stage };
        }

        string status = string.IsNullOrEmpty(report.Activity) || report.Activity == name ? report.Status : $"{report.Activity}: {report.Status}";
        return new ProgressReport(name, status, Math.Clamp(report.Fraction, 0, 1)) { Overall = overall, Stage = stage };
    }

    private sealed class StageSink(StagedProgress owner, int stage) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => owner._options.Progress?.Report(owner.Map(stage, value));
    }
}

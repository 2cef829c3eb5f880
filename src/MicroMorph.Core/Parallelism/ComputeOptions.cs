namespace MicroMorph.Core.Parallelism;

/// <summary>
/// Settings every long core loop takes: degree of parallelism, cancellation and progress.
/// Immutable and passed explicitly; there are no static settings.
/// </summary>
public sealed record ComputeOptions
{
    public static ComputeOptions Default { get; } = new();

    /// <summary>Maximum worker threads; -1 (default) uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Receives progress; may be called from worker threads.</summary>
    public IProgress<ProgressReport>? Progress { get; init; }

    internal ParallelOptions ToParallelOptions() => new()
    {
        MaxDegreeOfParallelism = MaxDegreeOfParallelism,
        CancellationToken = CancellationToken,
    };
}

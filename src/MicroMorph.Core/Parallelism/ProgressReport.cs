namespace MicroMorph.Core.Parallelism;

/// <summary>One progress message from a long core operation.</summary>
/// <param name="Activity">What is running, e.g. "Reading TIFF" (within a staged run: the stage).</param>
/// <param name="Status">Where it is, e.g. "slice 120 of 512".</param>
/// <param name="Fraction">Completed fraction in [0, 1] of the activity.</param>
public readonly record struct ProgressReport(string Activity, string Status, double Fraction)
{
    /// <summary>
    /// Completed fraction in [0, 1] of the whole run, when the run declared its stages
    /// (<see cref="StagedProgress"/>); null when it did not.
    /// </summary>
    public double? Overall { get; init; }

    /// <summary>The run's stage this report belongs to, e.g. "Distance transform (2 of 5)"; null when the run declared no stages.</summary>
    public string? Stage { get; init; }
}

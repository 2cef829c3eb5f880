namespace MicroMorph.Core.Parallelism;

/// <summary>One declared stage of a long run: its name, as a user reads it, and its share of the run's time.</summary>
/// <param name="Name">What the stage does, e.g. "Distance transform".</param>
/// <param name="Share">Its relative share of the whole run (any positive scale; the shares are normalised).</param>
public readonly record struct ProgressStage(string Name, double Share);

namespace MicroMorph.Core.Parallelism;

/// <summary>One progress message from a long core operation.</summary>
/// <param name="Activity">What is running, e.g. "Reading TIFF".</param>
/// <param name="Status">Where it is, e.g. "slice 120 of 512".</param>
/// <param name="Fraction">Completed fraction in [0, 1].</param>
public readonly record struct ProgressReport(string Activity, string Status, double Fraction);

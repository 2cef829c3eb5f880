using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Geodesic tortuosity of one phase along one direction (001 Section 3.3, 002 Section 5.1):
/// for each phase voxel of the inlet plane connected to the outlet plane, the shortest path
/// length within the phase to the outlet plane divided by the distance between the two planes.
/// </summary>
public sealed record GeodesicTortuosityResult(
    string Phase,
    FlowDirection Direction,
    double VolumeFraction,
    double Mean,
    double StandardDeviation,
    double Minimum,
    double Quantile05,
    double Quantile25,
    double Median,
    double Quantile75,
    double Quantile95,
    double Maximum,
    long InletVoxels,
    long PercolatingVoxels,
    double PercolatingFraction,
    IReadOnlyList<HistogramBin> Distribution)
{
    /// <summary>Histogram of the geodesic tortuosities of the percolating inlet voxels.</summary>
    public IReadOnlyList<HistogramBin> Distribution { get; init; } = ResultList.Of(Distribution, "bins");

    public string Source { get; init; } = string.Empty;
}

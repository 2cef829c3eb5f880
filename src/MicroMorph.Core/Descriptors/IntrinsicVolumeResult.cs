namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Densities of the intrinsic volumes of one phase (001 Section 3.2.1 via Eqs. 10-16; estimator
/// after Ohser and Mücklich / Ohser and Schladitz): volume fraction, surface area per unit volume,
/// integral of mean curvature per unit volume and Euler characteristic per unit volume.
/// Lengths in <see cref="Unit"/>: SurfaceDensity in Unit^-1, MeanCurvatureDensity in Unit^-2,
/// EulerDensity in Unit^-3.
/// </summary>
public sealed record IntrinsicVolumeResult(
    string Phase,
    double VolumeFraction,
    double SurfaceDensity,
    double MeanCurvatureDensity,
    double EulerDensity,
    double EulerCharacteristic,
    EulerConnectivity Connectivity,
    ObservationWindow Window,
    double ReferenceVolume,
    string Unit)
{
    public string Source { get; init; } = string.Empty;
}

using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// What a slice picture shows: one section (<see cref="Axis"/>, <see cref="Index"/>) or the three
/// orthogonal sections through <see cref="Point"/>; the grey window (explicit bounds, else percentiles);
/// the colour map; phase colours laid over the grey values; the enlargement.
/// </summary>
public sealed record SliceView
{
    public SliceAxis Axis { get; init; } = SliceAxis.Z;

    /// <summary>Section index along <see cref="Axis"/>; null for the middle one.</summary>
    public int? Index { get; init; }

    /// <summary>The x-y, y-z and x-z sections through <see cref="Point"/> side by side.</summary>
    public bool Orthogonal { get; init; }

    /// <summary>The voxel the orthogonal sections pass through; null for the centre.</summary>
    public (int X, int Y, int Z)? Point { get; init; }

    /// <summary>Grey value drawn at the low end of the colour map; null for the low percentile.</summary>
    public double? Minimum { get; init; }

    /// <summary>Grey value drawn at the high end; null for the high percentile.</summary>
    public double? Maximum { get; init; }

    public double LowPercentile { get; init; } = PercentileWindow.DefaultLow;

    public double HighPercentile { get; init; } = PercentileWindow.DefaultHigh;

    /// <summary>Colour map of a grey-value stack (null: <see cref="Plotting.ColorMap.Grey"/>); not for phase images.</summary>
    public ColorMap? ColorMap { get; init; }

    /// <summary>Phase image whose colours are laid over the picture (same dimensions).</summary>
    public PhaseImage? Overlay { get; init; }

    /// <summary>Opacity of the overlay colours, 0 to 1.</summary>
    public double Opacity { get; init; } = 0.5;

    /// <summary>Labels of the overlay phases to draw; null for all.</summary>
    public IReadOnlyCollection<byte>? OverlayLabels { get; init; }

    /// <summary>Picture pixels per voxel along the finest axis shown (1 to 64).</summary>
    public int Scale { get; init; } = 1;
}

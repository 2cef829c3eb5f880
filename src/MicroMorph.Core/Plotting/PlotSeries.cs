using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// One named curve of a plot; <see cref="Bars"/> draws it as a histogram (X = bin centres),
/// <see cref="Markers"/> marks every point of a line (for curves of a few measured points).
/// </summary>
public sealed record PlotSeries(string Name, IReadOnlyList<CurvePoint> Points, bool Bars = false, bool Markers = false);

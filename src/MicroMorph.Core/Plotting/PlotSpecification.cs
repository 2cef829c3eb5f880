namespace MicroMorph.Core.Plotting;

/// <summary>
/// What a line plot shows: title, axis labels, the curves and the picture size in pixels.
/// <see cref="ZeroBased"/> extends both axes to include 0 (descriptor curves); otherwise the axes
/// fit the data (tables of measured values).
/// </summary>
public sealed record PlotSpecification(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, int Width = 900, int Height = 560, bool ZeroBased = true);

namespace MicroMorph.Core.Plotting;

/// <summary>What a line plot shows: title, axis labels, the curves and the picture size in pixels.</summary>
public sealed record PlotSpecification(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, int Width = 900, int Height = 560);

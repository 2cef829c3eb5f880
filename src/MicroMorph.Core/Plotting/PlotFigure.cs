using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// What a figure shows, independent of how it is written: title and axis labels, and the data of
/// one plot kind (<see cref="PlotSpecification"/> for curves and histograms, <see cref="HeatmapSpecification"/>
/// for matrices). <see cref="PlotWriter"/> renders it through ScottPlot to PNG or SVG.
/// </summary>
public abstract record PlotFigure(string Title, string XLabel, string YLabel)
{
    /// <summary>The ScottPlot plot of this figure, laid out for <paramref name="size"/> (the legend's place depends on it).</summary>
    public abstract Plot CreatePlot(PlotSize size);
}

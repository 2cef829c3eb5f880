using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// A plot of curves, histograms and intervals against an X axis (rendered by <see cref="LinePlotRenderer"/>).
/// <see cref="ZeroBased"/> extends the axes to include 0 (descriptor curves); otherwise they fit the data
/// (tables of measured values). <see cref="LogX"/> / <see cref="LogY"/> draw an axis logarithmically
/// (values that are not positive are left out there).
/// </summary>
public sealed record PlotSpecification(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series)
    : PlotFigure(Title, XLabel, YLabel)
{
    public bool ZeroBased { get; init; } = true;

    /// <summary>The X axis fits the data even when <see cref="ZeroBased"/> (only Y then reaches 0), e.g. size classes far from 0.</summary>
    public bool FitX { get; init; }

    /// <summary>Fixed Y limits (e.g. 0..1 for a fraction); by default they fit what is drawn.</summary>
    public (double Min, double Max)? YLimits { get; init; }

    public bool LogX { get; init; }

    public bool LogY { get; init; }

    public override Plot CreatePlot(PlotSize size) => LinePlotRenderer.Render(this, size);
}

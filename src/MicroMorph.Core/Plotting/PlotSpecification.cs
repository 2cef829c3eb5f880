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

    /// <summary>One unit of X is as long as one unit of Y on the page (a Nyquist plot: -Im Z against Re Z); the axes zoom out to keep it. Linear axes only.</summary>
    public bool EqualAspect { get; init; }

    /// <summary>
    /// With <see cref="EqualAspect"/>: the most one axis is widened beyond its data range to keep the units square; where
    /// the other axis would need more, it is cut off at the top (or right) instead. For a blocking electrode's Nyquist
    /// plot, whose capacitive line grows as 1/f, so that the transmission-line part stays readable. Null: never cut.
    /// </summary>
    public double? EqualAspectMaxWidening { get; init; }

    /// <summary>The label of a second, linear Y axis on the right for the series with <see cref="PlotSeries.RightAxis"/> (e.g. the phase of a Bode plot); null: no right axis.</summary>
    public string? RightLabel { get; init; }

    /// <summary>Fixed limits of the right axis; by default they fit its series.</summary>
    public (double Min, double Max)? RightLimits { get; init; }

    public override Plot CreatePlot(PlotSize size) => LinePlotRenderer.Render(this, size);
}

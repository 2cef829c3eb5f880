using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>A marked point of a heatmap (e.g. the mean, 000 Fig. 6), with its legend entry.</summary>
public readonly record struct PlotMark(string Name, double X, double Y);

/// <summary>
/// A matrix drawn as coloured cells with a colour bar (rendered by <see cref="HeatmapRenderer"/>):
/// <see cref="Values"/>[row, column] is the cell of column <c>column</c> from the left of
/// [<see cref="XMin"/>, <see cref="XMax"/>] and row <c>row</c> from the bottom of [<see cref="YMin"/>, <see cref="YMax"/>].
/// Cells holding <see cref="double.NaN"/> are left empty; <see cref="ShowValues"/> writes each value in its cell when it fits.
/// </summary>
public sealed record HeatmapSpecification(
    string Title,
    string XLabel,
    string YLabel,
    string ValueLabel,
    double[,] Values,
    double XMin,
    double XMax,
    double YMin,
    double YMax) : PlotFigure(Title, XLabel, YLabel)
{
    public IReadOnlyList<PlotMark> Marks { get; init; } = [];

    public bool ShowValues { get; init; } = true;

    public override Plot CreatePlot(PlotSize size) => HeatmapRenderer.Render(this, size);
}

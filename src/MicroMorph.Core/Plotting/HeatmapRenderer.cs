using MicroMorph.Core.Errors;
using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Draws a <see cref="HeatmapSpecification"/> with ScottPlot: cells coloured light to dark with the
/// value (reversed viridis, so empty and rare cells stay light on the white page), a colour bar with
/// the value's label, each value written in its cell where it fits, and the marks (x) with a legend.
/// </summary>
public static class HeatmapRenderer
{
    public static Plot Render(HeatmapSpecification spec, PlotSize size)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(size);
        int rows = spec.Values.GetLength(0), columns = spec.Values.GetLength(1);
        if (rows == 0 || columns == 0 || !spec.Values.Cast<double>().Any(double.IsFinite))
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "The heatmap has no finite value to draw.", spec);
        }

        if (!(spec.XMax > spec.XMin) || !(spec.YMax > spec.YMin))
        {
            throw MicroMorphException.Argument("InvalidPlotRange", $"A heatmap needs a range on each axis; x {spec.XMin}..{spec.XMax}, y {spec.YMin}..{spec.YMax} was given.", spec);
        }

        // ScottPlot draws row 0 at the top; the specification counts rows from the bottom. ScottPlot
        // derives the cell size from the number of cells less one, so a single row or column gets an
        // empty (NaN) neighbour outside the axis limits.
        double cellWidth = (spec.XMax - spec.XMin) / columns, cellHeight = (spec.YMax - spec.YMin) / rows;
        int drawnRows = Math.Max(2, rows), drawnColumns = Math.Max(2, columns);
        var intensities = new double[drawnRows, drawnColumns];
        for (int r = 0; r < drawnRows; r++)
        {
            for (int c = 0; c < drawnColumns; c++)
            {
                intensities[drawnRows - 1 - r, c] = r < rows && c < columns ? spec.Values[r, c] : double.NaN;
            }
        }

        var plot = new Plot();
        PlotStyle.Frame(plot, size, spec.Title, spec.XLabel, spec.YLabel);
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis().Reversed();
        heatmap.Rectangle = new CoordinateRect(spec.XMin, spec.XMin + drawnColumns * cellWidth, spec.YMin, spec.YMin + drawnRows * cellHeight);
        heatmap.NaNCellColor = Colors.Transparent;
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles(); // vector cells in SVG
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = PlotText.Label(spec.ValueLabel);
        bar.LabelStyle.FontSize = PlotStyle.LabelSize;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontSize = PlotStyle.TickSize;
        bar.Axis.TickGenerator = PlotStyle.Ticks(log: false, vertical: true, integers: spec.Values.Cast<double>().Where(double.IsFinite).All(v => v == Math.Floor(v)));

        if (spec.ShowValues)
        {
            // Cell size in pixels at scale 1, roughly (frame margins and colour bar subtracted).
            double pxWidth = (size.Width - 190.0) / columns, pxHeight = (size.Height - 100.0) / rows;
            var range = heatmap.GetRange();
            foreach (var (r, c, v) in Cells(spec.Values))
            {
                string label = PlotText.Number(v);
                if (pxWidth < 8 * label.Length + 6 || pxHeight < 16)
                {
                    continue;
                }

                double t = range.Max > range.Min ? (v - range.Min) / (range.Max - range.Min) : 1;

                // A mark in the cell would hide its value: the value moves to the half of the cell the mark leaves free.
                double y = spec.YMin + (r + 0.5) * cellHeight;
                foreach (var m in spec.Marks)
                {
                    double mx = (m.X - spec.XMin) / cellWidth, my = (m.Y - spec.YMin) / cellHeight;
                    if (mx >= c && mx < c + 1 && my >= r && my < r + 1)
                    {
                        y = spec.YMin + (my - r < 0.5 ? r + 0.8 : r + 0.2) * cellHeight;
                    }
                }

                var text = plot.Add.Text(label, spec.XMin + (c + 0.5) * cellWidth, y);
                text.LabelFontSize = 11;
                text.LabelFontColor = t > 0.45 ? Colors.White : Colors.Black;
                text.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        var names = new List<string>();
        for (int i = 0; i < spec.Marks.Count; i++)
        {
            var m = spec.Marks[i];
            var marker = plot.Add.Marker(m.X, m.Y, MarkerShape.Eks, 16, PlotStyle.SeriesColour(1 + i));
            marker.MarkerLineWidth = 3;
            marker.LegendText = PlotText.Label(m.Name);
            names.Add(PlotText.Label(m.Name));
        }

        plot.Axes.SetLimits(spec.XMin, spec.XMax, spec.YMin, spec.YMax);

        // The legend goes where no cell is filled and no mark lies.
        var occupied = new List<(double X, double Y)>();
        foreach (var (r, c, _) in Cells(spec.Values))
        {
            for (int t = 0; t <= 4; t++)
            {
                for (int u = 0; u <= 4; u++)
                {
                    occupied.Add(((c + t / 4.0) / columns, (r + u / 4.0) / rows));
                }
            }
        }

        occupied.AddRange(spec.Marks.Select(m => ((m.X - spec.XMin) / (spec.XMax - spec.XMin), (m.Y - spec.YMin) / (spec.YMax - spec.YMin))));
        PlotStyle.PlaceLegend(plot, size, names, occupied);
        return plot;
    }

    private static IEnumerable<(int Row, int Column, double Value)> Cells(double[,] values)
    {
        for (int r = 0; r < values.GetLength(0); r++)
        {
            for (int c = 0; c < values.GetLength(1); c++)
            {
                if (double.IsFinite(values[r, c]))
                {
                    yield return (r, c, values[r, c]);
                }
            }
        }
    }
}

using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Draws a <see cref="PlotSpecification"/> with ScottPlot: lines (solid or dashed, with or without
/// markers), scatter clouds (markers only) or bars (translucent and outlined when several overlap) per series, shaded bands and error bars for intervals, linear or logarithmic axes
/// fitted to everything drawn, and a legend where it hides no data (<see cref="PlotStyle.PlaceLegend"/>).
/// </summary>
public static class LinePlotRenderer
{
    public static Plot Render(PlotSpecification spec, PlotSize size)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(size);

        bool OkX(double x) => double.IsFinite(x) && (!spec.LogX || x > 0);
        bool OkY(double y) => double.IsFinite(y) && (!spec.LogY || y > 0);
        double TX(double x) => spec.LogX ? Math.Log10(x) : x;
        double TY(double y) => spec.LogY ? Math.Log10(y) : y;
        bool right = spec.RightLabel is not null;
        bool OnRight(PlotSeries s) => right && s.RightAxis;

        var points = spec.Series.Select(s => s.Points.Where(p => OkX(p.X) && (OnRight(s) ? double.IsFinite(p.Y) : OkY(p.Y))).OrderBy(p => s.KeepOrder ? 0 : p.X).ToArray()).ToArray();
        var bands = spec.Series.Select(s => s.Band.Where(b => OkX(b.X) && OkY(b.Lower) && OkY(b.Upper)).OrderBy(b => b.X).ToArray()).ToArray();
        var errors = spec.Series.Select(s => s.ErrorBars.Where(b => OkX(b.X) && OkY(b.Lower) && OkY(b.Upper)).ToArray()).ToArray();
        if (points.All(p => p.Length == 0))
        {
            throw MicroMorphException.InvalidData(
                "NothingToPlot",
                spec.LogX || spec.LogY ? "The results hold no finite positive points to plot on the logarithmic axis." : "The results hold no finite points to plot.",
                spec);
        }

        // Bar widths: the given one, else the spacing of the bin centres.
        var barWidths = spec.Series.Select((s, i) => s.Bars
            ? s.BarWidth ?? (points[i].Length > 1 ? points[i].Zip(points[i].Skip(1), (a, b) => b.X - a.X).Where(d => d > 0).DefaultIfEmpty(1).Min() : 1)
            : 0).ToArray();

        // Axis limits (in drawn, i.e. possibly log10, units) over everything drawn.
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < spec.Series.Count; i++)
        {
            foreach (var p in points[i])
            {
                xs.Add(TX(p.X - barWidths[i] / 2));
                xs.Add(TX(p.X + barWidths[i] / 2));
                if (OnRight(spec.Series[i]))
                {
                    continue;
                }

                ys.Add(TY(p.Y));
                if (spec.Series[i].Bars)
                {
                    ys.Add(0);
                }
            }

            foreach (var b in bands[i].Concat(errors[i]))
            {
                xs.Add(TX(b.X));
                ys.Add(TY(b.Lower));
                ys.Add(TY(b.Upper));
            }
        }

        if (ys.Count == 0)
        {
            ys.Add(0);
        }

        double xMin = xs.Min(), xMax = xs.Max(), yMin = ys.Min(), yMax = ys.Max();

        // The right axis (linear): its series' values, or the fixed limits.
        double rMin = 0, rMax = 1;
        if (right)
        {
            var rs = spec.Series.Select((s, i) => (s, i)).Where(t => t.s.RightAxis).SelectMany(t => points[t.i].Select(p => p.Y)).DefaultIfEmpty(0).ToArray();
            (rMin, rMax) = spec.RightLimits ?? Pad(rs.Min(), rs.Max(), 0.06, keepZero: false);
        }
        if (spec.ZeroBased)
        {
            if (!spec.LogX && !spec.FitX)
            {
                xMin = Math.Min(0, xMin);
            }

            if (!spec.LogY)
            {
                yMin = Math.Min(0, yMin);
                yMax = Math.Max(0, yMax);
            }
        }

        (xMin, xMax) = Pad(xMin, xMax, spec.LogX || spec.FitX ? 0.04 : 0.02, keepZero: spec.ZeroBased && !spec.LogX && !spec.FitX);
        (yMin, yMax) = Pad(yMin, yMax, 0.06, keepZero: spec.ZeroBased && !spec.LogY);
        if (spec.YLimits is { } fixedY)
        {
            (yMin, yMax) = (TY(fixedY.Min), TY(fixedY.Max));
        }

        double FX(double x) => (x - xMin) / (xMax - xMin);
        double FY(double y) => (y - yMin) / (yMax - yMin);
        double FR(double y) => (y - rMin) / (rMax - rMin);

        var plot = new Plot();
        PlotStyle.Frame(plot, size, spec.Title, spec.XLabel, spec.YLabel, spec.LogX, spec.LogY);
        var occupied = new List<(double X, double Y)>();
        var names = new List<string>();

        // Bands first, so that curves and error bars lie on top of them. A single band is grey (004
        // Figs. 11, 12); several take a light tint of their series' colour, so each is told apart.
        int bandCount = bands.Count(b => b.Length >= 2);
        int barSeries = spec.Series.Count(s => s.Bars);
        for (int i = 0; i < spec.Series.Count; i++)
        {
            var s = spec.Series[i];
            var b = bands[i];
            if (b.Length < 2)
            {
                continue;
            }

            var fill = plot.Add.FillY(b.Select(v => TX(v.X)).ToArray(), b.Select(v => TY(v.Lower)).ToArray(), b.Select(v => TY(v.Upper)).ToArray());
            fill.FillColor = s.BandColour is { } given ? PlotStyle.Colour(given, PlotStyle.BandGreyOpacity)
                : bandCount == 1 ? PlotStyle.Colour(PlotStyle.BandGrey, PlotStyle.BandGreyOpacity)
                : PlotStyle.SeriesColour(s.Colour ?? i).WithOpacity(PlotStyle.BandTintOpacity);
            fill.LineWidth = 0;
            fill.MarkerSize = 0;
            fill.LegendText = PlotText.Label(s.BandName);
            Add(names, s.BandName);
            for (int k = 1; k < b.Length; k++)
            {
                for (int t = 0; t <= 10; t++)
                {
                    double f = t / 10.0;
                    double x = TX(b[k - 1].X) * (1 - f) + TX(b[k].X) * f;
                    double lo = TY(b[k - 1].Lower) * (1 - f) + TY(b[k].Lower) * f, hi = TY(b[k - 1].Upper) * (1 - f) + TY(b[k].Upper) * f;
                    for (int u = 0; u <= 10; u++)
                    {
                        occupied.Add((FX(x), FY(lo + (hi - lo) * u / 10)));
                    }
                }
            }
        }

        for (int i = 0; i < spec.Series.Count; i++)
        {
            var s = spec.Series[i];
            var p = points[i];
            var colour = PlotStyle.SeriesColour(s.Colour ?? i);
            if (p.Length == 0)
            {
                continue;
            }

            if (s.Bars)
            {
                var bars = p.Select(v => new Bar
                {
                    Position = v.X,
                    Value = v.Y,
                    // Histograms drawn over one another (000 Fig. 5a) are translucent with an outline
                    // in their colour, so that each shows through the others.
                    Size = barWidths[i] * (barSeries > 1 ? 1 : 0.92),
                    FillColor = colour.WithOpacity(barSeries > 1 ? 0.35 : 0.85),
                    LineColor = colour,
                    LineWidth = barSeries > 1 ? 1.5f : 0,
                }).ToList();
                var barPlot = plot.Add.Bars(bars);
                barPlot.LegendText = PlotText.Label(s.Name);
                foreach (var v in p)
                {
                    for (int t = 0; t <= 6; t++)
                    {
                        for (int u = 0; u <= 6; u++)
                        {
                            occupied.Add((FX(v.X + barWidths[i] * (t / 6.0 - 0.5)), FY(v.Y * u / 6)));
                        }
                    }
                }
            }
            else
            {
                // A cloud of many single measurements: small translucent markers, so dense regions read darker.
                bool cloud = s.Scatter && p.Length > PlotStyle.AutoMarkerLimit;
                bool onRight = OnRight(s);
                Func<double, double> ty = onRight ? v => v : TY;
                Func<double, double> fy = onRight ? FR : FY;
                var scatter = plot.Add.Scatter(p.Select(v => TX(v.X)).ToArray(), p.Select(v => ty(v.Y)).ToArray(), cloud ? colour.WithOpacity(0.45) : colour);
                if (onRight)
                {
                    scatter.Axes.YAxis = plot.Axes.Right;
                }

                scatter.LineWidth = s.Scatter ? 0 : 2;
                scatter.MarkerSize = s.Scatter ? (cloud ? 4 : 7) : s.Markers ? 7 : 0;
                scatter.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
                scatter.LegendText = PlotText.Label(s.Name);
                for (int k = 0; k < p.Length; k++)
                {
                    occupied.Add((FX(TX(p[k].X)), fy(ty(p[k].Y))));
                    if (k > 0 && !s.Scatter)
                    {
                        for (int t = 1; t < 40; t++)
                        {
                            double f = t / 40.0;
                            occupied.Add((FX(TX(p[k - 1].X) * (1 - f) + TX(p[k].X) * f), fy(ty(p[k - 1].Y) * (1 - f) + ty(p[k].Y) * f)));
                        }
                    }
                }
            }

            Add(names, s.Name);
            var e = errors[i];
            if (e.Length > 0)
            {
                var bar = plot.Add.ErrorBar(e.Select(v => TX(v.X)).ToArray(), e.Select(v => TY(v.Lower)).ToArray(), new double[e.Length]);
                bar.YErrorNegative = new double[e.Length];
                bar.YErrorPositive = e.Select(v => TY(v.Upper) - TY(v.Lower)).ToArray();
                bar.Color = s.ErrorBarColour is { } c ? PlotStyle.Colour(c) : colour;
                bar.LineWidth = 1.5f;
                bar.CapSize = 5;
                bar.LegendText = PlotText.Label(s.ErrorBarName);
                Add(names, s.ErrorBarName);
                foreach (var v in e)
                {
                    for (int u = 0; u <= 10; u++)
                    {
                        occupied.Add((FX(TX(v.X)), FY(TY(v.Lower) + (TY(v.Upper) - TY(v.Lower)) * u / 10)));
                    }
                }
            }
        }

        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        if (right)
        {
            var axis = plot.Axes.Right;
            plot.Axes.SetLimitsY(rMin, rMax, axis);
            axis.Label.Text = PlotText.Label(spec.RightLabel!);
            axis.Label.FontSize = PlotStyle.LabelSize;
            axis.Label.Bold = false;
            axis.TickGenerator = PlotStyle.Ticks(false, vertical: true);
            axis.TickLabelStyle.FontSize = PlotStyle.TickSize;
        }

        bool square = spec.EqualAspect && !spec.LogX && !spec.LogY;
        double dataWidth = xMax - xMin, dataHeight = yMax - yMin;
        if (square)
        {
            // One unit of X as long as one unit of Y: lay the plot out once to learn the data area, then widen
            // the shorter range at its upper end (the lower-left corner, e.g. the origin of a Nyquist plot, stays).
            var (sx, sy) = SquareUnits(plot, size, spec.EqualAspectMaxWidening, xMin, yMin, dataWidth, dataHeight, ref xMax, ref yMax);
            for (int k = 0; k < occupied.Count; k++)
            {
                occupied[k] = (occupied[k].X * sx, occupied[k].Y * sy);
            }
        }

        if (spec.LogX)
        {
            plot.Axes.Bottom.TickGenerator = PlotStyle.LogTicks(xMin, xMax);
        }

        if (spec.LogY)
        {
            plot.Axes.Left.TickGenerator = PlotStyle.LogTicks(yMin, yMax);
        }

        PlotStyle.PlaceLegend(plot, size, names, occupied);
        if (square)
        {
            // A legend beside the data changes the data area: square the units again for the final layout, anchored at
            // the same lower-left corner (ScottPlot's SquareUnits would widen both ends about the centre).
            SquareUnits(plot, size, spec.EqualAspectMaxWidening, xMin, yMin, dataWidth, dataHeight, ref xMax, ref yMax);
        }

        return plot;
    }

    /// <summary>
    /// Sets limits from (<paramref name="xMin"/>, <paramref name="yMin"/>) with one data unit per pixel alike on both
    /// axes, wide enough for the data's width and height, or, when one of them would be widened more than
    /// <paramref name="maxWidening"/> times, as wide as that allows (the other is cut). Returns the factors by which the
    /// data ranges were scaled to the shown ranges.
    /// </summary>
    private static (double Sx, double Sy) SquareUnits(Plot plot, PlotSize size, double? maxWidening, double xMin, double yMin, double dataWidth, double dataHeight, ref double xMax, ref double yMax)
    {
        plot.RenderInMemory(size.Width, size.Height);
        var area = plot.LastRender.DataRect;
        double areaWidth = Math.Max(1, area.Width), areaHeight = Math.Max(1, area.Height);
        double perPixelX = dataWidth / areaWidth, perPixelY = dataHeight / areaHeight;
        double perPixel = Math.Max(perPixelX, perPixelY);
        if (maxWidening is { } k && k >= 1)
        {
            perPixel = Math.Min(perPixel, k * Math.Min(perPixelX, perPixelY));
        }

        double newX = perPixel * areaWidth, newY = perPixel * areaHeight;
        (xMax, yMax) = (xMin + newX, yMin + newY);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return (dataWidth / newX, dataHeight / newY);
    }

    private static void Add(List<string> names, string name)
    {
        if (name.Length > 0)
        {
            names.Add(PlotText.Label(name));
        }
    }

    /// <summary>Widens [min, max] by a fraction on each side (not below 0 when it starts at 0 and <paramref name="keepZero"/>); a point becomes a unit range.</summary>
    private static (double Min, double Max) Pad(double min, double max, double fraction, bool keepZero)
    {
        if (!(max > min))
        {
            double half = Math.Abs(min) > 0 ? Math.Abs(min) * 0.5 : 0.5;
            return (keepZero && min == 0 ? 0 : min - half, max + half);
        }

        double pad = (max - min) * fraction;
        return (keepZero && min == 0 ? 0 : min - pad, keepZero && max == 0 ? 0 : max + pad);
    }
}

using System.Collections.Immutable;
using MicroMorph.Core.Imaging;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The one place that styles MicroMorph's figures, so every plot cmdlet looks the same: the series
/// colours, text sizes, invariant-culture tick labels (linear or logarithmic), the frame, and a legend
/// placed where it hides no data.
/// </summary>
public static class PlotStyle
{
    /// <summary>
    /// Okabe-Ito colours (colour-blind safe) in an order that keeps neighbours distinct; black last.
    /// An ImmutableArray, not an IReadOnlyList: PowerShell can index it ([PlotStyle]::SeriesColors[0]).
    /// </summary>
    public static ImmutableArray<RgbColor> SeriesColors { get; } =
    [
        new(0x00, 0x72, 0xB2), new(0xD5, 0x5E, 0x00), new(0x00, 0x9E, 0x73), new(0xCC, 0x79, 0xA7),
        new(0xE6, 0x9F, 0x00), new(0x56, 0xB4, 0xE9), new(0x99, 0x99, 0x99), new(0xF0, 0xE4, 0x42), new(0x00, 0x00, 0x00),
    ];

    /// <summary>
    /// The grey of confidence bands (004 Figs. 11 and 12 draw their intervals grey), drawn at
    /// <see cref="BandGreyOpacity"/> so that grid lines and other curves show through.
    /// </summary>
    public static RgbColor BandGrey { get; } = new(0x99, 0x99, 0x99);

    internal const double BandGreyOpacity = 0.4;

    /// <summary>The opacity of a band in its series' colour (when several series have bands): a light tint, clearly not the line.</summary>
    internal const double BandTintOpacity = 0.18;

    /// <summary>Series of at most this many points get markers by default (<see cref="PlotMarkers.Auto"/>); denser curves would look beaded.</summary>
    public const int AutoMarkerLimit = 30;

    internal const float TitleSize = 16, LabelSize = 14, TickSize = 12, LegendSize = 12;

    internal static Color Colour(RgbColor c, double opacity = 1) => new Color(c.R, c.G, c.B).WithOpacity(opacity);

    internal static Color SeriesColour(int index) => Colour(SeriesColors[index % SeriesColors.Length]);

    /// <summary>Title, axis labels and tick labels (linear or powers of ten) in the house style.</summary>
    internal static void Frame(Plot plot, PlotSize size, string title, string xLabel, string yLabel, bool logX = false, bool logY = false)
    {
        (title, xLabel, yLabel) = (PlotText.Label(title), PlotText.Label(xLabel), PlotText.Label(yLabel));

        // A long title on a narrow figure is set smaller rather than cut off (about 0.55 em per character).
        plot.Title(title, (float)Math.Clamp((size.Width - 30) / (0.55 * Math.Max(1, title.Length)), 9, TitleSize));
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        plot.Axes.Bottom.TickGenerator = Ticks(logX, vertical: false);
        plot.Axes.Left.TickGenerator = Ticks(logY, vertical: true);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Grid.MajorLineColor = new Color(0, 0, 0, 28);
        plot.Legend.FontSize = LegendSize;
        plot.Legend.OutlineColor = new Color(0, 0, 0, 80);
        plot.Legend.ShadowColor = Colors.Transparent;
    }

    /// <summary>
    /// Invariant-culture ticks. Major ticks are at least 40 px (vertical axis) or 60 px (horizontal axis)
    /// apart, so that a large figure is not crowded. A logarithmic axis gets its ticks from
    /// <see cref="LogTicks"/> once its limits are known; this is the fallback.
    /// </summary>
    internal static ITickGenerator Ticks(bool log, bool vertical, bool integers = false) => log
        ? new NumericAutomatic { IntegerTicksOnly = true, MinorTickGenerator = new LogMinorTickGenerator(), LabelFormatter = v => PlotText.Number(Math.Pow(10, v)) }
        : new NumericAutomatic { LabelFormatter = PlotText.Number, MinimumTickSpacing = vertical ? 40 : 60, IntegerTicksOnly = integers };

    /// <summary>
    /// Ticks of a logarithmic axis that carries log10 of the data over [<paramref name="min"/>, <paramref name="max"/>]
    /// (log10 units): every decade labelled with its value (0.1, 1, 10), and 2 and 5 times each decade
    /// labelled too when fewer than three decades are in view; unlabelled minor ticks at 2..9 times each decade.
    /// </summary>
    internal static NumericManual LogTicks(double min, double max)
    {
        var ticks = new NumericManual();
        bool fine = max - min < 3;

        // Decades beyond 10^4 or below 10^-3 as powers of ten (10⁶), all of them, so one axis never mixes 100000 with 1E+06.
        bool powers = !fine && (Math.Ceiling(max) > 4 || Math.Floor(min) < -3);
        for (int decade = (int)Math.Floor(min) - 1; decade <= (int)Math.Ceiling(max); decade++)
        {
            for (int m = 1; m <= 9; m++)
            {
                double position = decade + Math.Log10(m);
                if (position < min - 1e-9 || position > max + 1e-9)
                {
                    continue;
                }

                if (m == 1 || (fine && m is 2 or 5))
                {
                    ticks.AddMajor(position, powers ? PlotText.PowerOfTen(decade) : PlotText.Number(m * Math.Pow(10, decade)));
                }
                else
                {
                    ticks.AddMinor(position);
                }
            }
        }

        return ticks;
    }

    /// <summary>
    /// Shows the legend in a corner of the data area that the data leave empty (upper right, upper
    /// left, lower right, lower left, then the middle of the right and left edges, in that order of
    /// preference), or outside the data area, right of it, when no such place is free. <paramref name="occupied"/> are sample points of everything drawn,
    /// in axis fractions (0..1 from left and from bottom).
    /// </summary>
    internal static void PlaceLegend(Plot plot, PlotSize size, IReadOnlyList<string> names, IReadOnlyList<(double X, double Y)> occupied)
    {
        if (names.Count == 0)
        {
            plot.HideLegend();
            return;
        }

        // Rough legend and data-area sizes at scale 1 (everything scales together): symbol 20 px,
        // about 7 px per character at 12 pt, rows of 22 px, the frame's margins.
        double legendWidth = 20 + 5 + 7.2 * names.Max(n => n.Length) + 20 + 14;
        double legendHeight = names.Count * 22 + 12;
        double dataWidth = Math.Max(50, size.Width - 95), dataHeight = Math.Max(50, size.Height - 100);
        double fw = legendWidth / dataWidth, fh = legendHeight / dataHeight;
        if (fw < 0.55 && fh < 0.7)
        {
            var corners = new (Alignment Alignment, double X0, double Y0)[]
            {
                (Alignment.UpperRight, 1 - fw, 1 - fh), (Alignment.UpperLeft, 0, 1 - fh),
                (Alignment.LowerRight, 1 - fw, 0), (Alignment.LowerLeft, 0, 0),
                (Alignment.MiddleRight, 1 - fw, 0.5 - fh / 2), (Alignment.MiddleLeft, 0, 0.5 - fh / 2),
            };
            foreach (var (alignment, x0, y0) in corners)
            {
                // A little slack around the box: data touching the legend's edge reads as hidden too.
                double xa = x0 - 0.02, xb = x0 + fw + 0.02, ya = y0 - 0.03, yb = y0 + fh + 0.03;
                if (!occupied.Any(p => p.X >= xa && p.X <= xb && p.Y >= ya && p.Y <= yb))
                {
                    plot.ShowLegend(alignment);
                    return;
                }
            }
        }

        // Outside the data area: beside it, unless the legend would take more than a third of the figure's width
        // (long names, e.g. a source file with its crop): then below it, so the data keep the width.
        plot.ShowLegend(legendWidth > size.Width / 3.0 ? Edge.Bottom : Edge.Right);
    }
}

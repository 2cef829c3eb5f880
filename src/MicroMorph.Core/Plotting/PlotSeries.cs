using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>An interval of values at one X: a confidence interval or an error bar.</summary>
public readonly record struct PlotInterval(double X, double Lower, double Upper);

/// <summary>
/// One named curve of a plot; <see cref="Bars"/> draws it as a histogram (X = bin centres),
/// <see cref="Markers"/> marks every point of a line (for curves of a few measured points).
/// A series may carry a shaded <see cref="Band"/> (e.g. a 95% confidence interval) and
/// <see cref="ErrorBars"/> (e.g. ± one standard error), each with its own legend entry.
/// </summary>
public sealed record PlotSeries(string Name, IReadOnlyList<CurvePoint> Points, bool Bars = false, bool Markers = false)
{
    /// <summary>Index into <see cref="PlotStyle.SeriesColors"/>; by default the series' position in the plot.</summary>
    public int? Colour { get; init; }

    /// <summary>
    /// Markers only, no line (a cloud of single measurements, e.g. every grain against its particle,
    /// 004 Fig. 11); many points are drawn small and translucent so that dense regions read darker.
    /// </summary>
    public bool Scatter { get; init; }

    /// <summary>The line joins the points in the given order (a parametric curve such as a Nyquist plot, ordered by frequency), not sorted by X.</summary>
    public bool KeepOrder { get; init; }

    /// <summary>Drawn against the right Y axis (<see cref="PlotSpecification.RightLabel"/>), linear.</summary>
    public bool RightAxis { get; init; }

    /// <summary>A dashed line (e.g. a fitted model beside its data, or the second of two curves of a phase).</summary>
    public bool Dashed { get; init; }

    /// <summary>Width of each bar in X units; by default the spacing of the points.</summary>
    public double? BarWidth { get; init; }

    /// <summary>A shaded interval around the curve, drawn under it.</summary>
    public IReadOnlyList<PlotInterval> Band { get; init; } = [];

    /// <summary>The legend entry of <see cref="Band"/>.</summary>
    public string BandName { get; init; } = string.Empty;

    /// <summary>
    /// The band's colour; by default neutral grey (translucent) when it is the plot's only band, and a
    /// light tint of the series colour when several series have bands, so that each band is told apart.
    /// </summary>
    public RgbColor? BandColour { get; init; }

    /// <summary>Vertical error bars, drawn over the curve.</summary>
    public IReadOnlyList<PlotInterval> ErrorBars { get; init; } = [];

    /// <summary>The legend entry of <see cref="ErrorBars"/>.</summary>
    public string ErrorBarName { get; init; } = string.Empty;

    /// <summary>The error bars' colour; by default the series colour.</summary>
    public RgbColor? ErrorBarColour { get; init; }
}

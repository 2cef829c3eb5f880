namespace MicroMorph.Core.Plotting;

/// <summary>How a table plot draws its series.</summary>
public enum LinePlotStyle
{
    /// <summary>Lines through the points (marked as <see cref="PlotMarkers"/> says).</summary>
    Line,

    /// <summary>Markers only, no line: a cloud of single measurements.</summary>
    Scatter,
}

namespace MicroMorph.Core.Plotting;

/// <summary>When a line's points are marked.</summary>
public enum PlotMarkers
{
    /// <summary>Series of at most <see cref="PlotStyle.AutoMarkerLimit"/> points (measured values) are marked; denser curves are plain lines.</summary>
    Auto,

    /// <summary>Every point is marked.</summary>
    Always,

    /// <summary>No point is marked (plain lines).</summary>
    Never,
}

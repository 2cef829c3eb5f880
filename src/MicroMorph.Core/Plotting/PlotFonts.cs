using ScottPlot;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The font every plot and picture uses. Placeholder: the shipped-font implementation replaces this
/// (issue 19, item 2), so that text renders on a host without system fonts.
/// </summary>
public static class PlotFonts
{
    /// <summary>Sets the shipped font on every text element of <paramref name="plot"/>.</summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
    }
}

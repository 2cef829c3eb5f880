using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Dashed lines in SVG. Skia's SVG canvas drops path effects: a dashed line came out solid (a Bode plot's phase looked like
/// |Z|) and Skia printed "Unsupported path effect in addPaint." on the console for each. Before the SVG is drawn, every
/// dashed line is made solid in a colour no other element uses; afterwards its paths (the line and its legend symbol) get
/// their colour back and a <c>stroke-dasharray</c> with ScottPlot's dash pattern, scaled like the picture.
/// </summary>
internal sealed class SvgDashes
{
    private readonly List<(string Marker, Color Colour, float[] Intervals)> _lines = [];

    private SvgDashes()
    {
    }

    /// <summary>Makes the dashed lines of <paramref name="plot"/> solid in marker colours, remembering how to restore them.</summary>
    public static SvgDashes Mark(Plot plot)
    {
        var dashes = new SvgDashes();
        var scatters = plot.GetPlottables().OfType<Scatter>().ToList();
        var used = scatters.SelectMany(s => new[] { Hex(s.LineColor), Hex(s.MarkerFillColor) }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        int next = 0;
        foreach (var scatter in scatters.Where(s => s.LineWidth > 0 && s.LinePattern.Intervals is { Length: > 0 }))
        {
            // Marker colours #010203, #010204, ... are far from the palette; skip any the plot happens to use.
            string marker;
            do
            {
                marker = Hex(new Color(1, 2, 3 + next++));
            }
            while (!used.Add(marker));

            dashes._lines.Add((marker, scatter.LineColor, scatter.LinePattern.Intervals));
            scatter.LineColor = Color.FromHex(marker).WithAlpha(scatter.LineColor.A);
            scatter.LinePattern = LinePattern.Solid;
        }

        return dashes;
    }

    /// <summary>The SVG with each marked line in its colour again and dashed (lengths times <paramref name="scale"/>).</summary>
    public string Restore(string svg, double scale)
    {
        foreach (var (marker, colour, intervals) in _lines)
        {
            string dasharray = string.Join(' ', intervals.Select(v => (v * scale).ToString("0.###", CultureInfo.InvariantCulture)));
            svg = svg.Replace($"stroke=\"{marker}\"", $"stroke=\"{Hex(colour)}\" stroke-dasharray=\"{dasharray}\"", StringComparison.OrdinalIgnoreCase);
        }

        return svg;
    }

    private static string Hex(Color c) => $"#{c.R:X2}{c.G:X2}{c.B:X2}";
}

using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Plotting;

/// <summary>The file formats a plot is written in, chosen by the extension of the path.</summary>
public enum PlotFormat
{
    /// <summary>A raster picture (<c>.png</c>).</summary>
    Png,

    /// <summary>A vector picture with its text as text (<c>.svg</c>), for papers.</summary>
    Svg,
}

/// <summary>The format a plot path asks for.</summary>
public static class PlotFormats
{
    /// <summary>
    /// <see cref="PlotFormat.Png"/> for <c>.png</c>, <see cref="PlotFormat.Svg"/> for <c>.svg</c> (any case);
    /// any other extension throws <c>UnsupportedPlotFormat</c>, before anything is drawn or written.
    /// </summary>
    public static PlotFormat FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        if (string.Equals(extension, ".png", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Png;
        }

        if (string.Equals(extension, ".svg", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Svg;
        }

        throw MicroMorphException.Argument(
            "UnsupportedPlotFormat",
            $"A plot is written as PNG or SVG, chosen by the extension of the path; '{path}' ends in '{(extension.Length == 0 ? "no extension" : extension)}'. End the path in .png or .svg.",
            path);
    }
}

namespace MicroMorph.Core.Plotting;

/// <summary>The decorations of a slice figure (see <see cref="SliceFigure"/>).</summary>
public sealed record SliceFigureOptions
{
    /// <summary>A scale bar in physical units under the picture, at its right edge.</summary>
    public bool ScaleBar { get; init; }

    /// <summary>A colour bar of the grey window right of the picture (grey-value stacks only).</summary>
    public bool ColorBar { get; init; }

    /// <summary>The phases' colours and names right of the picture.</summary>
    public bool Legend { get; init; }

    /// <summary>A caption in the top-left corner of each section ("xy, z = 128").</summary>
    public bool Captions { get; init; }

    /// <summary>Lines where the other sections of an orthogonal view cross each section.</summary>
    public bool Crosshair { get; init; }

    /// <summary>Longest scale bar as a fraction of the width of the (first) section.</summary>
    public double ScaleBarFraction { get; init; } = ScaleBarLength.DefaultFraction;

    /// <summary>True when any decoration is asked for.</summary>
    public bool Decorated => ScaleBar || ColorBar || Legend || Captions || Crosshair;
}

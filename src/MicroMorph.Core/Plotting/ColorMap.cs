namespace MicroMorph.Core.Plotting;

/// <summary>
/// Colour maps for pictures of scalar fields (grey values, distance and thickness maps, probabilities).
/// Apart from <see cref="Grey"/> they are the perceptually uniform maps of matplotlib: lightness rises
/// steadily from the low to the high end, so equal steps in value look like equal steps in colour and
/// the picture still reads in greyscale print. Rainbow maps (jet, turbo) are left out on purpose: their
/// bright bands invent edges that are not in the data.
/// </summary>
public enum ColorMap
{
    /// <summary>Black to white.</summary>
    Grey,

    /// <summary>Dark blue through green to yellow (#440154 to #FDE725).</summary>
    Viridis,

    /// <summary>Black through purple and orange-red to pale yellow.</summary>
    Magma,

    /// <summary>Black through purple and orange to bright yellow.</summary>
    Inferno,

    /// <summary>Dark blue through magenta to yellow; no black end.</summary>
    Plasma,
}

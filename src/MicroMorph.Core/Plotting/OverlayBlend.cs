using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// Phase colours laid over a grey picture: the "over" operator of Porter and Duff (1984) for an opaque
/// picture under a colour of opacity a, per channel out = (1 - a) under + a over, rounded to 8 bits.
/// a = 0 leaves the picture, a = 1 paints the phase colour.
/// </summary>
public static class OverlayBlend
{
    public static RgbColor Blend(RgbColor under, RgbColor over, double opacity)
    {
        CheckOpacity(opacity);
        return new RgbColor(Channel(under.R, over.R, opacity), Channel(under.G, over.G, opacity), Channel(under.B, over.B, opacity));
    }

    /// <summary>Refuses an opacity outside [0, 1] with <c>InvalidOpacity</c>.</summary>
    public static void CheckOpacity(double opacity)
    {
        if (!(opacity >= 0 && opacity <= 1))
        {
            throw MicroMorphException.Argument("InvalidOpacity", FormattableString.Invariant($"The overlay opacity must be between 0 (invisible) and 1 (opaque); it is {opacity}."), opacity);
        }
    }

    private static byte Channel(byte under, byte over, double a) => (byte)Math.Round((1 - a) * under + a * over, MidpointRounding.AwayFromZero);
}

namespace MicroMorph.Core.IO;

/// <summary>Which channel of a colour (RGB) image becomes the grey values of the volume.</summary>
public enum ColorChannel
{
    Red,
    Green,
    Blue,

    /// <summary>Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B, rounded.</summary>
    Luminance,
}

namespace MicroMorph.Core.Imaging;

/// <summary>The axis normal to a 2D section through a volume.</summary>
public enum SliceAxis
{
    /// <summary>An x-y section (constant z); the picture is Width x Height.</summary>
    Z,

    /// <summary>An x-z section (constant y); the picture is Width x Depth.</summary>
    Y,

    /// <summary>A y-z section (constant x); the picture is Height x Depth.</summary>
    X,
}

using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// One section inside a <see cref="SlicePicture"/>: its rectangle in picture pixels, its name ("xy",
/// "xz", "yz"), a caption ("xy, z = 128"), and where the other two sections of an orthogonal view cross
/// it (picture pixels from the panel's left and top edge; null for a single section).
/// </summary>
public sealed record SlicePanel(string Name, string Caption, int Left, int Top, int Width, int Height, double? CrossAcross, double? CrossDown);

/// <summary>
/// The rendered pixels of a slice picture (8-bit RGB, row by row; white between panels) with what its
/// decorations need: the physical size of one picture pixel (square: voxels are resampled to their
/// physical aspect), the grey window and colour map (for a colour bar) and the phases shown (for a legend).
/// </summary>
public sealed record SlicePicture(
    int Width,
    int Height,
    byte[] Rgb,
    IReadOnlyList<SlicePanel> Panels,
    double PixelSize,
    string Unit,
    double WindowMinimum,
    double WindowMaximum,
    ColorMap? ColorMap,
    IReadOnlyList<Phase> Phases);

using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Renders the sections a <see cref="SliceView"/> asks for as 8-bit RGB: grey values through a window
/// and a colour map, phase images in their phase colours, phase colours laid over grey values. Voxels
/// are drawn at their physical aspect ratio: a picture pixel is the finest in-plane voxel edge divided
/// by the scale, and each voxel covers (edge / pixel) picture pixels in each direction (nearest
/// neighbour), so isotropic voxels become Scale x Scale blocks and a 10 x 10 x 20 nm voxel of an x-z
/// section 1 x 2 of them. An orthogonal view places the x-y section top left, the y-z section (z
/// across) to its right and the x-z section (z down) below it, <see cref="Gap"/> white pixels apart,
/// all at the same pixel size and through one grey window.
/// </summary>
public static class SliceRenderer
{
    /// <summary>White pixels between the panels of an orthogonal view.</summary>
    public const int Gap = 4;

    /// <summary>Longest side of a picture, in pixels.</summary>
    public const int MaximumSide = 16384;

    private const byte White = 255;

    public static SlicePicture Render(Volume volume, SliceView view)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(view);
        Check(volume, view);

        var sections = Sections(volume, view);
        double pixel = sections.Min(s => Math.Min(s.Edges.Across, s.Edges.Down)) / view.Scale;
        var sizes = sections.Select(s => (W: Pixels(s.Voxels.Width, s.Edges.Across, pixel), H: Pixels(s.Voxels.Height, s.Edges.Down, pixel))).ToArray();

        // Layout: one section at the origin, or xy | yz over xz.
        var origins = new (int Left, int Top)[sections.Length];
        int width, height;
        if (sections.Length == 1)
        {
            (width, height) = sizes[0];
        }
        else
        {
            origins[1] = (sizes[0].W + Gap, 0);
            origins[2] = (0, sizes[0].H + Gap);
            width = sizes[0].W + Gap + sizes[1].W;
            height = sizes[0].H + Gap + sizes[2].H;
        }

        if (width > MaximumSide || height > MaximumSide)
        {
            throw MicroMorphException.Argument(
                "PictureTooLarge",
                string.Create(CultureInfo.InvariantCulture, $"The picture would be {width} x {height} pixels, more than {MaximumSide} on a side; use a smaller -Scale or select a region first (Select-VoxelRegion)."),
                view.Scale);
        }

        var values = sections.Select(s => VolumeSection.ReadValues(volume, s.Axis, s.Index, s.Transposed)).ToArray();
        var overlay = view.Overlay is null ? null : sections.Select(s => VolumeSection.ReadValues(view.Overlay, s.Axis, s.Index, s.Transposed)).ToArray();

        // Colour of a voxel value, and the window and phases a colour bar or legend shows.
        Func<double, RgbColor> colour;
        double lo = 0, hi = 0;
        ColorMap? map = null;
        IReadOnlyList<Phase> phases = [];
        if (volume is PhaseImage image)
        {
            var table = new RgbColor[256];
            foreach (var p in image.Phases)
            {
                table[p.Label] = p.Color;
            }

            colour = v => table[(int)v];
            phases = image.Phases.ToArray();
        }
        else
        {
            (lo, hi) = Window(values.SelectMany(v => v), view);
            map = view.ColorMap ?? ColorMap.Grey;
            var lut = ColorMaps.Table(map.Value);
            double l = lo, span = hi - lo;
            colour = v => double.IsNaN(v) ? default : lut[ColorMaps.Index((v - l) / span)];
        }

        bool[]? drawn = null;
        RgbColor[]? overlayColours = null;
        if (view.Overlay is not null)
        {
            drawn = new bool[256];
            overlayColours = new RgbColor[256];
            var shown = new List<Phase>();
            foreach (var p in view.Overlay.Phases)
            {
                if (view.OverlayLabels is null || view.OverlayLabels.Contains(p.Label))
                {
                    drawn[p.Label] = true;
                    overlayColours[p.Label] = p.Color;
                    shown.Add(p);
                }
            }

            phases = shown;
        }

        var rgb = new byte[(long)width * height * 3];
        rgb.AsSpan().Fill(White);
        var panels = new SlicePanel[sections.Length];
        for (int k = 0; k < sections.Length; k++)
        {
            var s = sections[k];
            (int pw, int ph) = sizes[k];
            (int left, int top) = origins[k];
            int nu = s.Voxels.Width, nv = s.Voxels.Height;
            for (int j = 0; j < ph; j++)
            {
                int v = Voxel(j, nv, ph);
                for (int i = 0; i < pw; i++)
                {
                    long element = (long)v * nu + Voxel(i, nu, pw);
                    var c = colour(values[k][element]);
                    if (overlay is not null)
                    {
                        int label = (int)overlay[k][element];
                        if (drawn![label])
                        {
                            c = OverlayBlend.Blend(c, overlayColours![label], view.Opacity);
                        }
                    }

                    long o = ((long)(top + j) * width + left + i) * 3;
                    rgb[o] = c.R;
                    rgb[o + 1] = c.G;
                    rgb[o + 2] = c.B;
                }
            }

            panels[k] = new SlicePanel(s.Name, s.Caption, left, top, pw, ph, s.CrossAcross is { } a ? (a + 0.5) * pw / nu : null, s.CrossDown is { } d ? (d + 0.5) * ph / nv : null);
        }

        return new SlicePicture(width, height, rgb, panels, pixel, volume.VoxelSize.Unit, lo, hi, map, phases);
    }

    /// <summary>The picture pixels a run of <paramref name="voxels"/> of edge <paramref name="edge"/> covers at pixel size <paramref name="pixel"/>.</summary>
    public static int Pixels(int voxels, double edge, double pixel) => Math.Max(1, (int)Math.Round(voxels * edge / pixel));

    // The voxel under the centre of picture pixel i of a run of n voxels drawn as `pixels` pixels.
    private static int Voxel(int i, int n, int pixels) => Math.Min(n - 1, (int)((i + 0.5) * n / pixels));

    private static (double, double) Window(IEnumerable<double> values, SliceView view)
    {
        double lo, hi;
        if (view.Minimum is { } min && view.Maximum is { } max)
        {
            (lo, hi) = (min, max);
        }
        else
        {
            (lo, hi) = PercentileWindow.Compute(values, view.LowPercentile, view.HighPercentile);
            lo = view.Minimum ?? lo;
            hi = view.Maximum ?? hi;
        }

        if (!(hi > lo))
        {
            if (view.Minimum is not null && view.Maximum is not null)
            {
                throw MicroMorphException.Argument("InvalidWindow", string.Create(CultureInfo.InvariantCulture, $"The grey window needs Maximum > Minimum; got {lo} and {hi}."), hi);
            }

            // One bound given beyond the other's percentile: a window one unit wide from the given bound.
            (lo, hi) = view.Minimum is not null ? (lo, lo + 1) : (hi - 1, hi);
        }

        return (lo, hi);
    }

    private sealed record Section(string Name, string Caption, SliceAxis Axis, int Index, bool Transposed, (int Width, int Height) Voxels, (double Across, double Down) Edges, int? CrossAcross, int? CrossDown);

    private static Section[] Sections(Volume volume, SliceView view)
    {
        Section Make(string name, SliceAxis axis, int index, bool transposed, int? across, int? down) =>
            new(name, string.Create(CultureInfo.InvariantCulture, $"{name}, {axis.ToString().ToLowerInvariant()} = {index}"), axis, index, transposed,
                VolumeSection.Size(volume, axis, transposed), VolumeSection.VoxelEdges(volume, axis, transposed), across, down);

        if (!view.Orthogonal)
        {
            int index = view.Index ?? VolumeSection.Extent(volume, view.Axis) / 2;
            VolumeSection.CheckIndex(volume, view.Axis, index);
            string name = view.Axis switch { SliceAxis.Z => "xy", SliceAxis.Y => "xz", _ => "yz" };
            return [Make(name, view.Axis, index, false, null, null)];
        }

        var (x, y, z) = view.Point ?? (volume.Width / 2, volume.Height / 2, volume.Depth / 2);
        return
        [
            Make("xy", SliceAxis.Z, z, false, x, y),
            Make("yz", SliceAxis.X, x, true, z, y),
            Make("xz", SliceAxis.Y, y, false, x, z),
        ];
    }

    private static void Check(Volume volume, SliceView view)
    {
        if (view.Scale is < 1 or > 64)
        {
            throw MicroMorphException.Argument("InvalidScale", string.Create(CultureInfo.InvariantCulture, $"The scale must be between 1 and 64; it is {view.Scale}."), view.Scale);
        }

        PercentileWindow.Check(view.LowPercentile, view.HighPercentile);
        if (view.Minimum is { } min && view.Maximum is { } max && !(max > min))
        {
            throw MicroMorphException.Argument("InvalidWindow", string.Create(CultureInfo.InvariantCulture, $"The grey window needs Maximum > Minimum; got {min} and {max}."), max);
        }

        if (volume is PhaseImage)
        {
            if (view.ColorMap is not null)
            {
                throw MicroMorphException.Argument("ColorMapOnPhaseImage", "A phase image is drawn in its phase colours; a colour map is for grey values and distance or probability maps. Set phase colours with ConvertTo-PhaseImage -Color.", view.ColorMap);
            }

            if (view.Overlay is not null)
            {
                throw MicroMorphException.Argument("OverlayOnPhaseImage", "Phase colours are laid over a grey-value stack; this input is itself a phase image. Pipe the grey stack and give the phase image as -Overlay.", view.Overlay);
            }
        }

        if (view.Overlay is { } overlay)
        {
            OverlayBlend.CheckOpacity(view.Opacity);
            if (overlay.Width != volume.Width || overlay.Height != volume.Height || overlay.Depth != volume.Depth)
            {
                throw MicroMorphException.Argument(
                    "OverlayDimensionMismatch",
                    $"The overlay is {overlay.Dimensions} voxels; the volume is {volume.Dimensions}. Overlay the phase image segmented from this volume (crop both alike with Select-VoxelRegion).",
                    overlay);
            }
        }

        if (view.Orthogonal)
        {
            if (volume.Depth == 1)
            {
                throw MicroMorphException.Argument("OrthogonalNeedsVolume", "An orthogonal view needs a 3D volume; this one is a single slice. Leave out -Orthogonal.", volume);
            }

            if (view.Point is var (x, y, z) && (x < 0 || x >= volume.Width || y < 0 || y >= volume.Height || z < 0 || z >= volume.Depth))
            {
                throw MicroMorphException.Argument(
                    "PointOutOfRange",
                    string.Create(CultureInfo.InvariantCulture, $"The point ({x}, {y}, {z}) is outside the volume (0 to {volume.Width - 1}, 0 to {volume.Height - 1}, 0 to {volume.Depth - 1})."),
                    view.Point);
            }
        }
    }
}

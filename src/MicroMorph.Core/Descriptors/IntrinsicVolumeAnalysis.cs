using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Densities of the four intrinsic volumes of a phase from the histogram of its 2x2x2 voxel
/// configurations (Ohser and Mücklich, Statistical Analysis of Microstructures, 2000; Ohser and
/// Schladitz, 3D Images of Materials Structures, 2009), as used for calibration in 001 Section 3.2.1:
/// <list type="bullet">
/// <item>Euler characteristic: exact for the chosen adjacency, from the alternating cell counts of
/// the cubical complex (vertices - edges + faces - cubes) shared out among the configurations.</item>
/// <item>Surface density: discrete Cauchy-Crofton formula S_V = 2 E[P_L] over the 13 lattice line
/// directions, each weighted by its spherical Voronoi area.</item>
/// <item>Mean curvature density: discrete Crofton formula M_V = 2 pi E[chi_A] over the 13 families of
/// lattice planes in the 2x2x2 cell (squares, rectangles, triangles), with 2D Euler characteristics
/// in the adjacency that matches the 3D one.</item>
/// </list>
/// </summary>
public static class IntrinsicVolumeAnalysis
{
    public static IntrinsicVolumeResult Compute(PhaseImage image, Phase phase, EulerConnectivity connectivity, ObservationWindow window, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        if (window == ObservationWindow.Stationary && (image.Width < 2 || image.Height < 2 || image.Depth < 2))
        {
            throw MicroMorphException.Argument(
                "ImageTooThinForWindow",
                $"A {image.Dimensions} image has no complete 2x2x2 configuration; use the Background window for it, or a 3D image.",
                image);
        }

        long phaseVoxels = PhaseCounter.CountLabels(image, options)[phase.Label];
        var histogram = ConfigurationHistogram(image, LabelSet(phase.Label), window, options);
        long windows = histogram.Sum();
        var tables = ConfigurationTables.For(image.VoxelSize, connectivity);

        double euler = 0, surface = 0, curvature = 0;
        for (int c = 0; c < 256; c++)
        {
            if (histogram[c] == 0)
            {
                continue;
            }

            euler += histogram[c] * tables.Euler[c];
            surface += histogram[c] * tables.Surface[c];
            curvature += histogram[c] * tables.Curvature[c];
        }

        var vs = image.VoxelSize;
        double referenceVolume = window == ObservationWindow.Stationary
            ? windows * vs.VoxelVolume
            : image.VoxelCount * vs.VoxelVolume;
        return new IntrinsicVolumeResult(
            phase.Name,
            (double)phaseVoxels / image.VoxelCount,
            surface / referenceVolume,
            curvature / referenceVolume,
            euler / referenceVolume,
            euler,
            connectivity,
            window,
            referenceVolume,
            vs.Unit)
        {
            Source = image.Source,
        };
    }

    /// <summary>
    /// Number of 2x2x2 windows in each configuration (bit dx + 2 dy + 4 dz set when that voxel is
    /// in the phase). Stationary: windows inside the image; Background: the image padded with one
    /// layer of background, so every voxel is in 8 windows.
    /// </summary>
    public static long[] ConfigurationHistogram(PhaseImage image, bool[] labels, ObservationWindow window, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, d = image.Depth;
        int first = window == ObservationWindow.Stationary ? 0 : -1;
        int lastZ = window == ObservationWindow.Stationary ? d - 2 : d - 1;
        int lastY = window == ObservationWindow.Stationary ? h - 2 : h - 1;
        int lastX = window == ObservationWindow.Stationary ? w - 2 : w - 1;
        int planes = lastZ - first + 1;
        var partial = new long[planes][];
        SliceIterator.For(planes, options, "Intrinsic volumes", k =>
        {
            int z0 = first + k;
            var counts = new long[256];
            ReadOnlySpan<byte> lower = z0 >= 0 ? image.GetLabels(z0) : default;
            ReadOnlySpan<byte> upper = z0 + 1 < d ? image.GetLabels(z0 + 1) : default;
            Span<int> column = new int[w + 2];
            for (int y0 = first; y0 <= lastY; y0++)
            {
                // column[x + 1]: the four voxels (y0|y0+1, z0|z0+1) at x as bits 0, 2, 4, 6.
                for (int x = -1; x <= w; x++)
                {
                    int bits = 0;
                    if (x >= 0 && x < w)
                    {
                        bits |= Bit(lower, x, y0, w, h, labels) << 0;
                        bits |= Bit(lower, x, y0 + 1, w, h, labels) << 2;
                        bits |= Bit(upper, x, y0, w, h, labels) << 4;
                        bits |= Bit(upper, x, y0 + 1, w, h, labels) << 6;
                    }

                    column[x + 1] = bits;
                }

                for (int x0 = first; x0 <= lastX; x0++)
                {
                    counts[column[x0 + 1] | (column[x0 + 2] << 1)]++;
                }
            }

            partial[k] = counts;
        });

        var total = new long[256];
        foreach (var counts in partial)
        {
            for (int c = 0; c < 256; c++)
            {
                total[c] += counts[c];
            }
        }

        return total;
    }

    private static int Bit(ReadOnlySpan<byte> slice, int x, int y, int w, int h, bool[] labels) =>
        !slice.IsEmpty && (uint)y < (uint)h && labels[slice[y * w + x]] ? 1 : 0;

    private static bool[] LabelSet(params byte[] labels)
    {
        var set = new bool[256];
        foreach (byte l in labels)
        {
            set[l] = true;
        }

        return set;
    }

    /// <summary>
    /// Area of the interface between two phases per unit volume (002 Section 5.1: S_AM,P, and
    /// S_Int = S_AM,P + 0.5 S_AM,CBD from two such calls): from the surface densities of each
    /// phase and of their union, S_ij = (S_i + S_j - S_(i union j)) / 2, since the boundary of the
    /// union is the boundary of the two minus their shared interface counted from both sides.
    /// </summary>
    public static InterfaceAreaResult InterfaceDensity(PhaseImage image, Phase first, Phase second, ObservationWindow window, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Label == second.Label)
        {
            throw MicroMorphException.Argument("SamePhaseTwice", $"An interface needs two different phases; '{first.Name}' was given twice.", second);
        }

        var tables = ConfigurationTables.For(image.VoxelSize, EulerConnectivity.TwentySix);
        double Surface(bool[] set)
        {
            var histogram = ConfigurationHistogram(image, set, window, options);
            double total = 0;
            for (int c = 0; c < 256; c++)
            {
                total += histogram[c] * tables.Surface[c];
            }

            return total;
        }

        long windows = window == ObservationWindow.Stationary
            ? (long)(image.Width - 1) * (image.Height - 1) * (image.Depth - 1)
            : image.VoxelCount;
        if (windows <= 0)
        {
            throw MicroMorphException.Argument("ImageTooThinForWindow", $"A {image.Dimensions} image has no complete 2x2x2 configuration; use the Background window.", image);
        }

        double referenceVolume = windows * image.VoxelSize.VoxelVolume;
        double shared = (Surface(LabelSet(first.Label)) + Surface(LabelSet(second.Label)) - Surface(LabelSet(first.Label, second.Label))) / 2;
        return new InterfaceAreaResult(first.Name, second.Name, shared / referenceVolume, shared, window, image.VoxelSize.Unit) { Source = image.Source };
    }
}

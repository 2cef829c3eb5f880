using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Volume fraction of every phase per slice along an axis, e.g. against the distance to the
/// separator (002 Section 5.1, Fig. 10). Position is the physical coordinate of the slice centre.
/// </summary>
public static class PhaseProfile
{
    public static IReadOnlyList<PhaseProfilePoint> Compute(PhaseImage image, FlowDirection axis, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, d = image.Depth;
        int slices = axis.ExtentOf(image);
        double spacing = axis.SpacingOf(image.VoxelSize);
        long perSlice = image.VoxelCount / slices;

        // counts[slice * 256 + label], accumulated per z-slice in parallel (each z writes its own rows for Z).
        var partial = new long[d][];
        SliceIterator.For(d, options, "Phase profile", z =>
        {
            var counts = new long[(axis == FlowDirection.Z ? 1 : slices) * 256];
            var labels = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int s = axis == FlowDirection.Z ? 0 : axis.CoordinateOf(x, y, z); // z-rows are apart per slice
                    counts[s * 256 + labels[y * w + x]]++;
                }
            }

            partial[z] = counts;
        });

        var total = new long[slices * 256];
        for (int z = 0; z < d; z++)
        {
            var counts = partial[z];
            int offset = axis == FlowDirection.Z ? z * 256 : 0;
            for (int i = 0; i < counts.Length; i++)
            {
                total[offset + i] += counts[i];
            }
        }

        var points = new List<PhaseProfilePoint>(slices * image.Phases.Count);
        for (int s = 0; s < slices; s++)
        {
            foreach (var phase in image.Phases)
            {
                long n = total[s * 256 + phase.Label];
                points.Add(new PhaseProfilePoint(phase.Name, axis, s, (s + 0.5) * spacing, image.VoxelSize.Unit, n, (double)n / perSlice));
            }
        }

        return points;
    }
}

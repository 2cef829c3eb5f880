using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Distribution of geodesic tortuosity from the inlet plane (index 0 along the direction) to
/// the outlet plane (the last index): one exact shortest-path computation from the outlet,
/// 26-neighbourhood with Euclidean steps, then one value per inlet voxel.
/// </summary>
public static class GeodesicTortuosityAnalysis
{
    /// <param name="bins">Number of histogram bins of the distribution (between the minimum and maximum).</param>
    public static GeodesicTortuosityResult Compute(PhaseImage image, Phase phase, FlowDirection direction, int bins, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        if (bins is < 1 or > 100_000)
        {
            throw MicroMorphException.Argument("InvalidBinCount", $"The histogram needs 1 to 100000 bins; {bins} were asked for.", bins);
        }

        int extent = DescriptorPreconditions.RequireExtent(image, direction, "a path from inlet to outlet");
        var stages = new StagedProgress(options, new ProgressStage("Counting phase voxels", 1), new ProgressStage("Geodesic distances", 10));
        long phaseVoxels = DescriptorPreconditions.RequirePhaseVoxels(image, phase, stages.Next());

        var distance = GeodesicDistance.ToOutletPlane(image, phase.Label, direction, stages.Next());
        double spacing = direction.SpacingOf(image.VoxelSize);
        double thickness = (extent - 1) * spacing;

        var values = new List<double>();
        long inlet = 0;
        for (int z = 0; z < image.Depth; z++)
        {
            if (direction == FlowDirection.Z && z != 0)
            {
                break;
            }

            var labels = image.GetLabels(z);
            var dist = distance.GetSlice<float>(z);
            for (int y = 0; y < image.Height; y++)
            {
                if (direction == FlowDirection.Y && y != 0)
                {
                    break;
                }

                for (int x = 0; x < image.Width; x++)
                {
                    if (direction == FlowDirection.X && x != 0)
                    {
                        break;
                    }

                    int i = y * image.Width + x;
                    if (labels[i] != phase.Label)
                    {
                        continue;
                    }

                    inlet++;
                    if (float.IsFinite(dist[i]))
                    {
                        values.Add(dist[i] / thickness);
                    }
                }
            }
        }

        values.Sort();
        double fraction = inlet == 0 ? 0 : (double)values.Count / inlet;
        double volumeFraction = (double)phaseVoxels / image.VoxelCount;
        if (values.Count == 0)
        {
            return new GeodesicTortuosityResult(phase.Name, direction, volumeFraction, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, inlet, 0, 0, [])
            {
                Source = image.Source,
            };
        }

        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return new GeodesicTortuosityResult(
            phase.Name, direction, volumeFraction, mean, sd,
            values[0], Quantile(values, 0.05), Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75), Quantile(values, 0.95), values[^1],
            inlet, values.Count, fraction, Histogram(values, bins))
        {
            Source = image.Source,
        };
    }

    /// <summary>Linear interpolation between order statistics (type 7, as R's and NumPy's default).</summary>
    private static double Quantile(List<double> sorted, double p)
    {
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static HistogramBin[] Histogram(List<double> sorted, int bins)
    {
        double lo = sorted[0], hi = sorted[^1];
        if (hi <= lo)
        {
            return [new HistogramBin(lo, hi, sorted.Count, 1)];
        }

        double width = (hi - lo) / bins;
        var counts = new long[bins];
        foreach (double v in sorted)
        {
            counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        }

        return Enumerable.Range(0, bins)
            .Select(b => new HistogramBin(lo + b * width, b == bins - 1 ? hi : lo + (b + 1) * width, counts[b], (double)counts[b] / sorted.Count))
            .ToArray();
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Two-point coverage of two phases (auto when they are the same) for all shifts h up to a
/// maximum distance at once: the correlation sums S(h) = sum_x 1_i(x) 1_j(x + h) come from one
/// zero-padded Fourier correlation (<see cref="PaddedCorrelation"/>: padding by the largest shift,
/// so no shift wraps onto another), and each is divided by the number of pairs (x, x + h) inside
/// the image, which makes C(h) the unbiased, edge-corrected estimator for stationary samples.
/// </summary>
public static class TwoPointCoverage
{
    /// <summary>Largest number of complex elements held per phase (16 bytes each; two phases hold two such sets).</summary>
    public const long MaxBufferElements = 1L << 28;

    public static TwoPointCoverageResult Compute(PhaseImage image, Phase first, Phase second, double maxDistance, bool centered, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var vs = image.VoxelSize;
        if (!double.IsFinite(maxDistance) || maxDistance <= 0)
        {
            throw MicroMorphException.Argument("InvalidMaxDistance", $"The maximum distance must be a positive number of {vs.Unit}; it is {maxDistance}.", maxDistance);
        }

        int w = image.Width, h = image.Height, d = image.Depth;
        int hx = Math.Min(w - 1, (int)Math.Floor(maxDistance / vs.X));
        int hy = Math.Min(h - 1, (int)Math.Floor(maxDistance / vs.Y));
        int hz = Math.Min(d - 1, (int)Math.Floor(maxDistance / vs.Z));
        long elements = PaddedCorrelation.StoredElements(w, h, d, hx, hy, hz);
        if (elements > MaxBufferElements)
        {
            throw new MicroMorphException(
                "TwoPointCoverageTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                $"The padded Fourier transform holds {elements} complex elements per phase, more than {MaxBufferElements}; crop the image (Select-VoxelRegion) or lower -MaxDistance.",
                image);
        }

        bool two = first.Label != second.Label;
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 1),
            new ProgressStage("Distances of the shifts", 1),
            new ProgressStage("Correlation of the indicator functions", 30));
        var counts = PhaseCounter.CountLabels(image, stages.Next());
        double ei = (double)counts[first.Label] / image.VoxelCount, ej = (double)counts[second.Label] / image.VoxelCount;
        double offset = centered ? ei * ej : 0;

        // Radial average: the mean of C(h) over all shifts h of the same length |h| (each distinct
        // distance up to the maximum is one point of the curve). |h| depends on |dx|, |dy|, |dz| only,
        // so the distance class of every shift is looked up in one octant.
        var shells = DistanceShells.Of(hx, hy, hz, vs, maxDistance);
        options.CancellationToken.ThrowIfCancellationRequested();
        stages.Next();

        var alongX = new double[hx + 1];
        var alongY = new double[hy + 1];
        var alongZ = new double[hz + 1];
        var sums = new double[shells.Distances.Length];
        int sx = 2 * hx + 1;
        PaddedCorrelation.Compute(image, first.Label, second.Label, hx, hy, hz, stages.Next(), () => new double[sums.Length], (dz, values, local) =>
        {
            int az = Math.Abs(dz);
            // An auto-correlation delivers dz >= 0 only; S(-h) = S(h), so the plane dz > 0 also stands for -dz.
            double weight = !two && dz > 0 ? 2 : 1;
            double pairsZ = d - az;
            for (int dy = -hy; dy <= hy; dy++)
            {
                int ay = Math.Abs(dy);
                double pairsYZ = pairsZ * (h - ay);
                int row = (dy + hy) * sx + hx;
                int shellRow = (az * (hy + 1) + ay) * (hx + 1);
                for (int dx = -hx; dx <= hx; dx++)
                {
                    int shell = shells.Index[shellRow + Math.Abs(dx)];
                    if (shell >= 0)
                    {
                        local[shell] += weight * (values[row + dx] / (pairsYZ * (w - Math.Abs(dx))) - offset);
                    }
                }
            }

            if (dz >= 0)
            {
                alongZ[dz] = values[hy * sx + hx] / (pairsZ * h * w) - offset;
            }

            if (dz == 0)
            {
                for (int k = 0; k <= hx; k++)
                {
                    alongX[k] = values[hy * sx + hx + k] / ((double)d * h * (w - k)) - offset;
                }

                for (int k = 0; k <= hy; k++)
                {
                    alongY[k] = values[(hy + k) * sx + hx] / ((double)d * (h - k) * w) - offset;
                }
            }
        }, local =>
        {
            lock (sums)
            {
                for (int i = 0; i < sums.Length; i++)
                {
                    sums[i] += local[i];
                }
            }
        });

        var isotropic = new CurvePoint[sums.Length];
        for (int i = 0; i < sums.Length; i++)
        {
            isotropic[i] = new CurvePoint(shells.Distances[i], sums[i] / shells.Counts[i]);
        }

        return new TwoPointCoverageResult(
            first.Name,
            second.Name,
            centered,
            ei,
            ej,
            isotropic,
            alongX.Select((c, k) => new CurvePoint(k * vs.X, c)).ToArray(),
            alongY.Select((c, k) => new CurvePoint(k * vs.Y, c)).ToArray(),
            alongZ.Select((c, k) => new CurvePoint(k * vs.Z, c)).ToArray(),
            vs.Unit)
        {
            Source = image.Source,
        };
    }
}

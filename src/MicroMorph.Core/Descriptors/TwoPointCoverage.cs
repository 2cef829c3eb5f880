using System.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Two-point coverage of two phases (auto when they are the same) for all shifts h up to a
/// maximum distance at once: the correlation sums S(h) = sum_x 1_i(x) 1_j(x + h) come from one
/// zero-padded FFT product (padding by the largest shift, so no shift wraps onto another), and
/// each is divided by the number of pairs (x, x + h) inside the image, which makes C(h) the
/// unbiased, edge-corrected estimator for stationary samples.
/// </summary>
public static class TwoPointCoverage
{
    /// <summary>Largest FFT buffer (elements) accepted; two such double-complex arrays are held.</summary>
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
        // Padding by the largest shift avoids wrap-around; sizes with factors 2, 3, 5 keep the FFT fast.
        int pw = MixedRadixFft.GoodSize(w + hx), ph = MixedRadixFft.GoodSize(h + hy), pd = MixedRadixFft.GoodSize(d + hz);
        long elements = (long)pw * ph * pd;
        if (elements > MaxBufferElements)
        {
            throw new MicroMorphException(
                "TwoPointCoverageTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                $"The padded FFT of {pw} x {ph} x {pd} exceeds {MaxBufferElements} elements; crop the image (Select-VoxelRegion) or lower -MaxDistance.",
                image);
        }

        bool two = first.Label != second.Label;

        // Shares measured on the electrode (256^3, MaxDistance 40): the first transform, into fresh memory, is the slowest.
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 1),
            new ProgressStage("Indicator functions", 5),
            new ProgressStage("Forward Fourier transforms", two ? 60 : 30),
            new ProgressStage("Inverse Fourier transform", 8));
        var counts = PhaseCounter.CountLabels(image, stages.Next());
        double ei = (double)counts[first.Label] / image.VoxelCount, ej = (double)counts[second.Label] / image.VoxelCount;

        var indicators = stages.Next();
        var a = Indicator(image, first.Label, pw, ph, pd, indicators);
        var b = two ? Indicator(image, second.Label, pw, ph, pd, indicators) : a;
        var forward = new StagedProgress(stages.Next(), two ? [new ProgressStage(first.Name, 1), new ProgressStage(second.Name, 1)] : [new ProgressStage(first.Name, 1)]);
        FastFourierTransform3D.Transform(a, pw, ph, pd, inverse: false, forward.Next());
        if (!ReferenceEquals(a, b))
        {
            FastFourierTransform3D.Transform(b, pw, ph, pd, inverse: false, forward.Next());
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        // S(h) = sum_x a(x) b(x + h): the inverse transform of conj(A) B.
        for (long i = 0; i < elements; i++)
        {
            a[i] = Complex.Conjugate(a[i]) * b[i];
        }

        FastFourierTransform3D.Transform(a, pw, ph, pd, inverse: true, stages.Next());
        double scale = 1.0 / elements;
        double offset = centered ? ei * ej : 0;

        double C(int dx, int dy, int dz)
        {
            int ix = dx >= 0 ? dx : pw + dx, iy = dy >= 0 ? dy : ph + dy, iz = dz >= 0 ? dz : pd + dz;
            double pairs = (double)(w - Math.Abs(dx)) * (h - Math.Abs(dy)) * (d - Math.Abs(dz));
            return a[((long)iz * ph + iy) * pw + ix].Real * scale / pairs - offset;
        }

        var alongX = Enumerable.Range(0, hx + 1).Select(k => new CurvePoint(k * vs.X, C(k, 0, 0))).ToArray();
        var alongY = Enumerable.Range(0, hy + 1).Select(k => new CurvePoint(k * vs.Y, C(0, k, 0))).ToArray();
        var alongZ = Enumerable.Range(0, hz + 1).Select(k => new CurvePoint(k * vs.Z, C(0, 0, k))).ToArray();

        // Radial average: the mean of C(h) over all shifts h of the same length |h| (each distinct
        // distance up to the maximum is one point of the curve).
        var byDistance = new SortedDictionary<double, (double Sum, long Count)>();
        for (int dz = -hz; dz <= hz; dz++)
        {
            for (int dy = -hy; dy <= hy; dy++)
            {
                for (int dx = -hx; dx <= hx; dx++)
                {
                    double r2 = dx * vs.X * dx * vs.X + dy * vs.Y * dy * vs.Y + dz * vs.Z * dz * vs.Z;
                    double r = Math.Round(Math.Sqrt(r2), 12);
                    if (r <= maxDistance)
                    {
                        byDistance.TryGetValue(r, out var acc);
                        byDistance[r] = (acc.Sum + C(dx, dy, dz), acc.Count + 1);
                    }
                }
            }
        }

        var isotropic = byDistance.Select(kv => new CurvePoint(kv.Key, kv.Value.Sum / kv.Value.Count)).ToArray();
        return new TwoPointCoverageResult(first.Name, second.Name, centered, ei, ej, isotropic, alongX, alongY, alongZ, vs.Unit)
        {
            Source = image.Source,
        };
    }

    private static Complex[] Indicator(PhaseImage image, byte label, int pw, int ph, int pd, ComputeOptions options)
    {
        var buffer = new Complex[(long)pw * ph * pd];
        int w = image.Width, h = image.Height;
        SliceIterator.For(image.Depth, options with { Progress = null }, "Two-point coverage", z =>
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                long row = ((long)z * ph + y) * pw;
                for (int x = 0; x < w; x++)
                {
                    if (labels[y * w + x] == label)
                    {
                        buffer[row + x] = Complex.One;
                    }
                }
            }
        });
        return buffer;
    }
}

using System.Globalization;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Representativeness of a volume (004 Section 3.5, Fig. 12): the particle image is cut into k
/// equal pieces (a kx x ky x kz grid with kx ky kz = k, chosen so the pieces are as close to cubes
/// as possible in physical units; the remainder voxels beyond the last full piece are left out).
/// In each piece a particle is the part of a label that lies in it (a particle cut by a piece
/// face counts in both pieces with its parts, as when the paper cuts the Micro-CT segmentation).
/// Per size class the frequency is the fraction of the piece's particles (those within the class
/// range) in the class; the result is the mean over the pieces, its standard error s / sqrt(k)
/// and the 95% confidence interval mean +- t(0.975, k - 1) s / sqrt(k).
/// </summary>
public static class Representativeness
{
    public static RepresentativenessResult Compute(ParticleImage particles, int pieceCount, IReadOnlyList<double> sizeClassEdges, SizeMeasure measure, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(particles);
        ArgumentNullException.ThrowIfNull(sizeClassEdges);
        ArgumentNullException.ThrowIfNull(options);
        SizeClasses.Validate(sizeClassEdges);
        var (kx, ky, kz) = Grid(particles, pieceCount);
        if (particles.Count == 0)
        {
            throw MicroMorphException.InvalidData("NoParticles", "There are no particles to analyse (the particle mask is empty).", particles);
        }

        var labels = particles.Labels;
        int pw = labels.Width / kx, ph = labels.Height / ky, pd = labels.Depth / kz;
        long n = particles.Count;
        MemoryBudget.Require(8.0 * pieceCount * (n + 1), "The per-piece particle counts", particles);
        var counts = new long[pieceCount][];
        for (int p = 0; p < pieceCount; p++)
        {
            counts[p] = new long[n + 1];
        }

        // One slab of pieces (fixed z-index) per iteration: its counts are written by that iteration only.
        SliceIterator.For(kz, options, "Counting particles per piece", iz =>
        {
            for (int z = iz * pd; z < (iz + 1) * pd; z++)
            {
                var slice = labels.GetSlice<uint>(z);
                for (int iy = 0; iy < ky; iy++)
                {
                    for (int y = iy * ph; y < (iy + 1) * ph; y++)
                    {
                        for (int ix = 0; ix < kx; ix++)
                        {
                            var c = counts[(iz * ky + iy) * kx + ix];
                            foreach (uint l in slice.Slice(y * labels.Width + ix * pw, pw))
                            {
                                c[l]++;
                            }
                        }
                    }
                }
            }
        });

        var vs = labels.VoxelSize;
        int classes = sizeClassEdges.Count - 1;
        var frequencies = new double[pieceCount][];
        var classCounts = new double[pieceCount][];
        var totals = new double[pieceCount];
        for (int p = 0; p < pieceCount; p++)
        {
            var perClass = new double[classes];
            for (long l = 1; l <= n; l++)
            {
                long c = counts[p][l];
                if (c == 0)
                {
                    continue;
                }

                double volume = c * vs.VoxelVolume;
                double size = measure == SizeMeasure.Volume ? volume : Math.Cbrt(6 * volume / Math.PI);
                int k = SizeClasses.Find(sizeClassEdges, size);
                if (k >= 0)
                {
                    perClass[k]++;
                }
            }

            double total = perClass.Sum();
            totals[p] = total;
            classCounts[p] = perClass;
            frequencies[p] = perClass.Select(c => total > 0 ? c / total : 0).ToArray();
        }

        double t = StudentT.InvCDF(0, 1, pieceCount - 1, 0.975);
        var result = new SizeClassFrequency[classes];
        for (int k = 0; k < classes; k++)
        {
            double mean = frequencies.Average(f => f[k]);
            double variance = frequencies.Sum(f => (f[k] - mean) * (f[k] - mean)) / (pieceCount - 1);
            double se = Math.Sqrt(variance / pieceCount);
            result[k] = new SizeClassFrequency(sizeClassEdges[k], sizeClassEdges[k + 1], mean, se, mean - t * se, mean + t * se, classCounts.Average(c => c[k]));
        }

        return new RepresentativenessResult
        {
            PieceCount = pieceCount,
            PiecesX = kx,
            PiecesY = ky,
            PiecesZ = kz,
            PieceSize = string.Create(CultureInfo.InvariantCulture, $"{pw} x {ph} x {pd}"),
            SizeMeasure = measure,
            Unit = vs.Unit,
            MeanParticleCount = totals.Average(),
            SizeClasses = result,
            Frequencies = frequencies,
        };
    }

    /// <summary>The kx x ky x kz = k grid whose pieces are closest to cubes (smallest ratio of longest to shortest physical edge).</summary>
    internal static (int X, int Y, int Z) Grid(ParticleImage particles, int k)
    {
        if (k < 2)
        {
            throw MicroMorphException.Argument("TooFewPieces", $"Confidence intervals need at least two pieces; got {k}.", k);
        }

        var vs = particles.VoxelSize;
        (int, int, int)? best = null;
        double bestRatio = double.PositiveInfinity;
        for (int kx = 1; kx <= k; kx++)
        {
            if (k % kx != 0 || kx > particles.Width)
            {
                continue;
            }

            for (int ky = 1; ky <= k / kx; ky++)
            {
                if ((k / kx) % ky != 0 || ky > particles.Height)
                {
                    continue;
                }

                int kz = k / kx / ky;
                if (kz > particles.Depth)
                {
                    continue;
                }

                var edges = new List<double> { particles.Width / kx * vs.X, particles.Height / ky * vs.Y };
                if (particles.Depth > 1)
                {
                    edges.Add(particles.Depth / kz * vs.Z);
                }

                double ratio = edges.Max() / edges.Min();
                if (ratio < bestRatio)
                {
                    bestRatio = ratio;
                    best = (kx, ky, kz);
                }
            }
        }

        return best ?? throw MicroMorphException.Argument(
            "TooManyPieces",
            $"A {particles.Dimensions} volume cannot be cut into {k} equal pieces of at least one voxel (k must be a product kx ky kz with kx <= width, ky <= height, kz <= depth).",
            k);
    }
}

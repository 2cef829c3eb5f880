using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

/// <summary>
/// The k-means trinarization against plain references written here: Lloyd's algorithm without
/// bounds (every distance of every vector in every pass, sums from scratch), and a brute-force
/// grid over the phase weights of the fit objective of 002 Section 3.2,
/// sum_l (eps_l,target - eps_l)^2 with eps_l from k-means runs from the paper's initial centroids.
/// </summary>
public class KMeansFitReferenceTests
{
    private const int Stride = BoundedWeightedLloyd.Stride;

    [Theory]
    [InlineData(0.0, 0.0, 0.0, 1)]
    [InlineData(-1.9, -0.1, 0.0, 1)]
    [InlineData(0.7, -0.4, 0.3, 2)]
    [InlineData(-0.5, 0.5, -0.6, 2)]
    public void BoundedLloydHasThePlainLloydIterates(double lnPore, double lnCbd, double lnGroups, int threads)
    {
        // Overlapping clusters (noise comparable to the contrast), so that many vectors sit near a
        // boundary and the bounds must let them be looked at again in later passes.
        var truth = SyntheticElectrode.Truth(20, seed: 4, amRadius: 4);
        var grey = SyntheticElectrode.Grey(truth, [60, 100, 140], 25);
        var (features, s) = AllFeatures(grey);
        var wx = Weights([lnPore, lnCbd], [lnGroups, -lnGroups, 0.5 * lnGroups]);
        var start = InitialCentroids(grey, features, s);

        var bounded = new BoundedWeightedLloyd((float[])features.Clone(), s, 3);
        var boundedCentroids = (float[])start.Clone();
        var fractions = bounded.Run(boundedCentroids, wx, 100, new ComputeOptions { MaxDegreeOfParallelism = threads });

        var plainCentroids = (float[])start.Clone();
        var (plainFractions, plainIterations) = PlainLloyd(features, s, plainCentroids, wx, 100);

        Assert.Equal(plainIterations, bounded.Iterations);
        Assert.Equal(plainFractions, fractions);
        for (int i = 0; i < plainCentroids.Length; i++)
        {
            Assert.True(Math.Abs(plainCentroids[i] - boundedCentroids[i]) <= 1e-4f * Math.Max(1, Math.Abs(plainCentroids[i])), $"centroid entry {i}: {boundedCentroids[i]} vs {plainCentroids[i]}");
        }

        // The bounds did skip work: fewer distances than k per vector and pass.
        Assert.True(bounded.DistanceEvaluations < 3L * s * bounded.Iterations, $"{bounded.DistanceEvaluations} distances in {bounded.Iterations} passes");
    }

    [Fact]
    public void FitIsAtLeastAsGoodAsTheBestPhaseWeightsOfABruteForceGrid()
    {
        // A 12^3 synthetic electrode (1728 voxels: the subsample is the whole volume). The fit's
        // cost on the subsample must not exceed the least cost over a 13 x 13 grid of
        // (ln w_pore, ln w_CBD) in [-2, 2]^2 with feature weights 1, each point a plain Lloyd run.
        var truth = SyntheticElectrode.Truth(12, seed: 6, amRadius: 3);
        var grey = SyntheticElectrode.Grey(truth, [60, 110, 190], 14);
        var target = SyntheticElectrode.Fractions(truth);
        var (features, s) = AllFeatures(grey);
        var start = InitialCentroids(grey, features, s);
        double gridBest = double.PositiveInfinity;
        for (int a = 0; a <= 12; a++)
        {
            for (int b = 0; b <= 12; b++)
            {
                var centroids = (float[])start.Clone();
                var (found, _) = PlainLloyd(features, s, centroids, Weights([-2 + a / 3.0, -2 + b / 3.0], [0, 0, 0]), 100);
                gridBest = Math.Min(gridBest, Cost(target, found));
            }
        }

        var r = KMeansTrinarization.Apply(grey, target, SyntheticElectrode.Phases, new KMeansFitOptions { SampleSize = 4096 }, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(s, r.SampleSize);
        double fitCost = Cost(target, r.SampleFractions.ToArray());

        // The fit stops once every fraction is within 1e-3 (cost at most 3e-6): the grid may then be luckier.
        Assert.True(fitCost <= Math.Max(gridBest, 3e-6) + 1e-12, $"fit cost {fitCost:E3}, grid {gridBest:E3}");
        for (int c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(r.AchievedFractions[c] - target[c]) <= 0.002, $"phase {c}: {r.AchievedFractions[c]} vs {target[c]}");
        }
    }

    private static double Cost(double[] target, IReadOnlyList<double> found) =>
        Enumerable.Range(0, target.Length).Sum(l => (target[l] - found[l]) * (target[l] - found[l]));

    /// <summary>w_l * x_m of Eq. 1 as floats (AM and the voxel itself have weight 1).</summary>
    private static float[] Weights(double[] lnPhase, double[] lnGroups)
    {
        var table = new float[3 * Stride];
        for (int l = 0; l < 3; l++)
        {
            double w = l == 2 ? 1 : Math.Exp(lnPhase[l]);
            for (int m = 0; m < NeighbourhoodFeatures.Count; m++)
            {
                int g = NeighbourhoodFeatures.GroupOf[m];
                table[l * Stride + m] = (float)(w * (g == 0 ? 1 : Math.Exp(lnGroups[g - 1])));
            }
        }

        return table;
    }

    /// <summary>The features of every voxel in raster order, with replicated faces.</summary>
    private static (float[] Features, int S) AllFeatures(VoxelStack grey)
    {
        int w = grey.Width, h = grey.Height, d = grey.Depth, s = w * h * d;
        float[] Slice(int z)
        {
            var values = new float[w * h];
            GreyValues.ReadSliceWithoutNaN(grey, Math.Clamp(z, 0, d - 1), values);
            return values;
        }

        var features = new float[s * Stride];
        for (int z = 0; z < d; z++)
        {
            var (below, here, above) = (Slice(z - 1), Slice(z), Slice(z + 1));
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    NeighbourhoodFeatures.Compute(below, here, above, w, h, x, y, features.AsSpan(((z * h + y) * w + x) * Stride, NeighbourhoodFeatures.Count));
                }
            }
        }

        return (features, s);
    }

    /// <summary>002 Section 3.2: the darkest voxel, the brightest (first in raster order) and the vector nearest to their mean.</summary>
    private static float[] InitialCentroids(VoxelStack grey, float[] features, int s)
    {
        int dark = 0, bright = 0;
        for (int i = 1; i < s; i++)
        {
            dark = features[i * Stride] < features[dark * Stride] ? i : dark;
            bright = features[i * Stride] > features[bright * Stride] ? i : bright;
        }

        int middle = 0;
        double nearest = double.PositiveInfinity;
        for (int i = 0; i < s; i++)
        {
            double d = 0;
            for (int m = 0; m < NeighbourhoodFeatures.Count; m++)
            {
                double mean = features[dark * Stride + m] + (0.5 * (features[bright * Stride + m] - features[dark * Stride + m]));
                d += (features[i * Stride + m] - mean) * (features[i * Stride + m] - mean);
            }

            if (d < nearest)
            {
                nearest = d;
                middle = i;
            }
        }

        var centroids = new float[3 * Stride];
        Array.Copy(features, dark * Stride, centroids, 0, NeighbourhoodFeatures.Count);
        Array.Copy(features, middle * Stride, centroids, Stride, NeighbourhoodFeatures.Count);
        Array.Copy(features, bright * Stride, centroids, 2 * Stride, NeighbourhoodFeatures.Count);
        return centroids;
    }

    /// <summary>Lloyd's algorithm as written: every distance every pass, ties to the darker cluster, means from scratch; stops when at most s / 100000 vectors move.</summary>
    private static (double[] Fractions, long Iterations) PlainLloyd(float[] features, int s, float[] centroids, float[] wx, int maxIterations)
    {
        var assignment = Enumerable.Repeat(-1, s).ToArray();
        var counts = new long[3];
        long iterations = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            iterations++;
            var sums = new double[3, NeighbourhoodFeatures.Count];
            Array.Clear(counts);
            int moved = 0;
            for (int i = 0; i < s; i++)
            {
                int best = 0;
                float bestScore = float.PositiveInfinity;
                for (int l = 0; l < 3; l++)
                {
                    float score = BoundedWeightedLloyd.Score(features, i * Stride, centroids, wx, l);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best = l;
                    }
                }

                moved += assignment[i] != best ? 1 : 0;
                assignment[i] = best;
                counts[best]++;
                for (int m = 0; m < NeighbourhoodFeatures.Count; m++)
                {
                    sums[best, m] += features[i * Stride + m];
                }
            }

            if (moved <= s / 100000)
            {
                break;
            }

            for (int l = 0; l < 3; l++)
            {
                for (int m = 0; m < NeighbourhoodFeatures.Count && counts[l] > 0; m++)
                {
                    centroids[l * Stride + m] = (float)(sums[l, m] / counts[l]);
                }
            }
        }

        return (counts.Select(c => (double)c / s).ToArray(), iterations);
    }
}

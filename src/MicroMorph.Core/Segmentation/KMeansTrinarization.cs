using System.Globalization;
using System.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Numerics;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Segmentation;

/// <summary>Settings of the weight fit of <see cref="KMeansTrinarization"/>.</summary>
public sealed record KMeansFitOptions
{
    /// <summary>Voxels drawn (uniformly, with replacement) for the fit; the whole volume when it has no more voxels.</summary>
    public int SampleSize { get; init; } = 1 << 18;

    /// <summary>Seed of the subsample.</summary>
    public long Seed { get; init; }

    /// <summary>Lloyd iterations per k-means run (each run starts from the paper's initial centroids).</summary>
    public int MaxLloydIterations { get; init; } = 100;

    /// <summary>k-means runs (objective evaluations) the weight fit may use.</summary>
    public int MaxEvaluations { get; init; } = 300;
}

/// <summary>The outcome of <see cref="KMeansTrinarization"/>.</summary>
/// <param name="PhaseWeights">w_l of Eq. 1 per phase, dark to bright (the brightest, active material, is 1).</param>
/// <param name="FeatureWeights">x_m of Eq. 1 per group: the voxel (1), the 6-, 12- and 8-neighbours.</param>
/// <param name="Centroids">The cluster centroids in feature space (27 entries each), dark to bright.</param>
/// <param name="SampleFractions">The cluster fractions on the fitting subsample.</param>
/// <param name="AchievedFractions">The phase fractions of the final assignment of all voxels.</param>
/// <param name="Evaluations">k-means runs of the weight fit.</param>
/// <param name="LloydIterations">Lloyd iterations of all those runs together.</param>
public sealed record KMeansTrinarizationResult(
    PhaseImage Image,
    IReadOnlyList<double> PhaseWeights,
    IReadOnlyList<double> FeatureWeights,
    IReadOnlyList<IReadOnlyList<double>> Centroids,
    IReadOnlyList<double> TargetFractions,
    IReadOnlyList<double> SampleFractions,
    IReadOnlyList<double> AchievedFractions,
    int SampleSize,
    int Evaluations,
    long LloydIterations);

/// <summary>
/// The k-means trinarization of 002 Section 3.2: each voxel is described by the 27 grey values of
/// its 3x3x3 neighbourhood (<see cref="NeighbourhoodFeatures"/>) and assigned to the cluster l that
/// minimises w_l * sum_m x_m (f_m - mu_l,m)^2 (Eq. 1). The phase weights w_l (the brightest phase's
/// is 1) and the feature weights of the 6-, 12- and 8-neighbour groups (the voxel's own is 1) are
/// the free parameters (five for three phases); they are fitted with Nelder-Mead (the paper uses
/// BOBYQA; both are derivative-free) in log space to minimise sum_l (eps_l,target - eps_l)^2, where
/// eps_l are the cluster fractions of a k-means run (Lloyd's algorithm to convergence) started
/// from the paper's centroids: the darkest voxel's features (pore), the brightest voxel's (active
/// material) and, between them, the features most similar to their mean (CBD; for more than three
/// phases the points dividing the segment evenly).
/// </summary>
/// <remarks>
/// For speed the fit runs on a seeded uniform subsample of voxels (its features are the only
/// 27-float-per-voxel array; 128 bytes per sampled voxel); the most similar feature vector for the
/// middle centroids is searched in that subsample. The final assignment of all voxels uses the
/// fitted centroids and weights and computes the features slice by slice on the fly, so the
/// achieved fractions differ from the subsample's by the sampling error (about
/// sqrt(eps (1 - eps) / n)). The k-means runs are Lloyd's iterates computed with bounds
/// (<see cref="BoundedWeightedLloyd"/>: later passes look only at the vectors near a boundary).
/// </remarks>
public static class KMeansTrinarization
{
    private const int Stride = BoundedWeightedLloyd.Stride;
    private const int SampleStream = 0x4B4D; // "KM": the subsample positions

    public static KMeansTrinarizationResult Apply(VoxelStack grey, IReadOnlyList<double> fractions, PhaseTable phases, KMeansFitOptions fit, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(options);
        FractionThreshold.ValidateFractions(fractions, phases.Count);
        if (fit.SampleSize < 1000 || fit.MaxLloydIterations < 1 || fit.MaxEvaluations < 1)
        {
            throw MicroMorphException.Argument("InvalidKMeansSettings", "The k-means subsample needs at least 1000 voxels, and at least one iteration and one evaluation.", fit);
        }

        int k = fractions.Count;
        long n = grey.VoxelCount;
        int s = (int)Math.Min(n, fit.SampleSize);
        MemoryBudget.Require(n + (double)s * Stride * sizeof(float) * 2, "The k-means trinarization", grey);

        // Shares measured on the electrode: the fit (hundreds of k-means runs on the sample) dominates.
        var stages = new StagedProgress(
            options,
            new ProgressStage("Sampling voxels", 1),
            new ProgressStage("Fitting the weighted k-means", 40),
            new ProgressStage("Polishing the phase weights", 4),
            new ProgressStage("Assigning every voxel", 2));
        stages.Next();
        var positions = SamplePositions(n, s, fit.Seed);
        var features = SampleFeatures(grey, positions, options);
        var (darkest, brightest) = Extremes(grey, options);
        if (grey.GetValue(darkest.X, darkest.Y, darkest.Z) == grey.GetValue(brightest.X, brightest.Y, brightest.Z))
        {
            throw MicroMorphException.InvalidData("UniformGreyValues", "All voxels have the same grey value: there is nothing to cluster.", grey);
        }

        var initial = InitialCentroids(grey, darkest, brightest, features, s, k);
        options.CancellationToken.ThrowIfCancellationRequested();

        // The fit: theta = log of the k - 1 free phase weights and of the three group weights.
        var target = fractions.ToArray();
        var sample = new BoundedWeightedLloyd(features, s, k);
        int evaluations = 0;
        double bestCost = double.PositiveInfinity;
        double[] bestTheta = new double[k + 2];
        double[] bestFractions = new double[k];
        float[] bestCentroids = (float[])initial.Clone();
        const double Goal = 1e-3; // stop once every fraction is this close (0.1 percentage points); the polish does the rest

        // Stall rule: the fit also ends when StallWindow runs in a row have not lowered the best cost
        // by StallGain (relative). On a plateau of the rough objective Nelder-Mead otherwise spends the
        // rest of the evaluations on changes in the third digit of the cost (runs that hit the Lloyd
        // limit), while the polish below sets the fractions of all voxels anyway.
        const int StallWindow = 64;
        const double StallGain = 0.01;
        double markCost = double.PositiveInfinity;
        int markEvaluation = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);

        // The fit ends at the evaluation limit at the latest (often much sooner, when the fractions are met).
        var fitProgress = new ProgressCounter(fit.MaxEvaluations, stages.Next().Progress, "Fitting the weighted k-means");
        double Objective(double[] theta)
        {
            if (evaluations >= fit.MaxEvaluations || evaluations - markEvaluation >= StallWindow)
            {
                stop.Cancel();
                return double.PositiveInfinity;
            }

            evaluations++;
            fitProgress.Increment();
            var wx = WeightTable(theta, k);
            var centroids = (float[])initial.Clone();
            var found = sample.Run(centroids, wx, fit.MaxLloydIterations, options);
            double cost = 0, worst = 0;
            for (int l = 0; l < k; l++)
            {
                cost += (target[l] - found[l]) * (target[l] - found[l]);
                worst = Math.Max(worst, Math.Abs(target[l] - found[l]));
            }

            if (cost < bestCost)
            {
                bestCost = cost;
                if (cost < markCost * (1 - StallGain))
                {
                    markCost = cost;
                    markEvaluation = evaluations;
                }

                bestTheta = (double[])theta.Clone();
                bestFractions = found;
                bestCentroids = centroids;
                if (worst <= Goal)
                {
                    stop.Cancel();
                }
            }

            return cost;
        }

        // Stage 1: the phase weights alone (group weights 1), which move the cluster boundaries most
        // directly; stage 2, if the fractions are not met yet: all k + 2 weights of Eq. 1.
        try
        {
            NelderMead.Minimize(
                phase => Objective([.. phase, 0, 0, 0]),
                new double[k - 1],
                Enumerable.Repeat(0.5, k - 1).ToArray(),
                1e-3,
                0,
                1e-14,
                40,
                stop.Token);
        }
        catch (OperationCanceledException) when (!options.CancellationToken.IsCancellationRequested)
        {
        }

        // The stall rule counts from the start of stage 2: its first runs (a new simplex in five
        // dimensions) often take a while to find a better point.
        markCost = bestCost;
        markEvaluation = evaluations;
        double step = 0.5;
        int stale = 0;
        while (!stop.IsCancellationRequested && stale < 2)
        {
            double before = bestCost;
            try
            {
                NelderMead.Minimize(Objective, bestTheta, Enumerable.Repeat(step, k + 2).ToArray(), 1e-3, 0, 1e-14, int.MaxValue, stop.Token);
            }
            catch (OperationCanceledException) when (!options.CancellationToken.IsCancellationRequested)
            {
                break;
            }

            // Converged on a plateau of the piecewise-constant objective: restart from the best point
            // with a smaller simplex, until two restarts in a row bring no improvement.
            step = Math.Max(0.05, step / 2);
            stale = bestCost < before ? 0 : stale + 1;
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        var polishing = stages.Next();
        if (k == 3)
        {
            var (pore, cbd) = PolishPhaseWeights(grey, bestCentroids, WeightTable([0, 0, .. bestTheta[2..]], k), bestTheta[0], bestTheta[1], target, polishing);
            bestTheta[0] = pore;
            bestTheta[1] = cbd;
        }

        var best = WeightTable(bestTheta, k);
        var (image, achieved) = AssignAll(grey, phases, bestCentroids, best, stages.Next());

        var phaseWeights = Enumerable.Range(0, k).Select(l => l == k - 1 ? 1.0 : Math.Exp(bestTheta[l])).ToArray();
        var groupWeights = new[] { 1.0, Math.Exp(bestTheta[k - 1]), Math.Exp(bestTheta[k]), Math.Exp(bestTheta[k + 1]) };
        var centroidList = Enumerable.Range(0, k)
            .Select(l => (IReadOnlyList<double>)Enumerable.Range(0, NeighbourhoodFeatures.Count).Select(m => (double)bestCentroids[l * Stride + m]).ToArray())
            .ToArray();
        image.Source = grey.Source;
        image.Metadata["Trinarization.Method"] = "KMeans";
        image.Metadata["Trinarization.PhaseWeights"] = string.Join(" ", phaseWeights.Select(w => w.ToString("G6", CultureInfo.InvariantCulture)));
        image.Metadata["Trinarization.FeatureWeights"] = string.Join(" ", groupWeights.Select(w => w.ToString("G6", CultureInfo.InvariantCulture)));
        return new KMeansTrinarizationResult(image, phaseWeights, groupWeights, centroidList, target, bestFractions, achieved, s, evaluations, sample.Iterations);
    }

    /// <summary>w_l * x_m per cluster and feature (the padding has weight 0).</summary>
    private static float[] WeightTable(double[] theta, int k)
    {
        var table = new float[k * Stride];
        for (int l = 0; l < k; l++)
        {
            double w = l == k - 1 ? 1 : Math.Exp(theta[l]);
            for (int m = 0; m < NeighbourhoodFeatures.Count; m++)
            {
                int g = NeighbourhoodFeatures.GroupOf[m];
                table[l * Stride + m] = (float)(w * (g == 0 ? 1 : Math.Exp(theta[k - 2 + g])));
            }
        }

        return table;
    }

    /// <summary>The cluster of Eq. 1 for one feature vector (ties to the darker cluster).</summary>
    private static int Nearest(float[] f, int offset, float[] centroids, float[] wx, int k)
    {
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int l = 0; l < k; l++)
        {
            float distance = BoundedWeightedLloyd.Score(f, offset, centroids, wx, l);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = l;
            }
        }

        return best;
    }

    /// <summary>Sorted uniform voxel indices (all voxels in order when the sample would not be smaller).</summary>
    private static long[] SamplePositions(long n, int s, long seed)
    {
        var positions = new long[s];
        if (s == n)
        {
            for (int i = 0; i < s; i++)
            {
                positions[i] = i;
            }

            return positions;
        }

        var random = new RandomStream(seed, SampleStream);
        for (int i = 0; i < s; i++)
        {
            positions[i] = (long)(random.NextDouble() * n);
        }

        Array.Sort(positions);
        return positions;
    }

    private static float[] SampleFeatures(VoxelStack grey, long[] positions, ComputeOptions options)
    {
        int w = grey.Width, h = grey.Height;
        long slice = grey.SliceVoxelCount;
        var features = new float[positions.Length * Stride];
        var starts = new int[grey.Depth + 1];
        for (int z = 0, i = 0; z <= grey.Depth; z++)
        {
            while (i < positions.Length && positions[i] < z * slice)
            {
                i++;
            }

            starts[z] = i;
        }

        SliceIterator.For(grey.Depth, options with { Progress = null }, "k-means sample", () => new SliceWindow(grey), (z, window) =>
        {
            if (starts[z] == starts[z + 1])
            {
                return;
            }

            window.Load(z);
            for (int i = starts[z]; i < starts[z + 1]; i++)
            {
                int p = (int)(positions[i] - z * slice);
                NeighbourhoodFeatures.Compute(window.Below, window.Here, window.Above, w, h, p % w, p / w, features.AsSpan(i * Stride, NeighbourhoodFeatures.Count));
            }
        },
        _ => { });
        return features;
    }

    /// <summary>The first darkest and the first brightest voxel in raster order.</summary>
    private static ((int X, int Y, int Z) Darkest, (int X, int Y, int Z) Brightest) Extremes(VoxelStack grey, ComputeOptions options)
    {
        var perSlice = new (float Min, int MinAt, float Max, int MaxAt)[grey.Depth];
        SliceIterator.For(grey.Depth, options with { Progress = null }, "Grey-value range", () => new float[grey.Width * grey.Height], (z, values) =>
        {
            GreyValues.ReadSliceWithoutNaN(grey, z, values);
            float min = values[0], max = values[0];
            int minAt = 0, maxAt = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i] < min)
                {
                    min = values[i];
                    minAt = i;
                }

                if (values[i] > max)
                {
                    max = values[i];
                    maxAt = i;
                }
            }

            perSlice[z] = (min, minAt, max, maxAt);
        },
        _ => { });
        int zMin = 0, zMax = 0;
        for (int z = 1; z < grey.Depth; z++)
        {
            zMin = perSlice[z].Min < perSlice[zMin].Min ? z : zMin;
            zMax = perSlice[z].Max > perSlice[zMax].Max ? z : zMax;
        }

        int w = grey.Width;
        return ((perSlice[zMin].MinAt % w, perSlice[zMin].MinAt / w, zMin), (perSlice[zMax].MaxAt % w, perSlice[zMax].MaxAt / w, zMax));
    }

    /// <summary>The paper's initial centroids: darkest voxel, brightest voxel, and the sampled features nearest to the points between them.</summary>
    private static float[] InitialCentroids(VoxelStack grey, (int X, int Y, int Z) darkest, (int X, int Y, int Z) brightest, float[] features, int s, int k)
    {
        var window = new SliceWindow(grey);
        var centroids = new float[k * Stride];
        window.Load(darkest.Z);
        NeighbourhoodFeatures.Compute(window.Below, window.Here, window.Above, grey.Width, grey.Height, darkest.X, darkest.Y, centroids.AsSpan(0, NeighbourhoodFeatures.Count));
        window.Load(brightest.Z);
        NeighbourhoodFeatures.Compute(window.Below, window.Here, window.Above, grey.Width, grey.Height, brightest.X, brightest.Y, centroids.AsSpan((k - 1) * Stride, NeighbourhoodFeatures.Count));
        for (int c = 1; c < k - 1; c++)
        {
            double t = (double)c / (k - 1);
            var point = new double[NeighbourhoodFeatures.Count];
            for (int m = 0; m < point.Length; m++)
            {
                point[m] = centroids[m] + t * (centroids[(k - 1) * Stride + m] - centroids[m]);
            }

            int nearest = 0;
            double nearestDistance = double.PositiveInfinity;
            for (int i = 0; i < s; i++)
            {
                double d = 0;
                for (int m = 0; m < point.Length; m++)
                {
                    double e = features[i * Stride + m] - point[m];
                    d += e * e;
                }

                if (d < nearestDistance)
                {
                    nearestDistance = d;
                    nearest = i;
                }
            }

            Array.Copy(features, nearest * Stride, centroids, c * Stride, NeighbourhoodFeatures.Count);
        }

        return centroids;
    }

    /// <summary>
    /// The last step of the fit, for three phases: with the fitted centroids and feature weights
    /// held, the two free phase weights are adjusted so that the fractions of ALL voxels (not only
    /// of the subsample) meet the targets. One pass over the volume collects the histogram of
    /// (ln D_pore - ln D_AM, ln D_CBD - ln D_AM), where D_l = sum_m x_m (f_m - mu_l,m)^2; a voxel goes
    /// to the phase with the least ln w_l + ln D_l, so the fractions for any (ln w_pore, ln w_CBD)
    /// follow from the histogram, and Nelder-Mead fits them there.
    /// </summary>
    private static (double Pore, double Cbd) PolishPhaseWeights(VoxelStack grey, float[] centroids, float[] xw, double u0, double u1, double[] target, ComputeOptions options)
    {
        const int Bins = 1024;
        const double Range = 8; // ln ratios clipped to [-8, 8]
        const double Width = 2 * Range / Bins;
        int w = grey.Width, h = grey.Height;
        var total = new long[Bins * Bins];
        SliceIterator.For(
            grey.Depth,
            options,
            "Polishing the phase weights",
            () => (Window: new SliceWindow(grey), Feature: new float[Stride], Histogram: new long[Bins * Bins]),
            (z, state) =>
            {
                state.Window.Load(z);
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        NeighbourhoodFeatures.Compute(state.Window.Below, state.Window.Here, state.Window.Above, w, h, x, y, state.Feature);
                        double d0 = BoundedWeightedLloyd.Score(state.Feature, 0, centroids, xw, 0), d1 = BoundedWeightedLloyd.Score(state.Feature, 0, centroids, xw, 1), d2 = BoundedWeightedLloyd.Score(state.Feature, 0, centroids, xw, 2);
                        double lnAm = Math.Log(d2 + 1e-30);
                        int i = Bin(Math.Log(d0 + 1e-30) - lnAm), j = Bin(Math.Log(d1 + 1e-30) - lnAm);
                        state.Histogram[i * Bins + j]++;
                    }
                }
            },
            state =>
            {
                lock (total)
                {
                    for (int b = 0; b < total.Length; b++)
                    {
                        total[b] += state.Histogram[b];
                    }
                }
            });

        static int Bin(double e) => (int)Math.Clamp(Math.Floor((e + Range) / Width), 0, Bins - 1);

        var cells = new List<(double E0, double E1, double Count)>();
        double n = grey.VoxelCount;
        for (int b = 0; b < total.Length; b++)
        {
            if (total[b] > 0)
            {
                cells.Add((-Range + ((b / Bins) + 0.5) * Width, -Range + ((b % Bins) + 0.5) * Width, total[b] / n));
            }
        }

        (double Pore, double Am) Fractions(double a0, double a1)
        {
            double f0 = 0, f2 = 0;
            foreach (var (e0, e1, c) in cells)
            {
                double a = a0 + e0, b = a1 + e1;
                if (a < b && a < 0)
                {
                    f0 += c;
                }
                else if (!(b < 0 && b <= a))
                {
                    f2 += c;
                }
            }

            return (f0, f2);
        }

        // Raising both log weights by the same amount only moves voxels to the AM: inner bisection
        // on the common level for the AM fraction; outer bisection on the difference of the two
        // log weights, which moves voxels between pore and CBD, for the pore fraction.
        double Level(double delta)
        {
            double lo = -2 * Range - Math.Abs(delta), hi = 2 * Range + Math.Abs(delta);
            for (int i = 0; i < 50; i++)
            {
                double mid = 0.5 * (lo + hi);
                if (Fractions(mid + delta, mid).Am < target[2])
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            return 0.5 * (lo + hi);
        }

        double dLo = -2 * Range, dHi = 2 * Range;
        for (int i = 0; i < 40; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            double mid = 0.5 * (dLo + dHi);
            double level = Level(mid);
            if (Fractions(level + mid, level).Pore > target[0])
            {
                dLo = mid;
            }
            else
            {
                dHi = mid;
            }
        }

        double delta = 0.5 * (dLo + dHi), common = Level(delta);
        double Miss(double a0, double a1)
        {
            var (f0, f2) = Fractions(a0, a1);
            return Math.Max(Math.Abs(f0 - target[0]), Math.Abs(f2 - target[2]));
        }

        return Miss(common + delta, common) <= Miss(u0, u1) ? (common + delta, common) : (u0, u1);
    }

    /// <summary>Assigns every voxel by Eq. 1 with features computed slice by slice.</summary>
    private static (PhaseImage Image, double[] Fractions) AssignAll(VoxelStack grey, PhaseTable phases, float[] centroids, float[] wx, ComputeOptions options)
    {
        int k = phases.Count, w = grey.Width, h = grey.Height;
        var labels = phases.Select(p => p.Label).ToArray();
        var image = new PhaseImage(w, h, grey.Depth, phases);
        image.DeriveFrom(grey);
        var counts = new long[grey.Depth, k];
        SliceIterator.For(grey.Depth, options, "k-means assignment", () => (Window: new SliceWindow(grey), Feature: new float[Stride]), (z, state) =>
        {
            state.Window.Load(z);
            var target = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    NeighbourhoodFeatures.Compute(state.Window.Below, state.Window.Here, state.Window.Above, w, h, x, y, state.Feature);
                    int c = Nearest(state.Feature, 0, centroids, wx, k);
                    target[y * w + x] = labels[c];
                    counts[z, c]++;
                }
            }
        },
        _ => { });

        var fractions = new double[k];
        for (int c = 0; c < k; c++)
        {
            long total = 0;
            for (int z = 0; z < grey.Depth; z++)
            {
                total += counts[z, c];
            }

            fractions[c] = (double)total / grey.VoxelCount;
        }

        return (image, fractions);
    }

    /// <summary>Slices z - 1, z and z + 1 as floats (clamped at the faces).</summary>
    private sealed class SliceWindow(VoxelStack grey)
    {
        public float[] Below { get; } = new float[grey.Width * grey.Height];

        public float[] Here { get; } = new float[grey.Width * grey.Height];

        public float[] Above { get; } = new float[grey.Width * grey.Height];

        public void Load(int z)
        {
            GreyValues.ReadSliceWithoutNaN(grey, Math.Max(0, z - 1), Below);
            GreyValues.ReadSliceWithoutNaN(grey, z, Here);
            GreyValues.ReadSliceWithoutNaN(grey, Math.Min(grey.Depth - 1, z + 1), Above);
        }
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Classification;

/// <summary>
/// Grows a <see cref="RandomForest"/> (Breiman 2001, [44] of 001): each tree on a bootstrap
/// sample (n draws with replacement, kept as per-sample weights), each split choosing the best
/// Gini decrease over a random subset of channels (more are tried only when none of the subset
/// separates the node), split points searched on per-channel quantile bins (at most 256, as
/// LightGBM / scikit-learn's HistGradientBoosting), grown breadth first until pure, at the depth
/// limit or at the smallest leaf. Tree t draws from RandomStream(seed, t) only, so the forest is
/// the same at any degree of parallelism.
/// </summary>
public static class RandomForestTrainer
{
    /// <summary>
    /// Trains on <paramref name="channels"/>[f][i] (channel f of sample i) with class indices
    /// <paramref name="classes"/>[i] in [0, classCount).
    /// </summary>
    public static (RandomForest Forest, double OutOfBagAccuracy) Train(float[][] channels, int[] classes, int classCount, RandomForestOptions settings, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        settings.Validate();
        int n = classes.Length;
        int f = channels.Length;
        if (n == 0)
        {
            throw MicroMorphException.Argument("NoLabelledVoxels", "There are no training samples.", classes);
        }

        if (f == 0 || channels.Any(c => c.Length < n))
        {
            throw new ArgumentException("Every channel needs one value per sample.", nameof(channels));
        }

        var edges = new float[f][];
        var bins = new byte[f][];
        var stages = new StagedProgress(options, new ProgressStage("Binning features", 1), new ProgressStage("Growing trees", 4), new ProgressStage("Out-of-bag accuracy", 1));
        SliceIterator.For(f, stages.Next(), "Binning features", c => (edges[c], bins[c]) = Bin(channels[c], n, settings.BinCount));

        int mtry = settings.FeaturesPerSplit == 0 ? Math.Max(1, (int)Math.Sqrt(f)) : Math.Min(f, settings.FeaturesPerSplit);
        var trees = new DecisionTree[settings.TreeCount];
        var inBag = new bool[settings.TreeCount][];
        SliceIterator.For(
            settings.TreeCount,
            stages.Next(),
            "Growing trees",
            () => new Grower(n, f, classCount, settings.BinCount),
            (t, grower) =>
            {
                var random = new RandomStream(settings.Seed, t);
                (trees[t], inBag[t]) = grower.Grow(random, bins, edges, classes, mtry, settings);
            },
            _ => { });

        var forest = new RandomForest(trees, f, classCount);
        return (forest, OutOfBag(forest, channels, classes, inBag, stages.Next()));
    }

    /// <summary>
    /// Quantile cut values of one channel (distinct sample values at ranks i n / bins) and each
    /// sample's bin: the number of cut values below it, so bin &lt;= b exactly when value &lt;= cut[b].
    /// </summary>
    private static (float[] Edges, byte[] Bins) Bin(float[] values, int n, int binCount)
    {
        var sorted = values.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        var cuts = new List<float>(binCount - 1);
        for (int b = 1; b < binCount; b++)
        {
            float v = sorted[(int)((long)b * (n - 1) / binCount)];
            if (cuts.Count == 0 || v > cuts[^1])
            {
                cuts.Add(v);
            }
        }

        // A cut at the maximum would leave its right side empty.
        if (cuts.Count > 0 && cuts[^1] >= sorted[n - 1])
        {
            cuts.RemoveAt(cuts.Count - 1);
        }

        var edges = cuts.ToArray();
        var codes = new byte[n];
        for (int i = 0; i < n; i++)
        {
            int lo = 0, hi = edges.Length;
            float x = values[i];
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (edges[mid] < x)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            codes[i] = (byte)lo;
        }

        return (edges, codes);
    }

    /// <summary>The fraction of samples that the trees not trained on them classify correctly (arg-max).</summary>
    private static double OutOfBag(RandomForest forest, float[][] channels, int[] classes, bool[][] inBag, ComputeOptions options)
    {
        int n = classes.Length, k = forest.ClassCount;
        const int chunk = 4096;
        int chunks = (n + chunk - 1) / chunk;
        var correct = new long[chunks];
        var counted = new long[chunks];
        SliceIterator.For(chunks, options, "Out-of-bag accuracy", j =>
        {
            var sum = new float[k];
            for (int i = j * chunk; i < Math.Min(n, (j + 1) * chunk); i++)
            {
                Array.Clear(sum);
                bool any = false;
                for (int t = 0; t < forest.Trees.Count; t++)
                {
                    if (inBag[t][i])
                    {
                        continue;
                    }

                    any = true;
                    var tree = forest.Trees[t];
                    int node = 0, feature;
                    while ((feature = tree.Feature[node]) >= 0)
                    {
                        node = channels[feature][i] <= tree.Threshold[node] ? tree.Child[node] : tree.Child[node] + 1;
                    }

                    for (int c = 0; c < k; c++)
                    {
                        sum[c] += tree.LeafValues[tree.Child[node] + c];
                    }
                }

                if (any)
                {
                    counted[j]++;
                    int best = 0;
                    for (int c = 1; c < k; c++)
                    {
                        if (sum[c] > sum[best])
                        {
                            best = c;
                        }
                    }

                    correct[j] += best == classes[i] ? 1 : 0;
                }
            }
        });

        long total = counted.Sum();
        return total == 0 ? double.NaN : (double)correct.Sum() / total;
    }

    /// <summary>Per-worker buffers for growing one tree at a time.</summary>
    private sealed class Grower
    {
        private readonly int _n, _f, _k, _bins;
        private readonly int[] _weight;
        private readonly int[] _index;
        private readonly long[] _histogram;
        private readonly long[] _left;
        private readonly long[] _total;
        private readonly int[] _order;

        public Grower(int n, int f, int k, int bins)
        {
            _n = n;
            _f = f;
            _k = k;
            _bins = bins;
            _weight = new int[n];
            _index = new int[n];
            _histogram = new long[bins * k];
            _left = new long[k];
            _total = new long[k];
            _order = new int[f];
        }

        public (DecisionTree Tree, bool[] InBag) Grow(RandomStream random, byte[][] bins, float[][] edges, int[] classes, int mtry, RandomForestOptions settings)
        {
            Array.Clear(_weight);
            for (int i = 0; i < _n; i++)
            {
                _weight[(int)(random.NextDouble() * _n)]++;
            }

            int m = 0;
            var inBag = new bool[_n];
            for (int i = 0; i < _n; i++)
            {
                if (_weight[i] > 0)
                {
                    _index[m++] = i;
                    inBag[i] = true;
                }
            }

            var feature = new List<int>();
            var threshold = new List<float>();
            var child = new List<int>();
            var leaf = new List<float>();
            var queue = new Queue<(int Node, int Start, int End, int Depth)>();
            feature.Add(-1);
            threshold.Add(0);
            child.Add(0);
            queue.Enqueue((0, 0, m, 0));
            while (queue.Count > 0)
            {
                var (node, start, end, depth) = queue.Dequeue();
                Array.Clear(_total);
                long weight = 0;
                for (int i = start; i < end; i++)
                {
                    int s = _index[i];
                    _total[classes[s]] += _weight[s];
                    weight += _weight[s];
                }

                int nonZero = _total.Count(c => c > 0);
                (int Feature, int Bin) split = (-1, -1);
                if (nonZero > 1 && depth < settings.MaximumDepth && weight >= 2L * settings.MinimumLeafSize)
                {
                    split = BestSplit(random, bins, classes, start, end, weight, mtry, settings.MinimumLeafSize);
                }

                if (split.Feature < 0)
                {
                    feature[node] = -1;
                    child[node] = leaf.Count;
                    for (int c = 0; c < _k; c++)
                    {
                        leaf.Add((float)((double)_total[c] / weight));
                    }

                    continue;
                }

                // Partition [start, end) into bin <= b (left) and bin > b (right).
                var codes = bins[split.Feature];
                int lo = start, hi = end - 1;
                while (lo <= hi)
                {
                    if (codes[_index[lo]] <= split.Bin)
                    {
                        lo++;
                    }
                    else
                    {
                        (_index[lo], _index[hi]) = (_index[hi], _index[lo]);
                        hi--;
                    }
                }

                int first = feature.Count;
                feature[node] = split.Feature;
                threshold[node] = edges[split.Feature][split.Bin];
                child[node] = first;
                for (int j = 0; j < 2; j++)
                {
                    feature.Add(-1);
                    threshold.Add(0);
                    child.Add(0);
                }

                queue.Enqueue((first, start, lo, depth + 1));
                queue.Enqueue((first + 1, lo, end, depth + 1));
            }

            return (new DecisionTree(feature.ToArray(), threshold.ToArray(), child.ToArray(), leaf.ToArray()), inBag);
        }

        /// <summary>
        /// The (channel, bin) with the largest Gini decrease, maximising sum_c L_c^2 / L + sum_c R_c^2 / R
        /// over mtry random channels (then further channels while none separates), or (-1, -1).
        /// </summary>
        private (int Feature, int Bin) BestSplit(RandomStream random, byte[][] bins, int[] classes, int start, int end, long weight, int mtry, int minLeaf)
        {
            for (int j = 0; j < _f; j++)
            {
                _order[j] = j;
            }

            double parent = 0;
            for (int c = 0; c < _k; c++)
            {
                parent += (double)_total[c] * _total[c];
            }

            parent /= weight;
            double best = parent + 1e-9 * weight;
            (int Feature, int Bin) choice = (-1, -1);
            for (int j = 0; j < _f; j++)
            {
                if (j >= mtry && choice.Feature >= 0)
                {
                    break;
                }

                int pick = j + (int)(random.NextDouble() * (_f - j));
                (_order[j], _order[pick]) = (_order[pick], _order[j]);
                int feature = _order[j];
                var codes = bins[feature];
                Array.Clear(_histogram);
                int maxBin = 0;
                for (int i = start; i < end; i++)
                {
                    int s = _index[i];
                    int b = codes[s];
                    _histogram[b * _k + classes[s]] += _weight[s];
                    maxBin = Math.Max(maxBin, b);
                }

                Array.Clear(_left);
                long leftWeight = 0;
                for (int b = 0; b < maxBin; b++)
                {
                    for (int c = 0; c < _k; c++)
                    {
                        long h = _histogram[b * _k + c];
                        _left[c] += h;
                        leftWeight += h;
                    }

                    long rightWeight = weight - leftWeight;
                    if (leftWeight < minLeaf || rightWeight < minLeaf)
                    {
                        continue;
                    }

                    double score = 0, right = 0;
                    for (int c = 0; c < _k; c++)
                    {
                        double l = _left[c], r = _total[c] - _left[c];
                        score += l * l;
                        right += r * r;
                    }

                    score = score / leftWeight + right / rightWeight;
                    if (score > best)
                    {
                        best = score;
                        choice = (feature, b);
                    }
                }
            }

            return choice;
        }
    }
}

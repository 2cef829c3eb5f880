using System.Numerics;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Segmentation;

/// <summary>
/// Lloyd's algorithm for the weighted distance of 002 Eq. 1 on a fixed set of feature vectors,
/// where a pass only looks at the vectors whose cluster may have changed (a bound in the spirit of
/// Hamerly 2010, "Making k-means even faster"). The iterates are those of plain Lloyd: a vector is
/// skipped only when a bound proves that its exactly computed Eq. 1 distances would keep it in its
/// cluster; otherwise its distances are computed exactly (same arithmetic as a full pass) and the
/// nearest cluster is taken with ties to the darker one.
/// </summary>
/// <remarks>
/// Cluster l's score w_l * sum_m x_m (f_m - mu_l,m)^2 is the square of a norm of f - mu_l (the
/// weights w_l x_m are positive), so r_l = sqrt(score_l) obeys the triangle inequality: when mu_l
/// moves by delta_l (in that norm), r_l of every vector changes by at most delta_l. So a vector
/// of cluster b whose r_b is below every other r_l by a margin g keeps its cluster until the sum
/// over later passes of delta_b + max_(l != b) delta_l reaches g. That sum C_b is one number per
/// cluster; each vector stores the value of C_b at which it is due again (as a float rounded
/// down), and a pass scans those values and looks at the due vectors only. There the distance to
/// its own cluster is computed, and another cluster's only when Elkan's lower bound (its r_l at
/// the last look minus the drift of mu_l since; Elkan 2003) does not rule it out. Margins and
/// bounds are shortened by 1e-4 of the distance to cover float rounding (about 1e-6 relative per
/// distance, 1e-7 per bound update). The cluster sums are kept in double per fixed chunk of
/// vectors and changed only by the vectors that move; the chunks are added in order, so the
/// centroids do not depend on the number of threads.
/// </remarks>
internal sealed class BoundedWeightedLloyd
{
    public const int Stride = 32; // 27 features padded for SIMD (multiple of every Vector<float>.Count)
    private const int ChunkSize = 4096;
    private const float Rounding = 1e-4f;

    private readonly float[] _features;
    private readonly int _s;
    private readonly int _k;
    private readonly int _chunks;
    private readonly byte[] _assignment;
    private readonly float[] _due; // the value of C_b (b its cluster) from which on the vector must be looked at again
    private readonly float[] _radius; // per vector and cluster: r_l (nearest: exact; others: a lower bound) at pass _seen
    private readonly int[] _seen; // the pass of the run in which the vector was last looked at
    private readonly double[] _sums; // per chunk and cluster, NeighbourhoodFeatures.Count entries
    private readonly long[] _counts; // per chunk and cluster

    /// <param name="features">s vectors of <see cref="Stride"/> floats; reordered in place (the caller must not rely on their order afterwards).</param>
    public BoundedWeightedLloyd(float[] features, int s, int k)
    {
        _features = InBrightnessOrder(features, s);
        _s = s;
        _k = k;
        _chunks = (s + ChunkSize - 1) / ChunkSize;
        _assignment = new byte[s];
        _due = new float[s];
        _radius = new float[(long)s * k];
        _seen = new int[s];
        _sums = new double[_chunks * k * NeighbourhoodFeatures.Count];
        _counts = new long[_chunks * k];
    }

    /// <summary>
    /// The vectors sorted (in place) by the sum of their features (ties by position). The order
    /// changes no cluster, fraction or centroid (up to the rounding of the double sums), but the vectors near
    /// a cluster boundary, which the later passes look at, then lie side by side in memory.
    /// </summary>
    private static float[] InBrightnessOrder(float[] features, int s)
    {
        var keys = new double[s];
        var order = new int[s];
        for (int i = 0; i < s; i++)
        {
            double sum = 0;
            for (int m = 0; m < NeighbourhoodFeatures.Count; m++)
            {
                sum += features[i * Stride + m];
            }

            keys[i] = sum;
            order[i] = i;
        }

        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));

        // Permute in place (cycle by cycle) so the subsample is held once: position i receives vector order[i].
        var done = new bool[s];
        var held = new float[Stride];
        for (int i = 0; i < s; i++)
        {
            if (done[i] || order[i] == i)
            {
                continue;
            }

            Array.Copy(features, (long)i * Stride, held, 0, Stride);
            int j = i;
            while (order[j] != i)
            {
                Array.Copy(features, (long)order[j] * Stride, features, (long)j * Stride, Stride);
                done[j] = true;
                j = order[j];
            }

            Array.Copy(held, 0, features, (long)j * Stride, Stride);
            done[j] = true;
        }

        return features;
    }

    /// <summary>Lloyd iterations (assignment passes) of all runs so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Exact distance computations of all runs so far (a full pass costs k per voxel).</summary>
    public long DistanceEvaluations { get; private set; }

    /// <summary>
    /// Runs k-means from <paramref name="centroids"/> (updated in place) until at most s / 100000
    /// vectors change cluster in a pass (at most <paramref name="maxIterations"/> passes) and
    /// returns the cluster fractions of the last assignment.
    /// </summary>
    public double[] Run(float[] centroids, float[] wx, int maxIterations, ComputeOptions options)
    {
        int k = _k, n = NeighbourhoodFeatures.Count;
        var moved = new int[_chunks];
        var evaluated = new long[_chunks];
        var reach = new double[k]; // C_b: the sum over passes of delta_b + max_(l != b) delta_l
        var drift = new double[k];
        var travel = new double[(maxIterations + 1) * k]; // per pass and cluster: sum of delta_l over the passes before
        var total = new long[k];
        var previous = new float[centroids.Length];
        var serial = options with { Progress = null };
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            Iterations++;
            bool first = iteration == 0;
            SliceIterator.For(_chunks, serial, "k-means", c =>
            {
                int start = c * ChunkSize, end = Math.Min(_s, start + ChunkSize);
                (moved[c], evaluated[c]) = first ? FullPass(c, start, end, centroids, wx) : BoundedPass(c, start, end, centroids, wx, reach, travel, iteration);
            });

            int movedTotal = 0;
            for (int c = 0; c < _chunks; c++)
            {
                movedTotal += moved[c];
                DistanceEvaluations += evaluated[c];
            }

            Array.Clear(total);
            for (int c = 0; c < _chunks; c++)
            {
                for (int l = 0; l < k; l++)
                {
                    total[l] += _counts[c * k + l];
                }
            }

            if (movedTotal <= _s / 100000)
            {
                break;
            }

            Array.Copy(centroids, previous, centroids.Length);
            for (int l = 0; l < k; l++)
            {
                if (total[l] == 0)
                {
                    continue; // an empty cluster keeps its centroid
                }

                for (int m = 0; m < n; m++)
                {
                    double sum = 0;
                    for (int c = 0; c < _chunks; c++)
                    {
                        sum += _sums[(c * k + l) * n + m];
                    }

                    centroids[l * Stride + m] = (float)(sum / total[l]);
                }
            }

            // How far each centroid moved in its own norm (rounded up so the bounds stay bounds).
            for (int l = 0; l < k; l++)
            {
                double d2 = 0;
                for (int m = 0; m < n; m++)
                {
                    double e = (double)centroids[l * Stride + m] - previous[l * Stride + m];
                    d2 += wx[l * Stride + m] * e * e;
                }

                drift[l] = Math.Sqrt(d2) * 1.000001;
            }

            for (int b = 0; b < k; b++)
            {
                double rival = 0;
                for (int l = 0; l < k; l++)
                {
                    rival = l == b ? rival : Math.Max(rival, drift[l]);
                }

                reach[b] += drift[b] + rival;
                travel[((iteration + 1) * k) + b] = travel[(iteration * k) + b] + drift[b];
            }
        }

        return total.Select(t => (double)t / _s).ToArray();
    }

    /// <summary>The first pass of a run: every distance, the sums from scratch.</summary>
    private (int Moved, long Evaluated) FullPass(int c, int start, int end, float[] centroids, float[] wx)
    {
        int k = _k, n = NeighbourhoodFeatures.Count;
        var sums = _sums.AsSpan(c * k * n, k * n);
        var counts = _counts.AsSpan(c * k, k);
        sums.Clear();
        counts.Clear();
        var zero = new double[k];
        for (int i = start; i < end; i++)
        {
            int best = Examine(i, -1, centroids, wx, zero, zero, 0, out _);
            _assignment[i] = (byte)best;
            counts[best]++;
            Add(sums.Slice(best * n, n), i, 1);
        }

        return (end - start, (long)(end - start) * k);
    }

    /// <summary>A later pass: only the vectors that are due at <paramref name="reach"/> (C_b per cluster).</summary>
    private (int Moved, long Evaluated) BoundedPass(int c, int start, int end, float[] centroids, float[] wx, double[] reach, double[] travel, int pass)
    {
        int k = _k, n = NeighbourhoodFeatures.Count;
        var sums = _sums.AsSpan(c * k * n, k * n);
        var counts = _counts.AsSpan(c * k, k);
        int moved = 0;
        long evaluated = 0;
        var threshold = new Vector<float>((float)reach.Max() * 1.000001f); // a pre-filter: C_b <= max_b C_b
        int lanes = Vector<float>.Count;
        for (int block = start; block < end; block += lanes)
        {
            if (block + lanes <= end && !Vector.LessThanOrEqualAny(new Vector<float>(_due, block), threshold))
            {
                continue;
            }

            for (int i = block; i < Math.Min(end, block + lanes); i++)
            {
                int a = _assignment[i];
                if (_due[i] > reach[a])
                {
                    continue;
                }

                int best = Examine(i, a, centroids, wx, reach, travel, pass, out int examined);
                evaluated += examined;
                if (best != a)
                {
                    moved++;
                    _assignment[i] = (byte)best;
                    counts[a]--;
                    counts[best]++;
                    Add(sums.Slice(a * n, n), i, -1);
                    Add(sums.Slice(best * n, n), i, 1);
                }
            }
        }

        return (moved, evaluated);
    }

    /// <summary>
    /// The nearest cluster of vector i by Eq. 1 (ties to the darker one); sets when it is due again.
    /// In a later pass (<paramref name="a"/> its cluster) the distance to a is computed first, and
    /// another cluster only when its lower bound (Elkan's: r_l at the last look minus the drift of
    /// mu_l since) does not rule it out.
    /// </summary>
    private int Examine(int i, int a, float[] centroids, float[] wx, double[] reach, double[] travel, int pass, out int examined)
    {
        int k = _k;
        var radius = _radius.AsSpan((int)((long)i * k), k);
        int best = 0;
        float bestScore = float.PositiveInfinity;
        if (a < 0)
        {
            for (int l = 0; l < k; l++)
            {
                float score = Score(_features, i * Stride, centroids, wx, l);
                radius[l] = MathF.Sqrt(score);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = l;
                }
            }

            examined = k;
        }
        else
        {
            int seen = _seen[i];
            best = a;
            bestScore = Score(_features, i * Stride, centroids, wx, a);
            float own = MathF.Sqrt(bestScore);
            radius[a] = own;
            examined = 1;
            for (int l = 0; l < k; l++)
            {
                if (l == a)
                {
                    continue;
                }

                float lower = (float)(radius[l] - (travel[(pass * k) + l] - travel[(seen * k) + l]));
                if (lower > own * (1 + Rounding))
                {
                    radius[l] = lower; // still a lower bound, now as of this pass
                    continue;
                }

                float score = Score(_features, i * Stride, centroids, wx, l);
                examined++;
                radius[l] = MathF.Sqrt(score);
                if (score < bestScore || (score == bestScore && l < best))
                {
                    bestScore = score;
                    best = l;
                }
            }
        }

        _seen[i] = Math.Max(0, pass);
        float rival = float.PositiveInfinity;
        for (int l = 0; l < k; l++)
        {
            rival = l == best ? rival : MathF.Min(rival, radius[l]);
        }

        double due = reach[best] + Math.Max(0, rival - radius[best] - (Rounding * rival));
        float stored = (float)due;
        _due[i] = stored > due ? MathF.BitDecrement(stored) : stored;
        return best;
    }

    private void Add(Span<double> sum, int i, double sign)
    {
        int o = i * Stride;
        for (int m = 0; m < sum.Length; m++)
        {
            sum[m] += sign * _features[o + m];
        }
    }

    /// <summary>w_l * sum_m x_m (f_m - mu_l,m)^2 of Eq. 1 (the padding has weight 0).</summary>
    public static float Score(float[] f, int offset, float[] centroids, float[] wx, int l)
    {
        var sum = Vector<float>.Zero;
        for (int o = 0; o < Stride; o += Vector<float>.Count)
        {
            var d = new Vector<float>(f, offset + o) - new Vector<float>(centroids, l * Stride + o);
            sum += new Vector<float>(wx, l * Stride + o) * d * d;
        }

        return Vector.Sum(sum);
    }
}

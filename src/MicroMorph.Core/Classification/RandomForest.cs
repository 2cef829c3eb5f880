using System.Runtime.InteropServices;

namespace MicroMorph.Core.Classification;

/// <summary>
/// A trained random forest (Breiman 2001): the class probability of a sample is the mean over
/// trees of the class frequencies in the leaf it reaches (as scikit-learn and VIGRA/ilastik),
/// summed in tree order so results never depend on threads.
/// </summary>
/// <remarks>
/// Prediction runs without branches: each tree is laid out as 16-byte nodes in which a leaf
/// points to itself with threshold +infinity, so every sample takes exactly (tree depth) steps,
/// node = child + (value &gt; threshold), 16 samples interleaved to hide the load latency,
/// over blocks of samples stored row by row.
/// </remarks>
public sealed class RandomForest
{
    private const int Block = 256;
    private const int Lanes = 16;

    private readonly FlatNode[][] _flat;
    private readonly int[] _depth;

    public RandomForest(IReadOnlyList<DecisionTree> trees, int channelCount, int classCount)
    {
        ArgumentNullException.ThrowIfNull(trees);
        Trees = trees.ToArray();
        ChannelCount = channelCount;
        ClassCount = classCount;
        _flat = Trees.Select(Flatten).ToArray();
        _depth = Trees.Select(t => t.Depth).ToArray();
    }

    public IReadOnlyList<DecisionTree> Trees { get; }

    public int ChannelCount { get; }

    public int ClassCount { get; }

    /// <summary>The mean depth of the trees.</summary>
    public double MeanDepth => _depth.Average();

    /// <summary>The total number of nodes.</summary>
    public long NodeCount => Trees.Sum(t => (long)t.NodeCount);

    /// <summary>E.g. "50 trees, 12,345 nodes" (one cell where a classifier is exported).</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Trees.Count} trees, {NodeCount:N0} nodes");

    [StructLayout(LayoutKind.Sequential)]
    private struct FlatNode
    {
        public int Feature;
        public float Threshold;
        public int Child;
        public int Leaf;
    }

    private static FlatNode[] Flatten(DecisionTree tree)
    {
        var nodes = new FlatNode[tree.NodeCount];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = tree.Feature[i] >= 0
                ? new FlatNode { Feature = tree.Feature[i], Threshold = tree.Threshold[i], Child = tree.Child[i], Leaf = -1 }
                : new FlatNode { Feature = 0, Threshold = float.PositiveInfinity, Child = i, Leaf = tree.Child[i] };
        }

        return nodes;
    }

    /// <summary>
    /// Writes the class probabilities of samples [0, count): <paramref name="channels"/>[f][i] is
    /// channel f of sample i, <paramref name="probabilities"/>[c][i] receives P(class c).
    /// </summary>
    public unsafe void Predict(float[][] channels, int count, float[][] probabilities)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (channels.Length != ChannelCount || probabilities.Length != ClassCount || channels.Any(c => c.Length < count) || probabilities.Any(p => p.Length < count))
        {
            throw new ArgumentException($"The forest expects {ChannelCount} channels and {ClassCount} classes of {count} samples.");
        }

        int k = ClassCount, f = ChannelCount;
        var sum = new float[Block * k];
        var rows = new float[(Block + 3) * f];
        var leafIndex = new int[Block + 3];
        float scale = 1f / Trees.Count;
        for (int start = 0; start < count; start += Block)
        {
            int m = Math.Min(Block, count - start);
            for (int c = 0; c < f; c++)
            {
                var column = channels[c];
                for (int i = 0; i < m; i++)
                {
                    rows[i * f + c] = column[start + i];
                }
            }

            Array.Clear(sum);
            fixed (float* x = rows)
            fixed (int* leaves = leafIndex)
            {
                for (int t = 0; t < _flat.Length; t++)
                {
                    fixed (FlatNode* nodes = _flat[t])
                    {
                        Traverse(nodes, _depth[t], x, f, m, leaves);
                    }

                    var values = Trees[t].LeafValues;
                    for (int i = 0; i < m; i++)
                    {
                        int offset = _flat[t][leaves[i]].Leaf;
                        for (int c = 0; c < k; c++)
                        {
                            sum[i * k + c] += values[offset + c];
                        }
                    }
                }
            }

            for (int c = 0; c < k; c++)
            {
                var p = probabilities[c];
                for (int i = 0; i < m; i++)
                {
                    p[start + i] = sum[i * k + c] * scale;
                }
            }
        }
    }

    /// <summary>The leaf node of each of m samples (rows of f values), <see cref="Lanes"/> at a time, depth steps each.</summary>
    private static unsafe void Traverse(FlatNode* nodes, int depth, float* x, int f, int m, int* leaves)
    {
        for (int i = 0; i < m; i += Lanes)
        {
            int lanes = Math.Min(Lanes, m - i);
            int* n = leaves + i;
            float* row = x + i * f;
            for (int l = 0; l < lanes; l++)
            {
                n[l] = 0;
            }

            // Independent chains per lane: the processor overlaps their loads.
            for (int d = 0; d < depth; d++)
            {
                float* xl = row;
                for (int l = 0; l < lanes; l++, xl += f)
                {
                    FlatNode* a = nodes + n[l];
                    n[l] = a->Child + (xl[a->Feature] > a->Threshold ? 1 : 0);
                }
            }
        }
    }
}

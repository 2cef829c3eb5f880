namespace MicroMorph.Core.Classification;

/// <summary>
/// One classification tree in flat arrays: node i splits on channel <see cref="Feature"/>[i]
/// (left when value &lt;= <see cref="Threshold"/>[i], children at <see cref="Child"/>[i] and
/// Child[i] + 1), or is a leaf (Feature[i] = -1) whose class frequencies start at
/// <see cref="LeafValues"/>[Child[i]].
/// </summary>
public sealed class DecisionTree
{
    public DecisionTree(int[] feature, float[] threshold, int[] child, float[] leafValues)
    {
        Feature = feature;
        Threshold = threshold;
        Child = child;
        LeafValues = leafValues;
    }

    internal int[] Feature { get; }

    internal float[] Threshold { get; }

    internal int[] Child { get; }

    internal float[] LeafValues { get; }

    public int NodeCount => Feature.Length;

    /// <summary>The number of splits on the longest path from the root to a leaf.</summary>
    public int Depth
    {
        get
        {
            var depth = new int[Feature.Length];
            int max = 0;
            for (int i = 0; i < Feature.Length; i++)
            {
                max = Math.Max(max, depth[i]);
                if (Feature[i] >= 0)
                {
                    depth[Child[i]] = depth[i] + 1;
                    depth[Child[i] + 1] = depth[i] + 1;
                }
            }

            return max;
        }
    }

    /// <summary>Checks that every index points inside the arrays (a file read from disk).</summary>
    internal bool IsConsistent(int channels, int classes)
    {
        if (Threshold.Length != Feature.Length || Child.Length != Feature.Length || Feature.Length == 0)
        {
            return false;
        }

        for (int i = 0; i < Feature.Length; i++)
        {
            if (Feature[i] >= 0)
            {
                // Children come after their parent (built breadth first), so traversal always ends.
                if (Feature[i] >= channels || Child[i] <= i || Child[i] + 1 >= Feature.Length || float.IsNaN(Threshold[i]))
                {
                    return false;
                }
            }
            else if (Feature[i] != -1 || Child[i] < 0 || Child[i] + classes > LeafValues.Length)
            {
                return false;
            }
        }

        return true;
    }
}

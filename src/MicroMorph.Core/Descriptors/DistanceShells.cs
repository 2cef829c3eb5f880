using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// The distinct lengths |h| of the shifts h = (dx, dy, dz), |dx| &lt;= hx, |dy| &lt;= hy, |dz| &lt;= hz,
/// up to a maximum distance (physical units, rounded to 12 decimals so that equal lengths computed
/// from different components fall together): the shells of a radial average. The length depends on
/// |dx|, |dy|, |dz| only, so the shell of every shift is stored for one octant.
/// </summary>
internal sealed class DistanceShells
{
    private DistanceShells(int[] index, double[] distances, long[] counts)
    {
        Index = index;
        Distances = distances;
        Counts = counts;
    }

    /// <summary>Shell of the shift (|dx|, |dy|, |dz|) at ((|dz| (hy + 1) + |dy|) (hx + 1) + |dx|); -1 beyond the maximum distance.</summary>
    public int[] Index { get; }

    /// <summary>The shells' lengths, ascending.</summary>
    public double[] Distances { get; }

    /// <summary>The number of shifts (all signs) in each shell.</summary>
    public long[] Counts { get; }

    public static DistanceShells Of(int hx, int hy, int hz, VoxelSize vs, double maxDistance)
    {
        var index = new int[(long)(hx + 1) * (hy + 1) * (hz + 1)];
        var ids = new Dictionary<double, int>();
        var found = new List<double>();
        var counts = new List<long>();
        int i = 0;
        for (int dz = 0; dz <= hz; dz++)
        {
            for (int dy = 0; dy <= hy; dy++)
            {
                for (int dx = 0; dx <= hx; dx++, i++)
                {
                    double r2 = dx * vs.X * dx * vs.X + dy * vs.Y * dy * vs.Y + dz * vs.Z * dz * vs.Z;
                    double r = Math.Round(Math.Sqrt(r2), 12);
                    if (r > maxDistance)
                    {
                        index[i] = -1;
                        continue;
                    }

                    if (!ids.TryGetValue(r, out int id))
                    {
                        id = found.Count;
                        ids.Add(r, id);
                        found.Add(r);
                        counts.Add(0);
                    }

                    index[i] = id;
                    counts[id] += (dx > 0 ? 2 : 1) * (dy > 0 ? 2 : 1) * (dz > 0 ? 2 : 1);
                }
            }
        }

        // Renumber the shells by ascending distance.
        var order = Enumerable.Range(0, found.Count).OrderBy(k => found[k]).ToArray();
        var rank = new int[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            rank[order[k]] = k;
        }

        for (int k = 0; k < index.Length; k++)
        {
            if (index[k] >= 0)
            {
                index[k] = rank[index[k]];
            }
        }

        return new DistanceShells(index, order.Select(k => found[k]).ToArray(), order.Select(k => counts[k]).ToArray());
    }
}

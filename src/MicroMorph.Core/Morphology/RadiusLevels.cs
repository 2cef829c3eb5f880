using System.Numerics;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The distinct radii of a radius map (a distance transform has a few hundred on a 256^3 pore
/// space) and each voxel's rank among them, so that covering radii and intrusion radii can be
/// handled as small integers: 16-bit ranks when there are fewer than 65 535 radii, 32-bit otherwise.
/// Rank 0 is "not in the phase" (radius 0, negative or NaN).
/// </summary>
internal sealed class RadiusLevels
{
    private readonly int[]? _rankOfSquared;
    private readonly double _inverseS2;

    private RadiusLevels(float[] values, int[]? squaredRadius, double spacing)
    {
        Values = values;
        SquaredRadius = squaredRadius;
        _inverseS2 = 1.0 / (spacing * spacing);
        if (squaredRadius is not null)
        {
            _rankOfSquared = new int[Math.Max(0, squaredRadius.Max()) + 1];
            for (int r = 1; r < squaredRadius.Length; r++)
            {
                if (squaredRadius[r] >= 0)
                {
                    _rankOfSquared[squaredRadius[r]] = r;
                }
            }
        }
    }

    /// <summary>Values[0] = 0, then the distinct positive radii in ascending order (+infinity last, when present).</summary>
    public float[] Values { get; }

    /// <summary>On isotropic voxels: k = R^2 / s^2 (an integer for a distance map) of each rank; -1 for infinity.</summary>
    public int[]? SquaredRadius { get; }

    /// <summary>Whether 16-bit ranks suffice.</summary>
    public bool FitsSixteenBits => Values.Length <= ushort.MaxValue;

    /// <summary>The distinct radii of <paramref name="radius"/> (a Float32 stack).</summary>
    public static RadiusLevels Of(VoxelStack radius, ComputeOptions options)
    {
        var distinct = new HashSet<float>();
        SliceIterator.For(radius.Depth, options with { Progress = null }, "Radius levels", () => new HashSet<float>(), (z, local) =>
        {
            float last = float.NaN;
            foreach (float v in radius.GetSlice<float>(z))
            {
                if (v > 0 && v != last)
                {
                    local.Add(v);
                    last = v;
                }
            }
        }, local =>
        {
            lock (distinct)
            {
                distinct.UnionWith(local);
            }
        });

        var values = distinct.Append(0f).Order().ToArray();
        var vs = radius.VoxelSize;
        if (!vs.IsIsotropic)
        {
            return new RadiusLevels(values, null, 1);
        }

        // A distance map's radii are s sqrt(k); distinct values must give distinct k for the table.
        double s2 = vs.X * vs.X;
        var squared = new int[values.Length];
        for (int r = 1; r < values.Length; r++)
        {
            double k = values[r] * (double)values[r] / s2;
            squared[r] = float.IsPositiveInfinity(values[r]) || k > int.MaxValue / 2 ? -1 : (int)Math.Round(k);
            if (r > 1 && squared[r] >= 0 && squared[r] <= squared[r - 1])
            {
                return new RadiusLevels(values, null, 1);
            }
        }

        return new RadiusLevels(values, squared, vs.X);
    }

    /// <summary>The rank of a value of the map (0 for values that are not positive).</summary>
    public int RankOf(float v)
    {
        if (!(v > 0))
        {
            return 0;
        }

        return _rankOfSquared is not null && !float.IsPositiveInfinity(v)
            ? _rankOfSquared[(int)Math.Round(v * (double)v * _inverseS2)]
            : Array.BinarySearch(Values, v);
    }

    /// <summary>Each voxel's rank, one array per slice.</summary>
    public T[][] Ranks<T>(VoxelStack radius, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        var ranks = new T[radius.Depth][];
        SliceIterator.For(radius.Depth, options with { Progress = null }, "Radius levels", z =>
        {
            var source = radius.GetSlice<float>(z);
            var target = new T[source.Length];
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = T.CreateTruncating(RankOf(source[i]));
            }

            ranks[z] = target;
        });
        return ranks;
    }

    /// <summary>How many voxels of the map hold each rank's value.</summary>
    public long[] Counts(VoxelStack radius, ComputeOptions options)
    {
        var total = new long[Values.Length];
        SliceIterator.For(radius.Depth, options with { Progress = null }, "Radius levels", () => new long[Values.Length], (z, local) =>
        {
            foreach (float v in radius.GetSlice<float>(z))
            {
                local[RankOf(v)]++;
            }
        }, local =>
        {
            lock (total)
            {
                for (int r = 0; r < total.Length; r++)
                {
                    total[r] += local[r];
                }
            }
        });
        return total;
    }
}

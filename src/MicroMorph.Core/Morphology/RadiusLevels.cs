using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// <summary>Largest k = R^2 / s^2 given a table entry; larger radii are found by binary search.</summary>
    private const int MaxTabulatedSquare = 1 << 24;

    private readonly int[]? _rankOfSquared; // rank of each k = R^2 / s^2, when the largest k is at most MaxTabulatedSquare
    private readonly double _inverseS2;

    private RadiusLevels(float[] values, long[]? stepSquares, double inverseS2)
    {
        Values = values;
        StepSquares = stepSquares;
        _inverseS2 = inverseS2;
        if (stepSquares is not null && stepSquares[FiniteCount - 1] <= MaxTabulatedSquare)
        {
            _rankOfSquared = new int[stepSquares[FiniteCount - 1] + 1];
            for (int r = 1; r < FiniteCount; r++)
            {
                _rankOfSquared[stepSquares[r]] = r;
            }
        }
    }

    /// <summary>Values[0] = 0, then the distinct positive radii in ascending order (+infinity last, when present).</summary>
    public float[] Values { get; }

    /// <summary>The number of finite values (rank Values.Length - 1 is +infinity when this is one less).</summary>
    public int FiniteCount => FiniteCountOf(Values);

    /// <summary>
    /// Lattice radii: on isotropic voxels, k = R^2 / s^2 of every finite rank, when every value is
    /// s sqrt(k) for an integer k (within a quarter) and distinct values have distinct k, as the
    /// values of a distance transform are; null otherwise.
    /// </summary>
    public long[]? StepSquares { get; }

    /// <summary>Lattice balls up to this k = R^2 / s^2 (radius 128 voxels) use the exact containment tables.</summary>
    public const int ExactSquares = 1 << 14;

    /// <summary>
    /// max |d + e|^2 over the lattice ball {|d|^2 &lt; k} (voxel units), e = (a, b, c), for every k up to
    /// <paramref name="maxK"/> (0 for the empty ball); with <paramref name="planar"/> over the lattice disk
    /// {dx^2 + dy^2 &lt; k} of one slice (c = 0). The exact containment bound of a shifted ball (or slice disk), shared
    /// by <see cref="CoveringCentres"/>, <see cref="FarContainers"/> and <see cref="SliceDisks"/>.
    /// </summary>
    public static long[] FarthestShifted(long maxK, int a, int b, int c, bool planar = false)
    {
        var table = new long[maxK + 1];
        int r = (int)Math.Ceiling(Math.Sqrt(maxK)) + 1;
        int rz = planar ? 0 : r;

        // Each lattice offset d enters every ball with k > |d|^2: record its value at k = |d|^2 + 1, then a running maximum.
        // Only d with components of the signs of e can be farthest (the ball is symmetric), so the loop covers one octant.
        for (int p = 0; p <= r; p++)
        {
            for (int q = 0; q <= r; q++)
            {
                for (int s = 0; s <= rz; s++)
                {
                    long k = (long)p * p + (long)q * q + (long)s * s + 1;
                    if (k > maxK)
                    {
                        break;
                    }

                    long v = (long)(p + a) * (p + a) + (long)(q + b) * (q + b) + (long)(s + c) * (s + c);
                    if (v > table[k])
                    {
                        table[k] = v;
                    }
                }
            }
        }

        for (long k = 1; k <= maxK; k++)
        {
            table[k] = Math.Max(table[k], table[k - 1]);
        }

        return table;
    }

    /// <summary>
    /// Containment table for one shift of length <paramref name="length"/>: entry r is the smallest rank
    /// after r whose ball, shifted by that much, contains the ball of rank r (int.MaxValue when none does;
    /// entry 0 is left 0). On lattice radii up to k = <paramref name="exactSquares"/> it uses the exact
    /// lattice bound <paramref name="farthestBeyond"/>(k) (rank r' qualifies when k' &gt; it); otherwise the
    /// continuous R' &gt;= R + |e|, which is never too lenient. Shared by <see cref="CoveringCentres"/> and
    /// <see cref="FarContainers"/>.
    /// </summary>
    public int[] ContainerTable(double length, Func<long, long>? farthestBeyond, long exactSquares)
    {
        int finite = FiniteCount;
        var squares = StepSquares;
        var table = new int[finite];
        int candidate = 1;
        for (int r = 1; r < finite; r++)
        {
            candidate = Math.Max(candidate, r + 1);
            if (farthestBeyond is not null && squares![r] <= exactSquares)
            {
                long beyond = farthestBeyond(squares[r]);
                while (candidate < finite && squares[candidate] <= beyond)
                {
                    candidate++;
                }
            }
            else
            {
                double required = (Values[r] + length) * (1 + 1e-6);
                while (candidate < finite && Values[candidate] < required)
                {
                    candidate++;
                }
            }

            table[r] = candidate < finite ? candidate : int.MaxValue;
        }

        return table;
    }

    /// <summary>Whether 16-bit ranks suffice.</summary>
    public bool FitsSixteenBits => Values.Length <= ushort.MaxValue;

    /// <summary>The distinct radii of <paramref name="radius"/> (a Float32 stack).</summary>
    public static RadiusLevels Of(VoxelStack radius, ComputeOptions options)
    {
        var distinct = new HashSet<float>();
        SliceIterator.For(radius.Depth, options with { Progress = null }, "Radius levels", () => new HashSet<float>(), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (z, local) =>
        {
            // A direct-mapped cache of values already added keeps most voxels out of the set: with 4096 slots
            // a 256^3 map of 1356 radii makes 0.45 million additions, with 256 slots 2.5 million.
            Span<float> seen = stackalloc float[4096];
            seen.Clear();
            foreach (float v in radius.GetSlice<float>(z))
            {
                int slot = (int)(BitConverter.SingleToUInt32Bits(v) * 2654435769u >> 20);
                if (v > 0 && seen[slot] != v)
                {
                    local.Add(v);
                    seen[slot] = v;
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
            return new RadiusLevels(values, null, 0);
        }

        double inverseS2 = 1.0 / (vs.X * vs.X);
        int finite = FiniteCountOf(values);
        var squares = new long[finite];
        for (int r = 1; r < finite; r++)
        {
            double exact = values[r] * (double)values[r] * inverseS2;
            if (exact > 1L << 52)
            {
                return new RadiusLevels(values, null, 0);
            }

            long k = (long)Math.Round(exact);
            if (k <= squares[r - 1] || Math.Abs(exact - k) > 0.25)
            {
                return new RadiusLevels(values, null, 0);
            }

            squares[r] = k;
        }

        return new RadiusLevels(values, squares, inverseS2);
    }

    /// <summary>The number of finite values of an ascending value list (all but a trailing +infinity).</summary>
    private static int FiniteCountOf(float[] values) => values.Length > 1 && float.IsPositiveInfinity(values[^1]) ? values.Length - 1 : values.Length;

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

    /// <summary>Writes the radius of each voxel's rank into <paramref name="target"/> (a Float32 stack of the ranks' shape).</summary>
    public void Fill<T>(T[][] ranks, VoxelStack target, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        SliceIterator.For(target.Depth, options with { Progress = null }, "Radius levels", z =>
        {
            var slice = target.GetSlice<float>(z);
            var source = ranks[z];
            for (int i = 0; i < slice.Length; i++)
            {
                slice[i] = Values[int.CreateTruncating(source[i])];
            }
        });
    }
}

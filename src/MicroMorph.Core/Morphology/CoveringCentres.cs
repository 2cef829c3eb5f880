using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The centres a covering-radius painting (<see cref="CoveringRadius"/>) must paint, on the ranks
/// of a radius map: every phase voxel c is covered by its own ball, and c's ball needs no painting when
/// <list type="number">
/// <item>it holds no voxel but c (radius at most one voxel);</item>
/// <item>it lies inside the ball of a 26-neighbour (BoneJ's distance ridge; exact for lattice
/// balls on isotropic voxels, the continuous R' &gt;= R + |e| otherwise);</item>
/// <item>all six face neighbours have a rank at least c's ("interior"): any x of the ball other
/// than c lies in the ball of the face neighbour n one step towards x, |x - n| &lt; |x - c|.</item>
/// </list>
/// Together these are exact: induction on (-rank of c, |x - c|) shows that every x of every
/// dropped ball is covered at least at c's rank by a painted ball or by x's own. Rule 3 removes
/// the interiors of the plateaus of an intrusion map. Rule 2 holds for a container at any distance;
/// <see cref="FarContainers"/> extends it to balls two voxels away for the larger radii.
/// </summary>
internal sealed class CoveringCentres
{
    // Neighbour classes by the axes a step moves along: x, y, z, xy, xz, yz, xyz.
    private const int ClassCount = 7;

    private CoveringCentres(Run[][] runs) => Runs = runs;

    /// <summary>
    /// Centres with the same rank on consecutive voxels of a row: a run's balls cut every row in one
    /// interval, so it is painted as one ball stretched along x from <see cref="X"/> over
    /// <see cref="Length"/> voxels.
    /// </summary>
    public readonly record struct Run(int X, int Y, int Length, int Rank)
    {
        /// <summary>
        /// From this slice offset dz = z - zc on, the run's slice disk lies in the disk of another centre of its
        /// column with a larger key (<see cref="ColumnContainers"/>; short.MaxValue: never).
        /// </summary>
        public short ContainedFrom { get; init; } = short.MaxValue;

        /// <summary>Up to this slice offset, likewise (short.MinValue: never).</summary>
        public short ContainedTo { get; init; } = short.MinValue;

        /// <summary>Whether the run's disk at slice offset dz lies in the disk of another centre of its column.</summary>
        public bool ContainedAt(int dz) => dz >= ContainedFrom || dz <= ContainedTo;
    }

    /// <summary>Per slice: the runs of centres, by descending reach of their rank along z.</summary>
    public Run[][] Runs { get; }

    /// <summary>
    /// The centres of a rank map (0 outside the phase; the rank of +infinity is never a centre nor
    /// a container), each slice's ordered by descending <paramref name="reachZ"/> of their rank.
    /// </summary>
    public static CoveringCentres Find<T>(T[][] ranks, int width, int height, VoxelSize size, RadiusLevels levels, int[] reachZ, ComputeOptions options)
        where T : unmanaged, IBinaryInteger<T>
    {
        int d = ranks.Length;
        var rules = new Rules(ContainerRanks(levels, size), SelfOnlyRank(levels, size), levels.FiniteCount, levels.FiniteCount < levels.Values.Length, size.IsIsotropic);
        var far = FarContainers.For(levels, size);
        var runs = new Run[d][];
        SliceIterator.For(d, options with { Progress = null }, "Local thickness", () => new List<int>(), (z, found) =>
        {
            found.Clear();
            var below = z > 0 ? ranks[z - 1] : null;
            var above = z + 1 < d ? ranks[z + 1] : null;
            OfSlice(below, ranks[z], above, width, height, rules, found);
            far?.Prune(ranks, z, width, height, found);
            runs[z] = RunsByDescendingReach(found, ranks[z], width, reachZ);
        }, _ => { });
        return new CoveringCentres(runs);
    }

    /// <summary>
    /// A counting sort of a slice's centres by the reach of their rank, largest first (stable, so
    /// in memory order within a reach), then runs of equal rank on consecutive voxels merged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Run[] RunsByDescendingReach<T>(List<int> found, T[] ranks, int width, int[] reachZ)
        where T : unmanaged, IBinaryInteger<T>
    {
        int largest = 0;
        foreach (int p in found)
        {
            largest = Math.Max(largest, reachZ[int.CreateTruncating(ranks[p])]);
        }

        var start = new int[largest + 2];
        foreach (int p in found)
        {
            start[largest - reachZ[int.CreateTruncating(ranks[p])] + 1]++;
        }

        for (int k = 0; k <= largest; k++)
        {
            start[k + 1] += start[k];
        }

        var order = new int[found.Count];
        foreach (int p in found)
        {
            order[start[largest - reachZ[int.CreateTruncating(ranks[p])]]++] = p;
        }

        int count = 0;
        for (int j = 0; j < order.Length; j++)
        {
            count += Continues(j) ? 0 : 1;
        }

        var runs = new Run[count];
        int run = -1;
        for (int j = 0; j < order.Length; j++)
        {
            if (Continues(j))
            {
                runs[run] = runs[run] with { Length = runs[run].Length + 1 };
                continue;
            }

            var (y, x) = Math.DivRem(order[j], width);
            runs[++run] = new Run(x, y, 1, int.CreateTruncating(ranks[order[j]]));
        }

        return runs;

        // Whether the j-th centre extends the previous one's run: the next voxel of the row, same rank.
        bool Continues(int j) => j > 0 && order[j] == order[j - 1] + 1 && order[j] % width != 0 && ranks[order[j]] == ranks[order[j - 1]];
    }

    /// <summary>need[class][r] (see <see cref="ContainerRanks"/>), the largest self-only rank, the finite ranks.</summary>
    private sealed record Rules(int[][] Need, int SelfOnly, int Finite, bool HasInfinity, bool Isotropic);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OfSlice<T>(T[]? below, T[] mid, T[]? above, int w, int h, Rules rules, List<int> found)
        where T : unmanaged, IBinaryInteger<T>
    {
        int lanes = Vector256<T>.Count;
        bool inner = below is not null && above is not null && !rules.HasInfinity;
        bool vector = inner && Vector256.IsHardwareAccelerated && w - 2 >= lanes;
        for (int y = 0; y < h; y++)
        {
            bool innerRow = inner && y > 0 && y < h - 1;
            if (innerRow && vector)
            {
                Consider(below, mid, above, 0, y, w, h, rules, found);
                InnerRun(below!, mid, above!, y * w, w, rules, found);
                Consider(below, mid, above, w - 1, y, w, h, rules, found);
                continue;
            }

            for (int x = 0; x < w; x++)
            {
                Consider(below, mid, above, x, y, w, h, rules, found);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Consider<T>(T[]? below, T[] mid, T[]? above, int x, int y, int w, int h, Rules rules, List<int> found)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = y * w + x;
        int r = int.CreateTruncating(mid[i]);
        if (r > rules.SelfOnly && r < rules.Finite && MustPaintAnywhere(below, mid, above, x, y, w, h, r, rules.Need, rules.Finite))
        {
            found.Add(i);
        }
    }

    /// <summary>
    /// The voxels 1 .. w-2 of an inner row (all 26 neighbours in the volume, no +infinity), a vector
    /// at a time: the interior rule and the class maxima in vectors, the containment tables for
    /// the voxels that remain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InnerRun<T>(T[] below, T[] mid, T[] above, int row, int w, Rules rules, List<int> found)
        where T : unmanaged, IBinaryInteger<T>
    {
        int lanes = Vector256<T>.Count;
        var selfOnly = Vector256.Create(T.CreateTruncating(rules.SelfOnly));
        Span<T> maxima = stackalloc T[ClassCount * lanes];
        var need = rules.Need;
        int done = 1;
        while (done < w - 1)
        {
            int x0 = Math.Min(done, w - 1 - lanes), i = row + x0;
            var r = Load(mid, i);
            var xm = Load(mid, i - 1);
            var xp = Load(mid, i + 1);
            var ym = Load(mid, i - w);
            var yp = Load(mid, i + w);
            var zm = Load(below, i);
            var zp = Load(above, i);
            var interior = Vector256.GreaterThanOrEqual(Vector256.Min(Vector256.Min(Vector256.Min(xm, xp), Vector256.Min(ym, yp)), Vector256.Min(zm, zp)), r);
            uint candidates = Vector256.AndNot(Vector256.GreaterThan(r, selfOnly), interior).ExtractMostSignificantBits();
            candidates &= ~((1u << (done - x0)) - 1); // lanes already decided by the previous vector
            done = x0 + lanes;
            if (candidates == 0)
            {
                continue;
            }

            var fx = Vector256.Max(xm, xp);
            var fy = Vector256.Max(ym, yp);
            var fz = Vector256.Max(zm, zp);
            var exy = Vector256.Max(Vector256.Max(Load(mid, i - w - 1), Load(mid, i - w + 1)), Vector256.Max(Load(mid, i + w - 1), Load(mid, i + w + 1)));
            var exz = Vector256.Max(Vector256.Max(Load(below, i - 1), Load(below, i + 1)), Vector256.Max(Load(above, i - 1), Load(above, i + 1)));
            var eyz = Vector256.Max(Vector256.Max(Load(below, i - w), Load(below, i + w)), Vector256.Max(Load(above, i - w), Load(above, i + w)));
            var corner = Vector256.Max(
                Vector256.Max(Vector256.Max(Load(below, i - w - 1), Load(below, i - w + 1)), Vector256.Max(Load(below, i + w - 1), Load(below, i + w + 1))),
                Vector256.Max(Vector256.Max(Load(above, i - w - 1), Load(above, i - w + 1)), Vector256.Max(Load(above, i + w - 1), Load(above, i + w + 1))));
            if (rules.Isotropic)
            {
                Vector256.Max(Vector256.Max(fx, fy), fz).CopyTo(maxima);
                Vector256.Max(Vector256.Max(exy, exz), eyz).CopyTo(maxima[lanes..]);
                corner.CopyTo(maxima[(2 * lanes)..]);
            }
            else
            {
                fx.CopyTo(maxima);
                fy.CopyTo(maxima[lanes..]);
                fz.CopyTo(maxima[(2 * lanes)..]);
                exy.CopyTo(maxima[(3 * lanes)..]);
                exz.CopyTo(maxima[(4 * lanes)..]);
                eyz.CopyTo(maxima[(5 * lanes)..]);
                corner.CopyTo(maxima[(6 * lanes)..]);
            }

            while (candidates != 0)
            {
                int j = BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                int rank = int.CreateTruncating(mid[i + j]);
                bool contained = rules.Isotropic
                    ? int.CreateTruncating(maxima[j]) >= need[0][rank] || int.CreateTruncating(maxima[lanes + j]) >= need[3][rank] || int.CreateTruncating(maxima[2 * lanes + j]) >= need[6][rank]
                    : Contained(maxima, lanes, j, rank, need);
                if (!contained)
                {
                    found.Add(i + j);
                }
            }
        }
    }

    private static bool Contained<T>(Span<T> maxima, int lanes, int j, int rank, int[][] need)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int c = 0; c < ClassCount; c++)
        {
            if (int.CreateTruncating(maxima[c * lanes + j]) >= need[c][rank])
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Load<T>(T[] plane, int i)
        where T : unmanaged => Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(plane), (nuint)i);

    /// <summary>The three rules for any voxel: neighbours outside the volume, or at +infinity, count as rank 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MustPaintAnywhere<T>(T[]? below, T[] mid, T[]? above, int x, int y, int w, int h, int r, int[][] need, int finite)
        where T : unmanaged, IBinaryInteger<T>
    {
        bool interior = true;
        for (int dz = -1; dz <= 1; dz++)
        {
            var plane = dz < 0 ? below : dz > 0 ? above : mid;
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int axes = (dx != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dz != 0 ? 1 : 0);
                    if (axes == 0)
                    {
                        continue;
                    }

                    int xx = x + dx, yy = y + dy;
                    int other = plane is not null && (uint)xx < (uint)w && (uint)yy < (uint)h ? int.CreateTruncating(plane[yy * w + xx]) : 0;
                    if (other >= finite)
                    {
                        other = 0;
                    }

                    if (axes == 1 && other < r)
                    {
                        interior = false;
                    }

                    if (other >= need[ClassOf(dx, dy, dz)][r])
                    {
                        return false; // contained
                    }
                }
            }
        }

        return !interior;
    }

    private static int ClassOf(int dx, int dy, int dz) => (dx != 0, dy != 0, dz != 0) switch
    {
        (true, false, false) => 0,
        (false, true, false) => 1,
        (false, false, true) => 2,
        (true, true, false) => 3,
        (true, false, true) => 4,
        (false, true, true) => 5,
        _ => 6,
    };

    /// <summary>The largest rank whose open ball holds no voxel but its centre.</summary>
    private static int SelfOnlyRank(RadiusLevels levels, VoxelSize size)
    {
        double nearest = Math.Min(size.X, Math.Min(size.Y, size.Z));
        int rank = 0;
        while (rank + 1 < levels.FiniteCount && (levels.StepSquares is { } k ? k[rank + 1] <= 1 : LocalThickness.OpenBallSquared(levels.Values[rank + 1]) <= nearest * nearest))
        {
            rank++;
        }

        return rank;
    }

    /// <summary>
    /// need[class][r]: the smallest rank r' &gt; r whose ball, one step of that class away, contains
    /// the ball of rank r (int.MaxValue when none does). On lattice radii up to
    /// <see cref="RadiusLevels.ExactSquares"/>: k' &gt; max |d + e|^2 over the lattice ball {|d|^2 &lt; k};
    /// otherwise the continuous R' &gt;= R + |e|, which keeps more centres but never too few.
    /// </summary>
    private static int[][] ContainerRanks(RadiusLevels levels, VoxelSize size)
    {
        int finite = levels.FiniteCount;
        var need = new int[ClassCount][];
        var steps = new (int Dx, int Dy, int Dz)[] { (1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1) };
        var squares = levels.StepSquares;
        long[][]? farthest = null;
        if (squares is not null && finite > 1)
        {
            // By the number of unit components of the shift: the ball is symmetric under sign changes and axis permutations.
            long maxK = Math.Min(squares[finite - 1], RadiusLevels.ExactSquares);
            farthest = [[], RadiusLevels.FarthestShifted(maxK, 1, 0, 0), RadiusLevels.FarthestShifted(maxK, 1, 1, 0), RadiusLevels.FarthestShifted(maxK, 1, 1, 1)];
        }

        for (int c = 0; c < ClassCount; c++)
        {
            var (dx, dy, dz) = steps[c];
            int axes = dx + dy + dz;
            double length = Math.Sqrt(dx * size.X * size.X + dy * size.Y * size.Y + dz * size.Z * size.Z);
            var table = need[c] = levels.ContainerTable(length, farthest is null ? null : k => farthest[axes][k], RadiusLevels.ExactSquares);
            table[0] = 1;
        }

        return need;
    }
}

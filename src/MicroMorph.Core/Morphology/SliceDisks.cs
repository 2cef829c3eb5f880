using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// Containment of slice disks, for the covering-radius painting (<see cref="CoveringRadius"/>) on
/// lattice radii: the open lattice ball of a centre c (|d|^2 &lt; k, voxel units) cuts the slice at
/// offset dz in the lattice disk {(dx, dy) : dx^2 + dy^2 &lt; rho}, rho = k - dz^2. A disk needs no
/// painting in that slice when it lies inside the disk, in the same slice, of another painted centre
/// whose rank is at least c's, even where c's ball does not lie inside that centre's ball: 2D
/// containment holds in many more slices than 3D containment (a centre just above a larger one has
/// its lower half inside it).
/// </summary>
/// <remarks>
/// Exactness: order the disks of one output slice by the key (rank, rho, zc) (distinct within a column;
/// a disk in another column is skipped only for a strictly larger rank, or the same rank and a strictly
/// larger rho). A disk is skipped only for a container with a strictly larger key, so following
/// containers from a skipped disk ends, after finitely many steps, at a painted disk that contains it
/// (containment is transitive) with a rank at least its own: every voxel of a skipped disk still gets at
/// least the disk's rank. Containers tried: per column, the disk of largest key (rank, rho, zc) and the
/// disk of largest (rho, rank, zc), in the disk's own column (same centre: containment is rho' &gt;= rho)
/// and in the columns at offsets e with |e_x|, |e_y| &lt;= <see cref="Neighbourhood"/>: exact lattice containment,
/// rho' &gt; max |d + e|^2 over {|d|^2 &lt; rho} (<see cref="RadiusLevels.FarthestShifted"/>).
/// </remarks>
internal sealed class SliceDisks
{
    /// <summary>Largest rho (and rank) a key holds.</summary>
    public const int MaxValue = (1 << 24) - 1;

    /// <summary>Largest rho with tables (radius 1024 voxels: 64 MiB of tables; the tables grow with rho, keys would allow 2^24).</summary>
    public const int MaxTabulatedRho = 1 << 20;

    private const ulong Low24 = (1ul << 24) - 1;

    /// <summary>Containers are tried in the columns at offsets with |e_x|, |e_y| &lt;= this (2: the eight tables and the vector test are laid out for it).</summary>
    internal const int Neighbourhood = 2;

    // _limits[8 rho + k]: max |d + e|^2 over the disk {|d|^2 < rho} for the offsets e of table k = (Neighbourhood + 1) |e_y| + |e_x| - 1
    // (by absolute components: the lattice disk is symmetric), the eight tables side by side so that one cache line holds a rho's.
    private readonly ulong[] _limits;

    // The offsets of the neighbourhood but (0, 0), nearest first, with their table.
    private readonly (int Dx, int Dy, int Table)[] _neighbours;
    private readonly int _width;
    private readonly int _height;

    private SliceDisks(int maxRho, int width, int height)
    {
        _limits = new ulong[8 * (maxRho + 1)];
        for (int a = 0; a <= Neighbourhood; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                if (a > 0)
                {
                    var farthest = RadiusLevels.FarthestShifted(maxRho, a, b, 0, planar: true);
                    for (int rho = 0; rho <= maxRho; rho++)
                    {
                        _limits[(8 * rho) + ((Neighbourhood + 1) * a) + b - 1] = _limits[(8 * rho) + ((Neighbourhood + 1) * b) + a - 1] = (ulong)farthest[rho];
                    }
                }
            }
        }

        _width = width;
        _height = height;
        var neighbours = new List<(int, int, int)>();
        for (int dy = -Neighbourhood; dy <= Neighbourhood; dy++)
        {
            for (int dx = -Neighbourhood; dx <= Neighbourhood; dx++)
            {
                if ((dx | dy) != 0)
                {
                    neighbours.Add((dx, dy, ((Neighbourhood + 1) * Math.Abs(dy)) + Math.Abs(dx)));
                }
            }
        }

        _neighbours = [.. neighbours.OrderBy(e => (e.Item1 * e.Item1) + (e.Item2 * e.Item2))];
    }

    /// <summary>
    /// The tables for the lattice radii of <paramref name="levels"/>, or null when they are not lattice radii, the
    /// largest k exceeds <see cref="MaxTabulatedRho"/> or keys cannot hold the ranks (then every disk is painted).
    /// </summary>
    public static SliceDisks? For(RadiusLevels levels, int width, int height)
    {
        var squares = levels.StepSquares;
        int finite = levels.FiniteCount;
        if (squares is null || finite < 2 || squares[finite - 1] > MaxTabulatedRho || finite > MaxValue)
        {
            return null;
        }

        return new SliceDisks((int)squares[finite - 1], width, height);
    }

    /// <summary>
    /// A worker's per-column best keys for one output slice: Best[2 p] the largest (rank, rho, order) key
    /// of column p's disks, Best[2 p + 1] the largest (rho, rank, order) key (0: none), side by side so that
    /// one cache line holds both.
    /// </summary>
    public sealed class Columns(int size)
    {
        public ulong[] Best { get; } = new ulong[2 * size];
    }

    /// <summary>
    /// The last component of a key: the centre's slice zc relative to the painted slice z (|zc - z| is
    /// at most the largest reach, below 4097 for k &lt;= 2^24), increasing with zc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Order(int zc, int z) => zc - z + 32768;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RankKey(int rank, int rho, int order) => ((ulong)(uint)rank << 40) | ((ulong)(uint)rho << 16) | (ulong)(uint)(order & 0xFFFF);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong RhoKey(int rank, int rho, int order) => ((ulong)(uint)rho << 40) | ((ulong)(uint)rank << 16) | (ulong)(uint)(order & 0xFFFF);

    /// <summary>Records a disk of column <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Columns columns, int p, ulong rankKey, ulong rhoKey)
    {
        var best = columns.Best;
        best[2 * p] = Math.Max(best[2 * p], rankKey);
        best[(2 * p) + 1] = Math.Max(best[(2 * p) + 1], rhoKey);
    }

    /// <summary>Forgets column <paramref name="p"/> (after the slice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Columns columns, int p)
    {
        columns.Best[2 * p] = 0;
        columns.Best[(2 * p) + 1] = 0;
    }

    /// <summary>The test in the disk's own column p (most disks that are skipped are skipped here; inlined in the painting loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool InOwnColumn(Columns columns, int p, int rank, int rho, int order)
    {
        var best = columns.Best;
        ulong b = best[2 * p];
        if (b != RankKey(rank, rho, order) && (int)((b >> 16) & Low24) >= rho)
        {
            return true; // rank' >= rank (largest key), a different centre of this column with rho' >= rho
        }

        b = best[(2 * p) + 1];
        return b != RhoKey(rank, rho, order) && (int)((b >> 16) & Low24) >= rank; // rho' >= rho (largest key), rank' >= rank
    }

    /// <summary>The test in the columns of the neighbourhood.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool InNeighbour(Columns columns, int x, int y, int rank, int rho)
    {
        bool inner = x >= Neighbourhood && x < _width - Neighbourhood && y >= Neighbourhood && y < _height - Neighbourhood;
        if (inner && Vector512.IsHardwareAccelerated)
        {
            return InInnerNeighbour(columns.Best, x, y, (ulong)rank, (ulong)rho);
        }

        var best = columns.Best;
        int p = (y * _width) + x;
        var limits = _limits.AsSpan(8 * rho, 8);
        foreach (var (dx, dy, cls) in _neighbours)
        {
            if (!inner && ((uint)(x + dx) >= (uint)_width || (uint)(y + dy) >= (uint)_height))
            {
                continue;
            }

            int q = 2 * (p + (dy * _width) + dx);
            long limit = (long)limits[cls - 1];
            ulong byRank = best[q], byRho = best[q + 1];
            if (Contains((int)(byRank >> 40), (int)((byRank >> 16) & Low24)) || Contains((int)((byRho >> 16) & Low24), (int)(byRho >> 40)))
            {
                return true;
            }

            // A strictly larger key: a larger rank, or the same rank and a larger rho.
            bool Contains(int otherRank, int otherRho) => otherRank >= rank && otherRho > limit && (otherRank > rank || otherRho > rho);
        }

        return false;
    }

    /// <summary>
    /// <see cref="InNeighbour"/> away from the slice's edges, all 24 columns at once: per row of the
    /// neighbourhood one 512-bit vector holds the two keys of the columns at e_x = -2 .. 1 and one 128-bit
    /// vector those at e_x = 2, so the test has no branch per neighbour (the scalar loop's early exits were
    /// mispredicted on most disks). Rank and rho are the fields (key &gt;&gt; 40, key &gt;&gt; 16 &amp; 2^24 - 1)
    /// of a (rank, rho) key and the other way round of a (rho, rank) key; the own column gets no limit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool InInnerNeighbour(ulong[] best, int x, int y, ulong rank, ulong rho)
    {
        var limits = Vector512.LoadUnsafe(ref _limits[8 * (int)rho]);
        var byRankKey = Vector512.Create(ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue, 0, ulong.MaxValue, 0); // lanes of (rank, rho) keys
        var own = Vector512.Create(0, 0, 0, 0, ulong.MaxValue, ulong.MaxValue, 0, 0);
        var low24 = Vector512.Create(Low24);
        var rank512 = Vector512.Create(rank);
        var rho512 = Vector512.Create(rho);
        var found = Vector512<ulong>.Zero;
        var found128 = Vector128<ulong>.Zero;
        ref ulong origin = ref MemoryMarshal.GetArrayDataReference(best);
        for (int dy = -Neighbourhood; dy <= Neighbourhood; dy++)
        {
            int ay = Math.Abs(dy);
            // Limits of the columns e_x = -2, -1, 0, 1 (two lanes each) and e_x = 2: tables 3 |e_y| + |e_x| - 1.
            Vector512<ulong> limit = ay switch
            {
                0 => Vector512.Shuffle(limits, Vector512.Create(1ul, 1, 0, 0, 0, 0, 0, 0)) | own,
                1 => Vector512.Shuffle(limits, Vector512.Create(4ul, 4, 3, 3, 2, 2, 3, 3)),
                _ => Vector512.Shuffle(limits, Vector512.Create(7ul, 7, 6, 6, 5, 5, 6, 6)),
            };
            int q = 2 * (((y + dy) * _width) + x - Neighbourhood);
            var keys = Vector512.LoadUnsafe(ref origin, (nuint)q);
            found |= Contains(keys, limit, byRankKey, low24, rank512, rho512);
            var keys128 = Vector128.LoadUnsafe(ref origin, (nuint)(q + 8));
            found128 |= Contains(keys128.ToVector256Unsafe().ToVector512Unsafe(), limit, byRankKey, low24, rank512, rho512).GetLower().GetLower();
        }

        return (found | found128.ToVector256().ToVector512()) != Vector512<ulong>.Zero;

        // Per lane: the other disk's rank' >= rank, rho' > the limit, and a strictly larger key (see InNeighbour).
        static Vector512<ulong> Contains(Vector512<ulong> keys, Vector512<ulong> limit, Vector512<ulong> byRankKey, Vector512<ulong> low24, Vector512<ulong> rank, Vector512<ulong> rho)
        {
            var high = keys >>> 40;
            var middle = (keys >>> 16) & low24;
            var otherRank = Vector512.ConditionalSelect(byRankKey, high, middle);
            var otherRho = Vector512.ConditionalSelect(byRankKey, middle, high);
            return Vector512.GreaterThanOrEqual(otherRank, rank) & Vector512.GreaterThan(otherRho, limit)
                & (Vector512.GreaterThan(otherRank, rank) | Vector512.GreaterThan(otherRho, rho));
        }
    }
}

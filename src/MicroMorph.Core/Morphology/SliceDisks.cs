using System.Runtime.CompilerServices;

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

    private const ulong Low24 = (1ul << 24) - 1;

    /// <summary>Containers are tried in the columns at offsets with |e_x|, |e_y| &lt;= this.</summary>
    internal const int Neighbourhood = 2;

    // _farthest[(Neighbourhood + 1) |e_y| + |e_x|]: the table of each offset, by absolute components.
    private readonly long[][] _farthest;

    // The offsets of the neighbourhood but (0, 0), nearest first, with their table.
    private readonly (int Dx, int Dy, int Table)[] _neighbours;
    private readonly int _width;
    private readonly int _height;

    private SliceDisks(int maxRho, int width, int height)
    {
        _farthest = new long[(Neighbourhood + 1) * (Neighbourhood + 1)][];
        for (int a = 0; a <= Neighbourhood; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                if (a > 0)
                {
                    _farthest[(Neighbourhood + 1) * a + b] = _farthest[(Neighbourhood + 1) * b + a] = RadiusLevels.FarthestShifted(maxRho, a, b, 0, planar: true);
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

    /// <summary>The tables for the lattice radii of <paramref name="levels"/>, or null when they are not lattice radii or keys cannot hold them.</summary>
    public static SliceDisks? For(RadiusLevels levels, int width, int height)
    {
        var squares = levels.StepSquares;
        int finite = levels.FiniteCount;
        if (squares is null || finite < 2 || squares[finite - 1] > MaxValue || finite > MaxValue)
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
    public static int Order(int zc, int z) => zc - z + 32768;

    public static ulong RankKey(int rank, int rho, int order) => ((ulong)(uint)rank << 40) | ((ulong)(uint)rho << 16) | (ulong)(uint)(order & 0xFFFF);

    public static ulong RhoKey(int rank, int rho, int order) => ((ulong)(uint)rho << 40) | ((ulong)(uint)rank << 16) | (ulong)(uint)(order & 0xFFFF);

    /// <summary>Records a disk of column <paramref name="p"/>.</summary>
    public static void Add(Columns columns, int p, ulong rankKey, ulong rhoKey)
    {
        var best = columns.Best;
        best[2 * p] = Math.Max(best[2 * p], rankKey);
        best[(2 * p) + 1] = Math.Max(best[(2 * p) + 1], rhoKey);
    }

    /// <summary>Forgets column <paramref name="p"/> (after the slice).</summary>
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
    public bool InNeighbour(Columns columns, int x, int y, int rank, int rho)
    {
        var best = columns.Best;
        int p = (y * _width) + x;
        Span<long> beyond = stackalloc long[_farthest.Length];
        for (int c = 1; c < _farthest.Length; c++)
        {
            beyond[c] = _farthest[c][rho];
        }

        bool inner = x >= Neighbourhood && x < _width - Neighbourhood && y >= Neighbourhood && y < _height - Neighbourhood;
        foreach (var (dx, dy, cls) in _neighbours)
        {
            if (!inner && ((uint)(x + dx) >= (uint)_width || (uint)(y + dy) >= (uint)_height))
            {
                continue;
            }

            int q = 2 * (p + (dy * _width) + dx);
            long limit = beyond[cls];
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
}

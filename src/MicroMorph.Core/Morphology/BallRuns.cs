using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The open lattice balls B(c, R) = {c + d : |d| &lt; R} (physical |d|, 001 Eq. 26) of the radius
/// levels, as runs: for each slice offset dz the rows dy that meet the ball and the half-width rx
/// of their run |dx| &lt;= rx. On lattice radii (isotropic voxels, R = s sqrt(k)) the test is the
/// exact integer |d|^2 &lt; k; otherwise it is |d|^2 &lt; R^2 shrunk by a few ulps
/// (<see cref="LocalThickness.OpenBallSquared"/>). Lattice cuts are disks shared by all ranks and
/// cached by rho = k - dz^2 (<see cref="CutRows"/>); other balls are built once per rank and cached
/// while small; larger ones are produced one slice cut at a time.
/// </summary>
internal sealed class BallRuns
{
    /// <summary>Balls reaching more than this many voxels along z are not cached.</summary>
    private const int CachedReach = 48;

    /// <summary>Lattice disks up to this rho (radius 128 voxels) are cached.</summary>
    private const int CachedDisks = 1 << 14;

    private readonly RadiusLevels _levels;
    private readonly VoxelSize _size;
    private readonly int _width;
    private readonly Ball?[] _cache;
    private readonly Row[]?[]? _disks;

    public BallRuns(RadiusLevels levels, VoxelSize size, int width)
    {
        _levels = levels;
        _size = size;
        _width = width;
        _cache = new Ball?[levels.Values.Length];
        if (levels.StepSquares is { } squares && levels.FiniteCount > 1)
        {
            _disks = new Row[]?[(int)Math.Min(squares[levels.FiniteCount - 1] + 1, CachedDisks)];
        }

        Reaches = new (int X, int Y, int Z)[levels.Values.Length];
        for (int rank = 1; rank < levels.FiniteCount; rank++)
        {
            double r = levels.Values[rank];
            Reaches[rank] = ((int)Math.Ceiling(r / size.X), (int)Math.Ceiling(r / size.Y), (int)Math.Ceiling(r / size.Z));
        }
    }

    /// <summary>One row of a slice cut: offset dy, half-width rx, and dy * width - rx.</summary>
    public readonly record struct Row(int Dy, int Rx, int Offset);

    /// <summary>A ball's rows, cut by cut: Rows[Starts[dz + ReachZ] .. Starts[dz + ReachZ + 1]).</summary>
    public sealed record Ball(int ReachZ, int[] Starts, Row[] Rows)
    {
        /// <summary>The rows of the cut with the slice at offset dz (|dz| &lt;= ReachZ).</summary>
        public ReadOnlySpan<Row> CutAt(int dz) => Rows.AsSpan(Starts[dz + ReachZ], Starts[dz + ReachZ + 1] - Starts[dz + ReachZ]);
    }

    /// <summary>How far (in voxels) the ball of each finite rank reaches along x, y and z (0 for rank 0 and +infinity).</summary>
    public (int X, int Y, int Z)[] Reaches { get; }

    /// <summary>The cached ball of a rank, or null when it is too large to cache (use <see cref="Cut"/>).</summary>
    public Ball? Cached(int rank)
    {
        var ball = Volatile.Read(ref _cache[rank]);
        int rz = Reaches[rank].Z;
        if (ball is not null || rz > CachedReach)
        {
            return ball;
        }

        var starts = new int[2 * rz + 2];
        var rows = new List<Row>();
        for (int dz = -rz; dz <= rz; dz++)
        {
            starts[dz + rz] = rows.Count;
            Cut(rank, dz, rows);
        }

        starts[2 * rz + 1] = rows.Count;
        ball = new Ball(rz, starts, rows.ToArray());
        return Interlocked.CompareExchange(ref _cache[rank], ball, null) ?? ball;
    }

    /// <summary>
    /// The rows of the ball's cut with the slice at offset dz (none when it misses the slice). On lattice radii
    /// the cut is the lattice disk {dx^2 + dy^2 &lt; rho}, rho = k - dz^2, whatever the rank, so the disks are
    /// cached by rho: on balls of radius 30-40 about a megabyte for all cuts, where a cache by rank held a hundred
    /// (every rank's whole ball) and its rows came from memory rather than the caches. Otherwise the ball of the
    /// rank while it is small enough, else the cut built into <paramref name="buffer"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<Row> CutRows(int rank, int dz, List<Row> buffer)
    {
        if (_disks is not null)
        {
            long rho = _levels.StepSquares![rank] - (long)dz * dz;
            if (rho <= 0)
            {
                return default;
            }

            if (rho < _disks.Length)
            {
                return Volatile.Read(ref _disks[rho]) ?? Disk((int)rho);
            }
        }
        else if (Cached(rank) is { } ball)
        {
            return ball.CutAt(dz);
        }

        buffer.Clear();
        Cut(rank, dz, buffer);
        return CollectionsMarshal.AsSpan(buffer);
    }

    /// <summary>The cached rows of the lattice disk {dx^2 + dy^2 &lt; rho}, built on first use.</summary>
    private Row[] Disk(int rho)
    {
        var rows = new List<Row>();
        int m = LatticeHalfWidth(rho); // the rows |dy| <= m have dy^2 < rho
        for (int dy = -m; dy <= m; dy++)
        {
            int rx = LatticeHalfWidth(rho - (long)dy * dy);
            rows.Add(new Row(dy, rx, dy * _width - rx));
        }

        var disk = rows.ToArray();
        return Interlocked.CompareExchange(ref _disks![rho], disk, null) ?? disk;
    }

    /// <summary>The largest rx with rx^2 &lt; rest (rest &gt; 0).</summary>
    private static int LatticeHalfWidth(long rest)
    {
        int rx = (int)Math.Sqrt(rest);
        while ((long)rx * rx >= rest)
        {
            rx--;
        }

        while ((long)(rx + 1) * (rx + 1) < rest)
        {
            rx++;
        }

        return rx;
    }

    /// <summary>Appends the rows of the ball's cut with the slice at offset dz.</summary>
    public void Cut(int rank, int dz, List<Row> rows)
    {
        int ry = Reaches[rank].Y;
        if (_levels.StepSquares is { } squares)
        {
            // Lattice radius: |d|^2 < k in voxel units, exactly.
            long rest0 = squares[rank] - (long)dz * dz;
            for (int dy = -ry; dy <= ry; dy++)
            {
                long rest = rest0 - (long)dy * dy; // dx^2 < rest
                if (rest > 0)
                {
                    int rx = LatticeHalfWidth(rest);
                    rows.Add(new Row(dy, rx, dy * _width - rx));
                }
            }

            return;
        }

        double pz = dz * _size.Z;
        double r2 = LocalThickness.OpenBallSquared(_levels.Values[rank]) - pz * pz;
        for (int dy = -ry; dy <= ry; dy++)
        {
            double py = dy * _size.Y;
            double rest = r2 - py * py; // (dx sx)^2 < rest
            if (rest <= 0)
            {
                continue;
            }

            int rx = (int)Math.Floor(Math.Sqrt(rest) / _size.X);
            while (rx >= 0 && rx * _size.X * (rx * _size.X) >= rest)
            {
                rx--;
            }

            while ((rx + 1) * _size.X * ((rx + 1) * _size.X) < rest)
            {
                rx++;
            }

            if (rx >= 0)
            {
                rows.Add(new Row(dy, rx, dy * _width - rx));
            }
        }
    }
}

using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// z = M^-1 r by one symmetric multigrid V-cycle: red-black Gauss-Seidel pre-smoothing (red, then black)
/// from z = 0, restriction of the residual to 2 x 2 x 2 aggregates, the same cycle on the coarser level
/// (down to a few cells, where symmetric Gauss-Seidel sweeps stand in for a solve), piecewise-constant
/// prolongation, and the adjoint post-smoothing (black, then red, each slice walked backwards). The cycle
/// is a fixed symmetric positive operator, so it can precondition conjugate gradients. Aggregation
/// coarse grids see links twice too stiff (sums over a doubled face for a doubled length), hence the
/// coarse operators are scaled by <see cref="CoarseScale"/>.
/// </summary>
internal sealed class MultigridPreconditioner
{
    /// <summary>Scale of each Galerkin coarse operator (a coarse correction enlarged by 1 / CoarseScale).</summary>
    internal static double CoarseScale = 0.5;

    private const long CoarsestCells = 64;
    private const int CoarsestSweeps = 40;
    private const long SequentialCells = 1 << 16;

    private readonly ConductionProblem _fine;
    private readonly List<CoarseLevel> _levels = [];
    private readonly ComputeOptions _inner;

    public MultigridPreconditioner(ConductionProblem fine, ComputeOptions inner)
    {
        _fine = fine;
        _inner = inner;
        var level = CoarseLevel.FromFine(fine, CoarseScale, inner);
        _levels.Add(level);
        while (level.Cells > CoarsestCells && _levels.Count < 16 && (level.Width > 1 || level.Height > 1 || level.Depth > 1))
        {
            level = level.Coarsen(fine.PeriodicX, fine.PeriodicY, fine.PeriodicZ, CoarseScale, inner);
            _levels.Add(level);
        }
    }

    /// <summary>Bytes per fine voxel of the coarse levels.</summary>
    public static double BytesPerVoxel => 24.0 / 7;

    public int Levels => _levels.Count + 1;

    /// <summary>z = M^-1 r; the vectors' elements are float32 or float64 (every update is formed in float64).</summary>
    public void Apply<TR, TV>(TR[][] r, TV[][] z)
        where TR : unmanaged
        where TV : unmanaged
    {
        var f = _fine;
        bool oddWrap = f.PeriodicZ && f.Depth % 2 == 1 && f.Depth > 1;
        Sweep(f.Depth, oddWrap, reverse: false, s => f.Smooth(s, r, z, 0, fromZero: true, reverse: false));
        Sweep(f.Depth, oddWrap, reverse: false, s => f.Smooth(s, r, z, 1, fromZero: false, reverse: false));
        var first = _levels[0];
        SliceIterator.For(first.Depth, _inner, string.Empty, zc => f.RestrictResidual(zc, r, z, first.Rhs[zc], first.Width));
        Cycle(0);
        SliceIterator.For(f.Depth, _inner, string.Empty, s => f.Prolong(s, z, first.Sol[s >> 1], first.Width));
        Sweep(f.Depth, oddWrap, reverse: true, s => f.Smooth(s, r, z, 1, fromZero: false, reverse: true));
        Sweep(f.Depth, oddWrap, reverse: true, s => f.Smooth(s, r, z, 0, fromZero: false, reverse: true));
    }

    private void Cycle(int index)
    {
        var level = _levels[index];
        if (index == _levels.Count - 1)
        {
            for (int k = 0; k < CoarsestSweeps; k++)
            {
                Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 0, k == 0, false), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 1, false, false), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 1, false, true), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 0, false, true), level.Cells);
            }

            return;
        }

        var next = _levels[index + 1];
        Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 0, true, false), level.Cells);
        Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 1, false, false), level.Cells);
        For(next.Depth, level.Cells, zc => level.RestrictResidual(zc, next));
        Cycle(index + 1);
        For(level.Depth, level.Cells, s => level.Prolong(s, next));
        Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 1, false, true), level.Cells);
        Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 0, false, true), level.Cells);
    }

    /// <summary>Slices in parallel, or in order on one thread when the level is too small to pay for the threads.</summary>
    private void For(int depth, long cells, Action<int> body)
    {
        if (cells < SequentialCells)
        {
            _inner.CancellationToken.ThrowIfCancellationRequested();
            for (int z = 0; z < depth; z++)
            {
                body(z);
            }

            return;
        }

        SliceIterator.For(depth, _inner, string.Empty, body);
    }

    /// <summary>
    /// One half-sweep over all slices in parallel. When the first and last slices share a colour (periodic,
    /// odd depth) the last slice runs on its own after the others (before them in the adjoint order), so the
    /// result never depends on thread timing.
    /// </summary>
    private void Sweep(int depth, bool oddWrap, bool reverse, Action<int> body, long cells = long.MaxValue)
    {
        if (!oddWrap)
        {
            For(depth, cells, body);
            return;
        }

        if (reverse)
        {
            body(depth - 1);
        }

        For(depth - 1, cells, body);
        if (!reverse)
        {
            body(depth - 1);
        }
    }
}

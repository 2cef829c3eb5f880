using System.Runtime.CompilerServices;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// The multigrid V-cycle of <see cref="MultigridPreconditioner"/> for the complex-symmetric blocking-electrode
/// operator A = L + i omega C (002 Section 4; Nguyen et al., npj Comput. Mater. 6, 123, 2020), applied to the real
/// and the imaginary part of a vector in one pass (every matrix entry is decoded once for both), and the fused
/// product q = A v. The cycle is the same as the real one (red-black Gauss-Seidel from zero, 2 x 2 x 2 aggregates
/// with the scaled Galerkin operator of <see cref="CoarseLevel"/>, piecewise-constant prolongation, adjoint
/// post-smoothing), but it relaxes the complex operator itself: each point update divides by the complex diagonal
/// d + i omega c, and every coarse level carries the children's summed capacitance as an imaginary diagonal
/// (the Galerkin P^T C P of a diagonal, unscaled: C needs no stiffness correction). A symmetric Gauss-Seidel cycle of
/// a complex-symmetric matrix is complex symmetric (M^T = M), so it can precondition COCG; the Hermitian part of A
/// is the positive conduction operator, so the smoother converges at every frequency (the shifted-Laplacian
/// preconditioner with a purely imaginary shift: Erlangga, Vuik and Oosterlee, Appl. Numer. Math. 50, 2004).
/// The link hierarchy does not depend on omega, so one instance serves the whole spectrum.
/// </summary>
internal sealed class ComplexMultigrid
{
    private const long CoarsestCells = 64;
    private const int CoarsestSweeps = 40;
    private const long SequentialCells = 1 << 16;

    private readonly ConductionProblem _p;
    private readonly ComputeOptions _inner;
    private readonly List<Level> _levels = [];
    private readonly int _flow;
    private double _omega;

    public ComplexMultigrid(ConductionProblem problem, ComputeOptions inner)
    {
        _p = problem;
        _inner = inner;
        _flow = (int)problem.Flow;
        double saved = problem.Shift;
        problem.Shift = 0;
        try
        {
            var level = CoarseLevel.FromFine(problem, MultigridPreconditioner.CoarseScale, inner);
            _levels.Add(new Level(level, FineCapacitance(level)));
            while (level.Cells > CoarsestCells && _levels.Count < 16 && (level.Width > 1 || level.Height > 1 || level.Depth > 1))
            {
                var next = level.Coarsen(problem.PeriodicX, problem.PeriodicY, problem.PeriodicZ, MultigridPreconditioner.CoarseScale, inner);
                _levels.Add(new Level(next, CoarseCapacitance(_levels[^1], next)));
                level = next;
            }
        }
        finally
        {
            problem.Shift = saved;
        }
    }

    /// <summary>Bytes per fine voxel of the coarse levels (three links, diagonal, capacitance, complex right-hand side and correction: 9 float32 per coarse cell, 1/8 + 1/64 + ... of the voxels).</summary>
    public static double BytesPerVoxel => 36.0 / 7;

    /// <summary>The angular frequency of the operator (the imaginary diagonal is omega times the capacitance).</summary>
    public double Omega
    {
        get => _omega;
        set => _omega = value;
    }

    /// <summary>The capacitance of each first-level cell: the sum of its children's interface areas.</summary>
    private float[][] FineCapacitance(CoarseLevel level)
    {
        var cap = New(level.Depth, level.Width * level.Height);
        int w = _p.Width, h = _p.Height, d = _p.Depth, wc = level.Width;
        SliceIterator.For(level.Depth, _inner, string.Empty, zc =>
        {
            var target = cap[zc];
            for (int z = 2 * zc; z < Math.Min(d, 2 * zc + 2); z++)
            {
                for (int y = 0, i = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++, i++)
                    {
                        target[(y >> 1) * wc + (x >> 1)] += (float)_p.ReactiveAreaOf(z, i);
                    }
                }
            }
        });
        return cap;
    }

    private float[][] CoarseCapacitance(Level fine, CoarseLevel next)
    {
        var cap = New(next.Depth, next.Width * next.Height);
        int w = fine.Width, h = fine.Height, d = fine.Depth, wc = next.Width;
        SliceIterator.For(next.Depth, _inner, string.Empty, zc =>
        {
            var target = cap[zc];
            for (int z = 2 * zc; z < Math.Min(d, 2 * zc + 2); z++)
            {
                var c = fine.Cap[z];
                for (int y = 0, i = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++, i++)
                    {
                        target[(y >> 1) * wc + (x >> 1)] += c[i];
                    }
                }
            }
        });
        return cap;
    }

    // ---- Fine level -------------------------------------------------------------------------------------------

    /// <summary>Slice z of the fine grid with its neighbour slices, for two vectors (real and imaginary part).</summary>
    private readonly struct Fine
    {
        public Fine(ComplexMultigrid m, int z, double[][] re, double[][] im)
        {
            var p = m._p;
            Codes = p.Codes[z];
            Re = re[z];
            Im = im[z];
            int below = p.Below(z), above = p.Above(z);
            BelowCodes = below >= 0 ? p.Codes[below] : null;
            BelowRe = below >= 0 ? re[below] : null;
            BelowIm = below >= 0 ? im[below] : null;
            AboveCodes = above >= 0 ? p.Codes[above] : null;
            AboveRe = above >= 0 ? re[above] : null;
            AboveIm = above >= 0 ? im[above] : null;
            Masks = p.Reactive?[z];
        }

        public readonly byte[] Codes;
        public readonly double[] Re;
        public readonly double[] Im;
        public readonly byte[]? BelowCodes;
        public readonly double[]? BelowRe;
        public readonly double[]? BelowIm;
        public readonly byte[]? AboveCodes;
        public readonly double[]? AboveRe;
        public readonly double[]? AboveIm;
        public readonly byte[]? Masks;
    }

    /// <summary>Neighbour sums s = sum g v_n of both parts, the conduction diagonal (links + Dirichlet faces) and the capacitance of voxel i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Row(in Fine s, int x, int y, int z, int i, int c, out double sRe, out double sIm, out double diagonal, out double capacitance)
    {
        var p = _p;
        int w = p.Width, hgt = p.Height, k = c * p.Classes;
        double re = 0, im = 0, d = 0, g;
        var codes = s.Codes;
        var lx = p.LinkX;
        var ly = p.LinkY;
        int j;
        if (x > 0 || p.PeriodicX)
        {
            j = x > 0 ? i - 1 : i + w - 1;
            g = lx[k + codes[j]];
            re += g * s.Re[j];
            im += g * s.Im[j];
            d += g;
        }

        if (x < w - 1 || p.PeriodicX)
        {
            j = x < w - 1 ? i + 1 : i - w + 1;
            g = lx[k + codes[j]];
            re += g * s.Re[j];
            im += g * s.Im[j];
            d += g;
        }

        if (y > 0 || p.PeriodicY)
        {
            j = y > 0 ? i - w : i + (hgt - 1) * w;
            g = ly[k + codes[j]];
            re += g * s.Re[j];
            im += g * s.Im[j];
            d += g;
        }

        if (y < hgt - 1 || p.PeriodicY)
        {
            j = y < hgt - 1 ? i + w : i - (hgt - 1) * w;
            g = ly[k + codes[j]];
            re += g * s.Re[j];
            im += g * s.Im[j];
            d += g;
        }

        if (s.BelowCodes is not null)
        {
            g = p.LinkZ[k + s.BelowCodes[i]];
            re += g * s.BelowRe![i];
            im += g * s.BelowIm![i];
            d += g;
        }

        if (s.AboveCodes is not null)
        {
            g = p.LinkZ[k + s.AboveCodes[i]];
            re += g * s.AboveRe![i];
            im += g * s.AboveIm![i];
            d += g;
        }

        int t = _flow == 0 ? x : _flow == 1 ? y : z;
        if (t == 0 || (!p.InsulatedOutlet && t == p.Extent - 1))
        {
            d += p.Boundary[c] * ((t == 0 ? 1 : 0) + (!p.InsulatedOutlet && t == p.Extent - 1 ? 1 : 0));
        }

        sRe = re;
        sIm = im;
        diagonal = d;
        capacitance = s.Masks is null ? 0 : p.ReactiveArea![c * ConductionProblem.ReactiveMasks + s.Masks[i]];
    }

    /// <summary>q = (L + i omega C) v on slice z for both parts; returns nothing (sums are formed by the caller).</summary>
    public void Multiply(int z, double[][] vRe, double[][] vIm, double[][] qRe, double[][] qIm)
    {
        var s = new Fine(this, z, vRe, vIm);
        var codes = s.Codes;
        var outRe = qRe[z];
        var outIm = qIm[z];
        int w = _p.Width, hgt = _p.Height;
        double omega = _omega;
        for (int y = 0, i = 0; y < hgt; y++)
        {
            for (int x = 0; x < w; x++, i++)
            {
                int c = codes[i];
                if (c == 0)
                {
                    outRe[i] = 0;
                    outIm[i] = 0;
                    continue;
                }

                Row(s, x, y, z, i, c, out double sr, out double si, out double d, out double cap);
                double vr = s.Re[i], vi = s.Im[i], oc = omega * cap;
                outRe[i] = d * vr - sr - oc * vi;
                outIm[i] = d * vi - si + oc * vr;
            }
        }
    }

    /// <summary>One red-black Gauss-Seidel half-sweep of one colour on fine slice z for both parts (see <see cref="ConductionProblem.Smooth"/>).</summary>
    private void SmoothFine(int z, double[][] rRe, double[][] rIm, double[][] vRe, double[][] vIm, int colour, bool fromZero, bool reverse)
    {
        var s = new Fine(this, z, vRe, vIm);
        var codes = s.Codes;
        var xr = s.Re;
        var xi = s.Im;
        var br = rRe[z];
        var bi = rIm[z];
        int w = _p.Width, hgt = _p.Height;
        double omega = _omega;
        for (int n = 0; n < hgt; n++)
        {
            int y = reverse ? hgt - 1 - n : n;
            int first = (colour + y + z) & 1;
            if (reverse)
            {
                int last = w - 1 - (((w - 1) + y + z + colour) & 1);
                for (int x = last; x >= 0; x -= 2)
                {
                    Relax(x, y, y * w + x);
                }
            }
            else
            {
                for (int x = first; x < w; x += 2)
                {
                    Relax(x, y, y * w + x);
                }
            }

            if (fromZero)
            {
                for (int x = 1 - first; x < w; x += 2)
                {
                    xr[y * w + x] = 0;
                    xi[y * w + x] = 0;
                }
            }
        }

        void Relax(int x, int y, int i)
        {
            int c = codes[i];
            if (c == 0)
            {
                return;
            }

            Row(s, x, y, z, i, c, out double sr, out double si, out double d, out double cap);
            double ur = br[i], ui = bi[i];
            if (!fromZero)
            {
                ur += sr;
                ui += si;
            }

            // (ur + i ui) / (d + i omega cap)
            double e = omega * cap;
            double inv = 1 / (d * d + e * e);
            xr[i] = (ur * d + ui * e) * inv;
            xi[i] = (ui * d - ur * e) * inv;
        }
    }

    /// <summary>Adds the residual r - A v of fine slices 2 zc, 2 zc + 1 into the first coarse level's right-hand sides.</summary>
    private void RestrictFine(int zc, double[][] rRe, double[][] rIm, double[][] vRe, double[][] vIm, Level first)
    {
        var tr = first.RhsRe[zc];
        var ti = first.RhsIm[zc];
        Array.Clear(tr);
        Array.Clear(ti);
        int wc = first.Width, w = _p.Width, hgt = _p.Height;
        double omega = _omega;
        for (int z = 2 * zc; z < Math.Min(_p.Depth, 2 * zc + 2); z++)
        {
            var s = new Fine(this, z, vRe, vIm);
            var codes = s.Codes;
            var br = rRe[z];
            var bi = rIm[z];
            for (int y = 0, i = 0; y < hgt; y++)
            {
                int row = (y >> 1) * wc;
                for (int x = 0; x < w; x++, i++)
                {
                    int c = codes[i];
                    if (c == 0)
                    {
                        continue;
                    }

                    Row(s, x, y, z, i, c, out double sr, out double si, out double d, out double cap);
                    double vr = s.Re[i], vi = s.Im[i], oc = omega * cap;
                    tr[row + (x >> 1)] += (float)(br[i] - (d * vr - sr - oc * vi));
                    ti[row + (x >> 1)] += (float)(bi[i] - (d * vi - si + oc * vr));
                }
            }
        }
    }

    private void ProlongFine(int z, double[][] vRe, double[][] vIm, Level first)
    {
        var codes = _p.Codes[z];
        var xr = vRe[z];
        var xi = vIm[z];
        var cr = first.SolRe[z >> 1];
        var ci = first.SolIm[z >> 1];
        int wc = first.Width, w = _p.Width, hgt = _p.Height;
        for (int y = 0, i = 0; y < hgt; y++)
        {
            int row = (y >> 1) * wc;
            for (int x = 0; x < w; x++, i++)
            {
                if (codes[i] != 0)
                {
                    xr[i] += cr[row + (x >> 1)];
                    xi[i] += ci[row + (x >> 1)];
                }
            }
        }
    }

    /// <summary>z = M^-1 r for both parts: one symmetric V-cycle of L + i omega C.</summary>
    public void Apply(double[][] rRe, double[][] rIm, double[][] zRe, double[][] zIm)
    {
        var p = _p;
        bool oddWrap = p.PeriodicZ && p.Depth % 2 == 1 && p.Depth > 1;
        Sweep(p.Depth, oddWrap, false, s => SmoothFine(s, rRe, rIm, zRe, zIm, 0, fromZero: true, reverse: false));
        Sweep(p.Depth, oddWrap, false, s => SmoothFine(s, rRe, rIm, zRe, zIm, 1, fromZero: false, reverse: false));
        var first = _levels[0];
        SliceIterator.For(first.Depth, _inner, string.Empty, zc => RestrictFine(zc, rRe, rIm, zRe, zIm, first));
        Cycle(0);
        SliceIterator.For(p.Depth, _inner, string.Empty, s => ProlongFine(s, zRe, zIm, first));
        Sweep(p.Depth, oddWrap, true, s => SmoothFine(s, rRe, rIm, zRe, zIm, 1, fromZero: false, reverse: true));
        Sweep(p.Depth, oddWrap, true, s => SmoothFine(s, rRe, rIm, zRe, zIm, 0, fromZero: false, reverse: true));
    }

    private void Cycle(int index)
    {
        var level = _levels[index];
        float omega = (float)_omega;
        if (index == _levels.Count - 1)
        {
            for (int k = 0; k < CoarsestSweeps; k++)
            {
                bool zero = k == 0;
                Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 0, zero, false, omega), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 1, false, false, omega), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 1, false, true, omega), level.Cells);
                Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 0, false, true, omega), level.Cells);
            }

            return;
        }

        var next = _levels[index + 1];
        Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 0, true, false, omega), level.Cells);
        Sweep(level.Depth, level.OddWrapZ, false, s => level.Smooth(s, 1, false, false, omega), level.Cells);
        For(next.Depth, level.Cells, zc => level.Restrict(zc, next, omega));
        Cycle(index + 1);
        For(level.Depth, level.Cells, s => level.Prolong(s, next));
        Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 1, false, true, omega), level.Cells);
        Sweep(level.Depth, level.OddWrapZ, true, s => level.Smooth(s, 0, false, true, omega), level.Cells);
    }

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

    /// <summary>One half-sweep over all slices (see <see cref="MultigridPreconditioner"/>: the last slice alone when a periodic odd depth makes it share a colour with the first).</summary>
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

    private static float[][] New(int depth, int length)
    {
        var a = new float[depth][];
        for (int z = 0; z < depth; z++)
        {
            a[z] = new float[length];
        }

        return a;
    }

    /// <summary>A coarse level: the links and conduction diagonal of a <see cref="CoarseLevel"/>, the capacitance, and complex right-hand side and correction.</summary>
    private sealed class Level
    {
        public Level(CoarseLevel links, float[][] capacitance)
        {
            Width = links.Width;
            Height = links.Height;
            Depth = links.Depth;
            OddWrapZ = links.OddWrapZ;
            Gx = links.Gx;
            Gy = links.Gy;
            Gz = links.Gz;
            Diag = links.Diag;
            Cap = capacitance;
            RhsRe = links.Rhs;
            SolRe = links.Sol;
            RhsIm = New(Depth, Width * Height);
            SolIm = New(Depth, Width * Height);
        }

        public int Width { get; }

        public int Height { get; }

        public int Depth { get; }

        public long Cells => (long)Width * Height * Depth;

        public bool OddWrapZ { get; }

        public float[][] Gx { get; }

        public float[][] Gy { get; }

        public float[][] Gz { get; }

        public float[][] Diag { get; }

        public float[][] Cap { get; }

        public float[][] RhsRe { get; }

        public float[][] RhsIm { get; }

        public float[][] SolRe { get; }

        public float[][] SolIm { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Neighbours(int z, int x, int y, int i, out float re, out float im)
        {
            int w = Width, h = Height;
            int zm = z > 0 ? z - 1 : Depth - 1, zp = z < Depth - 1 ? z + 1 : 0;
            int xm = x > 0 ? i - 1 : i + w - 1, xp = x < w - 1 ? i + 1 : i - w + 1;
            int ym = y > 0 ? i - w : i + (h - 1) * w, yp = y < h - 1 ? i + w : i - (h - 1) * w;
            var gx = Gx[z];
            var gy = Gy[z];
            float a = gx[i], b = gx[xm], c = gy[i], d = gy[ym], e = Gz[z][i], f = Gz[zm][i];
            var r = SolRe[z];
            var m = SolIm[z];
            re = a * r[xp] + b * r[xm] + c * r[yp] + d * r[ym] + e * SolRe[zp][i] + f * SolRe[zm][i];
            im = a * m[xp] + b * m[xm] + c * m[yp] + d * m[ym] + e * SolIm[zp][i] + f * SolIm[zm][i];
        }

        public void Smooth(int z, int colour, bool fromZero, bool reverse, float omega)
        {
            var sr = SolRe[z];
            var si = SolIm[z];
            var rr = RhsRe[z];
            var ri = RhsIm[z];
            var diag = Diag[z];
            var cap = Cap[z];
            int w = Width, h = Height;
            for (int n = 0; n < h; n++)
            {
                int y = reverse ? h - 1 - n : n;
                int first = (colour + y + z) & 1;
                if (reverse)
                {
                    for (int x = w - 1 - ((w - 1 + first) & 1); x >= 0; x -= 2)
                    {
                        Relax(x, y);
                    }
                }
                else
                {
                    for (int x = first; x < w; x += 2)
                    {
                        Relax(x, y);
                    }
                }

                if (fromZero)
                {
                    for (int x = 1 - first; x < w; x += 2)
                    {
                        sr[y * w + x] = 0;
                        si[y * w + x] = 0;
                    }
                }
            }

            void Relax(int x, int y)
            {
                int i = y * w + x;
                float d = diag[i];
                if (d > 0)
                {
                    float ur = rr[i], ui = ri[i];
                    if (!fromZero)
                    {
                        Neighbours(z, x, y, i, out float nr, out float ni);
                        ur += nr;
                        ui += ni;
                    }

                    float e = omega * cap[i];
                    float inv = 1 / (d * d + e * e);
                    sr[i] = (ur * d + ui * e) * inv;
                    si[i] = (ui * d - ur * e) * inv;
                }
            }
        }

        public void Restrict(int zc, Level next, float omega)
        {
            var tr = next.RhsRe[zc];
            var ti = next.RhsIm[zc];
            Array.Clear(tr);
            Array.Clear(ti);
            int wc = next.Width;
            for (int z = 2 * zc; z < Math.Min(Depth, 2 * zc + 2); z++)
            {
                var diag = Diag[z];
                var cap = Cap[z];
                var sr = SolRe[z];
                var si = SolIm[z];
                var rr = RhsRe[z];
                var ri = RhsIm[z];
                for (int y = 0, i = 0; y < Height; y++)
                {
                    int row = (y >> 1) * wc;
                    for (int x = 0; x < Width; x++, i++)
                    {
                        float d = diag[i];
                        if (d > 0)
                        {
                            Neighbours(z, x, y, i, out float nr, out float ni);
                            float e = omega * cap[i];
                            tr[row + (x >> 1)] += rr[i] - (d * sr[i] - e * si[i] - nr);
                            ti[row + (x >> 1)] += ri[i] - (d * si[i] + e * sr[i] - ni);
                        }
                    }
                }
            }
        }

        public void Prolong(int z, Level next)
        {
            var cr = next.SolRe[z >> 1];
            var ci = next.SolIm[z >> 1];
            int wc = next.Width;
            var sr = SolRe[z];
            var si = SolIm[z];
            var diag = Diag[z];
            for (int y = 0, i = 0; y < Height; y++)
            {
                int row = (y >> 1) * wc;
                for (int x = 0; x < Width; x++, i++)
                {
                    if (diag[i] > 0)
                    {
                        sr[i] += cr[row + (x >> 1)];
                        si[i] += ci[row + (x >> 1)];
                    }
                }
            }
        }
    }
}

using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// One coarse level of the multigrid preconditioner: 2 x 2 x 2 aggregates of the level below with the
/// Galerkin operator P^T A P of piecewise-constant prolongation P (a coarse link conducts the sum of the
/// fine links across the shared face; the diagonal adds the children's Dirichlet face conductances and
/// diagonal shifts),
/// scaled by <see cref="MultigridPreconditioner.CoarseScale"/>. Stored per z-slice in float32: the links to
/// the +x, +y, +z neighbours (0 at insulating sides, so neighbour indices may always wrap), the diagonal,
/// the right-hand side and the correction.
/// </summary>
internal sealed class CoarseLevel
{
    private CoarseLevel(int width, int height, int depth, bool periodicZOddWrap)
    {
        Width = width;
        Height = height;
        Depth = depth;
        OddWrapZ = periodicZOddWrap;
        Gx = New(depth, width * height);
        Gy = New(depth, width * height);
        Gz = New(depth, width * height);
        Diag = New(depth, width * height);
        Rhs = New(depth, width * height);
        Sol = New(depth, width * height);
    }

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    public long Cells => (long)Width * Height * Depth;

    /// <summary>Periodic in z with an odd depth: the first and last slices share colours, so they are not relaxed at the same time.</summary>
    public bool OddWrapZ { get; }

    public float[][] Gx { get; }

    public float[][] Gy { get; }

    public float[][] Gz { get; }

    public float[][] Diag { get; }

    public float[][] Rhs { get; }

    public float[][] Sol { get; }

    public static int Half(int n) => (n + 1) / 2;

    /// <summary>The first coarse level, from the fine voxel problem.</summary>
    public static CoarseLevel FromFine(ConductionProblem p, double scale, ComputeOptions inner)
    {
        int w = p.Width, h = p.Height, d = p.Depth;
        var level = new CoarseLevel(Half(w), Half(h), Half(d), p.PeriodicZ && Half(d) % 2 == 1 && Half(d) > 1);
        int wc = level.Width, k = p.Classes;
        SliceIterator.For(level.Depth, inner, string.Empty, zc =>
        {
            var gx = level.Gx[zc];
            var gy = level.Gy[zc];
            var gz = level.Gz[zc];
            var bd = level.Diag[zc];
            for (int z = 2 * zc; z < Math.Min(d, 2 * zc + 2); z++)
            {
                var codes = p.Codes[z];
                int above = p.Above(z);
                var ca = above >= 0 && above / 2 != zc ? p.Codes[above] : null;
                for (int y = 0, i = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++, i++)
                    {
                        int c = codes[i];
                        if (c == 0)
                        {
                            continue;
                        }

                        int row = c * k;
                        int ic = (y >> 1) * wc + (x >> 1);
                        if (x < w - 1 ? (x & 1) == 1 : p.PeriodicX && wc > 1)
                        {
                            int j = x < w - 1 ? i + 1 : i - w + 1;
                            gx[ic] += (float)p.LinkX[row + codes[j]];
                        }

                        if (y < h - 1 ? (y & 1) == 1 : p.PeriodicY && level.Height > 1)
                        {
                            int j = y < h - 1 ? i + w : i - (h - 1) * w;
                            gy[ic] += (float)p.LinkY[row + codes[j]];
                        }

                        if (ca is not null)
                        {
                            gz[ic] += (float)p.LinkZ[row + ca[i]];
                        }

                        bd[ic] += (float)p.DiagonalExtra(x, y, z, i, c);
                    }
                }
            }
        });
        level.Finish(scale, inner);
        return level;
    }

    /// <summary>The next coarser level.</summary>
    public CoarseLevel Coarsen(bool periodicX, bool periodicY, bool periodicZ, double scale, ComputeOptions inner)
    {
        int w = Width, h = Height, d = Depth;
        var next = new CoarseLevel(Half(w), Half(h), Half(d), periodicZ && Half(d) % 2 == 1 && Half(d) > 1);
        int wc = next.Width;
        SliceIterator.For(next.Depth, inner, string.Empty, zc =>
        {
            var gx = next.Gx[zc];
            var gy = next.Gy[zc];
            var gz = next.Gz[zc];
            var bd = next.Diag[zc];
            for (int z = 2 * zc; z < Math.Min(d, 2 * zc + 2); z++)
            {
                bool zCrosses = z < d - 1 ? (z & 1) == 1 : periodicZ && next.Depth > 1;
                int zm = z > 0 ? z - 1 : d - 1;
                for (int y = 0, i = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++, i++)
                    {
                        float diag = Diag[z][i];
                        if (diag == 0)
                        {
                            continue;
                        }

                        int ic = (y >> 1) * wc + (x >> 1);
                        int xm = x > 0 ? i - 1 : i + w - 1;
                        int yIndex = y > 0 ? i - w : i + (h - 1) * w;
                        float links = Gx[z][i] + Gx[z][xm] + Gy[z][i] + Gy[z][yIndex] + Gz[z][i] + Gz[zm][i];
                        bd[ic] += Math.Max(0, diag - links);
                        if (x < w - 1 ? (x & 1) == 1 : periodicX && wc > 1)
                        {
                            gx[ic] += Gx[z][i];
                        }

                        if (y < h - 1 ? (y & 1) == 1 : periodicY && next.Height > 1)
                        {
                            gy[ic] += Gy[z][i];
                        }

                        if (zCrosses)
                        {
                            gz[ic] += Gz[z][i];
                        }

                    }
                }
            }
        });
        next.Finish(scale, inner);
        return next;
    }

    /// <summary>Diagonal = face conductances (already summed) + the six links; then the whole operator times <paramref name="scale"/>.</summary>
    private void Finish(double scale, ComputeOptions inner)
    {
        float f = (float)scale;
        SliceIterator.For(Depth, inner, string.Empty, z =>
        {
            int zm = z > 0 ? z - 1 : Depth - 1;
            var diag = Diag[z];
            for (int y = 0, i = 0; y < Height; y++)
            {
                for (int x = 0; x < Width; x++, i++)
                {
                    int xm = x > 0 ? i - 1 : i + Width - 1;
                    int ym = y > 0 ? i - Width : i + (Height - 1) * Width;
                    diag[i] = f * (diag[i] + Gx[z][i] + Gx[z][xm] + Gy[z][i] + Gy[z][ym] + Gz[z][i] + Gz[zm][i]);
                }
            }
        });
        SliceIterator.For(Depth, inner, string.Empty, z =>
        {
            for (int i = 0; i < Gx[z].Length; i++)
            {
                Gx[z][i] *= f;
                Gy[z][i] *= f;
                Gz[z][i] *= f;
            }
        });
    }

    /// <summary>Off-diagonal sum of cell i: sum over the six neighbours g v_n (indices wrap; insulating links are 0).</summary>
    private float Neighbours(int z, int x, int y, int i, float[][] v)
    {
        int w = Width, h = Height;
        int zm = z > 0 ? z - 1 : Depth - 1, zp = z < Depth - 1 ? z + 1 : 0;
        int xm = x > 0 ? i - 1 : i + w - 1, xp = x < w - 1 ? i + 1 : i - w + 1;
        int ym = y > 0 ? i - w : i + (h - 1) * w, yp = y < h - 1 ? i + w : i - (h - 1) * w;
        var vz = v[z];
        return Gx[z][i] * vz[xp] + Gx[z][xm] * vz[xm] + Gy[z][i] * vz[yp] + Gy[z][ym] * vz[ym] + Gz[z][i] * v[zp][i] + Gz[zm][i] * v[zm][i];
    }

    /// <summary>Gauss-Seidel half-sweep of one colour on slice z (see <see cref="ConductionProblem.Smooth"/>).</summary>
    public void Smooth(int z, int colour, bool fromZero, bool reverse)
    {
        var sol = Sol[z];
        var rhs = Rhs[z];
        var diag = Diag[z];
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
                    sol[y * w + x] = 0;
                }
            }
        }

        void Relax(int x, int y)
        {
            int i = y * w + x;
            float d = diag[i];
            if (d > 0)
            {
                sol[i] = fromZero ? rhs[i] / d : (rhs[i] + Neighbours(z, x, y, i, Sol)) / d;
            }
        }
    }

    /// <summary>Restricts the residual Rhs - A Sol of slices 2 zc, 2 zc + 1 into slice zc of <paramref name="next"/>.Rhs.</summary>
    public void RestrictResidual(int zc, CoarseLevel next)
    {
        var target = next.Rhs[zc];
        Array.Clear(target);
        int wc = next.Width;
        for (int z = 2 * zc; z < Math.Min(Depth, 2 * zc + 2); z++)
        {
            for (int y = 0, i = 0; y < Height; y++)
            {
                int row = (y >> 1) * wc;
                for (int x = 0; x < Width; x++, i++)
                {
                    float d = Diag[z][i];
                    if (d > 0)
                    {
                        target[row + (x >> 1)] += Rhs[z][i] - (d * Sol[z][i] - Neighbours(z, x, y, i, Sol));
                    }
                }
            }
        }
    }

    /// <summary>Sol += next.Sol[parent] on slice z.</summary>
    public void Prolong(int z, CoarseLevel next)
    {
        var coarse = next.Sol[z >> 1];
        int wc = next.Width;
        var sol = Sol[z];
        var diag = Diag[z];
        for (int y = 0, i = 0; y < Height; y++)
        {
            int row = (y >> 1) * wc;
            for (int x = 0; x < Width; x++, i++)
            {
                if (diag[i] > 0)
                {
                    sol[i] += coarse[row + (x >> 1)];
                }
            }
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
}

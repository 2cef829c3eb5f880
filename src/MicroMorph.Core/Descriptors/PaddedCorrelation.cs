using System.Numerics;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// The correlation sums S(h) = sum_x 1_i(x) 1_j(x + h) of two phase indicators for every shift
/// h = (dx, dy, dz) with |dx| &lt;= hx, |dy| &lt;= hy, |dz| &lt;= hz at once, exactly (up to rounding), by the
/// correlation theorem on a zero-padded grid: padding each axis by its largest shift, no shift wraps
/// onto another (the non-periodic correlation; 001 Eq. 21 counts pairs inside the image).
/// </summary>
/// <remarks>
/// Real input, so the transform is done in three separable passes that never hold the padded 3D
/// array (the 3D array of the older code was 16 bytes per padded voxel, 8x the image at half-side range):
/// <list type="number">
/// <item>per z-slice: a real-to-complex transform along x (two rows packed as one complex row, the
/// half spectrum of each recovered from its conjugate symmetry) and a complex transform along y
/// (padded); the slices' half spectra are kept: depth x padded height x (padded width / 2 + 1);</item>
/// <item>per column of that array: the transform along z (padded), the product conj(A) B, the inverse
/// transform along z, of which only the shifts |dz| &lt;= hz are written back (in place);</item>
/// <item>per shift plane dz: the inverse along y and the complex-to-real inverse along x, of the rows
/// |dy| &lt;= hy only; the plane's sums go to the caller, who never sees the padded grid.</item>
/// </list>
/// For an auto-correlation (i = j) S(-h) = S(h), so only dz &gt;= 0 is computed and delivered.
/// </remarks>
internal static class PaddedCorrelation
{
    /// <summary>Receives the sums of one shift plane dz: values[(dy + hy) * (2 hx + 1) + dx + hx] = S(dx, dy, dz).</summary>
    public delegate void PlaneHandler<in TState>(int dz, double[] values, TState state);

    /// <summary>The complex elements held per phase (a half spectrum per z-slice).</summary>
    public static long StoredElements(int w, int h, int d, int hx, int hy, int hz) =>
        (long)d * MixedRadixFft.GoodSize(h + hy) * (MixedRadixFft.GoodSize(w + hx) / 2 + 1);

    /// <summary>
    /// Computes the shift planes dz = 0..hz (auto) or -hz..hz (two phases), in parallel, and hands each
    /// to <paramref name="body"/> with the state of its thread (<paramref name="createState"/>, released by
    /// <paramref name="releaseState"/>). <paramref name="options"/>' progress gets three stages.
    /// </summary>
    public static void Compute<TState>(PhaseImage image, byte first, byte second, int hx, int hy, int hz, ComputeOptions options, Func<TState> createState, PlaneHandler<TState> body, Action<TState> releaseState)
    {
        int w = image.Width, h = image.Height, d = image.Depth;
        int px = MixedRadixFft.GoodSize(w + hx), py = MixedRadixFft.GoodSize(h + hy), pz = MixedRadixFft.GoodSize(d + hz);
        int nxh = px / 2 + 1, planeSize = py * nxh;
        bool two = first != second;
        var stages = new StagedProgress(
            options,
            new ProgressStage("Fourier transforms of the slices", two ? 2 : 1),
            new ProgressStage("Fourier transforms along z", 2),
            new ProgressStage("Inverse transforms of the shift planes", 1));

        var fx = new MixedRadixFft(px, inverse: false);
        var fy = new MixedRadixFft(py, inverse: false);
        var fz = new MixedRadixFft(pz, inverse: false);
        var ix = new MixedRadixFft(px, inverse: true);
        var iy = new MixedRadixFft(py, inverse: true);
        var iz = new MixedRadixFft(pz, inverse: true);

        // 1. Half spectra of the slices (x real-to-complex, y complex), one array per slice and phase.
        var a = new Complex[d][];
        var b = two ? new Complex[d][] : a;
        int longest = Math.Max(px, Math.Max(py, pz));
        SliceIterator.For(two ? 2 * d : d, stages.Next(), "Two-point coverage", () => new Complex[2 * longest], (k, scratch) =>
        {
            int z = k % d;
            bool second2 = k >= d;
            var plane = new Complex[planeSize];
            SliceSpectrum(image.GetLabels(z), second2 ? second : first, w, h, px, py, nxh, plane, fx, fy, scratch);
            (second2 ? b : a)[z] = plane;
        }, _ => { });

        // 2. Along z: forward, product, inverse; shifts dz >= 0 written back to a's first slices, dz < 0 to b's.
        const int Block = 4; // adjacent columns per task: one 64-byte line of each slice
        int blocks = (planeSize + Block - 1) / Block;
        SliceIterator.For(blocks, stages.Next(), "Two-point coverage", () => new Complex[(2 * Block + 1) * pz], (blk, buffer) =>
        {
            int c0 = blk * Block, n = Math.Min(Block, planeSize - c0);
            var lines = buffer.AsSpan(0, Block * pz);
            var others = buffer.AsSpan(Block * pz, Block * pz);
            var scratch = buffer.AsSpan(2 * Block * pz, pz);
            lines.Clear();
            others.Clear();
            for (int z = 0; z < d; z++)
            {
                var pa = a[z];
                var pb = b[z];
                for (int j = 0; j < n; j++)
                {
                    lines[j * pz + z] = pa[c0 + j];
                    if (two)
                    {
                        others[j * pz + z] = pb[c0 + j];
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                var line = lines.Slice(j * pz, pz);
                fz.Transform(line, scratch);
                if (two)
                {
                    var other = others.Slice(j * pz, pz);
                    fz.Transform(other, scratch);
                    for (int k = 0; k < pz; k++)
                    {
                        line[k] = Complex.Conjugate(line[k]) * other[k];
                    }
                }
                else
                {
                    for (int k = 0; k < pz; k++)
                    {
                        var v = line[k];
                        line[k] = new Complex(v.Real * v.Real + v.Imaginary * v.Imaginary, 0);
                    }
                }

                iz.Transform(line, scratch);
            }

            for (int dz = 0; dz <= hz; dz++)
            {
                var pa = a[dz];
                for (int j = 0; j < n; j++)
                {
                    pa[c0 + j] = lines[j * pz + dz];
                }
            }

            if (two)
            {
                for (int k = 1; k <= hz; k++)
                {
                    var pb = b[k];
                    for (int j = 0; j < n; j++)
                    {
                        pb[c0 + j] = lines[j * pz + pz - k];
                    }
                }
            }
        }, _ => { });

        // 3. Each shift plane back to real space (rows |dy| <= hy only), scaled by the unnormalised transforms' 1 / (px py pz).
        for (int z = hz + 1; z < d; z++)
        {
            a[z] = null!; // no longer needed: let the collector take them while the planes are inverted
            if (two)
            {
                b[z] = null!;
            }
        }

        double scale = 1.0 / ((double)px * py * pz);
        int sx = 2 * hx + 1;
        SliceIterator.For(two ? 2 * hz + 1 : hz + 1, stages.Next(), "Two-point coverage", () => (Buffer: new Complex[2 * longest + px], Values: new double[(2 * hy + 1) * sx], State: createState()), (k, worker) =>
        {
            int dz = two ? k - hz : k;
            var plane = dz >= 0 ? a[dz] : b[-dz];
            var values = worker.Values;
            var line = worker.Buffer.AsSpan(0, longest);
            var scratch = worker.Buffer.AsSpan(longest, longest);
            var full = worker.Buffer.AsSpan(2 * longest, px);
            for (int kx = 0; kx < nxh; kx++)
            {
                var column = line[..py];
                for (int y = 0; y < py; y++)
                {
                    column[y] = plane[y * nxh + kx];
                }

                iy.Transform(column, scratch[..py]);
                for (int y = 0; y < py; y++)
                {
                    plane[y * nxh + kx] = column[y];
                }
            }

            // Rows dy = -hy..hy, two at a time: Z = X1 + i X2 over the full (Hermitian) spectra, whose inverse is x1 + i x2.
            for (int dy = -hy; dy <= hy; dy += 2)
            {
                int dy2 = dy + 1 <= hy ? dy + 1 : int.MinValue;
                int r1 = dy >= 0 ? dy : py + dy, r2 = dy2 == int.MinValue ? -1 : dy2 >= 0 ? dy2 : py + dy2;
                for (int kx = 0; kx < nxh; kx++)
                {
                    Complex x1 = plane[r1 * nxh + kx], x2 = r2 >= 0 ? plane[r2 * nxh + kx] : Complex.Zero;
                    full[kx] = new Complex(x1.Real - x2.Imaginary, x1.Imaginary + x2.Real);
                    if (kx > 0 && px - kx >= nxh)
                    {
                        // X(px - k) = conj X(k): Z(px - k) = conj(X1) + i conj(X2)
                        full[px - kx] = new Complex(x1.Real + x2.Imaginary, -x1.Imaginary + x2.Real);
                    }
                }

                ix.Transform(full, scratch[..px]);
                int o1 = (dy + hy) * sx, o2 = (dy2 + hy) * sx;
                for (int dx = -hx; dx <= hx; dx++)
                {
                    var v = full[dx >= 0 ? dx : px + dx];
                    values[o1 + dx + hx] = v.Real * scale;
                    if (r2 >= 0)
                    {
                        values[o2 + dx + hx] = v.Imaginary * scale;
                    }
                }
            }

            if (dz >= 0)
            {
                a[dz] = null!;
            }
            else
            {
                b[-dz] = null!;
            }

            body(dz, values, worker.State);
        }, worker => releaseState(worker.State));
    }

    /// <summary>The half spectrum (x real-to-complex, y complex, padded) of one slice's indicator of <paramref name="label"/>.</summary>
    private static void SliceSpectrum(ReadOnlySpan<byte> labels, byte label, int w, int h, int px, int py, int nxh, Complex[] plane, MixedRadixFft fx, MixedRadixFft fy, Complex[] buffer)
    {
        var line = buffer.AsSpan(0, buffer.Length / 2);
        var scratch = buffer.AsSpan(buffer.Length / 2);
        var row = line[..px];
        for (int y = 0; y < h; y += 2)
        {
            bool pair = y + 1 < h;
            row.Clear();
            var r1 = labels.Slice(y * w, w);
            for (int x = 0; x < w; x++)
            {
                row[x] = new Complex(r1[x] == label ? 1 : 0, 0);
            }

            if (pair)
            {
                var r2 = labels.Slice((y + 1) * w, w);
                for (int x = 0; x < w; x++)
                {
                    row[x] = new Complex(row[x].Real, r2[x] == label ? 1 : 0);
                }
            }

            fx.Transform(row, scratch[..px]);
            // Z = A + i B with A, B real: A(k) = (Z(k) + conj Z(-k)) / 2, B(k) = (Z(k) - conj Z(-k)) / (2 i).
            int o1 = y * nxh, o2 = (y + 1) * nxh;
            for (int k = 0; k < nxh; k++)
            {
                Complex zk = row[k], zc = Complex.Conjugate(row[k == 0 ? 0 : px - k]);
                plane[o1 + k] = new Complex(0.5 * (zk.Real + zc.Real), 0.5 * (zk.Imaginary + zc.Imaginary));
                if (pair)
                {
                    plane[o2 + k] = new Complex(0.5 * (zk.Imaginary - zc.Imaginary), -0.5 * (zk.Real - zc.Real));
                }
            }
        }

        var column = line[..py];
        for (int k = 0; k < nxh; k++)
        {
            for (int y = 0; y < h; y++)
            {
                column[y] = plane[y * nxh + k];
            }

            column[h..].Clear();
            fy.Transform(column, scratch[..py]);
            for (int y = 0; y < py; y++)
            {
                plane[y * nxh + k] = column[y];
            }
        }
    }
}

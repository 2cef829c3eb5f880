using System.Numerics;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// 2D FFT of a row-major (y, x) complex array by <see cref="MixedRadixFft"/> lines, rows and column
/// blocks in parallel. Only the rows or columns a caller needs are transformed: zero rows stay zero
/// under the row pass, and an autocorrelation needs only its small lags after the inverse.
/// </summary>
internal static class Fft2D
{
    private const int ColumnBlock = 8;

    /// <summary>Transforms rows [0, rows) along x.</summary>
    public static void Rows(Complex[] data, int nx, int rows, bool inverse, ComputeOptions options) => Rows(data, nx, Enumerable.Range(0, rows).ToArray(), inverse, options);

    public static void Rows(Complex[] data, int nx, int[] rows, bool inverse, ComputeOptions options)
    {
        var fft = new MixedRadixFft(nx, inverse);
        Parallel.For(0, rows.Length, options.ToParallelOptions(), () => new Complex[nx], (i, _, scratch) =>
        {
            fft.Transform(data.AsSpan(rows[i] * nx, nx), scratch);
            return scratch;
        }, _ => { });
    }

    /// <summary>Transforms every column along y (length ny), in blocks of adjacent columns for cache reuse.</summary>
    public static void Columns(Complex[] data, int nx, int ny, bool inverse, ComputeOptions options)
    {
        var fft = new MixedRadixFft(ny, inverse);
        int blocks = (nx + ColumnBlock - 1) / ColumnBlock;
        Parallel.For(0, blocks, options.ToParallelOptions(), () => (new Complex[ColumnBlock * ny], new Complex[ny]), (b, _, state) =>
        {
            var (lines, scratch) = state;
            int x0 = b * ColumnBlock, width = Math.Min(ColumnBlock, nx - x0);
            for (int y = 0; y < ny; y++)
            {
                int row = y * nx + x0;
                for (int c = 0; c < width; c++)
                {
                    lines[c * ny + y] = data[row + c];
                }
            }

            for (int c = 0; c < width; c++)
            {
                fft.Transform(lines.AsSpan(c * ny, ny), scratch);
            }

            for (int y = 0; y < ny; y++)
            {
                int row = y * nx + x0;
                for (int c = 0; c < width; c++)
                {
                    data[row + c] = lines[c * ny + y];
                }
            }

            return state;
        }, _ => { });
    }
}

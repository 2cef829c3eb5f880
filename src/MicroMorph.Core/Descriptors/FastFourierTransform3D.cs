using System.Numerics;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Separable 3D discrete Fourier transform of a row-major (z, y, x) complex array: a 1D
/// <see cref="MixedRadixFft"/> along every line of each axis in turn, lines in parallel
/// (MathNet's multi-dimensional transform is not available in its managed provider).
/// </summary>
internal static class FastFourierTransform3D
{
    public static void Transform(Complex[] data, int nx, int ny, int nz, bool inverse, ComputeOptions options)
    {
        var stages = nz > 1
            ? new StagedProgress(options, new ProgressStage("Fourier transform along x", 1), new ProgressStage("Fourier transform along y", 1), new ProgressStage("Fourier transform along z", 1))
            : new StagedProgress(options, new ProgressStage("Fourier transform along x", 1), new ProgressStage("Fourier transform along y", 1));
        Axis(data, nx, ny, nz, inverse, stages.Next(), axis: 0);
        Axis(data, nx, ny, nz, inverse, stages.Next(), axis: 1);
        if (nz > 1)
        {
            Axis(data, nx, ny, nz, inverse, stages.Next(), axis: 2);
        }
    }

    private static void Axis(Complex[] data, int nx, int ny, int nz, bool inverse, ComputeOptions options, int axis)
    {
        int length = axis switch { 0 => nx, 1 => ny, _ => nz };
        long stride = axis switch { 0 => 1, 1 => nx, _ => (long)nx * ny };

        // Lines are indexed by the two other coordinates; one task per plane of lines keeps scratch reuse simple.
        int planes = axis == 2 ? ny : nz;
        var fft = new MixedRadixFft(length, inverse);
        SliceIterator.For(planes, options, "Fourier transform", p =>
        {
            var line = new Complex[length];
            var scratch = new Complex[length];
            int count = axis switch { 0 => ny, 1 => nx, _ => nx };
            for (int q = 0; q < count; q++)
            {
                long start = axis switch
                {
                    0 => ((long)p * ny + q) * nx,
                    1 => (long)p * ny * nx + q,
                    _ => (long)p * nx + q,
                };
                for (int i = 0; i < length; i++)
                {
                    line[i] = data[start + i * stride];
                }

                fft.Transform(line, scratch);

                for (int i = 0; i < length; i++)
                {
                    data[start + i * stride] = line[i];
                }
            }
        });
    }
}

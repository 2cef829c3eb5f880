using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Filtering;

/// <summary>
/// Separable Gaussian smoothing and Gaussian derivatives of a grey-value volume (the smoothing
/// filter of 001 Section 2.3.1 and the basis of the voxel-classifier features): one 1-D
/// correlation per axis with <see cref="GaussianKernel"/> weights, borders mirrored as SciPy's
/// mode 'reflect' (d c b a | a b c d | d c b a), output Float32. The x and y passes run per
/// z-slice, the z pass per y-row plane; the y and z passes work in cache-sized column blocks and
/// every output vector is summed in registers over the taps (tap pairs first: the kernels are
/// symmetric or antisymmetric).
/// Memory: the output (4 bytes per voxel) plus one padded plane per worker.
/// </summary>
public static class GaussianFilter
{
    /// <summary>
    /// Smooths <paramref name="input"/> with an isotropic Gaussian of standard deviation
    /// <paramref name="sigma"/> in the image's unit (sigma / voxel size per axis, so anisotropic
    /// voxels are smoothed isotropically in space); a one-slice image is smoothed in 2-D.
    /// </summary>
    public static VoxelStack Smooth(Volume input, double sigma, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw MicroMorphException.Argument("InvalidSigma", string.Create(CultureInfo.InvariantCulture, $"The standard deviation must be a positive number of {input.VoxelSize.Unit}; it is {sigma}."), sigma);
        }

        var v = input.VoxelSize;
        var result = Smooth(input, sigma / v.X, sigma / v.Y, input.Depth == 1 ? 0 : sigma / v.Z, options);
        result.Metadata["Filter.Gaussian"] = string.Create(CultureInfo.InvariantCulture, $"sigma={sigma:G6} {v.Unit}");
        return result;
    }

    /// <summary>Smooths <paramref name="input"/> with standard deviations in voxels per axis (0 leaves an axis alone).</summary>
    public static VoxelStack Smooth(Volume input, double sigmaX, double sigmaY, double sigmaZ, ComputeOptions options) =>
        Apply(input, (sigmaX, sigmaY, sigmaZ), (0, 0, 0), options);

    /// <summary>
    /// The Gaussian derivative of the given orders (0, 1 or 2 per axis) with standard deviations
    /// in voxels per axis, in grey values per voxel^order; the result is a new Float32 stack
    /// with the voxel size of <paramref name="input"/>.
    /// </summary>
    public static VoxelStack Apply(Volume input, (double X, double Y, double Z) sigma, (int X, int Y, int Z) order, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var kx = Kernel(sigma.X, order.X, "x");
        var ky = Kernel(sigma.Y, order.Y, "y");
        var kz = Kernel(sigma.Z, order.Z, "z");
        if (input.Depth == 1 && kz.Length > 1 && order.Z > 0)
        {
            throw MicroMorphException.Argument("DerivativeAlongFlatAxis", "A derivative along z needs more than one slice.", input);
        }

        MemoryBudget.RequireVolume(input.VoxelCount * 4.0, "The filtered stack (Float32)", input);
        var output = VoxelStack.CreateUninitialized(input.Width, input.Height, input.Depth, VoxelDataType.Float32);
        output.DeriveFrom(input);
        Filter(input, output, kx, ky, kz, options);
        return output;
    }

    /// <summary>
    /// Filters <paramref name="input"/> into <paramref name="output"/> (a Float32 stack of the same
    /// dimensions, which may be <paramref name="input"/> itself) with the given correlation weights.
    /// </summary>
    public static void Filter(Volume input, VoxelStack output, float[] kx, float[] ky, float[] kz, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (output.DataType != VoxelDataType.Float32 || output.Width != input.Width || output.Height != input.Height || output.Depth != input.Depth)
        {
            throw new ArgumentException("The output must be a Float32 stack of the input's dimensions.", nameof(output));
        }

        int w = input.Width, h = input.Height, d = input.Depth;
        int planeRows = Math.Max(h + ky.Length, w + kx.Length);
        bool alongZ = kz.Length > 1 || kz[0] != 1f;

        // Shares measured at 256^3, sigma 2: the in-plane pass takes about twice the z pass.
        var stages = alongZ
            ? new StagedProgress(options, new ProgressStage("Gaussian filter (x, y)", 2), new ProgressStage("Gaussian filter (z)", 1))
            : new StagedProgress(options, new ProgressStage("Gaussian filter (x, y)", 1));
        SliceIterator.For(
            d,
            stages.Next(),
            "Gaussian filter (x, y)",
            () => new float[(long)planeRows * w + w + kx.Length],
            (z, buffer) =>
            {
                // In place (input == output) the slice is already there; it is read, and checked for NaN, all the same.
                var slice = output.GetSlice<float>(z);
                GreyValues.ReadSliceWithoutNaN(input, z, slice);
                if (kx.Length > 1 || kx[0] != 1f)
                {
                    CorrelateAlongX(slice, w, h, kx, buffer);
                }

                if (ky.Length > 1 || ky[0] != 1f)
                {
                    CorrelateRows(slice, h, w, buffer, ky);
                }
            },
            _ => { });

        if (alongZ)
        {
            SliceIterator.For(
                h,
                stages.Next(),
                "Gaussian filter (z)",
                () => new float[(long)(2 * d + kz.Length) * w],
                (y, buffer) =>
                {
                    // The plane of row y across all slices, then the same row correlation as the y pass.
                    var plane = buffer.AsSpan(0, d * w);
                    for (int z = 0; z < d; z++)
                    {
                        output.GetSlice<float>(z).Slice(y * w, w).CopyTo(plane.Slice(z * w, w));
                    }

                    CorrelateRows(plane, d, w, buffer.AsSpan(d * w), kz);
                    for (int z = 0; z < d; z++)
                    {
                        plane.Slice(z * w, w).CopyTo(output.GetSlice<float>(z).Slice(y * w, w));
                    }
                },
                _ => { });
        }
    }

    private static float[] Kernel(double sigma, int order, string axis)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma) || sigma > 1e4)
        {
            throw MicroMorphException.Argument("InvalidSigma", $"The standard deviation along {axis} must be between 0 and 10000 voxels; it is {sigma}.", sigma);
        }

        if (order is < 0 or > 2)
        {
            throw MicroMorphException.Argument("InvalidDerivativeOrder", $"The derivative order along {axis} must be 0, 1 or 2; it is {order}.", order);
        }

        if (order > 0 && sigma == 0)
        {
            throw MicroMorphException.Argument("InvalidSigma", $"A derivative along {axis} needs a positive standard deviation.", sigma);
        }

        return GaussianKernel.Create(sigma, order);
    }

    /// <summary>
    /// Correlates every row of a <paramref name="width"/> x <paramref name="height"/> slice with
    /// <paramref name="kernel"/> along x, in place, mirrored borders (the x pass of the filter and of
    /// the slice-wise classifier features; <paramref name="scratch"/> holds at least width + kernel length floats).
    /// </summary>
    internal static void CorrelateAlongX(Span<float> slice, int width, int height, float[] kernel, Span<float> scratch)
    {
        var padded = scratch[..(width + kernel.Length - 1)];
        int symmetry = Symmetry(kernel);
        for (int y = 0; y < height; y++)
        {
            var row = slice.Slice(y * width, width);
            PadRow(row, padded, kernel.Length / 2);
            Combine(padded, 0, 1, row, kernel, symmetry);
        }
    }

    /// <summary>
    /// Correlates a slice with <paramref name="kernel"/> along y, in place, mirrored borders
    /// (<paramref name="scratch"/> holds at least (height + kernel length) x width floats).
    /// </summary>
    internal static void CorrelateAlongY(Span<float> slice, int width, int height, float[] kernel, Span<float> scratch) =>
        CorrelateRows(slice, height, width, scratch, kernel);

    /// <summary>target = weight * source (vectorised; the z pass of the slice-wise classifier features).</summary>
    internal static void Scale(ReadOnlySpan<float> source, float weight, Span<float> target)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(source[..target.Length]);
            var t = MemoryMarshal.Cast<float, Vector<float>>(target);
            for (int v = 0; v < t.Length; v++)
            {
                t[v] = s[v] * weight;
            }

            i = t.Length * Vector<float>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] = source[i] * weight;
        }
    }

    /// <summary>target += weight * source (vectorised).</summary>
    internal static void AddScaled(ReadOnlySpan<float> source, float weight, Span<float> target)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(source[..target.Length]);
            var t = MemoryMarshal.Cast<float, Vector<float>>(target);
            for (int v = 0; v < t.Length; v++)
            {
                t[v] += s[v] * weight;
            }

            i = t.Length * Vector<float>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i] * weight;
        }
    }

    /// <summary>
    /// Correlates the <paramref name="rows"/> rows of <paramref name="data"/> (each <paramref name="width"/>
    /// long) with <paramref name="kernel"/> across rows, in place, in column blocks small enough for
    /// the cache: each block's mirrored rows are gathered into <paramref name="scratch"/> and every
    /// output row is summed there in vector registers.
    /// </summary>
    private static void CorrelateRows(Span<float> data, int rows, int width, Span<float> scratch, float[] kernel)
    {
        int r = kernel.Length / 2;
        int paddedRows = rows + (2 * r);
        int lanes = Vector<float>.Count;
        int block = Math.Min(width, Math.Max(lanes, BlockFloats / paddedRows / lanes * lanes));
        int symmetry = Symmetry(kernel);
        for (int x0 = 0; x0 < width; x0 += block)
        {
            int bw = Math.Min(block, width - x0);
            for (int i = 0; i < paddedRows; i++)
            {
                data.Slice((Mirror(i - r, rows) * width) + x0, bw).CopyTo(scratch.Slice(i * bw, bw));
            }

            for (int i = 0; i < rows; i++)
            {
                Combine(scratch, i * bw, bw, data.Slice((i * width) + x0, bw), kernel, symmetry);
            }
        }
    }

    /// <summary>The floats of one column block of padded rows (64 KiB: within the L2 cache with the output).</summary>
    private const int BlockFloats = 16384;

    /// <summary>+1 for a symmetric kernel (w[j] = w[2r - j]), -1 for an antisymmetric one, 0 otherwise.</summary>
    private static int Symmetry(float[] kernel)
    {
        bool symmetric = true, antisymmetric = true;
        int n = kernel.Length;
        for (int j = 0; j < n; j++)
        {
            symmetric &= kernel[j] == kernel[n - 1 - j];
            antisymmetric &= kernel[j] == -kernel[n - 1 - j];
        }

        return symmetric ? 1 : antisymmetric ? -1 : 0;
    }

    /// <summary>
    /// target[c] = sum_j kernel[j] * source[start + j * tapStride + c] for c &lt; target.Length, in
    /// vector registers (tap pairs j, 2r - j added first for (anti)symmetric kernels, halving the products).
    /// </summary>
    private static void Combine(ReadOnlySpan<float> source, int start, int tapStride, Span<float> target, float[] kernel, int symmetry)
    {
        int n = target.Length, r = kernel.Length / 2, c = 0;
        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref float t0 = ref MemoryMarshal.GetReference(target);
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            // The last vector ends at start + 2r tapStride + n - 1, inside the source by construction.
            _ = source[start + (2 * r * tapStride) + n - 1];
            for (; c <= n - Vector<float>.Count; c += Vector<float>.Count)
            {
                nuint o = (nuint)(start + c);
                Vector<float> acc;
                if (symmetry == 0)
                {
                    acc = Vector.LoadUnsafe(ref s0, o) * kernel[0];
                    for (int j = 1; j < kernel.Length; j++)
                    {
                        acc += Vector.LoadUnsafe(ref s0, o + (nuint)(j * tapStride)) * kernel[j];
                    }
                }
                else
                {
                    acc = Vector.LoadUnsafe(ref s0, o + (nuint)(r * tapStride)) * kernel[r];
                    for (int j = 0; j < r; j++)
                    {
                        var a = Vector.LoadUnsafe(ref s0, o + (nuint)(j * tapStride));
                        var b = Vector.LoadUnsafe(ref s0, o + (nuint)((2 * r - j) * tapStride));
                        acc += (symmetry > 0 ? a + b : a - b) * kernel[j];
                    }
                }

                acc.StoreUnsafe(ref t0, (nuint)c);
            }
        }

        for (; c < n; c++)
        {
            float sum = 0;
            for (int j = 0; j < kernel.Length; j++)
            {
                sum += kernel[j] * source[start + (j * tapStride) + c];
            }

            target[c] = sum;
        }
    }

    private static void PadRow(ReadOnlySpan<float> row, Span<float> padded, int r)
    {
        for (int i = 0; i < padded.Length; i++)
        {
            padded[i] = row[Mirror(i - r, row.Length)];
        }
    }

    /// <summary>SciPy's 'reflect' index: the sequence mirrored about its edges, period 2n.</summary>
    internal static int Mirror(int i, int n)
    {
        int period = 2 * n;
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - 1 - i;
    }
}

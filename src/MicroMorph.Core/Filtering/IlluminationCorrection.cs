using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Filtering;

/// <summary>The correction surfaces of <see cref="IlluminationCorrection"/>.</summary>
public enum IlluminationModel
{
    /// <summary>a + b v: constant across the sections' x, linear along their y (001 Section 2.3.1).</summary>
    Ramp,

    /// <summary>a + b u + c v: a tilted plane.</summary>
    Plane,

    /// <summary>a + b u + c v + d u^2 + e u v + f v^2: a low-order curved surface.</summary>
    Quadratic,

    /// <summary>The smoothed projection itself.</summary>
    Smoothed,
}

/// <summary>
/// Illumination (shading) correction of a stack of serial sections after 001 Section 2.3.1: the
/// minimum-intensity projection along the sectioning axis is smoothed with a Gaussian (001: sigma
/// 100 pixels = 1 µm), a correction surface S is fitted to it by least squares (001: a linear ramp,
/// constant along x and linear along y, for tilted FIB-SEM sections whose lower part lies deeper),
/// and every section is divided pixelwise by S. MicroMorph divides by S / mean(S), so the corrected
/// grey values keep their scale (a constant factor changes no segmentation). Surface coordinates
/// (u, v) are the two axes other than the projection axis: (x, y) for z, (x, z) for y, (y, z) for x.
/// </summary>
public static class IlluminationCorrection
{
    /// <summary>
    /// The stack divided by the normalised correction surface (a new Float32 stack). <paramref name="sigma"/>
    /// is the standard deviation of the smoothing in the image's unit (0: none; needed by <see cref="IlluminationModel.Smoothed"/>).
    /// </summary>
    public static VoxelStack Apply(Volume input, IlluminationModel model, double sigma, SliceAxis axis, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var surface = Surface(input, model, sigma, axis, options);
        MemoryBudget.Require(input.VoxelCount * 4.0, "The corrected stack (Float32)", input);
        var output = VoxelStack.CreateUninitialized(input.Width, input.Height, input.Depth, VoxelDataType.Float32);
        output.DeriveFrom(input);
        int w = input.Width, h = input.Height;
        SliceIterator.For(input.Depth, options with { Progress = null }, "Illumination correction", z =>
        {
            var slice = output.GetSlice<float>(z);
            GreyValues.ReadSlice(input, z, slice);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    var (u, v) = Coordinates(axis, x, y, z);
                    slice[(y * w) + x] /= surface[u, v];
                }
            }
        });
        output.Metadata["Filter.IlluminationCorrection"] = string.Create(CultureInfo.InvariantCulture, $"model={model} sigma={sigma:G6} {input.VoxelSize.Unit} axis={axis}");
        return output;
    }

    /// <summary>The correction surface S / mean(S) over the surface coordinates (u, v).</summary>
    public static float[,] Surface(Volume input, IlluminationModel model, double sigma, SliceAxis axis, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(model))
        {
            throw MicroMorphException.Argument("InvalidIlluminationModel", $"Unknown correction model {model}.", model);
        }

        if (!(sigma >= 0) || double.IsInfinity(sigma) || (model == IlluminationModel.Smoothed && sigma == 0))
        {
            throw MicroMorphException.Argument(
                "InvalidSigma",
                string.Create(CultureInfo.InvariantCulture, $"The smoothing standard deviation must be a {(model == IlluminationModel.Smoothed ? "positive" : "non-negative")} number of {input.VoxelSize.Unit}; it is {sigma}."),
                sigma);
        }

        if (axis != SliceAxis.Z && input.Depth == 1)
        {
            throw MicroMorphException.Argument("ProjectionAxisTooShort", $"A single slice can only be projected along z, not {axis}.", axis);
        }

        var (nu, nv) = axis switch { SliceAxis.Z => (input.Width, input.Height), SliceAxis.Y => (input.Width, input.Depth), _ => (input.Height, input.Depth) };
        var projection = MinimumProjection(input, axis, nu, nv, options);
        int marginU = 0, marginV = 0;
        if (sigma > 0)
        {
            var vs = input.VoxelSize;
            var (su, sv) = axis switch { SliceAxis.Z => (vs.X, vs.Y), SliceAxis.Y => (vs.X, vs.Z), _ => (vs.Y, vs.Z) };
            if (sigma / Math.Min(su, sv) > 1e4)
            {
                throw MicroMorphException.Argument(
                    "InvalidSigma",
                    string.Create(CultureInfo.InvariantCulture, $"The smoothing standard deviation must be at most 10000 voxels; {sigma} {vs.Unit} is {sigma / Math.Min(su, sv):G4}."),
                    sigma);
            }

            var ku = GaussianKernel.Create(sigma / su, 0);
            var kv = GaussianKernel.Create(sigma / sv, 0);

            // The mirrored borders bend a smoothed ramp within a kernel radius of the edges: the
            // polynomial is fitted to the interior beyond that band (at most a quarter of each extent).
            marginU = Math.Min(ku.Length / 2, (nu - 1) / 4);
            marginV = Math.Min(kv.Length / 2, (nv - 1) / 4);
            var plane = VoxelStack.CreateUninitialized(nu, nv, 1, VoxelDataType.Float32);
            var p = plane.GetSlice<float>(0);
            for (int v = 0; v < nv; v++)
            {
                for (int u = 0; u < nu; u++)
                {
                    p[(v * nu) + u] = projection[u, v];
                }
            }

            GaussianFilter.Filter(plane, plane, ku, kv, [1f], options with { Progress = null });
            for (int v = 0; v < nv; v++)
            {
                for (int u = 0; u < nu; u++)
                {
                    projection[u, v] = p[(v * nu) + u];
                }
            }
        }

        var surface = model == IlluminationModel.Smoothed ? projection : Fit(projection, model, marginU, marginV);
        double mean = 0, min = double.PositiveInfinity;
        foreach (float s in surface)
        {
            mean += s;
            min = Math.Min(min, s);
        }

        mean /= surface.Length;
        if (!(min > 0))
        {
            throw MicroMorphException.InvalidData(
                "NonPositiveIllumination",
                string.Create(CultureInfo.InvariantCulture, $"The {model} correction surface reaches {min:G4} (the darkest grey values are zero or negative), so the sections cannot be divided by it; shift the grey values or choose another model."),
                input);
        }

        for (int v = 0; v < nv; v++)
        {
            for (int u = 0; u < nu; u++)
            {
                surface[u, v] = (float)(surface[u, v] / mean);
            }
        }

        return surface;
    }

    private static (int U, int V) Coordinates(SliceAxis axis, int x, int y, int z) => axis switch
    {
        SliceAxis.Z => (x, y),
        SliceAxis.Y => (x, z),
        _ => (y, z),
    };

    /// <summary>The minimum grey value along the projection axis (NaN grey values are refused).</summary>
    private static float[,] MinimumProjection(Volume input, SliceAxis axis, int nu, int nv, ComputeOptions options)
    {
        var projection = new float[nu, nv];
        for (int v = 0; v < nv; v++)
        {
            for (int u = 0; u < nu; u++)
            {
                projection[u, v] = float.PositiveInfinity;
            }
        }

        int w = input.Width, h = input.Height;
        var gate = new object();
        SliceIterator.For(
            input.Depth,
            options,
            "Minimum-intensity projection",
            () => (Slice: new float[w * h], Min: axis == SliceAxis.Z ? Infinite(w * h) : null),
            (z, state) =>
            {
                var slice = state.Slice;
                GreyValues.ReadSlice(input, z, slice);
                for (int i = 0; i < slice.Length; i++)
                {
                    if (float.IsNaN(slice[i]))
                    {
                        throw MicroMorphException.InvalidData("NaNGreyValue", $"Slice {z} holds NaN grey values; replace them before the correction.", input);
                    }
                }

                if (axis == SliceAxis.Z)
                {
                    var m = state.Min!;
                    for (int i = 0; i < slice.Length; i++)
                    {
                        m[i] = Math.Min(m[i], slice[i]);
                    }

                    return;
                }

                // Along y or x the projection of slice z is one line of the surface, written by this slice alone.
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        var (u, v) = Coordinates(axis, x, y, z);
                        projection[u, v] = Math.Min(projection[u, v], slice[(y * w) + x]);
                    }
                }
            },
            state =>
            {
                if (state.Min is null)
                {
                    return;
                }

                lock (gate)
                {
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            projection[x, y] = Math.Min(projection[x, y], state.Min[(y * w) + x]);
                        }
                    }
                }
            });
        return projection;
    }

    private static float[] Infinite(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.PositiveInfinity);
        return a;
    }

    /// <summary>Least-squares fit of the model's polynomial to the projection (coordinates scaled to [-1, 1] for conditioning).</summary>
    private static float[,] Fit(float[,] data, IlluminationModel model, int marginU, int marginV)
    {
        int nu = data.GetLength(0), nv = data.GetLength(1);
        int n = model switch { IlluminationModel.Ramp => 2, IlluminationModel.Plane => 3, _ => 6 };
        var normal = new double[n, n + 1];
        var basis = new double[n];
        for (int v = marginV; v < nv - marginV; v++)
        {
            for (int u = marginU; u < nu - marginU; u++)
            {
                Basis(model, Scaled(u, nu), Scaled(v, nv), basis);
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        normal[i, j] += basis[i] * basis[j];
                    }

                    normal[i, n] += basis[i] * data[u, v];
                }
            }
        }

        var c = Solve(normal, n);
        var surface = new float[nu, nv];
        for (int v = 0; v < nv; v++)
        {
            for (int u = 0; u < nu; u++)
            {
                Basis(model, Scaled(u, nu), Scaled(v, nv), basis);
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    s += c[i] * basis[i];
                }

                surface[u, v] = (float)s;
            }
        }

        return surface;
    }

    private static double Scaled(int i, int n) => n == 1 ? 0 : (2.0 * i / (n - 1)) - 1;

    private static void Basis(IlluminationModel model, double u, double v, double[] b)
    {
        b[0] = 1;
        if (model == IlluminationModel.Ramp)
        {
            b[1] = v;
            return;
        }

        b[1] = u;
        b[2] = v;
        if (model == IlluminationModel.Quadratic)
        {
            b[3] = u * u;
            b[4] = u * v;
            b[5] = v * v;
        }
    }

    /// <summary>Gaussian elimination with partial pivoting of the augmented n x (n + 1) system; a singular direction (e.g. a one-pixel-wide axis) gets coefficient 0.</summary>
    private static double[] Solve(double[,] a, int n)
    {
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

        var x = new double[n];
        var pivotRow = new int[n];
        var used = new bool[n];
        for (int col = 0; col < n; col++)
        {
            int p = -1;
            for (int r = 0; r < n; r++)
            {
                if (!used[r] && (p < 0 || Math.Abs(a[r, col]) > Math.Abs(a[p, col])))
                {
                    p = r;
                }
            }

            pivotRow[col] = p;
            used[p] = true;
            if (Math.Abs(a[p, col]) <= 1e-12 * scale)
            {
                pivotRow[col] = -1; // degenerate basis function: drop it
                continue;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != p)
                {
                    double f = a[r, col] / a[p, col];
                    for (int k = col; k <= n; k++)
                    {
                        a[r, k] -= f * a[p, k];
                    }
                }
            }
        }

        for (int col = 0; col < n; col++)
        {
            int p = pivotRow[col];
            x[col] = p < 0 ? 0 : a[p, n] / a[p, col];
        }

        return x;
    }
}

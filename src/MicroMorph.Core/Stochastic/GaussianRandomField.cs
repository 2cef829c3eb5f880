using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A stationary isotropic Gaussian random field Z with mean 0, variance 1 and covariance
/// rho(h) = 1 / (1 + (eta h)^2) (001 Section 3.1.2, Eq. 2), sampled on a window of voxels of a
/// (possibly anisotropic) physical size, by circulant embedding (spectral synthesis).
/// </summary>
/// <remarks>
/// <para>
/// The window is embedded in a periodic generation grid of N = Nx x Ny x Nz voxels. On the grid the
/// covariance c(k) = rho(|k|) is taken at minimum-image lags; its DFT gives the eigenvalues
/// lambda(f) of the circulant covariance matrix, and Z = IDFT(sqrt(lambda / N) W) with complex white
/// noise W has covariance exactly c on the torus. Negative eigenvalues (the wrapped covariance is not
/// exactly positive definite) are clipped to 0 and the rest rescaled so the variance stays 1;
/// <see cref="ClippedSpectralMass"/> reports the clipped share of the variance.
/// </para>
/// <para>
/// Padding: inside the window a lag k_i along an axis sees the covariance of min(k_i, N_i - k_i).
/// Padding each axis by a margin M_i makes every wrapped lag at least M_i + 1 voxels long, so the
/// covariance inside the window differs from Eq. 2 by at most rho(M_i v_i). rho decays only like
/// 1/(eta h)^2, so the margin is the distance where rho falls to <see cref="DefaultWrapTolerance"/>
/// (eta h = sqrt(1/0.005 - 1) = 14.1, i.e. about 14 correlation lengths 1/eta), capped at W_i - 2:
/// with N_i >= 2 W_i - 2 every lag of the window is represented exactly. Sizes are then rounded up to
/// 2^a 3^b 5^c (Nx even).
/// </para>
/// <para>
/// Memory: the eigenvalues are even in each axis, so only the octant 0..N_i/2 is kept (float,
/// 0.5 byte per grid voxel). The spectrum is synthesised line by line: white noise is drawn for one
/// column of frequencies along z at a time, transformed, and only the Wz rows inside the window are
/// kept; then the same along y. What stays in memory between the passes is the Hermitian half
/// spectrum of the window rows, Wz x Wy x (Nx/2 + 1) complex floats (4 bytes per window voxel times
/// (Nx + 2) / Wx), one array per z-plane, released plane by plane by the final real inverse
/// transform along x. The 1D transforms run in double precision on per-thread line buffers.
/// </para>
/// <para>
/// Determinism: the noise of frequency (kx, ky, kz) is a counter-based draw (SplitMix64 of the
/// frequency index under a key from the seed and stream, polar method), so the same seed gives
/// the same field at any degree of parallelism.
/// </para>
/// </remarks>
public sealed class GaussianRandomField
{
    /// <summary>Largest covariance error accepted from the periodic wrap-around: rho at the padding margin.</summary>
    public const double DefaultWrapTolerance = 0.005;

    /// <summary>Random stream of the white noise (ASCII "GRF"); give another to draw an independent field from the same seed.</summary>
    public const long DefaultStreamId = 0x475246;

    private const int ColumnBlock = 8; // kx columns per task: 8 complex floats fill a cache line of a spectrum row
    private const int ZBlock = 8;      // z values gathered at once for the y-pass
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private readonly float[][] _amplitude; // octant [kz'][ky' * hx + kx]: standard deviation of each noise component
    private readonly int _hx;

    private GaussianRandomField(int width, int height, int depth, VoxelSize voxelSize, double covarianceScale, double wrapTolerance, (int X, int Y, int Z) grid, float[][] amplitude, double clipped, double minimumEigenvalue)
    {
        Width = width;
        Height = height;
        Depth = depth;
        VoxelSize = voxelSize;
        CovarianceScale = covarianceScale;
        WrapTolerance = wrapTolerance;
        GridWidth = grid.X;
        GridHeight = grid.Y;
        GridDepth = grid.Z;
        _hx = grid.X / 2 + 1;
        _amplitude = amplitude;
        ClippedSpectralMass = clipped;
        MinimumEigenvalue = minimumEigenvalue;
    }

    /// <summary>Receives one row (x = 0 .. Width-1) of the field; called from worker threads, each (y, z) once.</summary>
    public delegate void RowSink(int y, int z, ReadOnlySpan<float> values);

    public int Width { get; }

    public int Height { get; }

    public int Depth { get; }

    public VoxelSize VoxelSize { get; }

    /// <summary>eta of Eq. 2, per <see cref="Imaging.VoxelSize.Unit"/>.</summary>
    public double CovarianceScale { get; }

    public double WrapTolerance { get; }

    /// <summary>Size of the periodic generation grid along x (even).</summary>
    public int GridWidth { get; }

    public int GridHeight { get; }

    public int GridDepth { get; }

    /// <summary>Share of the variance carried by the negative eigenvalues that were clipped (0 when none were).</summary>
    public double ClippedSpectralMass { get; }

    /// <summary>The smallest eigenvalue of the embedded covariance divided by the largest (negative when some were clipped).</summary>
    public double MinimumEigenvalue { get; }

    /// <summary>"Nx x Ny x Nz" of the generation grid.</summary>
    public string GridDimensions => string.Create(CultureInfo.InvariantCulture, $"{GridWidth} x {GridHeight} x {GridDepth}");

    /// <summary>Covariance of the field at physical distance <paramref name="h"/> (Eq. 2).</summary>
    public double Covariance(double h) => 1 / (1 + CovarianceScale * h * CovarianceScale * h);

    /// <summary>
    /// Validates the parameters, checks that the generation fits in memory, and computes the
    /// eigenvalues of the embedded covariance (the expensive part that is the same for every seed).
    /// </summary>
    public static GaussianRandomField Create(int width, int height, int depth, VoxelSize voxelSize, double covarianceScale, ComputeOptions options, double wrapTolerance = DefaultWrapTolerance)
    {
        ArgumentNullException.ThrowIfNull(options);
        var grid = GenerationGrid(width, height, depth, voxelSize, covarianceScale, wrapTolerance);
        EnsureFits(EstimateBytes(width, height, depth, grid, options.MaxDegreeOfParallelism), "The Gaussian random field", new[] { width, height, depth });
        var (amplitude, clipped, minimum) = Eigenvalues(grid, voxelSize, covarianceScale, options);
        return new GaussianRandomField(width, height, depth, voxelSize, covarianceScale, wrapTolerance, grid, amplitude, clipped, minimum);
    }

    /// <summary>
    /// The periodic generation grid for a window (see the remarks on padding); throws
    /// <c>InvalidDimensions</c>, <c>InvalidCovarianceScale</c> or <c>InvalidWrapTolerance</c>.
    /// </summary>
    public static (int X, int Y, int Z) GenerationGrid(int width, int height, int depth, VoxelSize voxelSize, double covarianceScale, double wrapTolerance = DefaultWrapTolerance)
    {
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.Float32);
        if (!(covarianceScale > 0) || double.IsInfinity(covarianceScale))
        {
            throw MicroMorphException.Argument(
                "InvalidCovarianceScale",
                string.Create(CultureInfo.InvariantCulture, $"The covariance scale eta must be a finite positive number per {voxelSize.Unit}; it is {covarianceScale}."),
                covarianceScale);
        }

        if (!(wrapTolerance > 0 && wrapTolerance < 1))
        {
            throw MicroMorphException.Argument(
                "InvalidWrapTolerance",
                string.Create(CultureInfo.InvariantCulture, $"The wrap tolerance must lie in (0, 1); it is {wrapTolerance}."),
                wrapTolerance);
        }

        // rho(R) = wrapTolerance.
        double reach = Math.Sqrt(1 / wrapTolerance - 1) / covarianceScale;
        int nx = GoodSize(width + Margin(width, voxelSize.X, reach), even: true);
        int ny = GoodSize(height + Margin(height, voxelSize.Y, reach), even: false);
        int nz = GoodSize(depth + Margin(depth, voxelSize.Z, reach), even: false);
        if ((long)ColumnBlock * ny * depth * 2 > Array.MaxLength || (long)height * (nx + 2) > Array.MaxLength)
        {
            throw new MicroMorphException(
                "GaussianFieldTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"A window of {width} x {height} x {depth} voxels (generation grid {nx} x {ny} x {nz}) exceeds the buffers of the generator; use a smaller window."),
                new[] { width, height, depth });
        }

        return (nx, ny, nz);
    }

    /// <summary>
    /// Bytes the generation holds at its peak (eigenvalue octant, half spectrum of the window rows and
    /// per-worker line buffers), not counting what the caller does with the rows.
    /// </summary>
    public static long EstimateBytes(int width, int height, int depth, (int X, int Y, int Z) grid, int maxDegreeOfParallelism)
    {
        long hx = grid.X / 2 + 1, hy = grid.Y / 2 + 1, hz = grid.Z / 2 + 1;
        long octant = hx * hy * hz;
        int workers = Workers(maxDegreeOfParallelism);
        long eigen = octant * (8 + 4); // double octant while the float amplitudes are made
        long spectrum = (long)depth * height * (grid.X + 2) * 4;
        long perWorker = (long)ColumnBlock * depth * grid.Y * 8 + (ZBlock + 4L) * Math.Max(grid.X, Math.Max(grid.Y, grid.Z)) * 16;
        return Math.Max(eigen, octant * 4 + spectrum + workers * perWorker);
    }

    /// <summary>Throws <c>GaussianFieldTooLarge</c> when <paramref name="bytes"/> exceed the memory still available to this process (<see cref="MemoryBudget.AvailableBytes"/>).</summary>
    public static void EnsureFits(long bytes, string what, object? target)
    {
        long available = MemoryBudget.AvailableBytes;
        if (available > 0 && bytes > available)
        {
            throw new MicroMorphException(
                "GaussianFieldTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"{what} needs about {bytes / 1073741824.0:F1} GiB, more than the {available / 1073741824.0:F1} GiB of memory available; use a smaller window or a coarser voxel size."),
                target);
        }
    }

    /// <summary>
    /// Draws the field for <paramref name="seed"/> and hands every row of the window to <paramref name="sink"/>
    /// (rows of one z-plane come from one thread, in order of y).
    /// </summary>
    public void Generate(long seed, RowSink sink, ComputeOptions options, long streamId = DefaultStreamId)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        int nx = GridWidth, ny = GridHeight, nz = GridDepth, hx = _hx;
        int wx = Width, wy = Height, wz = Depth;
        int rowFloats = nx + 2;
        ulong key = new RandomStream(seed, streamId).NextUInt64();
        int chunks = (hx + ColumnBlock - 1) / ColumnBlock;
        // The column pass takes about three quarters of the time: weight its blocks accordingly.
        long chunkWeight = Math.Max(1, 3L * wz / chunks);
        var progress = new ProgressCounter(chunks * chunkWeight + wz, options.Progress, "Gaussian random field");
        var quiet = options with { Progress = null, MaxDegreeOfParallelism = Workers(options.MaxDegreeOfParallelism) };

        // Half spectrum of the window rows: plane z, row y, complex (kx) interleaved.
        var spectrum = new float[wz][];
        for (int z = 0; z < wz; z++)
        {
            spectrum[z] = new float[checked(wy * rowFloats)];
        }

        // Pass 1: per block of kx columns, noise along kz -> inverse FFT along z (keep z < Wz)
        // -> inverse FFT along y (keep y < Wy). The block's z-transformed columns are kept as
        // complex floats [kx][ky][z], written contiguously; the y-pass reads ZBlock values of z at a
        // time, so both passes touch memory in runs rather than one cache line per value.
        // Parallel.For may start more worker replicas than threads over a run, each with its own
        // state: buffers come from a pool so their number stays that of the threads.
        var fftZ = new MixedRadixFft(nz, inverse: true);
        var fftY = new MixedRadixFft(ny, inverse: true);
        var columnBuffers = new ConcurrentBag<ColumnBuffers>();
        SliceIterator.For(
            chunks,
            quiet,
            "Gaussian random field",
            () => columnBuffers.TryTake(out var b) ? b : new ColumnBuffers(nz, ny, wz),
            (chunk, buffers) =>
            {
                int first = chunk * ColumnBlock, count = Math.Min(ColumnBlock, hx - first);
                var line = buffers.Line.AsSpan(0, nz);
                var scratchZ = buffers.Scratch.AsSpan(0, nz);
                var columns = buffers.Columns;
                // ky outside kx: neighbouring kx share the cache lines of the amplitude octant.
                for (int ky = 0; ky < ny; ky++)
                {
                    for (int b = 0; b < count; b++)
                    {
                        int kx = first + b;
                        int rowOffset = Math.Min(ky, ny - ky) * hx + kx;
                        for (int kz = 0; kz < nz; kz++)
                        {
                            float a = _amplitude[Math.Min(kz, nz - kz)][rowOffset];
                            long index = ((long)kz * ny + ky) * hx + kx;
                            var (g1, g2) = Noise(key, index);
                            line[kz] = new Complex(a * g1, a * g2);
                        }

                        fftZ.Transform(line, scratchZ);
                        int at = (b * ny + ky) * wz * 2;
                        for (int z = 0; z < wz; z++)
                        {
                            columns[at + 2 * z] = (float)line[z].Real;
                            columns[at + 2 * z + 1] = (float)line[z].Imaginary;
                        }
                    }
                }

                var scratchY = buffers.Scratch.AsSpan(0, ny);
                for (int z0 = 0; z0 < wz; z0 += ZBlock)
                {
                    int zc = Math.Min(ZBlock, wz - z0);
                    for (int b = 0; b < count; b++)
                    {
                        for (int ky = 0; ky < ny; ky++)
                        {
                            int at = ((b * ny + ky) * wz + z0) * 2;
                            for (int j = 0; j < zc; j++)
                            {
                                buffers.Lines[j * ny + ky] = new Complex(columns[at + 2 * j], columns[at + 2 * j + 1]);
                            }
                        }

                        int kx2 = 2 * (first + b);
                        for (int j = 0; j < zc; j++)
                        {
                            var column = buffers.Lines.AsSpan(j * ny, ny);
                            fftY.Transform(column, scratchY);
                            var plane = spectrum[z0 + j];
                            for (int y = 0; y < wy; y++)
                            {
                                plane[y * rowFloats + kx2] = (float)column[y].Real;
                                plane[y * rowFloats + kx2 + 1] = (float)column[y].Imaginary;
                            }
                        }
                    }
                }

                progress.Increment(chunkWeight);
            },
            columnBuffers.Add);
        columnBuffers.Clear();

        // Pass 2: real inverse FFT along x, two rows per complex transform (row y in the real part,
        // row y + 1 in the imaginary part), then the plane is released.
        var fftX = new MixedRadixFft(nx, inverse: true);
        int half = nx / 2;
        var rowBuffers = new ConcurrentBag<(Complex[] Line, Complex[] Scratch, float[] A, float[] B, float[] Zeros)>();
        SliceIterator.For(
            wz,
            quiet,
            "Gaussian random field",
            () => rowBuffers.TryTake(out var b) ? b : (Line: new Complex[nx], Scratch: new Complex[nx], A: new float[wx], B: new float[wx], Zeros: new float[rowFloats]),
            (z, buffers) =>
            {
                var plane = spectrum[z];
                var line = buffers.Line;
                for (int y = 0; y < wy; y += 2)
                {
                    bool pair = y + 1 < wy;
                    // An odd last row pairs with zeros.
                    var xs = plane.AsSpan(y * rowFloats, rowFloats);
                    ReadOnlySpan<float> ys = pair ? plane.AsSpan((y + 1) * rowFloats, rowFloats) : buffers.Zeros;

                    line[0] = new Complex(xs[0], ys[0]);
                    line[half] = new Complex(xs[2 * half], ys[2 * half]);
                    for (int k = 1; k < half; k++)
                    {
                        double xr = xs[2 * k], xi = xs[2 * k + 1], yr = ys[2 * k], yi = ys[2 * k + 1];
                        line[k] = new Complex(xr - yi, xi + yr);      // X + iY
                        line[nx - k] = new Complex(xr + yi, yr - xi); // conj(X) + i conj(Y)
                    }

                    fftX.Transform(line, buffers.Scratch);
                    for (int x = 0; x < wx; x++)
                    {
                        buffers.A[x] = (float)line[x].Real;
                        buffers.B[x] = (float)line[x].Imaginary;
                    }

                    sink(y, z, buffers.A);
                    if (pair)
                    {
                        sink(y + 1, z, buffers.B);
                    }
                }

                spectrum[z] = null!;
                progress.Increment();
            },
            rowBuffers.Add);
    }

    /// <summary>The field of the window as z-slices of Width x Height floats (4 bytes per voxel; for tests and small windows).</summary>
    public float[][] GenerateSlices(long seed, ComputeOptions options, long streamId = DefaultStreamId)
    {
        var slices = new float[Depth][];
        for (int z = 0; z < Depth; z++)
        {
            slices[z] = new float[checked(Width * Height)];
        }

        Generate(seed, (y, z, row) => row.CopyTo(slices[z].AsSpan(y * Width, Width)), options, streamId);
        return slices;
    }

    /// <summary>
    /// Two independent standard normals for frequency index <paramref name="index"/>: Marsaglia's polar
    /// method on 31-bit uniforms from SplitMix64 outputs of a counter (index under the key); a rejected
    /// pair (probability 1 - pi/4) draws again from a counter derived from the previous one, so the
    /// result depends on the index only. About 2.5 times faster than Box-Muller's sine and cosine.
    /// </summary>
    private static (double, double) Noise(ulong key, long index)
    {
        ulong counter = unchecked(key + ((ulong)index + 1) * Golden);
        while (true)
        {
            ulong bits = RandomStream.Mix(counter);
            double u = (int)(uint)(bits >> 32) * (1.0 / 2147483648.0); // [-1, 1)
            double v = (int)(uint)bits * (1.0 / 2147483648.0);
            double s = u * u + v * v;
            if (s < 1 && s > 0)
            {
                double f = Math.Sqrt(-2 * Math.Log(s) / s);
                return (u * f, v * f);
            }

            counter = RandomStream.Mix(counter ^ 0xD1B54A32D192ED03UL);
        }
    }

    /// <summary>
    /// Worker threads: at most one per processor. An unbounded Parallel.For lets the thread pool add
    /// threads while iterations run long, and each would hold its own column buffers.
    /// </summary>
    private static int Workers(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism > 0 ? Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount) : Environment.ProcessorCount;

    private static int Margin(int window, double voxel, double reach) =>
        window <= 2 ? 0 : (int)Math.Min(window - 2, Math.Ceiling(reach / voxel));

    private static int GoodSize(long minimum, bool even)
    {
        if (minimum > 1 << 24)
        {
            throw new MicroMorphException(
                "GaussianFieldTooLarge",
                MicroMorphErrorKind.LimitsExceeded,
                string.Create(CultureInfo.InvariantCulture, $"A generation grid of {minimum} voxels along one axis is too large."),
                minimum);
        }

        int n = MixedRadixFft.GoodSize((int)Math.Max(minimum, even ? 2 : 1));
        while (even && n % 2 != 0)
        {
            n = MixedRadixFft.GoodSize(n + 1);
        }

        return n;
    }

    private static int Multiplicity(int k, int n) => k == 0 || 2 * k == n ? 1 : 2;

    /// <summary>
    /// The eigenvalues lambda(f) = sum_k c(k) exp(-2 pi i f.k / N) on the octant 0..N_i/2 (c is even in
    /// each axis, so lambda is real and even too), clipped and turned into noise amplitudes.
    /// </summary>
    private static (float[][] Amplitude, double Clipped, double Minimum) Eigenvalues((int X, int Y, int Z) grid, VoxelSize vs, double eta, ComputeOptions options)
    {
        int nx = grid.X, ny = grid.Y, nz = grid.Z;
        int hx = nx / 2 + 1, hy = ny / 2 + 1, hz = nz / 2 + 1;
        var quiet = options with { Progress = null, MaxDegreeOfParallelism = Workers(options.MaxDegreeOfParallelism) };
        var progress = new ProgressCounter(3L * hz + hy, options.Progress, "Covariance spectrum");
        var lambda = new double[hz][];
        double e2 = eta * eta;
        SliceIterator.For(hz, quiet, "Covariance spectrum", z =>
        {
            var plane = lambda[z] = new double[(long)hx * hy];
            double dz = z * vs.Z;
            for (int y = 0; y < hy; y++)
            {
                double dy = y * vs.Y;
                for (int x = 0; x < hx; x++)
                {
                    double dx = x * vs.X;
                    plane[y * hx + x] = 1 / (1 + e2 * (dx * dx + dy * dy + dz * dz));
                }
            }

            progress.Increment();
        });

        // Along x (rows) and along y (columns) inside each plane, then along z across planes. Each pass
        // transforms two even real lines at once: a + i b -> A + i B with A, B real.
        var fftX = new MixedRadixFft(nx, inverse: false);
        var fftY = new MixedRadixFft(ny, inverse: false);
        var fftZ = new MixedRadixFft(nz, inverse: false);
        SliceIterator.For(hz, quiet, "Covariance spectrum", z =>
        {
            var plane = lambda[z];
            EvenPairs(fftX, plane, nx, count: hy, half: hx, lineStep: hx, stride: 1);
            EvenPairs(fftY, plane, ny, count: hx, half: hy, lineStep: 1, stride: hx);
            progress.Increment();
        });
        SliceIterator.For(hy, quiet, "Covariance spectrum", y =>
        {
            var line = new Complex[nz];
            var scratch = new Complex[nz];
            for (int x = 0; x < hx; x += 2)
            {
                bool pair = x + 1 < hx;
                long at = (long)y * hx + x;
                for (int i = 0; i < nz; i++)
                {
                    var plane = lambda[Math.Min(i, nz - i)];
                    line[i] = new Complex(plane[at], pair ? plane[at + 1] : 0);
                }

                fftZ.Transform(line, scratch);
                for (int k = 0; k < hz; k++)
                {
                    lambda[k][at] = line[k].Real;
                    if (pair)
                    {
                        lambda[k][at + 1] = line[k].Imaginary;
                    }
                }
            }

            progress.Increment();
        });

        // Clip negative eigenvalues; the sum of lambda over the full grid is N c(0) = N.
        double positive = 0, negative = 0, max = 0, min = double.MaxValue;
        for (int z = 0; z < hz; z++)
        {
            for (int y = 0; y < hy; y++)
            {
                for (int x = 0; x < hx; x++)
                {
                    double l = lambda[z][y * hx + x];
                    double m = Multiplicity(x, nx) * Multiplicity(y, ny) * Multiplicity(z, nz);
                    if (l > 0)
                    {
                        positive += m * l;
                    }
                    else
                    {
                        negative -= m * l;
                    }

                    max = Math.Max(max, l);
                    min = Math.Min(min, l);
                }
            }
        }

        double total = (double)nx * ny * nz;
        var amplitude = new float[hz][];
        SliceIterator.For(hz, quiet, "Covariance spectrum", z =>
        {
            var plane = lambda[z];
            var a = amplitude[z] = new float[plane.Length];
            for (int y = 0; y < hy; y++)
            {
                for (int x = 0; x < hx; x++)
                {
                    // Var Z = (1/N) sum lambda'; lambda' = lambda+ N / positive. Interior kx stand for
                    // +kx and -kx: each noise component carries half (see Generate).
                    double l = Math.Max(0, plane[y * hx + x]) / positive;
                    a[y * hx + x] = (float)Math.Sqrt(x == 0 || 2 * x == nx ? l : l / 2);
                }
            }

            lambda[z] = null!;
            progress.Increment();
        });

        return (amplitude, negative / total, min / max);
    }

    /// <summary>
    /// Transforms the <paramref name="count"/> even real lines of one plane, two at a time: line j
    /// holds its values 0..n/2 at <c>plane[j * lineStep + i * stride]</c> and is even (value n - i = value i).
    /// </summary>
    private static void EvenPairs(MixedRadixFft fft, double[] plane, int n, int count, int half, int lineStep, int stride)
    {
        var line = new Complex[n];
        var scratch = new Complex[n];
        for (int j = 0; j < count; j += 2)
        {
            bool pair = j + 1 < count;
            int a = j * lineStep, b = (j + 1) * lineStep;
            for (int i = 0; i < n; i++)
            {
                int m = Math.Min(i, n - i) * stride;
                line[i] = new Complex(plane[a + m], pair ? plane[b + m] : 0);
            }

            fft.Transform(line, scratch);
            for (int k = 0; k < half; k++)
            {
                plane[a + k * stride] = line[k].Real;
                if (pair)
                {
                    plane[b + k * stride] = line[k].Imaginary;
                }
            }
        }
    }

    /// <summary>Per-worker buffers of the column pass: lines for the 1D transforms and the block's z-transformed columns.</summary>
    private sealed class ColumnBuffers(int nz, int ny, int wz)
    {
        public Complex[] Line { get; } = new Complex[Math.Max(nz, ny)];

        public Complex[] Scratch { get; } = new Complex[Math.Max(nz, ny)];

        public Complex[] Lines { get; } = new Complex[ZBlock * ny];

        public float[] Columns { get; } = new float[checked(ColumnBlock * ny * wz * 2)];
    }
}

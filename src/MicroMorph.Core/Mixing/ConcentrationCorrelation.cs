using System.Globalization;
using System.Numerics;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// The correlation coefficient function of the carbon concentration, 000 Eqs. 7-9. With
/// f = c - P on the foreground and 0 elsewhere and m the foreground indicator, the sums over
/// foreground pairs at shift v are the autocorrelations (f * f)(v) and (m * m)(v); both come from one
/// zero-padded complex FFT of f + i m (padding >= size + max lag, so no wrap-around below the max lag).
/// Shifts are binned by their rounded length h (pixels); C(h) = sum / (n_h - 1) (Eq. 7) and
/// R(h) = C(h) / s^2_max (Eq. 8), so R(0) = n_0 / (n_0 - 1). Ordered pairs are counted (v and -v).
/// Replacing c by 1 - c negates f and leaves R unchanged (the note after Eq. 9).
/// </summary>
public static class ConcentrationCorrelation
{
    /// <summary>Largest padded FFT buffer, in complex elements (4 GiB).</summary>
    public const long MaxBufferElements = 1L << 28;

    public static ConcentrationCorrelationResult Compute(AggregateMap map, double maxDistance, double bandwidth, ComputeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        options ??= ComputeOptions.Default;
        if (!(maxDistance > 0) || double.IsInfinity(maxDistance))
        {
            throw MicroMorphException.Argument("InvalidMaxDistance", $"The maximum distance must be positive, not {maxDistance.ToString(CultureInfo.InvariantCulture)}.", maxDistance);
        }

        ValidateBandwidth(bandwidth);
        map.RequireBothSpecies();
        int maxLag = (int)Math.Floor(maxDistance / map.PixelSize + 1e-9);
        if (maxLag < 1)
        {
            throw MicroMorphException.Argument("InvalidMaxDistance", $"The maximum distance {maxDistance} {map.Unit} is below one pixel ({map.PixelSize} {map.Unit}).", maxDistance);
        }

        maxLag = Math.Min(maxLag, (int)Math.Ceiling(Math.Sqrt((double)map.Width * map.Width + (double)map.Height * map.Height)));
        int lag = maxLag + 1; // shifts up to length maxLag + 0.5 round into the last bin
        int nx = MixedRadixFft.GoodSize(map.Width + Math.Min(lag, map.Width));
        int ny = MixedRadixFft.GoodSize(map.Height + Math.Min(lag, map.Height));
        long elements = (long)nx * ny;
        if (elements > MaxBufferElements)
        {
            throw MicroMorphException.Argument("MapTooLarge", $"The padded {nx} x {ny} transform exceeds {MaxBufferElements} elements.", map);
        }

        MemoryBudget.Require(elements * 16.0, "the correlation transform", map);
        var data = new Complex[elements];
        double p = map.CarbonFraction;
        byte[] classes = map.GetClasses();
        for (int y = 0; y < map.Height; y++)
        {
            int src = y * map.Width, dst = y * nx;
            for (int x = 0; x < map.Width; x++)
            {
                byte v = classes[src + x];
                if (v != 0)
                {
                    double c = v == 1 ? 1 : v == 3 ? 0.5 : 0;
                    data[dst + x] = new Complex(c - p, 1);
                }
            }
        }

        Fft2D.Rows(data, nx, map.Height, inverse: false, options);
        Fft2D.Columns(data, nx, ny, inverse: false, options);
        options.CancellationToken.ThrowIfCancellationRequested();

        // Split Z = F + i M (F, M transforms of real fields) and form |F|^2 + i |M|^2.
        Parallel.For(0, ny, options.ToParallelOptions(), ky =>
        {
            int mky = ky == 0 ? 0 : ny - ky;
            if (mky < ky)
            {
                return; // handled with its mirror row
            }

            for (int kx = 0; kx < nx; kx++)
            {
                int mkx = kx == 0 ? 0 : nx - kx;
                long a = (long)ky * nx + kx, b = (long)mky * nx + mkx;
                if (mky == ky && mkx < kx)
                {
                    continue;
                }

                Complex za = data[a], zb = Complex.Conjugate(data[b]);
                Complex fa = (za + zb) / 2, ma = (za - zb) / new Complex(0, 2);
                var pa = new Complex(fa.Real * fa.Real + fa.Imaginary * fa.Imaginary, ma.Real * ma.Real + ma.Imaginary * ma.Imaginary);
                data[a] = pa;
                data[b] = pa; // |F(-k)|^2 = |F(k)|^2 for real fields
            }
        });

        Fft2D.Columns(data, nx, ny, inverse: true, options);
        var rows = new List<int>();
        for (int dy = -Math.Min(lag, ny - 1); dy <= Math.Min(lag, ny - 1); dy++)
        {
            int row = ((dy % ny) + ny) % ny;
            if (!rows.Contains(row))
            {
                rows.Add(row);
            }
        }

        Fft2D.Rows(data, nx, rows.ToArray(), inverse: true, options);
        options.CancellationToken.ThrowIfCancellationRequested();

        double scale = 1.0 / elements;
        var sums = new double[maxLag + 1];
        var pairs = new double[maxLag + 1];
        for (int dy = -lag; dy <= lag; dy++)
        {
            if (Math.Abs(dy) >= map.Height)
            {
                continue;
            }

            int row = ((dy % ny) + ny) % ny;
            for (int dx = -lag; dx <= lag; dx++)
            {
                if (Math.Abs(dx) >= map.Width)
                {
                    continue;
                }

                int bin = (int)Math.Round(Math.Sqrt((double)dx * dx + (double)dy * dy), MidpointRounding.AwayFromZero);
                if (bin > maxLag)
                {
                    continue;
                }

                Complex v = data[(long)row * nx + ((dx % nx) + nx) % nx];
                sums[bin] += v.Real * scale;
                pairs[bin] += Math.Round(v.Imaginary * scale);
            }
        }

        double maxVariance = map.MaxVariance;
        var raw = new double[maxLag + 1];
        var covariance = new double[maxLag + 1];
        var distances = new double[maxLag + 1];
        for (int h = 0; h <= maxLag; h++)
        {
            distances[h] = h * map.PixelSize;
            covariance[h] = pairs[h] > 1 ? sums[h] / (pairs[h] - 1) : double.NaN; // Eq. 7
            raw[h] = covariance[h] / maxVariance; // Eq. 8
        }

        double[] smooth = Smooth(distances, raw, bandwidth, distances);
        var points = new CorrelationPoint[maxLag + 1];
        for (int h = 0; h <= maxLag; h++)
        {
            points[h] = new CorrelationPoint(distances[h], raw[h], smooth[h], covariance[h], (long)pairs[h]);
        }

        return new ConcentrationCorrelationResult
        {
            Name = map.Name,
            CarbonFraction = p,
            MaxVariance = maxVariance,
            Bandwidth = bandwidth,
            MaxDistance = maxLag * map.PixelSize,
            PixelSize = map.PixelSize,
            Unit = map.Unit,
            Points = points,
        };
    }

    /// <summary>
    /// Gaussian-kernel (Nadaraya-Watson) smoothing of the points (x_j, y_j), x_j >= 0, evaluated at
    /// <paramref name="at"/>; the curve is mirrored at 0 (R is even), so the estimate has no boundary
    /// bias there. Bandwidth 0 returns linear interpolation. NaN values are skipped.
    /// </summary>
    public static double[] Smooth(IReadOnlyList<double> x, IReadOnlyList<double> y, double bandwidth, IReadOnlyList<double> at)
    {
        var result = new double[at.Count];
        for (int k = 0; k < at.Count; k++)
        {
            double t = at[k];
            if (bandwidth == 0)
            {
                result[k] = Interpolate(x, y, t);
                continue;
            }

            double num = 0, den = 0;
            for (int j = 0; j < x.Count; j++)
            {
                if (double.IsNaN(y[j]))
                {
                    continue;
                }

                double u = (t - x[j]) / bandwidth;
                double w = u * u < 80 ? Math.Exp(-0.5 * u * u) : 0;
                if (x[j] > 0)
                {
                    double v = (t + x[j]) / bandwidth;
                    w += v * v < 80 ? Math.Exp(-0.5 * v * v) : 0;
                }

                num += w * y[j];
                den += w;
            }

            result[k] = den > 0 ? num / den : double.NaN;
        }

        return result;
    }

    /// <summary>
    /// The point-wise mean of smoothed correlation functions, 000 Eq. 9, on the grid of the finest
    /// pixel size up to the smallest common maximum distance (curves interpolated linearly).
    /// Without <paramref name="name"/>, the mean is named after the maps' common name stem, for
    /// example "Dispersed, mean of 10 maps" for Dispersed-1 ... Dispersed-10, so that the means of
    /// several conditions stay apart in tables and figure legends.
    /// </summary>
    public static ConcentrationCorrelationResult Average(IReadOnlyList<ConcentrationCorrelationResult> curves, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        name ??= MeanName(curves);
        if (curves.Count == 0)
        {
            throw MicroMorphException.Argument("TooFewAggregates", "No correlation function to average.", curves);
        }

        string unit = curves[0].Unit;
        if (curves.Any(c => !string.Equals(c.Unit, unit, StringComparison.Ordinal)))
        {
            throw MicroMorphException.Argument("UnitMismatch", "The correlation functions to average are in different units.", curves);
        }

        double step = curves.Min(c => c.PixelSize);
        double max = curves.Min(c => c.MaxDistance);
        int count = (int)Math.Floor(max / step + 1e-9) + 1;
        var grid = Enumerable.Range(0, count).Select(i => i * step).ToArray();
        var sum = new double[count];
        var pairs = new long[count];
        foreach (var curve in curves)
        {
            var xs = curve.Points.Select(q => q.Distance).ToArray();
            var ys = curve.Points.Select(q => q.SmoothedCorrelation).ToArray();
            for (int i = 0; i < count; i++)
            {
                sum[i] += Interpolate(xs, ys, grid[i]);
                int nearest = Math.Min(curve.Points.Count - 1, (int)Math.Round(grid[i] / curve.PixelSize));
                pairs[i] += curve.Points[nearest].PairCount;
            }
        }

        var points = new CorrelationPoint[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new CorrelationPoint(grid[i], double.NaN, sum[i] / curves.Count, double.NaN, pairs[i]);
        }

        return new ConcentrationCorrelationResult
        {
            Name = name,
            AggregateCount = curves.Sum(c => c.AggregateCount),
            CarbonFraction = curves.Average(c => c.CarbonFraction),
            MaxVariance = double.NaN,
            Bandwidth = curves[0].Bandwidth,
            MaxDistance = grid[^1],
            PixelSize = step,
            Unit = unit,
            Points = points,
        };
    }

    public static void ValidateBandwidth(double bandwidth)
    {
        if (!(bandwidth >= 0) || double.IsInfinity(bandwidth))
        {
            throw MicroMorphException.Argument("InvalidBandwidth", $"The smoothing bandwidth must be >= 0, not {bandwidth.ToString(CultureInfo.InvariantCulture)}.", bandwidth);
        }
    }

    /// <summary>"Stem, mean of N maps" from the names' common prefix without trailing separators; "mean of N maps" without one.</summary>
    private static string MeanName(IReadOnlyList<ConcentrationCorrelationResult> curves)
    {
        string prefix = curves[0].Name;
        foreach (var c in curves)
        {
            int n = 0;
            while (n < prefix.Length && n < c.Name.Length && prefix[n] == c.Name[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        // A prefix cut inside the numbers ("Segregated-1" of Segregated-101 ... -110) loses its digits;
        // one that ends at a separator ("C65-" of C65-1, C65-2) keeps them.
        char[] separators = ['-', '_', ' ', '.', ','];
        string stem = prefix;
        if (curves.Count > 1 && stem.Length > 0 && Array.IndexOf(separators, stem[^1]) < 0)
        {
            stem = stem.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        }

        stem = stem.TrimEnd(separators);
        string count = curves.Count == 1 ? "mean of 1 map" : string.Create(CultureInfo.InvariantCulture, $"mean of {curves.Count} maps");
        return stem.Length > 0 ? $"{stem}, {count}" : count;
    }

    private static double Interpolate(IReadOnlyList<double> x, IReadOnlyList<double> y, double t)
    {
        if (t <= x[0])
        {
            return y[0];
        }

        for (int j = 1; j < x.Count; j++)
        {
            if (t <= x[j])
            {
                double w = (t - x[j - 1]) / (x[j] - x[j - 1]);
                return y[j - 1] + w * (y[j] - y[j - 1]);
            }
        }

        return y[^1];
    }
}

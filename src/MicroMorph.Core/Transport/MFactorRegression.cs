using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Transport;

/// <summary>One measured structure for the regressions: epsilon, constrictivity beta, mean geodesic tortuosity tau, M-factor M, and V1 (e.g. the graphite volume fraction).</summary>
public sealed record MFactorSample(double VolumeFraction, double Constrictivity, double GeodesicTortuosity, double MFactor, double ComponentVolumeFraction = double.NaN);

/// <summary>The power-law estimate M-hat = epsilon^a beta^b / tau^c (001 Eq. 28) and its fit quality.</summary>
public sealed record MFactorPowerLaw(double A, double B, double C, double RSquared, int Count)
{
    /// <summary>The coefficients of 001 Section 3.4 (a = 2.1939, b = 0, c = 5.0152; graphite 1, CBD 0.01).</summary>
    public static MFactorPowerLaw Paper { get; } = new(2.1939, 0, 5.0152, double.NaN, 0);

    /// <summary>001 Eq. 28.</summary>
    public double Predict(double volumeFraction, double constrictivity, double geodesicTortuosity) =>
        Math.Pow(volumeFraction, A) * (B == 0 ? 1 : Math.Pow(constrictivity, B)) / Math.Pow(geodesicTortuosity, C);
}

/// <summary>The linear fit M-tilde = c1 V1 + c0 (001 Eq. 29).</summary>
public sealed record MFactorLinearFit(double C1, double C0, double RSquared, int Count)
{
    public double Predict(double componentVolumeFraction) => C1 * componentVolumeFraction + C0;
}

/// <summary>Least-squares fits of the M-factor regressions of 001 Section 3.4 over a set of measured structures.</summary>
public static class MFactorRegression
{
    /// <summary>
    /// Fits a, b, c of Eq. 28 by linear least squares on ln M = a ln epsilon + b ln beta - c ln tau
    /// (no intercept, as in the equation); with <paramref name="fitConstrictivity"/> false, b = 0 (the paper's
    /// best fit). R^2 is that of M-hat against M on the original scale, 1 - SS_res / SS_tot.
    /// Samples with M = 0 (not percolating) cannot enter the logarithm and are refused.
    /// </summary>
    public static MFactorPowerLaw FitPowerLaw(IReadOnlyList<MFactorSample> samples, bool fitConstrictivity = true)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int k = fitConstrictivity ? 3 : 2;
        if (samples.Count < k)
        {
            throw MicroMorphException.Argument("TooFewSamples", $"The Eq. 28 fit needs at least {k} structures; {samples.Count} were given.", samples);
        }

        foreach (var s in samples)
        {
            if (!(s.MFactor > 0 && s.VolumeFraction > 0 && s.GeodesicTortuosity > 0 && (!fitConstrictivity || s.Constrictivity > 0)) ||
                !double.IsFinite(s.GeodesicTortuosity))
            {
                throw MicroMorphException.Argument("InvalidSample", $"Every structure needs M, epsilon, tau{(fitConstrictivity ? " and beta" : string.Empty)} greater than 0 (a non-percolating structure cannot enter Eq. 28): {s}.", s);
            }
        }

        var normal = new double[k, k];
        var rhs = new double[k];
        foreach (var s in samples)
        {
            double[] row = fitConstrictivity
                ? [Math.Log(s.VolumeFraction), Math.Log(s.Constrictivity), -Math.Log(s.GeodesicTortuosity)]
                : [Math.Log(s.VolumeFraction), -Math.Log(s.GeodesicTortuosity)];
            double y = Math.Log(s.MFactor);
            for (int i = 0; i < k; i++)
            {
                rhs[i] += row[i] * y;
                for (int j = 0; j < k; j++)
                {
                    normal[i, j] += row[i] * row[j];
                }
            }
        }

        var x = SolveSymmetric(normal, rhs);
        var fit = fitConstrictivity ? new MFactorPowerLaw(x[0], x[1], x[2], 0, samples.Count) : new MFactorPowerLaw(x[0], 0, x[1], 0, samples.Count);
        return fit with { RSquared = RSquared(samples.Select(s => s.MFactor).ToArray(), samples.Select(s => fit.Predict(s.VolumeFraction, s.Constrictivity, s.GeodesicTortuosity)).ToArray()) };
    }

    /// <summary>Ordinary least squares of Eq. 29 over the samples' ComponentVolumeFraction V1.</summary>
    public static MFactorLinearFit FitLinear(IReadOnlyList<MFactorSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2 || samples.Any(s => !double.IsFinite(s.ComponentVolumeFraction) || !double.IsFinite(s.MFactor)))
        {
            throw MicroMorphException.Argument("TooFewSamples", "The Eq. 29 fit needs at least 2 structures, each with a finite V1 and M.", samples);
        }

        double mx = samples.Average(s => s.ComponentVolumeFraction), my = samples.Average(s => s.MFactor);
        double sxx = samples.Sum(s => (s.ComponentVolumeFraction - mx) * (s.ComponentVolumeFraction - mx));
        if (sxx == 0)
        {
            throw MicroMorphException.Argument("DegenerateSamples", "All structures have the same V1; the slope of Eq. 29 is undefined.", samples);
        }

        double c1 = samples.Sum(s => (s.ComponentVolumeFraction - mx) * (s.MFactor - my)) / sxx;
        double c0 = my - c1 * mx;
        return new MFactorLinearFit(c1, c0, RSquared(samples.Select(s => s.MFactor).ToArray(), samples.Select(s => c1 * s.ComponentVolumeFraction + c0).ToArray()), samples.Count);
    }

    private static double RSquared(double[] observed, double[] predicted)
    {
        double mean = observed.Average();
        double total = observed.Sum(o => (o - mean) * (o - mean));
        double residual = observed.Zip(predicted, (o, p) => (o - p) * (o - p)).Sum();
        return total == 0 ? (residual == 0 ? 1 : 0) : 1 - residual / total;
    }

    /// <summary>Gaussian elimination with partial pivoting for the small normal equations.</summary>
    private static double[] SolveSymmetric(double[,] a, double[] b)
    {
        int n = b.Length;
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, c]) < 1e-300)
            {
                throw MicroMorphException.Argument("DegenerateSamples", "The structures do not determine the Eq. 28 coefficients (their descriptors are collinear).", null);
            }

            for (int j = 0; j < n; j++)
            {
                (a[c, j], a[pivot, j]) = (a[pivot, j], a[c, j]);
            }

            (b[c], b[pivot]) = (b[pivot], b[c]);
            for (int r = c + 1; r < n; r++)
            {
                double f = a[r, c] / a[c, c];
                for (int j = c; j < n; j++)
                {
                    a[r, j] -= f * a[c, j];
                }

                b[r] -= f * b[c];
            }
        }

        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int j = r + 1; j < n; j++)
            {
                s -= a[r, j] * x[j];
            }

            x[r] = s / a[r, r];
        }

        return x;
    }
}

/// <summary>Both regressions of 001 Section 3.4 over one set of structures: Eq. 28 (power law) and, when V1 is known, Eq. 29 (linear).</summary>
public sealed record MFactorRegressionResult(MFactorPowerLaw PowerLaw, MFactorLinearFit? Linear)
{
    public double A => PowerLaw.A;

    public double B => PowerLaw.B;

    public double C => PowerLaw.C;

    /// <summary>R^2 of M-hat (Eq. 28) against M.</summary>
    public double RSquared => PowerLaw.RSquared;

    public double C1 => Linear?.C1 ?? double.NaN;

    public double C0 => Linear?.C0 ?? double.NaN;

    /// <summary>R^2 of M-tilde (Eq. 29) against M.</summary>
    public double LinearRSquared => Linear?.RSquared ?? double.NaN;

    /// <summary>Structures in the Eq. 28 fit (those with M &gt; 0).</summary>
    public int Count => PowerLaw.Count;
}

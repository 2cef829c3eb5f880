namespace MicroMorph.Core.Stochastic;

/// <summary>
/// A deterministic pseudo-random stream (SplitMix64, Steele, Lea and Flood 2014) identified by a
/// seed and a stream number. Every random model draws from streams named by what they are for
/// (germs, radii, one stream per line of noise, ...), never from a shared generator, so the same
/// seed gives the same voxels at any degree of parallelism. Not thread-safe: one stream per task.
/// </summary>
public sealed class RandomStream
{
    private ulong _state;
    private double? _spareGaussian;

    public RandomStream(long seed, long stream = 0)
    {
        // Mix seed and stream so neighbouring (seed, stream) pairs give unrelated sequences.
        _state = Mix(unchecked((ulong)seed) ^ Mix(unchecked((ulong)stream) + 0x632BE59BD9B4E019UL));
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit hash, also usable as a counter-based generator.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return Mix(_state);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe under a logarithm.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [a, b).</summary>
    public double NextUniform(double a, double b) => a + (b - a) * NextDouble();

    /// <summary>Standard normal by the polar (Marsaglia) method; pairs are used in order.</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is double spare)
        {
            _spareGaussian = null;
            return spare;
        }

        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        double factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        return u * factor;
    }

    /// <summary>Exponential with rate <paramref name="rate"/> (mean 1/rate).</summary>
    public double NextExponential(double rate) => -Math.Log(NextOpenDouble()) / rate;

    /// <summary>
    /// Gamma with shape <paramref name="shape"/> and rate <paramref name="rate"/> (mean shape/rate),
    /// by Marsaglia and Tsang (2000); shapes below 1 by the boost U^(1/shape).
    /// </summary>
    public double NextGamma(double shape, double rate)
    {
        if (shape < 1)
        {
            double boost = Math.Pow(NextOpenDouble(), 1 / shape);
            return NextGamma(shape + 1, rate) * boost;
        }

        double d = shape - 1.0 / 3.0;
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = NextGaussian();
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            double u = NextOpenDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
            {
                return d * v / rate;
            }
        }
    }

    /// <summary>
    /// Poisson with mean <paramref name="mean"/>: multiplication of uniforms for small means, and
    /// for large means the PTRS transformed rejection of Hörmann (1993).
    /// </summary>
    public long NextPoisson(double mean)
    {
        if (!(mean >= 0) || double.IsInfinity(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean must be finite and non-negative.");
        }

        if (mean < 30)
        {
            double limit = Math.Exp(-mean);
            long k = 0;
            double product = NextDouble();
            while (product > limit)
            {
                k++;
                product *= NextDouble();
            }

            return k;
        }

        double slam = Math.Sqrt(mean);
        double loglam = Math.Log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = NextDouble() - 0.5;
            double v = NextOpenDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invalpha) - Math.Log(a / (us * us) + b) <=
                -mean + k * loglam - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1))
            {
                return (long)k;
            }
        }
    }

    /// <summary>A uniformly distributed unit vector (isotropic direction).</summary>
    public (double X, double Y, double Z) NextDirection()
    {
        double z = 2 * NextDouble() - 1;
        double phi = 2 * Math.PI * NextDouble();
        double r = Math.Sqrt(Math.Max(0, 1 - z * z));
        return (r * Math.Cos(phi), r * Math.Sin(phi), z);
    }
}

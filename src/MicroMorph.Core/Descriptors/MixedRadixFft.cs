using System.Numerics;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// In-place 1D complex FFT of any length, fast for lengths whose prime factors are small
/// (recursive decimation in time after KISS FFT's kf_work: its radix-2, 3, 4 and 5 butterflies,
/// a generic radix-p butterfly for other primes).
/// MathNet's managed transform handles lengths that are not powers of two with Bluestein's
/// algorithm, several times slower; padded volume sizes here are chosen as 2^a 3^b 5^c.
/// Unscaled in both directions.
/// </summary>
internal sealed class MixedRadixFft
{
    private readonly int _n;
    private readonly int[] _factors; // pairs (radix p, remaining length m)
    private readonly Complex[] _twiddles;
    private readonly bool _inverse;

    public MixedRadixFft(int n, bool inverse)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }

        _n = n;
        var factors = new List<int>();
        int rest = n;
        foreach (int p in new[] { 4, 2, 3, 5 })
        {
            while (rest % p == 0 && rest > 1)
            {
                rest /= p;
                factors.Add(p);
                factors.Add(rest);
            }
        }

        for (int p = 7; rest > 1; p += 2)
        {
            while (rest % p == 0)
            {
                rest /= p;
                factors.Add(p);
                factors.Add(rest);
            }
        }

        if (factors.Count == 0)
        {
            factors.Add(1);
            factors.Add(1);
        }

        _factors = factors.ToArray();
        _inverse = inverse;
        double sign = inverse ? 1 : -1;
        _twiddles = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            double phase = sign * 2 * Math.PI * i / n;
            _twiddles[i] = new Complex(Math.Cos(phase), Math.Sin(phase));
        }
    }

    /// <summary>The smallest length >= <paramref name="minimum"/> with no prime factor above 5.</summary>
    public static int GoodSize(int minimum)
    {
        for (int n = Math.Max(1, minimum); ; n++)
        {
            int r = n;
            foreach (int p in new[] { 2, 3, 5 })
            {
                while (r % p == 0)
                {
                    r /= p;
                }
            }

            if (r == 1)
            {
                return n;
            }
        }
    }

    /// <summary>Transforms <paramref name="data"/> (length n) using <paramref name="scratch"/> (length n).</summary>
    public void Transform(Span<Complex> data, Span<Complex> scratch)
    {
        if (_n == 1)
        {
            return;
        }

        data.CopyTo(scratch);
        Work(data, scratch, 0, 1, 0);
    }

    private void Work(Span<Complex> output, ReadOnlySpan<Complex> input, int inputOffset, int inputStride, int factorIndex)
    {
        int p = _factors[factorIndex], m = _factors[factorIndex + 1];
        if (m == 1)
        {
            for (int k = 0; k < p; k++)
            {
                output[k] = input[inputOffset + k * inputStride];
            }
        }
        else
        {
            for (int k = 0; k < p; k++)
            {
                Work(output.Slice(k * m, m), input, inputOffset + k * inputStride, inputStride * p, factorIndex + 2);
            }
        }

        Butterfly(output, inputStride, m, p);
    }

    /// <summary>Radix-p butterfly over p sub-transforms of length m; fstride = n / (p m).</summary>
    private void Butterfly(Span<Complex> output, int fstride, int m, int p)
    {
        switch (p)
        {
            case 2:
                Butterfly2(output, fstride, m);
                return;
            case 3:
                Butterfly3(output, fstride, m);
                return;
            case 4:
                Butterfly4(output, fstride, m);
                return;
            case 5:
                Butterfly5(output, fstride, m);
                return;
        }

        Span<Complex> scratch = stackalloc Complex[p];
        for (int u = 0; u < m; u++)
        {
            for (int q = 0, k = u; q < p; q++, k += m)
            {
                scratch[q] = output[k];
            }

            for (int q1 = 0, k = u; q1 < p; q1++, k += m)
            {
                int twiddle = 0;
                Complex sum = scratch[0];
                for (int q = 1; q < p; q++)
                {
                    twiddle += fstride * k;
                    if (twiddle >= _n)
                    {
                        twiddle %= _n;
                    }

                    sum += scratch[q] * _twiddles[twiddle];
                }

                output[k] = sum;
            }
        }
    }

    // The radix-2, 3, 4 and 5 butterflies of KISS FFT (kf_bfly2 .. kf_bfly5): the same sums as the
    // generic butterfly with the multiplications by the p-th roots of unity written out.
    private void Butterfly2(Span<Complex> f, int fstride, int m)
    {
        var tw = _twiddles;
        for (int k = 0; k < m; k++)
        {
            Complex t = f[k + m] * tw[k * fstride];
            f[k + m] = f[k] - t;
            f[k] += t;
        }
    }

    private void Butterfly3(Span<Complex> f, int fstride, int m)
    {
        var tw = _twiddles;
        double epi3 = tw[fstride * m].Imaginary;
        for (int k = 0; k < m; k++)
        {
            Complex s1 = f[k + m] * tw[k * fstride];
            Complex s2 = f[k + 2 * m] * tw[2 * k * fstride];
            Complex s3 = s1 + s2;
            Complex s0 = (s1 - s2) * epi3;
            Complex f0 = f[k];
            Complex mid = new(f0.Real - 0.5 * s3.Real, f0.Imaginary - 0.5 * s3.Imaginary);
            f[k] = f0 + s3;
            f[k + 2 * m] = new Complex(mid.Real + s0.Imaginary, mid.Imaginary - s0.Real);
            f[k + m] = new Complex(mid.Real - s0.Imaginary, mid.Imaginary + s0.Real);
        }
    }

    private void Butterfly4(Span<Complex> f, int fstride, int m)
    {
        var tw = _twiddles;
        for (int k = 0; k < m; k++)
        {
            Complex s0 = f[k + m] * tw[k * fstride];
            Complex s1 = f[k + 2 * m] * tw[2 * k * fstride];
            Complex s2 = f[k + 3 * m] * tw[3 * k * fstride];
            Complex f0 = f[k];
            Complex s5 = f0 - s1;
            f0 += s1;
            Complex s3 = s0 + s2;
            Complex s4 = s0 - s2;
            f[k + 2 * m] = f0 - s3;
            f[k] = f0 + s3;
            if (_inverse)
            {
                f[k + m] = new Complex(s5.Real - s4.Imaginary, s5.Imaginary + s4.Real);
                f[k + 3 * m] = new Complex(s5.Real + s4.Imaginary, s5.Imaginary - s4.Real);
            }
            else
            {
                f[k + m] = new Complex(s5.Real + s4.Imaginary, s5.Imaginary - s4.Real);
                f[k + 3 * m] = new Complex(s5.Real - s4.Imaginary, s5.Imaginary + s4.Real);
            }
        }
    }

    private void Butterfly5(Span<Complex> f, int fstride, int m)
    {
        var tw = _twiddles;
        Complex ya = tw[fstride * m], yb = tw[fstride * 2 * m];
        for (int u = 0; u < m; u++)
        {
            Complex s0 = f[u];
            Complex s1 = f[u + m] * tw[u * fstride];
            Complex s2 = f[u + 2 * m] * tw[2 * u * fstride];
            Complex s3 = f[u + 3 * m] * tw[3 * u * fstride];
            Complex s4 = f[u + 4 * m] * tw[4 * u * fstride];
            Complex s7 = s1 + s4, s10 = s1 - s4, s8 = s2 + s3, s9 = s2 - s3;
            f[u] = s0 + s7 + s8;
            Complex s5 = new(s0.Real + s7.Real * ya.Real + s8.Real * yb.Real, s0.Imaginary + s7.Imaginary * ya.Real + s8.Imaginary * yb.Real);
            Complex s6 = new(s10.Imaginary * ya.Imaginary + s9.Imaginary * yb.Imaginary, -(s10.Real * ya.Imaginary) - s9.Real * yb.Imaginary);
            f[u + m] = s5 - s6;
            f[u + 4 * m] = s5 + s6;
            Complex s11 = new(s0.Real + s7.Real * yb.Real + s8.Real * ya.Real, s0.Imaginary + s7.Imaginary * yb.Real + s8.Imaginary * ya.Real);
            Complex s12 = new(-(s10.Imaginary * yb.Imaginary) + s9.Imaginary * ya.Imaginary, s10.Real * yb.Imaginary - s9.Real * ya.Imaginary);
            f[u + 2 * m] = s11 + s12;
            f[u + 3 * m] = s11 - s12;
        }
    }
}

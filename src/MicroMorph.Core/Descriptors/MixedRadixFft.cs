using System.Numerics;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// In-place 1D complex FFT of any length, fast for lengths whose prime factors are small
/// (recursive decimation in time with a generic radix-p butterfly, after KISS FFT's kf_work).
/// MathNet's managed transform handles lengths that are not powers of two with Bluestein's
/// algorithm, several times slower; padded volume sizes here are chosen as 2^a 3^b 5^c.
/// Unscaled in both directions.
/// </summary>
internal sealed class MixedRadixFft
{
    private readonly int _n;
    private readonly int[] _factors; // pairs (radix p, remaining length m)
    private readonly Complex[] _twiddles;

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
}

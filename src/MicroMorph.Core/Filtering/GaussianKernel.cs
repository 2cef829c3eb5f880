namespace MicroMorph.Core.Filtering;

/// <summary>
/// The sampled one-dimensional Gaussian and its first two derivatives, as SciPy's
/// <c>gaussian_filter1d</c> builds them: g(x) = exp(-x^2 / 2 sigma^2) normalised to sum 1 on
/// x = -r..r with r = floor(truncate * sigma + 0.5), times the derivative polynomial
/// (-x / sigma^2 for order 1, (x^2 - sigma^2) / sigma^4 for order 2).
/// </summary>
public static class GaussianKernel
{
    /// <summary>SciPy's default truncation: the kernel ends at four standard deviations.</summary>
    public const double DefaultTruncate = 4.0;

    /// <summary>The weights w[j], j = 0..2r, of the correlation output(x) = sum_j w[j] input(x + j - r).</summary>
    /// <param name="sigma">Standard deviation in voxels (0 with order 0 gives the identity).</param>
    /// <param name="order">Derivative order 0, 1 or 2.</param>
    /// <param name="truncate">Half-width in standard deviations.</param>
    public static float[] Create(double sigma, int order, double truncate = DefaultTruncate)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The standard deviation must be finite and not negative.");
        }

        if (order is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The derivative order must be 0, 1 or 2.");
        }

        if (sigma == 0)
        {
            return order == 0 ? [1f] : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "A derivative needs a positive standard deviation.");
        }

        int radius = (int)(truncate * sigma + 0.5);
        var phi = new double[2 * radius + 1];
        double sum = 0;
        for (int x = -radius; x <= radius; x++)
        {
            phi[x + radius] = Math.Exp(-0.5 * x * x / (sigma * sigma));
            sum += phi[x + radius];
        }

        var weights = new float[phi.Length];
        double s2 = sigma * sigma;
        for (int x = -radius; x <= radius; x++)
        {
            double g = phi[x + radius] / sum;
            double p = order switch
            {
                0 => 1,
                1 => -x / s2,
                _ => (x * x - s2) / (s2 * s2),
            };

            // SciPy correlates with the reversed kernel, i.e. convolves with the derivative:
            // output(x) = sum_k g'(k) input(x - k); as a correlation the weight at offset j is g'(-j).
            weights[radius - x] = (float)(g * p);
        }

        return weights;
    }
}

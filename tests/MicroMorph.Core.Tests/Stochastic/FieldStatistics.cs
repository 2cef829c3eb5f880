namespace MicroMorph.Core.Tests.Stochastic;

/// <summary>
/// Exact sampling variances of window averages of a stationary field, used to justify the
/// tolerances of the statistical tests: for a window of n voxels and covariance c,
/// Var(mean Z) = (1/n^2) sum_{x,y} c(x - y) and, for Gaussian Z, Var(mean Z^2) = (2/n^2) sum_{x,y} c(x - y)^2.
/// </summary>
internal static class FieldStatistics
{
    /// <summary>sum over lags k of (wx - |kx|)(wy - |ky|)(wz - |kz|) f(kx vx, ky vy, kz vz): the double sum over pairs of window voxels.</summary>
    public static double PairSum(int wx, int wy, int wz, double vx, double vy, double vz, Func<double, double> ofDistance)
    {
        double sum = 0;
        for (int kz = 0; kz < wz; kz++)
        {
            double mz = (kz == 0 ? 1 : 2) * (double)(wz - kz);
            for (int ky = 0; ky < wy; ky++)
            {
                double my = (ky == 0 ? 1 : 2) * (double)(wy - ky);
                for (int kx = 0; kx < wx; kx++)
                {
                    double mx = (kx == 0 ? 1 : 2) * (double)(wx - kx);
                    double dx = kx * vx, dy = ky * vy, dz = kz * vz;
                    sum += mx * my * mz * ofDistance(Math.Sqrt(dx * dx + dy * dy + dz * dz));
                }
            }
        }

        return sum;
    }

    /// <summary>Standard deviation of the window mean of a unit-variance field with correlation <paramref name="rho"/>.</summary>
    public static double MeanDeviation(int wx, int wy, int wz, double vx, double vy, double vz, Func<double, double> rho)
    {
        double n = (double)wx * wy * wz;
        return Math.Sqrt(PairSum(wx, wy, wz, vx, vy, vz, rho)) / n;
    }

    /// <summary>
    /// Standard deviation of the mean of products Z(x) Z(x + l) over the window: at lag 0 exactly
    /// sqrt(2 sum c^2) / n; at other lags bounded by the same over the pairs (Cauchy-Schwarz on
    /// sum c(k + l) c(k - l) &lt;= sum c(k)^2), which this returns scaled to <paramref name="pairs"/>.
    /// </summary>
    public static double ProductDeviation(int wx, int wy, int wz, double vx, double vy, double vz, Func<double, double> rho, double pairs)
    {
        double n = (double)wx * wy * wz;
        double sumSquares = PairSum(wx, wy, wz, vx, vy, vz, h => rho(h) * rho(h)) / n; // ~ sum over lags of c^2
        return Math.Sqrt(2 * sumSquares / pairs);
    }

    /// <summary>Mean of Z(x) Z(x + k e_axis) over the window (known mean 0), for slices stored [z][y * w + x].</summary>
    public static double LagProduct(float[][] slices, int w, int h, int axis, int k)
    {
        int d = slices.Length;
        double sum = 0;
        long count = 0;
        for (int z = 0; z < d - (axis == 2 ? k : 0); z++)
        {
            var a = slices[z];
            var b = slices[z + (axis == 2 ? k : 0)];
            for (int y = 0; y < h - (axis == 1 ? k : 0); y++)
            {
                int shift = axis == 0 ? k : axis == 1 ? k * w : 0;
                for (int x = 0; x < w - (axis == 0 ? k : 0); x++)
                {
                    sum += (double)a[y * w + x] * b[y * w + x + shift];
                    count++;
                }
            }
        }

        return sum / count;
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Numerics;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// The parametric correlation function of 000 Eq. 14, lambda sinc(h / s1) + (1 - lambda) exp(-(h / s2)^nu)
/// with s1, s2 > 0, nu in (0, 2], lambda in [0, 1], and its least-squares fit. The fit is separable:
/// for fixed (s1, s2, nu) the best lambda is a clamped linear regression, so only three parameters
/// are searched — on a logarithmic grid first, then by Nelder-Mead (in log s1, log s2 and nu clamped
/// to (0, 2]) from the best grid points. s1 is kept above half the smallest sampled distance: a sinc
/// narrower than the sampling step is aliased into noise and could fit it.
/// </summary>
public static class CorrelationModel
{
    private const double MinNu = 1e-3;

    public static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    public static double Evaluate(double h, double s1, double s2, double nu, double lambda) =>
        lambda * Sinc(h / s1) + (1 - lambda) * Math.Exp(-Math.Pow(h / s2, nu));

    /// <summary>Fits Eq. 14 to the finite points (h_j, R_j), h_j >= 0, in the least-squares sense.</summary>
    public static CorrelationModelFit Fit(IReadOnlyList<double> distances, IReadOnlyList<double> correlations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(correlations);
        var h = new List<double>();
        var r = new List<double>();
        for (int i = 0; i < Math.Min(distances.Count, correlations.Count); i++)
        {
            if (double.IsFinite(distances[i]) && double.IsFinite(correlations[i]))
            {
                h.Add(distances[i]);
                r.Add(correlations[i]);
            }
        }

        if (h.Count < 5 || h.Max() <= 0)
        {
            throw MicroMorphException.Argument("TooFewPoints", $"The fit of Eq. 14 needs at least 5 finite points at distinct distances; got {h.Count}.", correlations);
        }

        double[] hs = [.. h], rs = [.. r];
        double hMax = hs.Max();
        double hMin = hs.Where(v => v > 0).Min();

        // Coarse grid over log s1, log s2 and nu.
        var candidates = new List<(double Value, double[] Point)>();
        const int grid1 = 64, grid2 = 24;
        double lo = Math.Log(hMin / 4), hi = Math.Log(4 * hMax);
        foreach (double nu in new[] { 0.5, 0.8, 1.1, 1.4, 1.7, 2.0 })
        {
            for (int i = 0; i < grid1; i++)
            {
                for (int j = 0; j < grid2; j++)
                {
                    double[] point = [lo + (hi - lo) * i / (grid1 - 1), lo + (hi - lo) * j / (grid2 - 1), nu];
                    candidates.Add((Objective(point, hs, rs, hMin, out _), point));
                }
            }
        }

        candidates.Sort((a, b) => a.Value.CompareTo(b.Value));
        NelderMeadResult? best = null;
        foreach (var (_, start) in candidates.Take(8))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = NelderMead.Minimize(x => Objective(x, hs, rs, hMin, out _), start, [0.3, 0.3, 0.2], 1e-7, 1e-10, 1e-300, 2000, cancellationToken);
            if (best is null || result.Value < best.Value)
            {
                best = result;
            }
        }

        // Polish the best: restarts with a fresh small simplex until it stops moving.
        for (int restart = 0; restart < 3; restart++)
        {
            var polished = NelderMead.Minimize(x => Objective(x, hs, rs, hMin, out _), best!.Point, [0.05, 0.05, 0.05], 1e-12, 1e-15, 1e-300, 4000, cancellationToken);
            bool moved = polished.Value < best.Value * (1 - 1e-12);
            if (polished.Value <= best.Value)
            {
                best = polished;
            }

            if (!moved)
            {
                break;
            }
        }

        double sse = Objective(best!.Point, hs, rs, hMin, out double lambda);
        double mean = rs.Average();
        double sst = rs.Sum(v => (v - mean) * (v - mean));
        return new CorrelationModelFit(S1(best.Point[0], hMin), Math.Exp(best.Point[1]), Nu(best.Point[2]), lambda, sst > 0 ? 1 - sse / sst : double.NaN);
    }

    private static double Nu(double v) => Math.Clamp(v, MinNu, 2);

    private static double S1(double x, double step) => 0.5 * step + Math.Exp(x);

    /// <summary>Sum of squared residuals at (log s1, log s2, nu) with the best lambda in [0, 1].</summary>
    private static double Objective(double[] x, double[] h, double[] r, double step, out double lambda)
    {
        double s1 = S1(x[0], step), s2 = Math.Exp(x[1]), nu = Nu(x[2]);
        // One pass: with a = r - e and d = sinc - e the residual is a - lambda d, so
        // SSE(lambda) = sum a^2 - 2 lambda sum a d + lambda^2 sum d^2.
        double aa = 0, ad = 0, dd = 0;
        for (int i = 0; i < h.Length; i++)
        {
            double e = Math.Exp(-Math.Pow(h[i] / s2, nu));
            double d = Sinc(h[i] / s1) - e;
            double a = r[i] - e;
            aa += a * a;
            ad += a * d;
            dd += d * d;
        }

        lambda = dd > 0 ? Math.Clamp(ad / dd, 0, 1) : 0;
        double sse = Math.Max(0, aa - 2 * lambda * ad + lambda * lambda * dd);

        // Outside nu's range the clamp makes the objective flat; a small slope leads the simplex back.
        return sse + (x[2] > 2 ? x[2] - 2 : x[2] < MinNu ? MinNu - x[2] : 0);
    }
}

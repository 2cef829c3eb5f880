namespace MicroMorph.Core.Numerics;

/// <summary>The best point of a Nelder-Mead run.</summary>
/// <param name="Point">The vertex with the lowest objective value.</param>
/// <param name="Value">The objective there.</param>
/// <param name="Iterations">Simplex iterations used (reflections, expansions, contractions or shrinks).</param>
/// <param name="Evaluations">Objective evaluations used.</param>
/// <param name="Converged">True when both tolerances were met before the iteration cap.</param>
public sealed record NelderMeadResult(double[] Point, double Value, int Iterations, int Evaluations, bool Converged);

/// <summary>
/// The Nelder-Mead simplex search (Nelder and Mead 1965) in the variant of Lagarias, Reeds, Wright
/// and Wright (SIAM J. Optim. 9, 1998) that Matlab's fminsearch implements and 001 Section 3.2.1
/// used: reflection 1, expansion 2, contraction 1/2, shrink 1/2, ties broken by order.
/// It stops when the simplex is small in both senses, as fminsearch does: every vertex within
/// <c>parameterTolerance</c> (maximum norm) of the best one and every objective value within
/// <c>objectiveTolerance</c> |f_best| + <c>absoluteObjectiveTolerance</c> of the best one (fminsearch's
/// TolFun is absolute only; the relative part lets a minimum far from 0 converge at any scale). Deterministic: no random restarts here; callers restart
/// from the returned point with a fresh simplex if they want to.
/// </summary>
public static class NelderMead
{
    public static NelderMeadResult Minimize(
        Func<double[], double> objective,
        double[] start,
        double[] steps,
        double parameterTolerance,
        double objectiveTolerance,
        double absoluteObjectiveTolerance,
        int maxIterations,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(steps);
        int n = start.Length;
        if (steps.Length != n)
        {
            throw new ArgumentException("One initial step per coordinate is needed.", nameof(steps));
        }

        int evaluations = 0;
        double Evaluate(double[] x)
        {
            evaluations++;
            double v = objective(x);
            return double.IsNaN(v) ? double.PositiveInfinity : v; // a NaN vertex is simply the worst
        }

        // Initial simplex: the start and one vertex per coordinate moved by its step.
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = (double[])start.Clone();
        values[0] = Evaluate(simplex[0]);
        for (int i = 0; i < n; i++)
        {
            var v = (double[])start.Clone();
            v[i] += steps[i];
            simplex[i + 1] = v;
            values[i + 1] = Evaluate(v);
        }

        var order = new int[n + 1];
        var centroid = new double[n];
        int iterations = 0;
        while (true)
        {
            Sort(values, order);
            int best = order[0], worst = order[n], secondWorst = order[n - 1];
            if (Small(simplex, values, best, parameterTolerance, objectiveTolerance * Math.Abs(values[best]) + absoluteObjectiveTolerance))
            {
                return new NelderMeadResult((double[])simplex[best].Clone(), values[best], iterations, evaluations, true);
            }

            if (iterations >= maxIterations)
            {
                return new NelderMeadResult((double[])simplex[best].Clone(), values[best], iterations, evaluations, false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            iterations++;

            Array.Clear(centroid);
            for (int k = 0; k < n; k++)
            {
                var vertex = simplex[order[k]];
                for (int i = 0; i < n; i++)
                {
                    centroid[i] += vertex[i] / n;
                }
            }

            var reflected = Along(centroid, simplex[worst], -1);
            double fr = Evaluate(reflected);
            if (fr < values[best])
            {
                var expanded = Along(centroid, simplex[worst], -2);
                double fe = Evaluate(expanded);
                if (fe < fr)
                {
                    Replace(simplex, values, worst, expanded, fe);
                }
                else
                {
                    Replace(simplex, values, worst, reflected, fr);
                }

                continue;
            }

            if (fr < values[secondWorst])
            {
                Replace(simplex, values, worst, reflected, fr);
                continue;
            }

            // Contraction: outside when the reflection beat the worst vertex, inside otherwise.
            bool outside = fr < values[worst];
            var contracted = outside ? Along(centroid, simplex[worst], -0.5) : Along(centroid, simplex[worst], 0.5);
            double fc = Evaluate(contracted);
            if (outside ? fc <= fr : fc < values[worst])
            {
                Replace(simplex, values, worst, contracted, fc);
                continue;
            }

            // Shrink every vertex half-way towards the best one.
            for (int k = 1; k <= n; k++)
            {
                int j = order[k];
                for (int i = 0; i < n; i++)
                {
                    simplex[j][i] = simplex[best][i] + 0.5 * (simplex[j][i] - simplex[best][i]);
                }

                values[j] = Evaluate(simplex[j]);
            }
        }
    }

    /// <summary>centroid + t (vertex - centroid): t = -1 reflects, -2 expands, -1/2 and 1/2 contract.</summary>
    private static double[] Along(double[] centroid, double[] vertex, double t)
    {
        var x = new double[centroid.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = centroid[i] + t * (vertex[i] - centroid[i]);
        }

        return x;
    }

    private static void Replace(double[][] simplex, double[] values, int index, double[] point, double value)
    {
        simplex[index] = point;
        values[index] = value;
    }

    /// <summary>Stable sort of vertex indices by value (ties keep index order).</summary>
    private static void Sort(double[] values, int[] order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        for (int i = 1; i < order.Length; i++)
        {
            int current = order[i];
            int j = i - 1;
            while (j >= 0 && values[order[j]] > values[current])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = current;
        }
    }

    private static bool Small(double[][] simplex, double[] values, int best, double parameterTolerance, double objectiveTolerance)
    {
        for (int k = 0; k < simplex.Length; k++)
        {
            if (k == best)
            {
                continue;
            }

            if (!(Math.Abs(values[k] - values[best]) <= objectiveTolerance))
            {
                return false;
            }

            for (int i = 0; i < simplex[k].Length; i++)
            {
                if (!(Math.Abs(simplex[k][i] - simplex[best][i]) <= parameterTolerance))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

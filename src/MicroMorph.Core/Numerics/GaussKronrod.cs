namespace MicroMorph.Core.Numerics;

/// <summary>
/// Globally adaptive 7-point Gauss / 15-point Kronrod quadrature (Piessens et al., QUADPACK QAG)
/// of several integrands at once over one finite interval: the interval with the largest relative
/// error estimate is bisected until every component meets the tolerance or the interval budget is
/// spent. Deterministic; used for the expectations over grain laws (001 Eqs. 14-16).
/// </summary>
public static class GaussKronrod
{
    // Nodes (x >= 0) and weights of the 15-point Kronrod rule; the 7-point Gauss rule uses the odd ones.
    private static readonly double[] Nodes =
    [
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.000000000000000000000000000000000,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    ];

    private static readonly double[] GaussWeights =
    [
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    ];

    /// <summary>
    /// Integrals over [<paramref name="a"/>, <paramref name="b"/>] of the <paramref name="dimension"/>
    /// components that <paramref name="f"/> writes into the array it is given. Each component k stops refining when
    /// its error estimate is at most max(<paramref name="relativeTolerance"/> |I_k|, <paramref name="absoluteTolerance"/>).
    /// </summary>
    public static double[] Integrate(Action<double, double[]> f, int dimension, double a, double b, double relativeTolerance, double absoluteTolerance = 0, int maxIntervals = 2000)
    {
        ArgumentNullException.ThrowIfNull(f);
        var total = new double[dimension];
        if (!(b > a))
        {
            return total;
        }

        var intervals = new List<Piece> { Rule(f, dimension, a, b) };
        while (true)
        {
            Array.Clear(total);
            var error = new double[dimension];
            foreach (var piece in intervals)
            {
                for (int k = 0; k < dimension; k++)
                {
                    total[k] += piece.Value[k];
                    error[k] += piece.Error[k];
                }
            }

            bool done = true;
            for (int k = 0; k < dimension; k++)
            {
                done &= error[k] <= Math.Max(relativeTolerance * Math.Abs(total[k]), absoluteTolerance);
            }

            if (done || intervals.Count >= maxIntervals)
            {
                return total;
            }

            // Bisect the piece that contributes most to the worst component's relative error.
            int worst = 0;
            double worstScore = -1;
            for (int i = 0; i < intervals.Count; i++)
            {
                double score = 0;
                for (int k = 0; k < dimension; k++)
                {
                    score = Math.Max(score, intervals[i].Error[k] / Math.Max(Math.Abs(total[k]), double.Epsilon));
                }

                if (score > worstScore)
                {
                    worstScore = score;
                    worst = i;
                }
            }

            var split = intervals[worst];
            double mid = 0.5 * (split.A + split.B);
            if (!(mid > split.A && mid < split.B))
            {
                return total; // cannot refine below double resolution
            }

            intervals[worst] = Rule(f, dimension, split.A, mid);
            intervals.Add(Rule(f, dimension, mid, split.B));
        }
    }

    /// <summary>One-dimensional convenience overload.</summary>
    public static double Integrate(Func<double, double> f, double a, double b, double relativeTolerance, double absoluteTolerance = 0, int maxIntervals = 2000)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Integrate((x, v) => v[0] = f(x), 1, a, b, relativeTolerance, absoluteTolerance, maxIntervals)[0];
    }

    private static Piece Rule(Action<double, double[]> f, int dimension, double a, double b)
    {
        double centre = 0.5 * (a + b), half = 0.5 * (b - a);
        var kronrod = new double[dimension];
        var gauss = new double[dimension];
        var left = new double[dimension];
        var right = new double[dimension];
        for (int j = 0; j < Nodes.Length; j++)
        {
            if (j == Nodes.Length - 1)
            {
                f(centre, left);
                for (int k = 0; k < dimension; k++)
                {
                    kronrod[k] += KronrodWeights[j] * left[k];
                    gauss[k] += GaussWeights[3] * left[k];
                }

                break;
            }

            double dx = half * Nodes[j];
            f(centre - dx, left);
            f(centre + dx, right);
            for (int k = 0; k < dimension; k++)
            {
                double pair = left[k] + right[k];
                kronrod[k] += KronrodWeights[j] * pair;
                if (j % 2 == 1)
                {
                    gauss[k] += GaussWeights[j / 2] * pair;
                }
            }
        }

        var error = new double[dimension];
        for (int k = 0; k < dimension; k++)
        {
            kronrod[k] *= half;
            gauss[k] *= half;
            // QUADPACK's error estimate (200 |K - G|)^1.5, kept no smaller than rounding.
            double raw = Math.Abs(kronrod[k] - gauss[k]);
            error[k] = Math.Max(raw == 0 ? 0 : raw * Math.Min(1, Math.Pow(200 * raw / Math.Max(Math.Abs(kronrod[k]), double.Epsilon), 1.5)), 50 * double.Epsilon * Math.Abs(kronrod[k]));
        }

        return new Piece(a, b, kronrod, error);
    }

    private sealed record Piece(double A, double B, double[] Value, double[] Error);
}

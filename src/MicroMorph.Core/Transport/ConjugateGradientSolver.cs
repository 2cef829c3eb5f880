using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// Jacobi-preconditioned conjugate gradients for the SPD system of a <see cref="ConductionProblem"/>,
/// parallel over z-slices. Every dot product is summed per slice and then over the slices in order,
/// so the iterates (and the result) do not depend on the number of threads. Starts from the linear
/// ramp between the inlet and outlet potentials. Stops when ||b - A x||_2 &lt;= tolerance ||b||_2.
/// </summary>
internal static class ConjugateGradientSolver
{
    public readonly record struct Outcome(double[][] Potential, int Iterations, double RelativeResidual, bool Converged);

    public static Outcome Solve(ConductionProblem problem, TransportSolverSettings settings, ComputeOptions options)
    {
        int depth = problem.Depth;
        int sliceLength = problem.Width * problem.Height;
        var inner = options with { Progress = null };
        var x = NewVectors(depth, sliceLength);
        var r = NewVectors(depth, sliceLength);
        var p = NewVectors(depth, sliceLength);
        var q = NewVectors(depth, sliceLength);
        var partA = new double[depth];
        var partB = new double[depth];

        // x0: the linear ramp from 1 at the inlet face to 0 at the outlet face; r0 = b - A x0.
        double extent = problem.Extent;
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            var codes = problem.Codes[z];
            var xz = x[z];
            for (int y = 0, i = 0; y < problem.Height; y++)
            {
                for (int xx = 0; xx < problem.Width; xx++, i++)
                {
                    if (codes[i] != 0)
                    {
                        xz[i] = 1 - (problem.FlowCoordinate(xx, y, z) + 0.5) / extent;
                    }
                }
            }
        });
        SliceIterator.For(depth, inner, string.Empty, z => problem.Apply(z, x, q));
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            var rz = r[z];
            problem.RightHandSide(z, rz);
            double bb = 0;
            for (int i = 0; i < rz.Length; i++)
            {
                bb += rz[i] * rz[i];
            }

            partA[z] = bb;
            var qz = q[z];
            var pz = p[z];
            var dz = problem.Diagonal[z];
            double rzs = 0;
            for (int i = 0; i < rz.Length; i++)
            {
                double ri = rz[i] - qz[i];
                rz[i] = ri;
                if (dz[i] > 0)
                {
                    double zi = ri / dz[i];
                    pz[i] = zi;
                    rzs += ri * zi;
                }
            }

            partB[z] = rzs;
        });
        double bNorm = Math.Sqrt(Sum(partA));
        if (bNorm == 0)
        {
            return new Outcome(x, 0, 0, true);
        }

        double rho = Sum(partB);
        double residual = Math.Sqrt(Sum(ResidualSquares(r, depth, inner, partA))) / bNorm;
        double tolerance = settings.Tolerance;
        double initial = Math.Max(residual, tolerance);
        int iteration = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long lastReport = -1000;
        while (residual > tolerance && iteration < settings.MaximumIterations && rho > 0)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            SliceIterator.For(depth, inner, string.Empty, z => partA[z] = problem.Apply(z, p, q));
            double pq = Sum(partA);
            if (!(pq > 0))
            {
                break;
            }

            double alpha = rho / pq;
            SliceIterator.For(depth, inner, string.Empty, z =>
            {
                var xz = x[z];
                var rz = r[z];
                var pz = p[z];
                var qz = q[z];
                var dz = problem.Diagonal[z];
                double rr = 0, rzs = 0;
                for (int i = 0; i < rz.Length; i++)
                {
                    float d = dz[i];
                    if (d > 0)
                    {
                        xz[i] += alpha * pz[i];
                        double ri = rz[i] - alpha * qz[i];
                        rz[i] = ri;
                        rr += ri * ri;
                        rzs += ri * ri / d;
                    }
                }

                partA[z] = rr;
                partB[z] = rzs;
            });
            iteration++;
            residual = Math.Sqrt(Sum(partA)) / bNorm;
            double rhoNew = Sum(partB);
            double beta = rhoNew / rho;
            rho = rhoNew;
            if (residual <= tolerance)
            {
                break;
            }

            SliceIterator.For(depth, inner, string.Empty, z =>
            {
                var rz = r[z];
                var pz = p[z];
                var dz = problem.Diagonal[z];
                for (int i = 0; i < rz.Length; i++)
                {
                    float d = dz[i];
                    if (d > 0)
                    {
                        pz[i] = rz[i] / d + beta * pz[i];
                    }
                }
            });

            if (options.Progress is not null && watch.ElapsedMilliseconds - lastReport >= 200)
            {
                lastReport = watch.ElapsedMilliseconds;
                double fraction = Math.Clamp(Math.Log(initial / residual) / Math.Log(initial / tolerance), 0, 1);
                options.Progress.Report(new ProgressReport(
                    "Conjugate gradients",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"iteration {iteration}, relative residual {residual:E2}"),
                    fraction));
            }
        }

        return new Outcome(x, iteration, residual, residual <= tolerance);
    }

    private static double[] ResidualSquares(double[][] r, int depth, ComputeOptions inner, double[] part)
    {
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            double s = 0;
            foreach (double v in r[z])
            {
                s += v * v;
            }

            part[z] = s;
        });
        return part;
    }

    /// <summary>Sum of per-slice partials in slice order (independent of the thread count).</summary>
    private static double Sum(double[] parts)
    {
        double s = 0;
        foreach (double v in parts)
        {
            s += v;
        }

        return s;
    }

    private static double[][] NewVectors(int depth, int length)
    {
        var v = new double[depth][];
        for (int z = 0; z < depth; z++)
        {
            v[z] = new double[length];
        }

        return v;
    }
}

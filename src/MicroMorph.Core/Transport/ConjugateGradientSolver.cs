using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Transport;

/// <summary>
/// Conjugate gradients preconditioned by one multigrid V-cycle (<see cref="MultigridPreconditioner"/>) for the
/// SPD system of a <see cref="ConductionProblem"/>, parallel over z-slices. Every dot product is summed per
/// slice and then over the slices in order, so the iterates (and the result) do not depend on the number of
/// threads. Starts from the linear ramp between the inlet and outlet potentials; stops when
/// ||b - A x||_2 &lt;= tolerance ||b||_2.
/// <para>
/// Only the dissipated power E(x) = x'Ax - 2b'x + c (<see cref="ConductionProblem.Energy"/>) of the iterate is
/// wanted, not the potential itself, so x is never stored (issue 21: three double vectors, r, p and one that
/// holds A p and then M^-1 r, instead of four). E is evaluated once at the start (the ramp, held in p) and then
/// updated exactly along each step x += alpha p: E(x + alpha p) = E(x) - 2 alpha p'r + alpha^2 p'Ap, with
/// r = b - A x. In exact arithmetic this is E(x_k), which exceeds the current at the solution by the squared
/// energy-norm error, as when it was computed from a stored x.
/// </para>
/// <para>
/// Mixed precision (issue 21: at most 20 bytes per voxel): r, p and w are stored in float32, while every matrix
/// row, update, dot product and the power are formed in float64 and rounded once on the store. The iterate is
/// x0 + sum alpha_k p_k with the stored (rounded) p_k, so the power update stays exact for it; what rounding
/// adds is a gap between the recursive r and b - A x of about 6e-8 times the sum of the residual norms (the
/// rounding of w = A p, relative to alpha w ~ r), about 1e-7 ||b||, below the 1e-6 stopping tolerance. The starting
/// residual b - A x0 is formed in one pass (<see cref="ConductionProblem.Residual"/>), so its rounding is relative
/// to the residual, not to A x0. Measured against the all-float64 solver (Solve&lt;double, double&gt;): the same
/// iteration counts and tau within 5e-10 relative on the electrode (Z, Y) and the random 200^3 volume; within
/// 1.3e-8 of a dense direct solve on a small two-phase anisotropic volume (docs/methods/effective-transport.md).
/// </para>
/// </summary>
internal static class ConjugateGradientSolver
{
    /// <summary>The solve's outcome; <paramref name="Power"/> is the dissipated power of the final iterate (the current for a unit potential drop).</summary>
    public readonly record struct Outcome(double Power, int Iterations, double RelativeResidual, bool Converged);

    /// <summary>The tortuosity solve: all three vectors in float32 (see the class remarks).</summary>
    public static Outcome Solve(ConductionProblem problem, TransportSolverSettings settings, ComputeOptions options) =>
        Solve<float, float>(problem, settings, options);

    /// <summary>
    /// The solve with the residual r in <typeparamref name="TR"/> and the direction p and the vector w (A p, then
    /// M^-1 r) in <typeparamref name="TV"/> (float or double); every product, update and sum is formed in float64.
    /// </summary>
    public static Outcome Solve<TR, TV>(ConductionProblem problem, TransportSolverSettings settings, ComputeOptions options)
        where TR : unmanaged
        where TV : unmanaged
    {
        int depth = problem.Depth;
        int sliceLength = problem.Width * problem.Height;
        var inner = options with { Progress = null };
        var stages = new StagedProgress(
            options,
            new ProgressStage("Setting up the multigrid preconditioner", 1),
            new ProgressStage("Conjugate gradients", 4.5));
        stages.Next();
        var r = NewVectors<TR>(depth, sliceLength);
        var p = NewVectors<TV>(depth, sliceLength);
        var w = NewVectors<TV>(depth, sliceLength);
        var part = new double[depth];
        var prPart = new double[depth];

        // x0: the linear ramp from 1 at the inlet face to 0 at the outlet face, held in p for a moment;
        // its power E(x0), and r0 = b - A x0.
        double extent = problem.Extent;
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            var codes = problem.Codes[z];
            var xz = p[z];
            for (int y = 0, i = 0; y < problem.Height; y++)
            {
                for (int xx = 0; xx < problem.Width; xx++, i++)
                {
                    if (codes[i] != 0)
                    {
                        xz[i] = MixedPrecision.Store<TV>(1 - ((problem.FlowCoordinate(xx, y, z) + 0.5) / extent));
                    }
                }
            }
        });
        SliceIterator.For(depth, inner, string.Empty, z => part[z] = problem.Energy(z, p));
        double power = Sum(part);
        SliceIterator.For(depth, inner, string.Empty, z => part[z] = problem.Residual(z, p, r[z]));
        double bNorm = Math.Sqrt(Sum(part));
        if (bNorm == 0)
        {
            return new Outcome(power, 0, 0, true);
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        var preconditioner = new MultigridPreconditioner(problem, inner);
        double residual = Math.Sqrt(Sum(Dot(r, r, depth, inner, part))) / bNorm;
        double tolerance = settings.Tolerance;
        double initial = Math.Max(residual, tolerance);
        int iteration = 0;
        if (residual <= tolerance)
        {
            return new Outcome(power, 0, residual, true);
        }

        preconditioner.Apply(r, w);
        double rho = Sum(Dot(r, w, depth, inner, part));
        SliceIterator.For(depth, inner, string.Empty, z => Array.Copy(w[z], p[z], sliceLength));
        var progress = stages.Next().Progress;
        double reached = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long lastReport = -1000;
        while (iteration < settings.MaximumIterations && rho > 0)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            SliceIterator.For(depth, inner, string.Empty, z => part[z] = problem.Apply(z, p, w));
            double pq = Sum(part);
            if (!(pq > 0))
            {
                break;
            }

            double alpha = rho / pq;
            SliceIterator.For(depth, inner, string.Empty, z =>
            {
                var rz = r[z];
                var pz = p[z];
                var wz = w[z];
                double rr = 0, pr = 0;
                for (int i = 0; i < rz.Length; i++)
                {
                    double r0 = MixedPrecision.Load(rz[i]);
                    pr += MixedPrecision.Load(pz[i]) * r0;
                    double ri = r0 - (alpha * MixedPrecision.Load(wz[i]));
                    rz[i] = MixedPrecision.Store<TR>(ri);
                    rr += ri * ri;
                }

                part[z] = rr;
                prPart[z] = pr;
            });
            iteration++;
            power += alpha * (alpha * pq - 2 * Sum(prPart));
            residual = Math.Sqrt(Sum(part)) / bNorm;
            if (residual <= tolerance)
            {
                break;
            }

            preconditioner.Apply(r, w);
            double rhoNew = Sum(Dot(r, w, depth, inner, part));
            double beta = rhoNew / rho;
            rho = rhoNew;
            SliceIterator.For(depth, inner, string.Empty, z =>
            {
                var wz = w[z];
                var pz = p[z];
                for (int i = 0; i < wz.Length; i++)
                {
                    pz[i] = MixedPrecision.Store<TV>(MixedPrecision.Load(wz[i]) + (beta * MixedPrecision.Load(pz[i])));
                }
            });

            if (progress is not null && watch.ElapsedMilliseconds - lastReport >= 200)
            {
                lastReport = watch.ElapsedMilliseconds;

                // The residual of CG need not fall at every step: report the best reached, so the percentage never goes back.
                reached = Math.Max(reached, Math.Clamp(Math.Log(initial / residual) / Math.Log(initial / tolerance), 0, 1));
                progress.Report(new ProgressReport(
                    "Conjugate gradients",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"iteration {iteration}, relative residual {residual:E2}"),
                    reached));
            }
        }

        return new Outcome(power, iteration, residual, residual <= tolerance);
    }

    private static double[] Dot<TA, TB>(TA[][] a, TB[][] b, int depth, ComputeOptions inner, double[] part)
        where TA : unmanaged
        where TB : unmanaged
    {
        SliceIterator.For(depth, inner, string.Empty, z =>
        {
            var az = a[z];
            var bz = b[z];
            double s = 0;
            for (int i = 0; i < az.Length; i++)
            {
                s += MixedPrecision.Load(az[i]) * MixedPrecision.Load(bz[i]);
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

    private static T[][] NewVectors<T>(int depth, int length)
        where T : unmanaged
    {
        var v = new T[depth][];
        for (int z = 0; z < depth; z++)
        {
            v[z] = new T[length];
        }

        return v;
    }
}

namespace MicroMorph.Core.Transport;

/// <summary>How the steady-state conduction problem is solved.</summary>
public sealed record TransportSolverSettings
{
    public static TransportSolverSettings Default { get; } = new();

    /// <summary>Convergence criterion: the solve stops when ||b - A x||_2 &lt;= Tolerance * ||b||_2.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Upper bound on conjugate-gradient iterations; the result reports Converged = false when reached.</summary>
    public int MaximumIterations { get; init; } = 100_000;

    /// <summary>Periodic instead of no-flux boundaries on the four sides parallel to the flow.</summary>
    public bool PeriodicSides { get; init; }
}

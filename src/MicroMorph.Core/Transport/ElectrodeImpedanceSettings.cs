namespace MicroMorph.Core.Transport;

/// <summary>How the blocking-electrode impedance is computed and reported (<see cref="ElectrodeImpedanceAnalysis"/>).</summary>
public sealed record ElectrodeImpedanceSettings
{
    public static ElectrodeImpedanceSettings Default { get; } = new();

    /// <summary>Dimensionless angular frequencies omega C_dl h / sigma (TauFactor's <c>frequency</c>); null: see <see cref="Frequencies"/>.</summary>
    public IReadOnlyList<double>? AngularFrequencies { get; init; }

    /// <summary>Frequencies in Hz (needs <see cref="ElectrolyteConductivity"/> and <see cref="DoubleLayerCapacitance"/>). With neither list: <see cref="PointsPerDecade"/> log-spaced points from omega_0 / 10 to 1000 omega_0 (at most epsilon / (16 a), a penetration depth of 4 voxels).</summary>
    public IReadOnlyList<double>? Frequencies { get; init; }

    /// <summary>Points per decade of the default frequency grid.</summary>
    public int PointsPerDecade { get; init; } = 4;

    /// <summary>Bulk ionic conductivity of the electrolyte in S/m (a phase of relative conductivity 1 conducts this); NaN: dimensionless results.</summary>
    public double ElectrolyteConductivity { get; init; } = double.NaN;

    /// <summary>Double-layer capacitance per interface area in F/m2; NaN: dimensionless results.</summary>
    public double DoubleLayerCapacitance { get; init; } = double.NaN;

    /// <summary>Convergence criterion of every solve: ||b - A x||_2 &lt;= Tolerance ||b||_2.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Upper bound on the iterations of each solve.</summary>
    public int MaximumIterations { get; init; } = 10_000;

    /// <summary>Periodic instead of no-flux boundaries on the four sides parallel to the direction.</summary>
    public bool PeriodicSides { get; init; }

    /// <summary>Also solve the through-pore effective tortuosity (Measure-EffectiveTortuosity's tau_eff) for comparison.</summary>
    public bool ThroughTortuosity { get; init; } = true;

    /// <summary>Whether the results are in physical units.</summary>
    public bool IsPhysical => !double.IsNaN(ElectrolyteConductivity) || !double.IsNaN(DoubleLayerCapacitance);
}

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// The eight parameters of the combined model Xi = Xi1 u (Xi2 n Xi3^c) (001 Eq. 4, Eq. 5):
/// graphite Boolean model Xi1 (oblate spheroids), carbon-binder excursion set Xi2 and large-pore
/// Boolean model Xi3 (open balls with exponential radii). Lengths in <see cref="Unit"/>,
/// intensities per unit cubed, rates and eta per unit.
/// </summary>
public sealed record CarbonBinderModelParameters(
    double GraphiteIntensity,
    double HalfAxisShapeA,
    double HalfAxisShapeC,
    double HalfAxisRate,
    double Threshold,
    double CovarianceScale,
    double PoreRadiusRate,
    double PoreIntensity,
    string Unit)
{
    /// <summary>
    /// Table 2 of the 001 paper (nm): lambda_X 6.355e-11, alpha1 205, alpha2 3944, gamma 1.971/nm,
    /// mu 0.499, eta 0.0127/nm, theta 0.0105/nm, lambda_Y 9.340e-9.
    /// </summary>
    public static CarbonBinderModelParameters Table2 { get; } =
        new(6.355e-11, 205, 3944, 1.971, 0.499, 0.0127, 0.0105, 9.340e-9, "nm");

    /// <summary>The graphite particles Xi1.</summary>
    public BooleanModelParameters Graphite => new(GraphiteIntensity, new GammaSpheroids(HalfAxisShapeA, HalfAxisShapeC, HalfAxisRate));

    /// <summary>The carbon-binder excursion set Xi2.</summary>
    public GaussianExcursionSetParameters CarbonBinder => new(Threshold, CovarianceScale);

    /// <summary>The large pores Xi3 (open balls).</summary>
    public BooleanModelParameters LargePores => new(PoreIntensity, new ExponentialRadiusBalls(PoreRadiusRate));

    public void Validate()
    {
        Graphite.Validate();
        CarbonBinder.Validate();
        LargePores.Validate();
    }
}

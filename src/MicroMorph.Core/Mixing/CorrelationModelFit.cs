namespace MicroMorph.Core.Mixing;

/// <summary>
/// Parameters of 000 Eq. 14, R(h) = lambda sinc(h / s1) + (1 - lambda) exp(-(h / s2)^nu), with
/// sinc(x) = sin(pi x) / (pi x) (numpy's, as the paper's scipy fit), and the coefficient of determination.
/// </summary>
public sealed record CorrelationModelFit(double S1, double S2, double Nu, double Lambda, double RSquared)
{
    public string Unit { get; init; } = string.Empty;

    /// <summary>The model at distance <paramref name="h"/>.</summary>
    public double Evaluate(double h) => CorrelationModel.Evaluate(h, S1, S2, Nu, Lambda);
}

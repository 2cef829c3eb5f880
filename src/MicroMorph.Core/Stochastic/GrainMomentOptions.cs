using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// How the expectations of 001 Eqs. 14-16 are taken: by deterministic quadrature over the grain
/// law (<see cref="MonteCarloSamples"/> = 0, the default; relative accuracy about 1e-10), or, as
/// the paper does, as the mean over <see cref="MonteCarloSamples"/> grains drawn with
/// <see cref="Seed"/> (the paper used 10000).
/// </summary>
public sealed record GrainMomentOptions(int MonteCarloSamples = 0, long Seed = 0)
{
    public static GrainMomentOptions Quadrature { get; } = new();

    public bool IsMonteCarlo => MonteCarloSamples > 0;

    public void Validate()
    {
        if (MonteCarloSamples < 0)
        {
            throw MicroMorphException.Argument(
                "InvalidMonteCarloSamples",
                FormattableString.Invariant($"The number of Monte Carlo samples must be positive (or 0 for quadrature); it is {MonteCarloSamples}."),
                MonteCarloSamples);
        }
    }

    public override string ToString() => IsMonteCarlo
        ? FormattableString.Invariant($"Monte Carlo ({MonteCarloSamples} grains, seed {Seed})")
        : "Quadrature";
}

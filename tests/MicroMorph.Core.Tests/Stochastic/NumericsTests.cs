using MicroMorph.Core.Numerics;

namespace MicroMorph.Core.Tests.Stochastic;

public class NumericsTests
{
    [Fact]
    public void NelderMeadFindsTheRosenbrockMinimum()
    {
        static double Rosenbrock(double[] x) => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
        var result = NelderMead.Minimize(Rosenbrock, [-1.2, 1], [0.1, 0.1], 1e-10, 1e-12, 1e-30, 5000);
        Assert.True(result.Converged);
        Assert.Equal(1, result.Point[0], 7);
        Assert.Equal(1, result.Point[1], 7);
        // Deterministic: the same call gives the same path.
        Assert.Equal(result.Evaluations, NelderMead.Minimize(Rosenbrock, [-1.2, 1], [0.1, 0.1], 1e-10, 1e-12, 1e-30, 5000).Evaluations);
    }

    [Fact]
    public void NelderMeadReportsTheIterationCap()
    {
        var result = NelderMead.Minimize(x => x[0] * x[0] + x[1] * x[1], [5, 5], [1, 1], 1e-14, 0, 0, 10);
        Assert.False(result.Converged);
        Assert.Equal(10, result.Iterations);
    }

    [Fact]
    public void GaussKronrodIntegratesPeakedAndEndpointFunctions()
    {
        Assert.Equal(Math.Sqrt(Math.PI) / 1000, GaussKronrod.Integrate(x => Math.Exp(-1e6 * (x - 0.3) * (x - 0.3)), 0, 1, 1e-12), 14);
        Assert.Equal(2.0 / 3, GaussKronrod.Integrate(Math.Sqrt, 0, 1, 1e-12), 11);
        Assert.Equal(Math.PI, GaussKronrod.Integrate(x => 4 / (1 + x * x), 0, 1, 1e-13), 12);
    }
}

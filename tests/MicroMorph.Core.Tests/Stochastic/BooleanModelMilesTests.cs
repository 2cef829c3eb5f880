using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

/// <summary>
/// Issue 3 acceptance: realizations of a Boolean model of balls measured with
/// <see cref="IntrinsicVolumeAnalysis"/> (stationary window) against Miles' formulas (001 Eqs.
/// 10, 11, 13 with V = 4/3 pi r^3, S = 4 pi r^2, K = 4 pi r).
/// </summary>
/// <remarks>
/// Why these parameters (measured, see bench/RESULTS.md "Boolean model vs Miles"):
/// <list type="bullet">
/// <item>The digital Euler characteristic of a union of balls does not converge to the continuous
/// one as the resolution grows: where two balls nearly touch (overlap or gap below about a voxel),
/// the thin gap between their almost parallel surfaces is a disc of radius ~ sqrt(r) voxels in
/// which the lattice creates spurious contacts, tunnels and cavities. Such pairs per ball fall as
/// 1/r while the artefacts per pair grow as r, so the bias depends on lambda E[V] and hardly on r:
/// about -4 % at lambda E[V] = 0.05, -3 to -10 % at 0.1, and 1.2-1.5x where Miles' chi is negative
/// (0.38 &lt; lambda E[V] &lt; 2.87), whatever the radius (8-32 voxels tried). 6-adjacency for the
/// balls (26 for the complement) merges fewer near-touching balls than 26-adjacency (-12 % at 0.05).</item>
/// <item>The surface density is low by about 0.5 lambda E[V] / r (crease digitisation), so it is
/// within 1 % at lambda E[V] = 0.05 even for r = 8.</item>
/// <item>A sparse model in 256^3 has few balls (391 for r = 8), so one realization has a relative
/// standard deviation of about 4.5 % in each density: 32 realizations bring that to 0.8 %, and the
/// criteria (3 %, Euler 10 %) are then 3.7 and 6 standard errors beyond the expected bias.</item>
/// </list>
/// </remarks>
public class BooleanModelMilesTests
{
    [Fact]
    public void SparseBallsFollowMilesFormulasForVolumeSurfaceAndEuler()
    {
        const double R = 8, X = 0.05; // lambda * 4/3 pi r^3
        const int N = 256, Realizations = 32;
        double v = 4 / 3.0 * Math.PI * R * R * R, s = 4 * Math.PI * R * R, k = 4 * Math.PI * R;
        double lambda = X / v, free = Math.Exp(-X);
        double volumeFraction = 1 - free;                                                                        // Eq. 10
        double surface = lambda * free * s;                                                                      // Eq. 11
        double euler = lambda * free * (1 - lambda * k * s / (4 * Math.PI) + Math.PI * lambda * lambda * s * s * s / 384); // Eq. 13

        var parameters = new BooleanModelParameters(lambda, new ConstantRadiusBalls(R));
        double sumV = 0, sumS = 0, sumChi = 0;
        for (int seed = 1; seed <= Realizations; seed++)
        {
            var image = BooleanModelRealization.Generate(N, N, N, VoxelSize.Uncalibrated, parameters, seed, false, ComputeOptions.Default);
            var measured = IntrinsicVolumeAnalysis.Compute(image, image.Phases[1], EulerConnectivity.Six, ObservationWindow.Stationary, ComputeOptions.Default);
            sumV += measured.VolumeFraction;
            sumS += measured.SurfaceDensity;
            sumChi += measured.EulerDensity;
        }

        double ratioV = sumV / Realizations / volumeFraction;
        double ratioS = sumS / Realizations / surface;
        double ratioChi = sumChi / Realizations / euler;
        Assert.True(Math.Abs(ratioV - 1) <= 0.03, $"volume fraction {ratioV:F4} x Miles");
        Assert.True(Math.Abs(ratioS - 1) <= 0.03, $"surface density {ratioS:F4} x Miles");
        Assert.True(Math.Abs(ratioChi - 1) <= 0.10, $"Euler density {ratioChi:F4} x Miles");
    }
}

using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;
using static MicroMorph.Core.Tests.Particles.ParticleAnalysisTests;

namespace MicroMorph.Core.Tests.Particles;

public class LiberationTests
{
    /// <summary>
    /// Six particles of known composition (voxel 0.5 um, so a voxel is 0.125 um^3):
    /// P1 10^3 calcite with 9 isolated talc voxels (991/1000 calcite: free), P2 a 10 x 10 x 1 plate
    /// of 99 calcite + 1 talc (exactly 0.99: not free), P3 6^3 talc (free), P4 8^3 half calcite half
    /// talc, P5 4^3 dolomite, P6 5^3 calcite.
    /// </summary>
    private static IReadOnlyList<ParticleMeasurement> Particles(int threads = 1)
    {
        var image = Balls.Empty(40, 40, 30, voxel: 0.5);
        Block(image, 1, 1, 1, 10, 10, 10, 1);
        for (int i = 0; i < 9; i++)
        {
            Block(image, 2 + 2 * (i % 3), 2 + 2 * (i / 3), 5, 1, 1, 1, 2);
        }

        Block(image, 15, 1, 1, 10, 10, 1, 1);
        Block(image, 15, 1, 1, 1, 1, 1, 2);
        Block(image, 28, 1, 1, 6, 6, 6, 2);
        Block(image, 1, 15, 1, 4, 8, 8, 1);
        Block(image, 5, 15, 1, 4, 8, 8, 2);
        Block(image, 15, 15, 1, 4, 4, 4, 3);
        Block(image, 25, 25, 20, 5, 5, 5, 1);
        var options = new ComputeOptions { MaxDegreeOfParallelism = threads };
        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2], image.Phases[3]], 26, options);
        Assert.Equal(6, particles.Count);
        return ParticleAnalysis.Measure(particles, image, options);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ExactLiberationDegreeOverall(int threads)
    {
        var particles = Particles(threads);
        var calcite = Liberation.Compute(particles, "Calcite", 0.99, null, SizeMeasure.Volume);
        Assert.Equal((991 + 125) * 0.125, calcite.FreeVolume);
        Assert.Equal((99 + 256) * 0.125, calcite.IntergrownVolume);
        Assert.Equal(1116.0 / 1471.0, calcite.LiberationDegree, 14);
        Assert.Equal(4, calcite.ParticleCount);
        Assert.Equal(2, calcite.FreeParticleCount);

        var talc = Liberation.Compute(particles, "Talc", 0.99, null, SizeMeasure.Volume);
        Assert.Equal(216.0 / (216 + 9 + 1 + 256), talc.LiberationDegree, 14);
        Assert.Equal(9 + 1 + 1 + 1, talc.Grains.Count);
        Assert.Equal(9, talc.Grains.Count(g => g.ParticleVolume == 125 && g.GrainVolume == 0.125));

        var dolomite = Liberation.Compute(particles, "Dolomite", 0.99, null, SizeMeasure.Volume);
        Assert.Equal(1.0, dolomite.LiberationDegree);
    }

    [Fact]
    public void TheThresholdIsStrict()
    {
        var particles = Particles();
        // The plate holds exactly 0.99 calcite: free only once the threshold is below 0.99.
        var at = Liberation.Compute(particles, "Calcite", 0.99, null, SizeMeasure.Volume);
        var below = Liberation.Compute(particles, "Calcite", 0.989, null, SizeMeasure.Volume);
        Assert.Equal(at.FreeVolume + 99 * 0.125, below.FreeVolume);
        Assert.Equal(3, below.FreeParticleCount);
        var above = Liberation.Compute(particles, "Calcite", 0.9915, null, SizeMeasure.Volume);
        Assert.Equal(125 * 0.125, above.FreeVolume); // 991/1000 is no longer above the threshold
    }

    [Fact]
    public void ExactLiberationDegreePerSizeClass()
    {
        var particles = Particles();
        // Volumes (um^3): P1 125, P2 12.5, P3 27, P4 64, P5 8, P6 15.625.
        var calcite = Liberation.Compute(particles, "Calcite", 0.99, [0, 20, 100, 200], SizeMeasure.Volume);
        Assert.Equal(3, calcite.SizeClasses.Count);
        var c0 = calcite.SizeClasses[0];
        Assert.Equal((0.0, 20.0, 2L, 1L), (c0.LowerBound, c0.UpperBound, c0.ParticleCount, c0.FreeParticleCount));
        Assert.Equal(125.0 / 224.0, c0.LiberationDegree, 14);
        Assert.Equal(0.0, calcite.SizeClasses[1].LiberationDegree);
        Assert.Equal(1.0, calcite.SizeClasses[2].LiberationDegree);

        // By equivalent diameter: P5 (8 um^3, 2.48 um) and P2 (12.5, 2.88) below 3 um; P6 (15.6, 3.10), P3 (27, 3.72) above.
        var talc = Liberation.Compute(particles, "Talc", 0.99, [1, 3, 4, 10], SizeMeasure.EquivalentDiameter);
        Assert.Equal(0.0, talc.SizeClasses[0].LiberationDegree); // the plate's one talc voxel
        Assert.Equal(1.0, talc.SizeClasses[1].LiberationDegree); // P3
        Assert.Equal(0.0, talc.SizeClasses[2].LiberationDegree); // P1 (d 6.2) and P4 (d 4.96)
        Assert.True(double.IsNaN(Liberation.Compute(particles, "Dolomite", 0.99, [100, 200], SizeMeasure.Volume).SizeClasses[0].LiberationDegree));
    }

    [Fact]
    public void BadInput()
    {
        var particles = Particles();
        Assert.Equal("SizeClassesNotIncreasing", Assert.Throws<MicroMorphException>(() => Liberation.Compute(particles, "Calcite", 0.99, [0, 20, 20], SizeMeasure.Volume)).ErrorId);
        Assert.Equal("TooFewSizeClassEdges", Assert.Throws<MicroMorphException>(() => Liberation.Compute(particles, "Calcite", 0.99, [5], SizeMeasure.Volume)).ErrorId);
        Assert.Equal("InvalidLiberationThreshold", Assert.Throws<MicroMorphException>(() => Liberation.Compute(particles, "Calcite", 1, null, SizeMeasure.Volume)).ErrorId);
        Assert.Equal("PhaseNotFound", Assert.Throws<MicroMorphException>(() => Liberation.Compute(particles, "Gold", 0.99, null, SizeMeasure.Volume)).ErrorId);

        var empty = Balls.Empty(8, 8, 8);
        var none = ConnectedComponents.Label(empty, [empty.Phases[1]], 26, ComputeOptions.Default);
        Assert.Equal(0, none.Count);
        var measured = ParticleAnalysis.Measure(none, empty, ComputeOptions.Default);
        Assert.Equal("NoParticles", Assert.Throws<MicroMorphException>(() => Liberation.Compute(measured, "Calcite", 0.99, null, SizeMeasure.Volume)).ErrorId);
    }
}

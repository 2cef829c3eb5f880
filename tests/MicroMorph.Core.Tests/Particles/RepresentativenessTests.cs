using MicroMorph.Core.Errors;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Tests.Particles;

public class RepresentativenessTests
{
    [Fact]
    public void MeanStandardErrorAndConfidenceOverTwoPieces()
    {
        // Left half: three small balls (diameter about 6) and one large (about 12); right half: one of each.
        var image = Balls.Empty(40, 20, 20);
        Balls.Paint(image, 4, 4, 4, 3, 1);
        Balls.Paint(image, 4, 14, 4, 3, 2);
        Balls.Paint(image, 4, 4, 14, 3, 1);
        Balls.Paint(image, 12.5, 12.5, 12.5, 6, 1);
        Balls.Paint(image, 25, 5, 5, 3, 1);
        Balls.Paint(image, 31, 12, 12, 6, 2);
        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], 26, ComputeOptions.Default);
        Assert.Equal(6, particles.Count);

        var r = Representativeness.Compute(particles, 2, [0, 8, 20], SizeMeasure.EquivalentDiameter, ComputeOptions.Default);
        Assert.Equal((2, 1, 1), (r.PiecesX, r.PiecesY, r.PiecesZ));
        Assert.Equal("20 x 20 x 20", r.PieceSize);
        Assert.Equal(3.0, r.MeanParticleCount);
        var small = r.SizeClasses[0];
        Assert.Equal(0.625, small.MeanFrequency, 14);
        Assert.Equal(2.0, small.MeanCount);
        double sd = Math.Sqrt(2 * 0.125 * 0.125 / 1);
        Assert.Equal(sd / Math.Sqrt(2), small.StandardError, 14);
        // t(0.975, 1 degree of freedom) = 12.7062047...
        Assert.Equal(0.625 - 12.706204736174707 * small.StandardError, small.ConfidenceLower, 9);
        Assert.Equal(0.625 + 12.706204736174707 * small.StandardError, small.ConfidenceUpper, 9);
        Assert.Equal(0.375, r.SizeClasses[1].MeanFrequency, 14);
        Assert.Equal(new[] { 0.75, 0.25 }, r.Frequencies[0]);
    }

    [Fact]
    public void ParticlesCutByAPieceFaceCountInBothPieces()
    {
        var image = Balls.Empty(20, 10, 10);
        ParticleAnalysisTests.Block(image, 8, 2, 2, 4, 4, 4, 1); // x 8..11 straddles x = 10
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        var r = Representativeness.Compute(particles, 2, [0, 40, 100], SizeMeasure.Volume, ComputeOptions.Default);
        Assert.Equal(1.0, r.SizeClasses[0].MeanFrequency); // two halves of 32 voxels each
        Assert.Equal(0.0, r.SizeClasses[0].StandardError);
    }

    [Fact]
    public void BadInput()
    {
        var image = Balls.Empty(5, 5, 1);
        ParticleAnalysisTests.Block(image, 1, 1, 0, 2, 2, 1, 1);
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        Assert.Equal("TooManyPieces", Assert.Throws<MicroMorphException>(() => Representativeness.Compute(particles, 7, [0, 10], SizeMeasure.Volume, ComputeOptions.Default)).ErrorId);
        Assert.Equal("TooManyPieces", Assert.Throws<MicroMorphException>(() => Representativeness.Compute(particles, 36, [0, 10], SizeMeasure.Volume, ComputeOptions.Default)).ErrorId);
        Assert.Equal("TooFewPieces", Assert.Throws<MicroMorphException>(() => Representativeness.Compute(particles, 1, [0, 10], SizeMeasure.Volume, ComputeOptions.Default)).ErrorId);
        Assert.Equal("SizeClassesNotIncreasing", Assert.Throws<MicroMorphException>(() => Representativeness.Compute(particles, 4, [0, 10, 5], SizeMeasure.Volume, ComputeOptions.Default)).ErrorId);
        var empty = ConnectedComponents.Label(Balls.Empty(6, 6, 6), [Balls.Phases[1]], 26, ComputeOptions.Default);
        Assert.Equal("NoParticles", Assert.Throws<MicroMorphException>(() => Representativeness.Compute(empty, 2, [0, 10], SizeMeasure.Volume, ComputeOptions.Default)).ErrorId);
    }
}

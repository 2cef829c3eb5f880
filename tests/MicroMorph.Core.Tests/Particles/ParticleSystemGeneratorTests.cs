using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Tests.Particles;

public class ParticleSystemGeneratorTests
{
    [Fact]
    public void SeparateSinglePhaseBallsAreCountedExactly()
    {
        var p = new ParticleSystemParameters(60, 2, 4, ["Ore", "Gangue"], 0, 0);
        var image = ParticleSystemGenerator.Generate(64, 64, 64, new VoxelSize(0.5, "um"), p, 9);
        Assert.Equal(["Matrix", "Ore", "Gangue"], image.Phases.Select(x => x.Name));
        int placed = int.Parse(image.Metadata["ParticleCount"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(placed, 45, 60);
        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], 26, ComputeOptions.Default);
        Assert.Equal(placed, particles.Count);
        var m = ParticleAnalysis.Measure(particles, image, ComputeOptions.Default);
        Assert.All(m, x => Assert.Equal(1.0, x.DominantFraction));
        Assert.All(m, x => Assert.InRange(x.EquivalentDiameter, 2 * 2 * 0.9, 2 * 4 * 1.05));
    }

    [Fact]
    public void TouchingPairsMergeAndTheWatershedSplitsMostOfThem()
    {
        var p = new ParticleSystemParameters(40, 5, 7, ["Ore"], 0, 1);
        var image = ParticleSystemGenerator.Generate(80, 80, 80, VoxelSize.Uncalibrated, p, 3);
        int placed = int.Parse(image.Metadata["ParticleCount"], System.Globalization.CultureInfo.InvariantCulture);
        var labelled = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        Assert.True(labelled.Count < placed);
        var split = ParticleWatershed.Split(labelled, null, 1, null, ComputeOptions.Default);
        Assert.True(split.Count > labelled.Count);
        Assert.True(split.Count <= placed);
    }

    [Fact]
    public void BadParameters()
    {
        Assert.Equal("InvalidRadius", Assert.Throws<MicroMorphException>(() => ParticleSystemGenerator.Generate(8, 8, 8, VoxelSize.Uncalibrated, new ParticleSystemParameters(3, 2, 1, ["A"], 0, 0), 1)).ErrorId);
        Assert.Equal("InvalidParticleCount", Assert.Throws<MicroMorphException>(() => ParticleSystemGenerator.Generate(8, 8, 8, VoxelSize.Uncalibrated, new ParticleSystemParameters(0, 1, 2, ["A"], 0, 0), 1)).ErrorId);
        Assert.Equal("InvalidFraction", Assert.Throws<MicroMorphException>(() => ParticleSystemGenerator.Generate(8, 8, 8, VoxelSize.Uncalibrated, new ParticleSystemParameters(3, 1, 2, ["A"], 1.5, 0), 1)).ErrorId);
    }
}

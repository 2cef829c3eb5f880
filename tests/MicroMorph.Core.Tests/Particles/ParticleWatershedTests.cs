using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Tests.Particles;

public class ParticleWatershedTests
{
    private static ParticleImage Label(PhaseImage image, int connectivity = 26) =>
        ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], connectivity, ComputeOptions.Default);

    [Theory]
    [InlineData(6)]
    [InlineData(26)]
    public void TwoOverlappingBallsAreSplitIntoTwo(int connectivity)
    {
        var image = Balls.Empty(48, 40, 40);
        Balls.Paint(image, 15, 20, 20, 10, 1);
        Balls.Paint(image, 31, 20.5, 19.5, 8, 1);
        var particles = Label(image, connectivity);
        Assert.Equal(1, particles.Count);

        var split = ParticleWatershed.Split(particles, null, 1.0, null, ComputeOptions.Default);
        Assert.Equal(2, split.Count);
        var m = ParticleAnalysis.Measure(split, null, ComputeOptions.Default);
        // Each part holds its own centre, and the bigger ball stays the bigger part.
        var big = m.MaxBy(p => p.Volume)!;
        var small = m.MinBy(p => p.Volume)!;
        Assert.InRange(big.CentroidX, 12, 17);
        Assert.InRange(small.CentroidX, 29, 34);
        Assert.Equal(image.VoxelCount - CountLabel(image, 0), big.VoxelCount + small.VoxelCount);
        // The cut lies near the plane where the two spheres meet (x = 24.1 for radii 10 and 8, distance 16).
        Assert.InRange(big.MaxVoxelX, 22, 26);
    }

    [Fact]
    public void SeparateBallsStayWholeAndEachGetsOneMarker()
    {
        var image = Balls.Empty(60, 30, 30);
        Balls.Paint(image, 10, 15, 15, 7, 1);
        Balls.Paint(image, 30, 15, 15, 6.3, 2);
        Balls.Paint(image, 48, 14, 15, 9, 1);
        var particles = Label(image);
        var split = ParticleWatershed.Split(particles, null, 1.0, null, ComputeOptions.Default);
        Assert.Equal(3, split.Count);
        for (int z = 0; z < image.Depth; z++)
        {
            Assert.True(particles.Labels.GetSlice<uint>(z).SequenceEqual(split.Labels.GetSlice<uint>(z)));
        }
    }

    [Fact]
    public void MarkersFromAnInitialSegmentation()
    {
        // The paper's route: the components of a thinner initial segmentation are the markers.
        var image = Balls.Empty(48, 40, 40);
        Balls.Paint(image, 15, 20, 20, 10, 1);
        Balls.Paint(image, 31, 20, 20, 8, 1);
        var core = Balls.Empty(48, 40, 40);
        Balls.Paint(core, 15, 20, 20, 6, 1);
        Balls.Paint(core, 31, 20, 20, 5, 1);
        var markers = ConnectedComponents.Label(core, [core.Phases[1]], 26, ComputeOptions.Default);
        Assert.Equal(2, markers.Count);
        var split = ParticleWatershed.Split(Label(image), markers, 1.0, null, ComputeOptions.Default);
        Assert.Equal(2, split.Count);
        var m = ParticleAnalysis.Measure(split, null, ComputeOptions.Default);
        Assert.InRange(m[0].CentroidX, 12, 17);
        Assert.InRange(m[1].CentroidX, 29, 34);
    }

    [Fact]
    public void SameResultOnOneAndTwoThreads()
    {
        var image = Balls.Empty(50, 50, 30);
        var rng = new Random(3);
        for (int i = 0; i < 25; i++)
        {
            Balls.Paint(image, rng.Next(50), rng.Next(50), rng.Next(30), 3 + rng.NextDouble() * 5, (byte)(1 + rng.Next(2)));
        }

        var one = ParticleWatershed.Split(Label(image), null, 1.0, null, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = ParticleWatershed.Split(Label(image), null, 1.0, null, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Count, two.Count);
        for (int z = 0; z < image.Depth; z++)
        {
            Assert.True(one.Labels.GetSlice<uint>(z).SequenceEqual(two.Labels.GetSlice<uint>(z)));
        }
    }

    [Fact]
    public void RejectsMismatchedMarkersAndBadPeakHeight()
    {
        var image = Balls.Empty(20, 20, 20);
        Balls.Paint(image, 10, 10, 10, 5, 1);
        var particles = Label(image);
        var other = Label(Balls.Empty(20, 20, 21));
        Assert.Equal("MarkerSizeMismatch", Assert.Throws<MicroMorphException>(() => ParticleWatershed.Split(particles, other, 1, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidPeakHeight", Assert.Throws<MicroMorphException>(() => ParticleWatershed.Split(particles, null, 0, null, ComputeOptions.Default)).ErrorId);
    }

    internal static long CountLabel(PhaseImage image, byte label)
    {
        long n = 0;
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                n += b == label ? 1 : 0;
            }
        }

        return n;
    }
}

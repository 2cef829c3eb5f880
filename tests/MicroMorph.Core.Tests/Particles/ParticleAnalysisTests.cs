using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Tests.Particles;

public class ParticleAnalysisTests
{
    [Fact]
    public void NonTouchingBallsOfKnownRadii()
    {
        double[] radii = [5, 6.5, 8, 9.5, 11];
        var image = Balls.Empty(120, 40, 40, voxel: 0.25);
        var rng = new Random(11);
        var counts = new long[radii.Length];
        double x = 0;
        for (int i = 0; i < radii.Length; i++)
        {
            x += radii[i] + 1.5;
            counts[i] = Balls.Paint(image, x + rng.NextDouble() * 0.5, 19.7 + rng.NextDouble() * 0.5, 20.1, radii[i], (byte)(1 + i % 2));
            x += radii[i] + 1;
        }

        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], 26, ComputeOptions.Default);
        Assert.Equal(radii.Length, particles.Count);
        // Labels follow the raster order (z slowest): match the balls by their x position.
        var m = ParticleAnalysis.Measure(particles, image, ComputeOptions.Default).OrderBy(p => p.CentroidX).ToArray();
        for (int i = 0; i < radii.Length; i++)
        {
            double diameter = 2 * radii[i] * 0.25;
            Assert.Equal(counts[i], m[i].VoxelCount);
            Assert.Equal(counts[i] * 0.25 * 0.25 * 0.25, m[i].Volume, 12);
            Assert.InRange(m[i].EquivalentDiameter / diameter, 0.98, 1.02);
            double area = Math.PI * diameter * diameter;
            Assert.InRange(m[i].SurfaceArea / area, 0.95, 1.05);
            Assert.Equal(1.0, m[i].Share(i % 2 == 0 ? "Calcite" : "Talc")!.VolumeFraction);
            Assert.Equal(1, m[i].Share(i % 2 == 0 ? "Calcite" : "Talc")!.GrainCount);
            Assert.Equal(0, m[i].Share("Dolomite")!.GrainCount);
            Assert.Equal(20.1 * 0.25, m[i].CentroidZ, 0.05);
            Assert.Equal("um", m[i].Unit);
        }

        Assert.All(m, p => Assert.False(p.TouchesBorder));
    }

    [Fact]
    public void SameMeasurementsOnOneAndTwoThreads()
    {
        var image = RandomPhaseImage.Create(30, 20, 25, 0.2, 5, new VoxelSize(0.3, 0.4, 0.5, "um"));
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], 18, ComputeOptions.Default);
        var one = ParticleAnalysis.Measure(particles, image, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = ParticleAnalysis.Measure(particles, image, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Select(m => (m.VoxelCount, m.SurfaceArea, m.CentroidX, m.CentroidZ)), two.Select(m => (m.VoxelCount, m.SurfaceArea, m.CentroidX, m.CentroidZ)));
    }

    [Fact]
    public void BoundingBoxCentroidAndBorderOfBlocks()
    {
        var image = Balls.Empty(20, 16, 12);
        Block(image, 2, 3, 4, 5, 4, 3, 1);      // x 2..6, y 3..6, z 4..6
        Block(image, 15, 0, 8, 3, 2, 4, 2);     // touches y = 0 and z = 11
        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], 6, ComputeOptions.Default);
        var m = ParticleAnalysis.Measure(particles, null, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(2, m.Count);
        Assert.Equal((2, 3, 4, 6, 6, 6), (m[0].MinVoxelX, m[0].MinVoxelY, m[0].MinVoxelZ, m[0].MaxVoxelX, m[0].MaxVoxelY, m[0].MaxVoxelZ));
        Assert.Equal((4.0, 4.5, 5.0), (m[0].CentroidX, m[0].CentroidY, m[0].CentroidZ));
        Assert.False(m[0].TouchesBorder);
        Assert.True(m[1].TouchesBorder);
        // A 5 x 4 x 3 box of voxels: between the box of the voxel centres (52) and of the voxel cubes (94).
        Assert.InRange(m[0].SurfaceArea, 52, 94);
        Assert.Empty(m[0].Phases);
    }

    [Fact]
    public void GrainsAreConnectedComponentsOfAPhaseWithinAParticle()
    {
        var image = Balls.Empty(20, 20, 20);
        Block(image, 2, 2, 2, 12, 12, 12, 1);
        // Three talc grains inside the calcite particle and one on its side.
        Block(image, 4, 4, 4, 2, 2, 2, 2);
        Block(image, 8, 8, 8, 1, 1, 1, 2);
        Block(image, 10, 4, 9, 3, 1, 1, 2);
        Block(image, 14, 2, 2, 1, 3, 3, 2);
        var particles = ConnectedComponents.Label(image, [image.Phases[1], image.Phases[2]], 26, ComputeOptions.Default);
        Assert.Equal(1, particles.Count);
        var p = ParticleAnalysis.Measure(particles, image, ComputeOptions.Default)[0];
        var talc = p.Share("Talc")!;
        Assert.Equal(4, talc.GrainCount);
        Assert.Equal(new double[] { 9, 8, 3, 1 }, talc.GrainVolumes);
        Assert.Equal(1, p.Share("Calcite")!.GrainCount);
        Assert.Equal(1728 - 12, p.Share("Calcite")!.VoxelCount);
        Assert.Equal(1728 + 9, p.VoxelCount);
        Assert.Equal("Calcite", p.DominantPhase);
    }

    [Fact]
    public void RejectsAPhaseImageOfAnotherSize()
    {
        var image = Balls.Empty(10, 10, 10);
        Block(image, 2, 2, 2, 3, 3, 3, 1);
        var particles = ConnectedComponents.Label(image, [image.Phases[1]], 26, ComputeOptions.Default);
        var ex = Assert.Throws<MicroMorphException>(() => ParticleAnalysis.Measure(particles, Balls.Empty(10, 10, 11), ComputeOptions.Default));
        Assert.Equal("PhaseImageSizeMismatch", ex.ErrorId);
    }

    internal static void Block(PhaseImage image, int x0, int y0, int z0, int nx, int ny, int nz, byte label)
    {
        for (int z = z0; z < z0 + nz; z++)
        {
            for (int y = y0; y < y0 + ny; y++)
            {
                image.GetLabels(z).Slice(y * image.Width + x0, nx).Fill(label);
            }
        }
    }
}

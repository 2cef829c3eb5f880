using System.Globalization;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class GaussianExcursionSetTests
{
    private static double Rho(double eta, double h) => 1 / (1 + eta * h * eta * h);

    [Fact]
    public void VolumeFractionAndTwoPointCoverageFollowEq18AndEq21()
    {
        // 192^3 voxels of 20 nm, eta = 0.05 / nm (correlation length one voxel), mu = 1 (V = 0.159).
        // The estimate of V fluctuates like phi(mu) times the sd of the window mean of Z (delta method),
        // about 0.003 here: the 0.01 tolerance is more than 3 standard deviations, checked below.
        // At lattice points the coverage of the excursion set is exactly Eq. 21 of rho(h): no
        // discretisation error enters however coarse the voxels.
        const int n = 192;
        const double eta = 0.05, voxel = 20, mu = 1.0;
        var image = GaussianExcursionSet.Generate(n, n, n, new VoxelSize(voxel, "nm"), new GaussianExcursionSetParameters(mu, eta), 2024, ComputeOptions.Default);
        double v = 1 - Normal.CDF(0, 1, mu);
        double sdV = Normal.PDF(0, 1, mu) * FieldStatistics.MeanDeviation(n, n, n, voxel, voxel, voxel, h => Rho(eta, h));
        Assert.True(3 * sdV < 0.01, $"sd of V {sdV}");

        double measured = (double)PhaseCounter.CountLabels(image, ComputeOptions.Default)[1] / image.VoxelCount;
        Assert.Equal(v, measured, 0.01);

        // C(h) by its definition (pairs of voxels both in the set over all pairs at that shift), for
        // shifts along the axes and the diagonals up to 3 / eta.
        (int X, int Y, int Z)[] shifts = [(1, 0, 0), (2, 0, 0), (3, 0, 0), (0, 1, 0), (0, 3, 0), (0, 0, 1), (0, 0, 2), (0, 0, 3), (1, 1, 0), (2, 2, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1), (-1, 1, 1), (2, 1, 0), (1, 2, 2)];
        foreach (var (dx, dy, dz) in shifts)
        {
            double h = voxel * Math.Sqrt(dx * dx + dy * dy + dz * dz);
            Assert.True(h <= 3 / eta + 1e-9);
            double expected = ExcursionSetCalibration.CoverageFromCorrelation(mu, Rho(eta, h));
            double c = Coverage(image, dx, dy, dz);
            Assert.True(Math.Abs(c - expected) < 0.01, $"shift ({dx}, {dy}, {dz}), h = {h} nm: C = {c}, Eq. 21 gives {expected}");
        }
    }

    /// <summary>P(x in the set, x + (dx, dy, dz) in the set) over all pairs inside the image (dy, dz >= 0).</summary>
    private static double Coverage(PhaseImage image, int dx, int dy, int dz)
    {
        int w = image.Width, hgt = image.Height;
        long hits = 0, pairs = 0;
        for (int z = 0; z + dz < image.Depth; z++)
        {
            var a = image.GetLabels(z);
            var b = image.GetLabels(z + dz);
            for (int y = 0; y + dy < hgt; y++)
            {
                for (int x = Math.Max(0, -dx); x < Math.Min(w, w - dx); x++)
                {
                    hits += a[y * w + x] & b[(y + dy) * w + x + dx];
                    pairs++;
                }
            }
        }

        return (double)hits / pairs;
    }

    [Fact]
    public void PaintSetsTheLabelExactlyWhereTheFieldReachesTheThresholdAndKeepsTheRest()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "Graphite", default)]);
        var image = new PhaseImage(40, 33, 21, table) { VoxelSize = new VoxelSize(20, "nm") };
        for (int z = 0; z < image.Depth; z++)
        {
            image.GetLabels(z)[..(image.Width * 10)].Fill(2); // rows 0-9 of every slice are "graphite"
        }

        var parameters = new GaussianExcursionSetParameters(0.3, 0.02);
        GaussianExcursionSet.Paint(image, 1, parameters, 77, ComputeOptions.Default, streamId: 5);

        var field = GaussianRandomField.Create(40, 33, 21, image.VoxelSize, 0.02, ComputeOptions.Default).GenerateSlices(77, ComputeOptions.Default, streamId: 5);
        for (int z = 0; z < image.Depth; z++)
        {
            var labels = image.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                byte before = i < image.Width * 10 ? (byte)2 : (byte)0;
                Assert.Equal(field[z][i] >= 0.3 ? (byte)1 : before, labels[i]);
            }
        }

        Assert.Equal("77", image.Metadata["GaussianExcursionSet.CBD.Seed"]);
        Assert.Equal("0.3", image.Metadata["GaussianExcursionSet.CBD.Threshold"]);
        Assert.Equal("0.02", image.Metadata["GaussianExcursionSet.CBD.CovarianceScale"]);
        Assert.Equal("nm", image.Metadata["GaussianExcursionSet.CBD.Unit"]);
    }

    [Fact]
    public void GenerateRecordsParametersAndIsReproducibleAtAnyParallelism()
    {
        var vs = new VoxelSize(40, "nm");
        var parameters = new GaussianExcursionSetParameters(0.499, 0.0127); // Table 2 of the 001 paper
        var one = GaussianExcursionSet.Generate(50, 40, 30, vs, parameters, -5, new ComputeOptions { MaxDegreeOfParallelism = 1 }, "CBD", "Pore");
        var two = GaussianExcursionSet.Generate(50, 40, 30, vs, parameters, -5, new ComputeOptions { MaxDegreeOfParallelism = 2 }, "CBD", "Pore");
        for (int z = 0; z < one.Depth; z++)
        {
            Assert.True(one.GetLabels(z).SequenceEqual(two.GetLabels(z)), $"slice {z}");
        }

        Assert.Equal(["Pore", "CBD"], one.Phases.Select(p => p.Name));
        Assert.Equal(vs, one.VoxelSize);
        Assert.Equal("-5", one.Metadata["GaussianExcursionSet.CBD.Seed"]);
        Assert.Equal("0.499", one.Metadata["GaussianExcursionSet.CBD.Threshold"]);
        Assert.True(double.Parse(one.Metadata["GaussianExcursionSet.CBD.ClippedSpectralMass"], CultureInfo.InvariantCulture) >= 0);
        Assert.Contains("seed -5", one.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void BadParametersAndLabelsAreRefusedBeforeAnyWork()
    {
        var vs = VoxelSize.Uncalibrated;
        Assert.Equal("InvalidThreshold", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Generate(8, 8, 8, vs, new(double.NaN, 1), 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidCovarianceScale", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Generate(8, 8, 8, vs, new(0, -2), 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidDimensions", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Generate(8, 0, 8, vs, new(0, 1), 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("DuplicatePhaseName", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Generate(8, 8, 8, vs, new(0, 1), 1, ComputeOptions.Default, "Pore", "pore")).ErrorId);
        Assert.Equal("GaussianFieldTooLarge", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Generate(5000, 5000, 5000, vs, new(0, 1), 1, ComputeOptions.Default)).ErrorId);

        var image = new PhaseImage(8, 8, 8, new PhaseTable([new Phase(0, "Pore", default)]));
        Assert.Equal("LabelNotInPhaseTable", Assert.Throws<MicroMorphException>(() => GaussianExcursionSet.Paint(image, 1, new(0, 1), 1, ComputeOptions.Default)).ErrorId);
    }
}

/// <summary>Allocation measurement: alone, so no other test's allocations are counted.</summary>
[CollectionDefinition(nameof(ExcursionSetMemoryCollection), DisableParallelization = true)]
public sealed class ExcursionSetMemoryCollection;

[Collection(nameof(ExcursionSetMemoryCollection))]
public class ExcursionSetMemoryTests
{
    [Fact]
    public void PaintingAllocatesFewerThanEightBytesPerVoxelOfTheGenerationGrid()
    {
        // Everything the generation allocates (eigenvalue octant in double and float, the half spectrum
        // of the window rows, line buffers), summed over all threads: an upper bound of its peak
        // managed memory. The 400^3 figures (time, peak RSS) are in bench/RESULTS.md.
        const int n = 160;
        var image = new PhaseImage(n, n, n, new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]));
        GaussianExcursionSet.Paint(image, 1, new(0.5, 0.25), 1, ComputeOptions.Default); // warm-up (JIT)
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var field = GaussianExcursionSet.Paint(image, 1, new(0.5, 0.25), 2, ComputeOptions.Default);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        double grid = (double)field.GridWidth * field.GridHeight * field.GridDepth;
        Assert.True(grid > 1.5 * image.VoxelCount, $"grid {field.GridDimensions}: the margin of 14 / eta = 56 voxels must show");
        Assert.True(allocated < 8 * grid, $"{allocated / grid:F2} bytes per grid voxel ({field.GridDimensions})");
    }
}

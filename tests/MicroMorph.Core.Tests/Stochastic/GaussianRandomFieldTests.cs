using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class GaussianRandomFieldTests
{
    private static double Rho(double eta, double h) => 1 / (1 + eta * h * eta * h);

    [Fact]
    public void FieldHasMeanZeroVarianceOneAndTheCovarianceOfEq2AlongEveryAxis()
    {
        // 128^3 voxels, correlation length 1/eta = 2 voxels.
        const int n = 128;
        const double eta = 0.5;
        var field = GaussianRandomField.Create(n, n, n, VoxelSize.Uncalibrated, eta, ComputeOptions.Default);
        var z = field.GenerateSlices(11, ComputeOptions.Default);
        double voxels = (double)n * n * n;

        // The window mean fluctuates like sqrt(sum_xy c) / n, which is large because rho decays only
        // like 1/h^2 (here about 0.036); products fluctuate like sqrt(2 sum c^2 / pairs) (about 0.009).
        double sdMean = FieldStatistics.MeanDeviation(n, n, n, 1, 1, 1, h => Rho(eta, h));
        double mean = z.Sum(s => s.Sum(v => (double)v)) / voxels;
        Assert.True(Math.Abs(mean) < 4 * sdMean, $"mean {mean}, sd {sdMean}");

        double sdVariance = FieldStatistics.ProductDeviation(n, n, n, 1, 1, 1, h => Rho(eta, h), voxels);
        double variance = FieldStatistics.LagProduct(z, n, n, 0, 0);
        Assert.True(Math.Abs(variance - 1) < 4 * sdVariance, $"variance {variance}, sd {sdVariance}");

        foreach (int axis in new[] { 0, 1, 2 })
        {
            foreach (int k in new[] { 1, 2, 4, 8 })
            {
                double pairs = voxels * (n - k) / n;
                double sd = FieldStatistics.ProductDeviation(n, n, n, 1, 1, 1, h => Rho(eta, h), pairs);
                double c = FieldStatistics.LagProduct(z, n, n, axis, k);
                Assert.True(Math.Abs(c - Rho(eta, k)) < 4 * sd, $"axis {axis} lag {k}: {c} against rho {Rho(eta, k)} (sd {sd})");
            }
        }
    }

    [Fact]
    public void AnisotropicVoxelsGiveThePhysicalCovarianceAlongEachAxis()
    {
        // Odd heights and depths exercise the unpaired last row and odd transform lengths.
        const int w = 112, h = 75, d = 61;
        const double eta = 0.4; // per µm
        var vs = new VoxelSize(1.0, 1.5, 2.0, "µm");
        var field = GaussianRandomField.Create(w, h, d, vs, eta, ComputeOptions.Default);
        var z = field.GenerateSlices(5, ComputeOptions.Default);
        double voxels = (double)w * h * d;
        double[] size = [vs.X, vs.Y, vs.Z];
        int[] extent = [w, h, d];
        foreach (int axis in new[] { 0, 1, 2 })
        {
            foreach (int k in new[] { 1, 2, 3, 5 })
            {
                double pairs = voxels * (extent[axis] - k) / extent[axis];
                double sd = FieldStatistics.ProductDeviation(w, h, d, vs.X, vs.Y, vs.Z, r => Rho(eta, r), pairs);
                double c = FieldStatistics.LagProduct(z, w, h, axis, k);
                double expected = Rho(eta, k * size[axis]);
                Assert.True(Math.Abs(c - expected) < 4 * sd, $"axis {axis} lag {k} ({k * size[axis]} µm): {c} against {expected} (sd {sd})");
            }
        }

        // Isotropic voxels of the same count would give rho(2) = 0.61 at z-lag 2, not rho(4 µm) = 0.28.
        Assert.True(FieldStatistics.LagProduct(z, w, h, 2, 2) < 0.4);
    }

    [Fact]
    public void PlanarWindowIsASectionWithTheSameCovariance()
    {
        const int n = 400;
        const double eta = 0.25;
        var field = GaussianRandomField.Create(n, n, 1, VoxelSize.Uncalibrated, eta, ComputeOptions.Default);
        Assert.Equal(1, field.GridDepth);
        var z = field.GenerateSlices(3, ComputeOptions.Default);
        double voxels = (double)n * n;
        foreach (int axis in new[] { 0, 1 })
        {
            foreach (int k in new[] { 0, 2, 4, 8 })
            {
                double pairs = voxels * (n - k) / n;
                double sd = FieldStatistics.ProductDeviation(n, n, 1, 1, 1, 1, r => Rho(eta, r), pairs);
                double c = FieldStatistics.LagProduct(z, n, n, axis, k);
                Assert.True(Math.Abs(c - Rho(eta, k)) < 4 * sd, $"axis {axis} lag {k}: {c} against {Rho(eta, k)} (sd {sd})");
            }
        }
    }

    [Theory]
    [InlineData(400, 400, 400, 40.0, 40.0, 40.0, 0.0127)] // the 001 model at 40 nm
    [InlineData(400, 400, 400, 20.0, 20.0, 20.0, 0.0127)]
    [InlineData(97, 31, 1, 1.0, 2.0, 1.0, 0.3)]
    [InlineData(64, 64, 64, 1.0, 1.0, 1.0, 0.01)] // correlation longer than the window: every lag exact
    [InlineData(1, 5, 2, 1.0, 1.0, 1.0, 1.0)]
    public void GenerationGridWrapsOnlyWhereRhoIsBelowTheToleranceOrNotAtAll(int w, int h, int d, double vx, double vy, double vz, double eta)
    {
        var vs = new VoxelSize(vx, vy, vz, "nm");
        var grid = GaussianRandomField.GenerationGrid(w, h, d, vs, eta);
        Assert.True(grid.X % 2 == 0, "Nx must be even for the real transform");
        foreach (var (window, n, v) in new[] { (w, grid.X, vx), (h, grid.Y, vy), (d, grid.Z, vz) })
        {
            Assert.True(n >= window);
            int r = n;
            foreach (int p in new[] { 2, 3, 5 })
            {
                while (r % p == 0)
                {
                    r /= p;
                }
            }

            Assert.Equal(1, r);
            // Inside the window, lag k is represented by min(k, n - k): either no lag wraps
            // (n >= 2 window - 2), or the shortest wrapped lag n - window + 1 has rho <= tolerance.
            bool exact = n >= 2 * window - 2;
            Assert.True(exact || Rho(eta, (n - window + 1) * v) <= GaussianRandomField.DefaultWrapTolerance, $"window {window}, grid {n}");
        }

        // The 400^3 model at 40 nm is padded by 28 voxels (eta h = 14.1 at 1.1 µm) to 432 = 2^4 3^3.
        if (w == 400 && vx == 40)
        {
            Assert.Equal((432, 432, 432), grid);
        }
    }

    [Fact]
    public void SameSeedGivesTheSameFieldAtAnyParallelismAndStreamsDiffer()
    {
        var vs = new VoxelSize(1, 1, 1.5, "nm");
        var field = GaussianRandomField.Create(45, 38, 29, vs, 0.3, ComputeOptions.Default);
        var one = field.GenerateSlices(42, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = field.GenerateSlices(42, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        var again = GaussianRandomField.Create(45, 38, 29, vs, 0.3, new ComputeOptions { MaxDegreeOfParallelism = 2 }).GenerateSlices(42, ComputeOptions.Default);
        for (int z = 0; z < one.Length; z++)
        {
            Assert.Equal(one[z], two[z]);
            Assert.Equal(one[z], again[z]);
        }

        var otherSeed = field.GenerateSlices(43, ComputeOptions.Default);
        var otherStream = field.GenerateSlices(42, ComputeOptions.Default, streamId: 7);
        Assert.NotEqual(one[10], otherSeed[10]);
        Assert.NotEqual(one[10], otherStream[10]);
    }

    [Fact]
    public void EigenvaluesAndClippedMassAgreeWithNumpy()
    {
        // A correlation length comparable with the grid (eta N / 2 = 3.2; N = 2 x 64 - 2 rounded to 128) makes the wrapped covariance
        // indefinite. numpy's full complex FFT of the same embedded covariance is the reference for the
        // octant transform here.
        const int n = 64;
        const double eta = 0.05;
        var field = GaussianRandomField.Create(n, n, n, VoxelSize.Uncalibrated, eta, ComputeOptions.Default);
        Assert.Equal((128, 128, 128), (field.GridWidth, field.GridHeight, field.GridDepth));
        string? output = PeerPython.Run(
            """
            import sys, numpy as np
            N = int(sys.argv[1]); eta = float(sys.argv[2])
            k = np.minimum(np.arange(N), N - np.arange(N)).astype(float)
            X, Y, Z = np.meshgrid(k, k, k, indexing='ij', sparse=True)
            lam = np.fft.fftn(1 / (1 + eta**2 * (X**2 + Y**2 + Z**2))).real
            print(repr(-lam[lam < 0].sum() / lam.size), repr(lam.min() / lam.max()))
            """,
            "128",
            eta.ToString("R", CultureInfo.InvariantCulture));
        if (output is null)
        {
            return; // no numpy on this machine
        }

        var values = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Assert.True(values[0] > 1e-3, "the reference case must clip something");
        Assert.Equal(values[0], field.ClippedSpectralMass, 1e-9);
        Assert.Equal(values[1], field.MinimumEigenvalue, 1e-9);

        // After clipping the variance is renormalised to 1.
        var z = field.GenerateSlices(1, ComputeOptions.Default);
        double voxels = (double)n * n * n;
        double sd = FieldStatistics.ProductDeviation(n, n, n, 1, 1, 1, h => Rho(eta, h), voxels);
        Assert.True(Math.Abs(FieldStatistics.LagProduct(z, n, n, 0, 0) - 1) < 4 * sd);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadCovarianceScaleIsRefused(double eta)
    {
        var ex = Assert.Throws<MicroMorphException>(() => GaussianRandomField.Create(8, 8, 8, VoxelSize.Uncalibrated, eta, ComputeOptions.Default));
        Assert.Equal("InvalidCovarianceScale", ex.ErrorId);
    }

    [Fact]
    public void EmptyWindowsAndBadTolerancesAreRefused()
    {
        Assert.Equal("InvalidDimensions", Assert.Throws<MicroMorphException>(() => GaussianRandomField.Create(0, 8, 8, VoxelSize.Uncalibrated, 1, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidWrapTolerance", Assert.Throws<MicroMorphException>(() => GaussianRandomField.Create(8, 8, 8, VoxelSize.Uncalibrated, 1, ComputeOptions.Default, wrapTolerance: 1)).ErrorId);
        // A thin but tall and deep window whose column buffers would exceed one array.
        Assert.Equal("GaussianFieldTooLarge", Assert.Throws<MicroMorphException>(() => GaussianRandomField.GenerationGrid(4, 40000, 40000, VoxelSize.Uncalibrated, 1)).ErrorId);
    }

    [Fact]
    public void FieldThatCannotFitInMemoryIsRefusedBeforeAnyWork()
    {
        var ex = Assert.Throws<MicroMorphException>(() => GaussianRandomField.Create(20000, 20000, 20000, VoxelSize.Uncalibrated, 0.5, ComputeOptions.Default));
        Assert.Equal("GaussianFieldTooLarge", ex.ErrorId);
        Assert.Equal(MicroMorphErrorKind.LimitsExceeded, ex.Kind);
    }

    [Fact]
    public void CancellationStopsTheGeneration()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var options = new ComputeOptions { CancellationToken = cts.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => GaussianRandomField.Create(32, 32, 32, VoxelSize.Uncalibrated, 0.5, options));
        var field = GaussianRandomField.Create(32, 32, 32, VoxelSize.Uncalibrated, 0.5, ComputeOptions.Default);
        Assert.ThrowsAny<OperationCanceledException>(() => field.GenerateSlices(1, options));
    }
}

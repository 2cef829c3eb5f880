using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO.Tiff;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;
using MicroMorph.Core.Transport;
using Xunit;

namespace MicroMorph.Core.Tests.Transport;

public class EffectiveTransportAnalysisTests
{
    private static readonly PhaseTable Phases = new([new Phase(0, "Solid", default), new Phase(1, "Pore", default), new Phase(2, "CBD", default)]);
    private static readonly TransportSolverSettings Tight = new() { Tolerance = 1e-10 };

    private static PhaseImage Image(int w, int h, int d, Func<int, int, int, byte> label, VoxelSize? size = null)
    {
        var image = new PhaseImage(w, h, d, Phases) { VoxelSize = size ?? new VoxelSize(1, 1, 1, "µm") };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    s[y * w + x] = label(x, y, z);
                }
            }
        }

        return image;
    }

    private static EffectiveTransportResult Solve(PhaseImage image, FlowDirection direction, TransportSolverSettings? settings = null, int threads = -1, params (byte Label, double Sigma)[] phases)
    {
        var list = phases.Length == 0 ? [new PhaseConductivity(Phases[1], 1)] : phases.Select(p => new PhaseConductivity(Phases[p.Label], p.Sigma)).ToList();
        return EffectiveTransportAnalysis.Compute(image, list, direction, settings ?? Tight, new ComputeOptions { MaxDegreeOfParallelism = threads });
    }

    [Theory]
    [InlineData(FlowDirection.X)]
    [InlineData(FlowDirection.Y)]
    [InlineData(FlowDirection.Z)]
    public void StraightChannelHasUnitTortuosityAndMEqualToVolumeFraction(FlowDirection direction)
    {
        // A 3 x 2 voxel channel running along the flow direction through a 9 x 10 x 11 box.
        var image = Image(9, 10, 11, (x, y, z) =>
        {
            var (a, b) = direction switch { FlowDirection.X => (y, z), FlowDirection.Y => (x, z), _ => (x, y) };
            return (byte)(a is >= 2 and < 5 && b is >= 4 and < 6 ? 1 : 0);
        });
        var result = Solve(image, direction);
        double epsilon = 6.0 * direction.ExtentOf(image) / image.VoxelCount;
        Assert.Equal(epsilon, result.VolumeFraction, 12);
        Assert.Equal(1.0, result.EffectiveTortuosity, 1e-3);
        Assert.Equal(epsilon, result.MFactor, 1e-3);
        Assert.Equal(1.0, result.PercolatingFraction);
        Assert.True(result.Converged);
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0)]
    [InlineData(1.0, 2.0, 0.5)]
    [InlineData(0.3, 1.0, 4.0)]
    public void LayeredMediaGiveArithmeticMeanAlongAndHarmonicMeanAcrossTheLayers(double hx, double hy, double hz)
    {
        // Layers normal to z: even slices conduct 1, odd slices 0.25 (both phases conduct).
        var image = Image(6, 5, 8, (x, y, z) => (byte)(z % 2 == 0 ? 1 : 2), new VoxelSize(hx, hy, hz, "µm"));
        (byte, double)[] sigma = [(1, 1.0), (2, 0.25)];
        var along = Solve(image, FlowDirection.X, phases: sigma);
        var across = Solve(image, FlowDirection.Z, phases: sigma);
        Assert.Equal((1.0 + 0.25) / 2, along.EffectiveConductivity, 1e-3);
        Assert.Equal(2 / (1 / 1.0 + 1 / 0.25), across.EffectiveConductivity, 1e-3);
        Assert.Equal(1.0, across.VolumeFraction);
        Assert.Equal(1.0, across.ReferenceConductivity);
        Assert.Equal(across.EffectiveConductivity, across.MFactor, 12);
        Assert.Equal(1 / across.MFactor, across.EffectiveTortuosity, 12);
    }

    [Fact]
    public void NonPercolatingStructureGivesZeroMFactorAndInfiniteTortuosity()
    {
        // A pore block touching the inlet face but stopping two slices before the outlet, and an isolated pore.
        var image = Image(6, 6, 10, (x, y, z) => (byte)((x < 3 && z < 8) || (x == 5 && y == 5 && z == 9) ? 1 : 0));
        var result = Solve(image, FlowDirection.Z);
        Assert.Equal(0.0, result.MFactor);
        Assert.Equal(0.0, result.EffectiveConductivity);
        Assert.Equal(0.0, result.PercolatingFraction);
        Assert.True(double.IsPositiveInfinity(result.EffectiveTortuosity));
        Assert.False(result.Percolates);
    }

    [Fact]
    public void DeadEndsAndIsolatedPoresDoNotCarryCurrent()
    {
        // A straight channel plus a dead-end branch and an isolated pocket: the current is the channel's.
        var image = Image(8, 8, 10, (x, y, z) => (byte)(
            (x == 2 && y == 2) || (y == 2 && z == 5 && x >= 2) || (x == 6 && y == 6 && z is 3 or 4) ? 1 : 0));
        var result = Solve(image, FlowDirection.Z);
        double channelOnly = 10.0 / image.VoxelCount;
        Assert.Equal(channelOnly, result.MFactor, 1e-9);
        Assert.Equal((10.0 + 5) / (10 + 5 + 2), result.PercolatingFraction, 12);
    }

    [Fact]
    public void PeriodicSidesConnectThroughTheWrap()
    {
        // Column at x = 0 for z <= 2, column at x = 3 for z >= 2: they touch only across the x wrap.
        var image = Image(4, 3, 6, (x, y, z) => (byte)(y == 1 && ((x == 0 && z <= 2) || (x == 3 && z >= 2)) ? 1 : 0));
        Assert.Equal(0.0, Solve(image, FlowDirection.Z).MFactor);
        var periodic = Solve(image, FlowDirection.Z, Tight with { PeriodicSides = true });
        Assert.True(periodic.MFactor > 0);
        // Series path: 3 + 4 voxels along z plus one x link; resistance 3 + 4 + 1 - (two half voxels shared) = 7 + 1.
        // Exact: R = 0.5 (inlet half) + 2 (z links of the first column) + 1 (x link) + 3 (z links of the second) + 0.5 = 7.
        double current = 1 / 7.0;
        Assert.Equal(current * 6 / (4 * 3), periodic.EffectiveConductivity, 1e-9);
    }

    [Fact]
    public void SlantedStripMatchesTauFactor()
    {
        // TauFactor tests/test_taufactor.py: 20 x 21 x 21, img[i, i:i+2, i:i+2] = 1, flow along the first axis: tau = 7.51667.
        var image = Image(21, 21, 20, (x, y, z) => (byte)(y >= z && y < z + 2 && x >= z && x < z + 2 ? 1 : 0));
        var result = Solve(image, FlowDirection.Z);
        Assert.Equal(7.51667, result.EffectiveTortuosity, 7.51667 * 1e-3);
    }

    [Fact]
    public void ElectrodePorePhaseMatchesTauFactor()
    {
        // TauFactor's published tau of electrode.tiff's pore phase: 2.0772 along the page axis (Z), 2.0766 along the rows (Y).
        string path = Path.Combine(TestData.RepositoryRoot, "examples", "data", "electrode.tiff");
        var options = ComputeOptions.Default;
        var image = PhaseImageConverter.Convert(TiffVolumeReader.Read(path, null, options), null, options);
        var pore = image.Phases.Resolve("0");
        // Default tolerance (relative residual 1e-6): about 26 multigrid-CG iterations per direction.
        var settings = TransportSolverSettings.Default;
        var z = EffectiveTransportAnalysis.Compute(image, pore, FlowDirection.Z, settings, options);
        Assert.Equal(0.44992, z.VolumeFraction, 5e-6);
        Assert.Equal(2.0772, z.EffectiveTortuosity, 2.0772 * 0.005);
        Assert.True(z.PercolatingFraction > 0.99);
        var y = EffectiveTransportAnalysis.Compute(image, pore, FlowDirection.Y, settings, options);
        Assert.Equal(2.0766, y.EffectiveTortuosity, 2.0766 * 0.005);
    }

    [Fact]
    public void ResultDoesNotDependOnTheNumberOfThreads()
    {
        var image = RandomPhaseImage.Create(20, 18, 24, 0.55, 7, new VoxelSize(1, 1, 1, "µm"));
        var settings = new TransportSolverSettings { Tolerance = 1e-8 };
        var one = EffectiveTransportAnalysis.Compute(image, image.Phases[1], FlowDirection.Z, settings, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = EffectiveTransportAnalysis.Compute(image, image.Phases[1], FlowDirection.Z, settings, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one, two);
        Assert.True(one.Converged);
    }

    [Fact]
    public void RefiningTheGridKeepsTheTortuosityOfAVoxelStructure()
    {
        // The same random structure with each voxel split into 2 x 2 x 2: the conducting geometry is identical,
        // so the finite-volume answer changes only by discretisation error (see docs/methods/effective-transport.md).
        var coarse = RandomPhaseImage.Create(12, 12, 12, 0.6, 3, new VoxelSize(2, 2, 2, "µm"));
        var fine = new PhaseImage(24, 24, 24, coarse.Phases) { VoxelSize = new VoxelSize(1, 1, 1, "µm") };
        for (int z = 0; z < 24; z++)
        {
            var s = fine.GetLabels(z);
            for (int y = 0; y < 24; y++)
            {
                for (int x = 0; x < 24; x++)
                {
                    s[y * 24 + x] = coarse.GetLabel(x / 2, y / 2, z / 2);
                }
            }
        }

        var a = EffectiveTransportAnalysis.Compute(coarse, coarse.Phases[1], FlowDirection.Z, Tight, ComputeOptions.Default);
        var b = EffectiveTransportAnalysis.Compute(fine, fine.Phases[1], FlowDirection.Z, Tight, ComputeOptions.Default);
        Assert.Equal(a.VolumeFraction, b.VolumeFraction, 12);
        Assert.Equal(a.PercolatingFraction, b.PercolatingFraction, 12);

        // Finer grids resolve the constrictions better: tau drops slightly, by a few per cent.
        Assert.InRange(b.EffectiveTortuosity / a.EffectiveTortuosity, 0.85, 1.0);
    }

    [Fact]
    public void CancellationStopsTheSolve()
    {
        var image = RandomPhaseImage.Create(16, 16, 16, 0.6, 1, new VoxelSize(1, 1, 1, "µm"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => EffectiveTransportAnalysis.Compute(
            image, image.Phases[1], FlowDirection.Z, Tight, new ComputeOptions { CancellationToken = cancelled.Token }));
    }

    [Fact]
    public void PeriodicOddDepthIsDeterministic()
    {
        // Periodic sides along z with an odd depth (flow along X): the first and last slices share colours in the smoother.
        var image = RandomPhaseImage.Create(14, 10, 9, 0.6, 11, new VoxelSize(1, 1, 1, "µm"));
        var settings = new TransportSolverSettings { Tolerance = 1e-9, PeriodicSides = true };
        var one = EffectiveTransportAnalysis.Compute(image, image.Phases[1], FlowDirection.X, settings, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = EffectiveTransportAnalysis.Compute(image, image.Phases[1], FlowDirection.X, settings, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one, two);
        Assert.True(one.Converged);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var image = Image(5, 5, 6, (x, y, z) => (byte)(x < 3 ? 1 : 0));
        var empty = Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, phases: [(2, 1.0)]));
        Assert.Equal("EmptyPhase", empty.ErrorId);
        Assert.Equal("InvalidConductivity", Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, phases: [(1, 0.0)])).ErrorId);
        Assert.Equal("InvalidConductivity", Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, phases: [(1, -1.0)])).ErrorId);
        Assert.Equal("InvalidConductivity", Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, phases: [(1, double.NaN)])).ErrorId);
        Assert.Equal("DuplicatePhase", Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, phases: [(1, 1.0), (1, 2.0)])).ErrorId);
        var flat = Image(5, 5, 1, (x, y, z) => 1);
        Assert.Equal("DirectionTooShort", Assert.Throws<MicroMorphException>(() => Solve(flat, FlowDirection.Z)).ErrorId);
        Assert.Equal("InvalidTolerance", Assert.Throws<MicroMorphException>(() => Solve(image, FlowDirection.Z, new TransportSolverSettings { Tolerance = 0 })).ErrorId);
    }
}

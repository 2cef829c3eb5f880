using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using Xunit.Abstractions;

namespace MicroMorph.Core.Tests.Stochastic;

public class BooleanModelCalibrationTests(ITestOutputHelper output)
{
    private static readonly GammaSpheroids Graphite = new(205, 3944, 1.971); // 001 Table 2

    private static IntrinsicVolumeDensities Densities(BooleanModelParameters p) => IntrinsicVolumeDensities.From(MilesFormulas.Compute(p));

    private static void Near(double expected, double actual, double relative) =>
        Assert.InRange(actual / expected, 1 - relative, 1 + relative);

    [Fact]
    public void BallsAreRecoveredFromTheirDensities()
    {
        var truth = new BooleanModelParameters(2e-6, new ConstantRadiusBalls(35));
        var fit = BooleanModelCalibration.Calibrate(Densities(truth), new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.Ball, LengthScale = 5 });
        Assert.True(fit.Converged);
        Near(truth.Intensity, fit.Parameters.Intensity, 0.10);
        Near(35, ((ConstantRadiusBalls)fit.Parameters.Grains).Radius, 0.10);
    }

    [Fact]
    public void ExponentialBallsAreRecoveredFromTheirDensities()
    {
        var truth = new BooleanModelParameters(9.34e-9, new ExponentialRadiusBalls(0.0105)); // 001 Table 2, large pores
        var fit = BooleanModelCalibration.Calibrate(Densities(truth), new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.ExponentialBall, LengthScale = 20 });
        Assert.True(fit.Converged);
        Near(truth.Intensity, fit.Parameters.Intensity, 0.10);
        Near(0.0105, ((ExponentialRadiusBalls)fit.Parameters.Grains).Rate, 0.10);
    }

    /// <summary>
    /// The four densities determine lambda and the three grain means exactly (Eqs. 10-13 invert in
    /// closed form), and here the gamma parameters too; but the shapes are ill-conditioned: they
    /// show only in O(1/alpha) deviations of the grain means from a deterministic spheroid, so a
    /// 0.1 % change of K^ moves alpha1 by tens of per cent while lambda and the mean half-axes
    /// alpha1/gamma and alpha2/gamma (104 nm and 2001 nm) stay put. Those are what is tested.
    /// </summary>
    [Fact]
    public void SpheroidIntensityAndMeanHalfAxesAreRecovered()
    {
        var truth = new BooleanModelParameters(6.355e-11, Graphite);
        var options = new BooleanModelCalibrationOptions { LengthScale = 20 };
        var exact = Densities(truth);
        foreach (var (name, target) in new[] { ("exact", exact), ("K^ + 0.1 %", exact with { MeanCurvatureDensity = exact.MeanCurvatureDensity * 1.001 }) })
        {
            var fit = BooleanModelCalibration.Calibrate(target, options);
            var g = (GammaSpheroids)fit.Parameters.Grains;
            output.WriteLine($"{name}: lambda {fit.Parameters.Intensity:G5}, alpha1 {g.ShapeA:G5}, alpha2 {g.ShapeC:G5}, gamma {g.Rate:G5}, mean half-axes {g.ShapeA / g.Rate:G5} and {g.ShapeC / g.Rate:G5} nm, objective {fit.Objective:G3}, {fit.Iterations} iterations");
            Assert.True(fit.Converged);
            Near(6.355e-11, fit.Parameters.Intensity, 0.01);
            Near(205 / 1.971, g.ShapeA / g.Rate, 0.01);
            Near(3944 / 1.971, g.ShapeC / g.Rate, 0.01);
            Assert.True(g.ShapeA <= g.ShapeC);
            if (name == "exact")
            {
                Near(205, g.ShapeA, 0.10);
                Near(3944, g.ShapeC, 0.10);
                Near(1.971, g.Rate, 0.10);
            }
        }
    }

    /// <summary>
    /// The Table 1 image-data row (L = 20 nm). Reported, not asserted against Table 2: Eq. 17 weighs
    /// K and N so little that the problem is ill-posed, and its minimum under Miles' formulas is far
    /// below the objective at Table 2's parameters (see docs/methods/miles-formulas.md).
    /// </summary>
    [Fact]
    public void Table1ImageDataRow()
    {
        var target = new IntrinsicVolumeDensities(0.10550, 0.0014526, 4.2043e-7, 1.6344e-9);
        var fit = BooleanModelCalibration.Calibrate(target, new BooleanModelCalibrationOptions { LengthScale = 20 });
        var g = (GammaSpheroids)fit.Parameters.Grains;
        double atTable2 = BooleanModelCalibration.Objective(target, MilesFormulas.Compute(new BooleanModelParameters(6.355e-11, Graphite)), 20);
        output.WriteLine($"fit: lambda {fit.Parameters.Intensity:G5}, alpha1 {g.ShapeA:G5}, alpha2 {g.ShapeC:G5}, gamma {g.Rate:G5}, mean half-axes {g.ShapeA / g.Rate:G5}, {g.ShapeC / g.Rate:G5}");
        output.WriteLine($"fitted {IntrinsicVolumeDensities.From(fit.Fitted)}; objective {fit.Objective:G4} (at Table 2: {atTable2:G4}); {fit.Iterations} iterations");
        Assert.True(fit.Converged);
        Assert.True(fit.Objective < atTable2);
        Near(0.10550, fit.Fitted.VolumeFraction, 0.001);
        Near(0.0014526, fit.Fitted.SurfaceDensity, 0.001);
    }

    /// <summary>
    /// The round trip on voxels: a realization of known parameters, its densities measured by
    /// configuration counting (6-adjacency), the model fitted back: balls of radius 8 voxels at
    /// volume fraction 0.2 in one 128^3 window.
    /// </summary>
    [Fact]
    public void BallRealizationIsCalibratedBackWithinTenPercent()
    {
        var truth = new BooleanModelParameters(-Math.Log(0.8) / (4.0 / 3 * Math.PI * 512), new ConstantRadiusBalls(8));
        var image = BooleanModelRealization.Generate(128, 128, 128, new VoxelSize(1, "um"), truth, 42, openGrains: false, Parallelism.ComputeOptions.Default);
        var fit = BooleanModelCalibration.Calibrate(image, image.Phases[1], new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.Ball }, EulerConnectivity.Six);
        Near(truth.Intensity, fit.Parameters.Intensity, 0.10);
        Near(8, ((ConstantRadiusBalls)fit.Parameters.Grains).Radius, 0.10);
    }

    /// <summary>
    /// Exponential balls (mean radius 6 voxels, volume fraction 0.25) are far noisier: V sums R^3
    /// of an exponential law (E[R^6] / E[R^3]^2 = 20), and lambda goes with theta^3. One 400^3
    /// window (about 3500 balls) gave lambda -14 % to +2 % over five seeds. So the densities of four
    /// 256^3 windows are pooled (their mean is the estimate of a window of their total volume)
    /// and the model is fitted to that mean.
    /// </summary>
    [Fact]
    public void PooledExponentialBallRealizationsAreCalibratedBackWithinTenPercent()
    {
        var truth = new BooleanModelParameters(-Math.Log(0.75) / (8 * Math.PI * 216), new ExponentialRadiusBalls(1.0 / 6));
        var measured = Enumerable.Range(1, 4).Select(seed =>
        {
            var image = BooleanModelRealization.Generate(256, 256, 256, new VoxelSize(1, "um"), truth, seed, openGrains: false, Parallelism.ComputeOptions.Default);
            return IntrinsicVolumeAnalysis.Compute(image, image.Phases[1], EulerConnectivity.Six, ObservationWindow.Stationary, Parallelism.ComputeOptions.Default);
        }).ToArray();
        var pooled = new IntrinsicVolumeDensities(
            measured.Average(m => m.VolumeFraction),
            measured.Average(m => m.SurfaceDensity),
            measured.Average(m => m.MeanCurvatureDensity),
            measured.Average(m => m.EulerDensity));
        var fit = BooleanModelCalibration.Calibrate(pooled, new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.ExponentialBall, LengthScale = 1 });
        output.WriteLine($"{pooled} -> {fit.Parameters}");
        Near(truth.Intensity, fit.Parameters.Intensity, 0.10);
        Near(1.0 / 6, ((ExponentialRadiusBalls)fit.Parameters.Grains).Rate, 0.10);
    }

    [Fact]
    public void AnImageIsMeasuredAndTheLengthScaleIsItsVoxelSize()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);
        var image = new PhaseImage(24, 24, 24, table) { VoxelSize = new VoxelSize(20, "nm") };
        for (int z = 0; z < 24; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                int x = i % 24, y = i / 24;
                s[i] = (byte)(((x / 6) + (y / 6) + (z / 6)) % 3 == 0 ? 1 : 0);
            }
        }

        var fit = BooleanModelCalibration.Calibrate(image, table[1], new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.Ball }, EulerConnectivity.TwentySix);
        var measured = IntrinsicVolumeAnalysis.Compute(image, table[1], EulerConnectivity.TwentySix, ObservationWindow.Stationary, Parallelism.ComputeOptions.Default);
        Assert.Equal(20, fit.LengthScale);
        Assert.Equal("nm", fit.Unit);
        Assert.Equal(IntrinsicVolumeDensities.From(measured), fit.Target);
    }

    [Fact]
    public void BadTargetsAndSettingsAreRefused()
    {
        var options = new BooleanModelCalibrationOptions { LengthScale = 20 };
        string Id(Action a) => Assert.Throws<MicroMorphException>(a).ErrorId;
        Assert.Equal("InvalidTargetVolumeFraction", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(1.2, 1e-3, 1e-7, 1e-9), options)));
        Assert.Equal("InvalidTargetVolumeFraction", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(0, 1e-3, 1e-7, 1e-9), options)));
        Assert.Equal("InvalidTargetVolumeFraction", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(double.NaN, 1e-3, 1e-7, 1e-9), options)));
        Assert.Equal("InvalidTargetDensity", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(0.1, -1e-3, 1e-7, 1e-9), options)));
        Assert.Equal("InvalidTargetDensity", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(0.1, 1e-3, double.NaN, 1e-9), options)));
        Assert.Equal("LengthScaleRequired", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(0.1, 1e-3, 1e-7, 1e-9), new BooleanModelCalibrationOptions())));
        Assert.Equal("InvalidLengthScale", Id(() => BooleanModelCalibration.Calibrate(new IntrinsicVolumeDensities(0.1, 1e-3, 1e-7, 1e-9), options with { LengthScale = -1 })));
        Assert.Equal("StartGrainShapeMismatch", Id(() => BooleanModelCalibration.Calibrate(
            new IntrinsicVolumeDensities(0.1, 1e-3, 1e-7, 1e-9), options with { Start = new BooleanModelParameters(1e-9, new ConstantRadiusBalls(3)) })));
    }
}

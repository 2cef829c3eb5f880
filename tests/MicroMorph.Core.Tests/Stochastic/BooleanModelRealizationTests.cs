using System.Globalization;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Tests.Stochastic;

public class BooleanModelRealizationTests
{
    private static double Fraction(PhaseImage image) => (double)GrainRasterizerTests.Count(image) / image.VoxelCount;

    /// <remarks>
    /// The fraction of covered voxel centres is an unbiased estimate of 1 - exp(-lambda E[V]) at any
    /// resolution (a voxel centre is covered exactly when a germ lies in the reflected grain around
    /// it). Its standard deviation, about (1 - V) sqrt(lambda E[V^2] / |W|) (001 Section 3.1, the
    /// Boolean model's covariance), is 0.002-0.003 for the models below, so 0.01 is at least 3 sigma.
    /// </remarks>
    [Fact]
    public void VolumeFractionOfBallsIsOneMinusExpOfLambdaTimesBallVolume()
    {
        const double R = 5, X = 0.5; // lambda E[V] = 0.5
        var parameters = new BooleanModelParameters(X / (4 / 3.0 * Math.PI * R * R * R), new ConstantRadiusBalls(R));
        var image = BooleanModelRealization.Generate(256, 256, 256, VoxelSize.Uncalibrated, parameters, 11, false, ComputeOptions.Default);
        Assert.InRange(Fraction(image) - (1 - Math.Exp(-X)), -0.01, 0.01);
    }

    [Fact]
    public void VolumeFractionOfExponentialBallsInNanometres()
    {
        // 001 Eq. 3: radii ~ Exp(theta), E[V] = 4/3 pi E[R^3] = 8 pi / theta^3. Voxels of 20 nm, mean radius 25 nm.
        const double Theta = 0.04, Voxel = 20;
        double meanVolume = 8 * Math.PI / (Theta * Theta * Theta);
        var parameters = new BooleanModelParameters(0.5 / meanVolume, new ExponentialRadiusBalls(Theta));
        var image = BooleanModelRealization.Generate(256, 256, 256, new VoxelSize(Voxel, "nm"), parameters, 12, true, ComputeOptions.Default);
        Assert.InRange(Fraction(image) - (1 - Math.Exp(-parameters.Intensity * 8 * Math.PI / (Theta * Theta * Theta))), -0.01, 0.01);
    }

    [Fact]
    public void VolumeFractionOfGammaSpheroidsOnAnisotropicVoxels()
    {
        // 001 Section 3.1.1 on 10 x 10 x 20 nm voxels (the paper's FIB-SEM): E[V] = E[4/3 pi min(A,C) max(A,C)^2]
        // by quadrature over the two gamma densities (independent of the sampler).
        const double ShapeA = 4, ShapeC = 9, Rate = 0.2;
        double meanVolume = 4 / 3.0 * Math.PI * MeanMinTimesMaxSquared(ShapeA, ShapeC, Rate);
        var parameters = new BooleanModelParameters(0.5 / meanVolume, new GammaSpheroids(ShapeA, ShapeC, Rate));
        var image = BooleanModelRealization.Generate(256, 256, 128, new VoxelSize(10, 10, 20, "nm"), parameters, 13, false, ComputeOptions.Default);
        Assert.InRange(Fraction(image) - (1 - Math.Exp(-0.5)), -0.01, 0.01);
    }

    [Fact]
    public void QuadratureOfTheSpheroidVolumeAgreesWithMonteCarlo()
    {
        // The quadrature used above against a Monte-Carlo estimate with MathNet's own gamma sampler.
        var random = new Random(3);
        double sum = 0;
        const int N = 400_000;
        for (int i = 0; i < N; i++)
        {
            double a = Gamma.Sample(random, 4, 0.2), c = Gamma.Sample(random, 9, 0.2);
            sum += Math.Min(a, c) * Math.Max(a, c) * Math.Max(a, c);
        }

        Assert.Equal(1, MeanMinTimesMaxSquared(4, 9, 0.2) / (sum / N), 2);
    }

    private static double MeanMinTimesMaxSquared(double shapeA, double shapeC, double rate)
    {
        double top = Math.Max(Gamma.InvCDF(shapeA, rate, 1 - 1e-12), Gamma.InvCDF(shapeC, rate, 1 - 1e-12));
        const int N = 2000;
        double h = top / N;
        var fa = new double[N + 1];
        var fc = new double[N + 1];
        for (int i = 0; i <= N; i++)
        {
            double w = i == 0 || i == N ? 0.5 : 1;
            fa[i] = w * Gamma.PDF(shapeA, rate, i * h) * h;
            fc[i] = w * Gamma.PDF(shapeC, rate, i * h) * h;
        }

        double total = 0;
        for (int i = 0; i <= N; i++)
        {
            for (int j = 0; j <= N; j++)
            {
                double a = i * h, c = j * h;
                total += fa[i] * fc[j] * Math.Min(a, c) * Math.Max(a, c) * Math.Max(a, c);
            }
        }

        return total;
    }

    [Fact]
    public void SameSeedSameVoxelsAtAnyParallelismAndOtherSeedsDiffer()
    {
        // About 25 000 germs: several blocks of germs, each drawn by whichever worker takes it.
        var parameters = new BooleanModelParameters(0.1, new GammaSpheroids(2, 5, 2));
        PhaseImage Run(long seed, int threads) =>
            BooleanModelRealization.Generate(64, 60, 56, VoxelSize.Uncalibrated, parameters, seed, false, new ComputeOptions { MaxDegreeOfParallelism = threads });
        var one = Run(42, 1);
        var two = Run(42, 2);
        var other = Run(43, 2);
        Assert.True(long.Parse(one.Metadata["BooleanModel.Germs"], CultureInfo.InvariantCulture) > 2 * BooleanModelRealization.GermsPerBlock);
        bool differs = false;
        for (int z = 0; z < one.Depth; z++)
        {
            Assert.True(one.GetLabels(z).SequenceEqual(two.GetLabels(z)), $"slice {z} differs between 1 and 2 threads");
            differs |= !one.GetLabels(z).SequenceEqual(other.GetLabels(z));
        }

        Assert.True(differs);
        Assert.Equal(one.Metadata["BooleanModel.Germs"], two.Metadata["BooleanModel.Germs"]);
    }

    [Fact]
    public void RealizationDocumentsItselfInTheMetadata()
    {
        var parameters = new BooleanModelParameters(2e-7, new GammaSpheroids(205, 3944, 1.971));
        var image = BooleanModelRealization.Generate(40, 30, 20, new VoxelSize(20, "nm"), parameters, 1234, false, ComputeOptions.Default, "Rest", "Graphite");
        var m = image.Metadata;
        Assert.Equal("1234", m["BooleanModel.Seed"]);
        Assert.Equal("2E-07", m["BooleanModel.Intensity"]);
        Assert.Equal("GammaSpheroids ShapeA=205 ShapeC=3944 Rate=1.971", m["BooleanModel.GrainLaw"]);
        Assert.Equal("nm", m["BooleanModel.Unit"]);
        Assert.Equal("False", m["BooleanModel.OpenGrains"]);
        var (grains, info) = BooleanModelRealization.DrawGerms(parameters, 40, 30, 20, new VoxelSize(20, "nm"), 1234, ComputeOptions.Default);
        Assert.Equal(info.Germs.ToString(CultureInfo.InvariantCulture), m["BooleanModel.Germs"]);
        Assert.Equal(grains.Length.ToString(CultureInfo.InvariantCulture), m["BooleanModel.GrainsInWindow"]);
        Assert.True(info.Germs >= grains.Length);
        Assert.Equal(["Rest", "Graphite"], image.Phases.Select(p => p.Name));
        // Mean equatorial radius ~2001 nm: the margin is some 7 standard deviations (32 nm) beyond it.
        Assert.InRange(info.Margin, 2100, 2400);
        Assert.Contains("seed 1234", image.Source);
    }

    [Fact]
    public void PaintWritesOneLabelIntoAnExistingImage()
    {
        var phases = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "Graphite", default)]);
        var image = new PhaseImage(48, 48, 48, phases);
        for (int z = 0; z < 48; z++)
        {
            image.GetLabels(z).Fill(1);
        }

        var info = BooleanModelRealization.Paint(image, 2, new BooleanModelParameters(1e-4, new ConstantRadiusBalls(6)), 5, false, ComputeOptions.Default);
        long graphite = GrainRasterizerTests.Count(image, 2), cbd = GrainRasterizerTests.Count(image, 1);
        Assert.Equal(image.VoxelCount, graphite + cbd);
        Assert.True(graphite > 0 && cbd > 0);
        Assert.Equal(6, info.Margin);

        // Painting the same realization as pore over it clears exactly those voxels.
        BooleanModelRealization.Paint(image, 0, new BooleanModelParameters(1e-4, new ConstantRadiusBalls(6)), 5, false, ComputeOptions.Default);
        Assert.Equal(0, GrainRasterizerTests.Count(image, 2));
        Assert.Equal(graphite, GrainRasterizerTests.Count(image, 0));

        Assert.Equal("LabelNotInPhaseTable", Assert.Throws<MicroMorphException>(
            () => BooleanModelRealization.Paint(image, 3, new BooleanModelParameters(1e-4, new ConstantRadiusBalls(6)), 5, false, ComputeOptions.Default)).ErrorId);
    }

    [Fact]
    public void MarginOfExponentialBallsMissesLessThanOneGrainInAMillion()
    {
        // Expected number of germs beyond the margin m whose ball reaches the box W of voxel centres:
        // lambda * integral_m^inf (S + pi L t / 2 + 4 pi t^2) P(R > t) dt, integrated numerically.
        const double Theta = 0.05, Lambda = 1e-4;
        double l = 99; // 100^3 voxels of 1
        var parameters = new BooleanModelParameters(Lambda, new ExponentialRadiusBalls(Theta));
        double m = BooleanModelRealization.GermMargin(parameters, l, l, l);
        double Missed(double margin) => Lambda * MathNet.Numerics.Integrate.OnClosedInterval(
            t => (6 * l * l + Math.PI * 12 * l * t / 2 + 4 * Math.PI * t * t) * Math.Exp(-Theta * t), margin, margin + 2000 / Theta, 1e-14);
        Assert.True(Missed(m) <= 1e-6, $"missed {Missed(m)} at margin {m}");
        Assert.True(Missed(0.8 * m) > 1e-6, "the margin should not be far larger than needed");
        Assert.Equal(12, BooleanModelRealization.GermMargin(new BooleanModelParameters(Lambda, new ConstantRadiusBalls(12)), l, l, l));
    }

    [Theory]
    [InlineData(205, 1.971, 120)]
    [InlineData(3944, 1.971, 2100)]
    [InlineData(2.5, 0.3, 20)]
    public void TailMomentsOfGammaHalfAxesMatchNumericalIntegration(double shape, double rate, double threshold)
    {
        var law = new GammaSpheroids(shape, shape, rate); // both half-axes alike: the bound is twice one tail
        for (int j = 1; j <= 3; j++)
        {
            int power = j;
            double top = (shape + 40 * Math.Sqrt(shape) + 40) / rate; // far beyond any mass
            double numeric = MathNet.Numerics.Integrate.OnClosedInterval(a => Math.Pow(a, power) * Gamma.PDF(shape, rate, a), threshold, Math.Max(top, threshold + 1), 1e-12);
            double closed = BooleanModelRealization.TailMoment(law, power, threshold) / 2;
            Assert.True(Math.Abs(closed - numeric) <= 1e-6 * Math.Abs(numeric) + 1e-300, $"j = {power}: {closed} vs {numeric}");
        }
    }

    [Fact]
    public void BadParametersAreRefusedBeforeAnyWork()
    {
        var balls = new BooleanModelParameters(1e-3, new ConstantRadiusBalls(4));
        string Error(Action action) => Assert.Throws<MicroMorphException>(action).ErrorId;
        PhaseImage Make(int w, int h, int d, VoxelSize v, BooleanModelParameters p) => BooleanModelRealization.Generate(w, h, d, v, p, 1, false, ComputeOptions.Default);

        Assert.Equal("InvalidIntensity", Error(() => Make(8, 8, 8, VoxelSize.Uncalibrated, balls with { Intensity = -1 })));
        Assert.Equal("InvalidIntensity", Error(() => Make(8, 8, 8, VoxelSize.Uncalibrated, balls with { Intensity = double.NaN })));
        Assert.Equal("InvalidGrainParameter", Error(() => Make(8, 8, 8, VoxelSize.Uncalibrated, balls with { Grains = new ConstantRadiusBalls(0) })));
        Assert.Equal("InvalidGrainParameter", Error(() => Make(8, 8, 8, VoxelSize.Uncalibrated, balls with { Grains = new GammaSpheroids(0, 2, 1) })));
        Assert.Equal("InvalidDimensions", Error(() => Make(0, 8, 8, VoxelSize.Uncalibrated, balls)));
        Assert.Equal("InvalidVoxelSize", Error(() => Make(8, 8, 8, default, balls)));
        Assert.Equal("InsufficientMemory", Error(() => Make(40000, 40000, 40000, VoxelSize.Uncalibrated, balls with { Intensity = 1e-9 })));
        Assert.Equal("TooManyGerms", Error(() => Make(256, 256, 256, VoxelSize.Uncalibrated, balls with { Intensity = 1000 })));
        Assert.Equal("GrainTooLarge", Error(() => Make(16, 16, 16, VoxelSize.Uncalibrated, balls with { Grains = new ExponentialRadiusBalls(1e-9) })));
        Assert.Equal("GrainTooLarge", Error(() => Make(16, 16, 16, new VoxelSize(1, "µm"), balls with { Grains = new ConstantRadiusBalls(1e6) })));
        Assert.Equal("InvalidPhaseName", Error(() => BooleanModelRealization.Generate(8, 8, 8, VoxelSize.Uncalibrated, balls, 1, false, ComputeOptions.Default, "Pore", " ")));
        Assert.Equal("DuplicatePhaseName", Error(() => BooleanModelRealization.Generate(8, 8, 8, VoxelSize.Uncalibrated, balls, 1, false, ComputeOptions.Default, "Pore", "pore")));
    }
}

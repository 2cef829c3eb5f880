using MicroMorph.Core.Stochastic;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Get-BooleanModelDensity and Optimize-BooleanModel through real script text.</summary>
public sealed class BooleanDensityCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    [Fact]
    public void GraphiteModelOfTable2GivesTheVolumeFractionOfTable3()
    {
        var d = (BooleanModelDensities)session.RunClean(
            "Get-BooleanModelDensity -Intensity 6.36e-11 -HalfAxisShape 205, 3944 -HalfAxisRate 1.971").Single().BaseObject;
        Assert.InRange(d.VolumeFraction / 0.1057, 0.985, 1.015);
        Assert.Equal("Quadrature", d.Method);
        Assert.IsType<GammaSpheroids>(d.Grains);
    }

    [Fact]
    public void BallsAndExponentialBallsHaveTheClosedForms()
    {
        var results = session.RunClean("""
            Get-BooleanModelDensity -Intensity 1e-6 -Radius 20
            Get-BooleanModelDensity -Intensity 9.34e-9 -RadiusRate 0.0105
            """).Select(o => (BooleanModelDensities)o.BaseObject).ToArray();
        Assert.Equal(1 - Math.Exp(-1e-6 * 4.0 / 3 * Math.PI * 8000), results[0].VolumeFraction, 12);
        Assert.Equal(4 * Math.PI * 20, results[0].MeanGrainIntegralOfMeanCurvature, 10);
        Assert.Equal(1 - Math.Exp(-9.34e-9 * 8 * Math.PI / Math.Pow(0.0105, 3)), results[1].VolumeFraction, 12); // 001 Eq. 24
    }

    [Fact]
    public void MonteCarloIsSeededAndParametersBindFromThePipeline()
    {
        var results = session.RunClean("""
            $p = [MicroMorph.Core.Stochastic.BooleanModelParameters]::new(6.355e-11, [MicroMorph.Core.Stochastic.GammaSpheroids]::new(205, 3944, 1.971))
            $p | Get-BooleanModelDensity -MonteCarloSamples 10000 -Seed 7
            Get-BooleanModelDensity -Parameters $p -MonteCarloSamples 10000 -Seed 7
            [pscustomobject]@{ Parameters = $p } | Get-BooleanModelDensity
            """).Select(o => (BooleanModelDensities)o.BaseObject).ToArray();
        Assert.Equal(results[0].VolumeFraction, results[1].VolumeFraction);
        Assert.Contains("Monte Carlo", results[0].Method);
        Assert.InRange(results[0].VolumeFraction / results[2].VolumeFraction, 0.99, 1.01);
    }

    [Fact]
    public void BallModelIsRecoveredAndPipesIntoGetBooleanModelDensity()
    {
        var output = session.RunClean("""
            $truth = Get-BooleanModelDensity -Intensity 2e-6 -Radius 35
            $fit = Optimize-BooleanModel -VolumeFraction $truth.VolumeFraction -SurfaceDensity $truth.SurfaceDensity `
                -MeanCurvatureDensity $truth.MeanCurvatureDensity -EulerDensity $truth.EulerDensity -GrainShape Ball -LengthScale 5 -Unit nm
            $fit
            $fit | Get-BooleanModelDensity
            """);
        var fit = (BooleanModelCalibrationResult)output[0].BaseObject;
        var again = (BooleanModelDensities)output[1].BaseObject;
        Assert.True(fit.Converged);
        Assert.Equal("nm", fit.Unit);
        Assert.InRange(fit.Parameters.Intensity / 2e-6, 0.9, 1.1);
        Assert.InRange(((ConstantRadiusBalls)fit.Parameters.Grains).Radius / 35, 0.9, 1.1);
        Assert.Equal(fit.Fitted.VolumeFraction, again.VolumeFraction, 12);
    }

    [Fact]
    public void TargetDensityHashtableAndMeasuredResultsAreAccepted()
    {
        var output = session.RunClean("""
            Optimize-BooleanModel -TargetDensity @{ V = 0.10550; S = 0.0014526; K = 4.2043e-7; N = 1.6344e-9 } -GrainShape ExponentialBall -LengthScale 20
            Import-VoxelStack -LiteralPath './examples/data/electrode.tiff' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-IntrinsicVolume -Phase NMC -Connectivity Six |
                Optimize-BooleanModel -GrainShape Ball -LengthScale 0.390625
            """.Replace("./examples/data/electrode.tiff", Repository.Electrode));
        var hashtable = (BooleanModelCalibrationResult)output[0].BaseObject;
        Assert.IsType<ExponentialRadiusBalls>(hashtable.Parameters.Grains);
        Assert.Equal(0.10550, hashtable.Target.VolumeFraction);
        Assert.Equal(1.6344e-9, hashtable.Target.EulerDensity);
        var piped = (BooleanModelCalibrationResult)output[1].BaseObject;
        Assert.Equal("µm", piped.Unit);
        Assert.InRange(piped.Fitted.VolumeFraction / piped.Target.VolumeFraction, 0.98, 1.02);
    }

    [Fact]
    public void AnImageIsMeasuredWithItsVoxelSizeAsLengthScale()
    {
        var fit = (BooleanModelCalibrationResult)session.RunClean($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' -VoxelSize 0.390625 -Unit µm |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Optimize-BooleanModel -Phase NMC -GrainShape Ball
            """).Single().BaseObject;
        Assert.Equal(0.390625, fit.LengthScale, 12);
        Assert.Equal("µm", fit.Unit);
        Assert.Equal(BooleanGrainShape.Ball, fit.GrainShape);
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        Assert.Contains("InvalidIntensity", session.Run("Get-BooleanModelDensity -Intensity -1e-11 -Radius 3").ErrorIds);
        Assert.Contains("InvalidIntensity", session.Run("Get-BooleanModelDensity -Intensity ([double]::NaN) -Radius 3").ErrorIds);
        Assert.Contains("InvalidGrainParameter", session.Run("Get-BooleanModelDensity -Intensity 6e-11 -HalfAxisShape 0, 3944 -HalfAxisRate 1.971").ErrorIds);
        Assert.Contains("InvalidGrainParameter", session.Run("Get-BooleanModelDensity -Intensity 6e-11 -RadiusRate ([double]::NaN)").ErrorIds);
        Assert.Contains("InvalidTargetVolumeFraction", session.Run(
            "Optimize-BooleanModel -VolumeFraction 1.5 -SurfaceDensity 1e-3 -MeanCurvatureDensity 1e-7 -EulerDensity 1e-9 -LengthScale 20").ErrorIds);
        Assert.Contains("InvalidTargetVolumeFraction", session.Run(
            "Optimize-BooleanModel -TargetDensity @{ V = 0; S = 1e-3; K = 1e-7; N = 1e-9 } -LengthScale 20").ErrorIds);
        Assert.Contains("IncompleteTargetDensity", session.Run(
            "Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7 } -LengthScale 20").ErrorIds);
        Assert.Contains("InvalidLengthScale", session.Run(
            "Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7; N = 1e-9 } -LengthScale -20").ErrorIds);
        Assert.Contains("PhaseNotFound", session.Run($$"""
            Import-VoxelStack -LiteralPath '{{Repository.Electrode}}' | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Optimize-BooleanModel -Phase Graphite
            """).ErrorIds);
    }

    [Fact]
    public void FormatViewsShowTheTables()
    {
        string densities = session.Render("Get-BooleanModelDensity -Intensity 6.355e-11 -HalfAxisShape 205, 3944 -HalfAxisRate 1.971");
        Assert.Matches(@"Intensity\s+VolumeFraction\s+SurfaceDensity\s+MeanCurvatureDensity\s+EulerDensity\s+Grains", densities);
        Assert.Matches(@"6\.355E-11\s+0\.10496\s+0\.0014455", densities);
        string fit = session.Render("Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7; N = 1e-9 } -GrainShape Ball -LengthScale 20");
        Assert.Matches(@"GrainShape\s+Intensity\s+Objective\s+Converged\s+Unit\s+Grains", fit);
        Assert.Matches(@"Ball\s+\d\.\d+E-\d+\s+", fit);
    }
}

using MicroMorph.Core.Morphology;
using MicroMorph.Core.Transport;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Measure-EffectiveTortuosity through real script text.</summary>
public sealed class EffectiveTortuosityCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    // Layers normal to z in a 6 x 6 x 8 box: even slices label 1 (A), odd slices label 2 (B); a 2 x 2 pore channel (label 0) along z.
    private const string Layers = """
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 8, 'UInt8')
        foreach ($z in 0..7) { foreach ($y in 0..5) { foreach ($x in 0..5) {
            $v = if ($x -lt 2 -and $y -lt 2) { 0 } elseif ($z % 2 -eq 0) { 1 } else { 2 }
            $l.SetValue($x, $y, $z, $v) } } }
        $img = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'A'; 2 = 'B' }
        """;

    [Fact]
    public void ChannelHasUnitTortuosity()
    {
        var r = (EffectiveTransportResult)session.RunClean(Layers + "\n$img | Measure-EffectiveTortuosity -Phase Pore -Tolerance 1e-10").Single().BaseObject;
        Assert.Equal("Pore", r.Phase);
        Assert.Equal(FlowDirection.Z, r.Direction);
        Assert.Equal(4.0 / 36, r.VolumeFraction, 12);
        Assert.Equal(1.0, r.EffectiveTortuosity, 1e-6);
        Assert.Equal(4.0 / 36, r.MFactor, 1e-6);
    }

    [Fact]
    public void ConductivityTableSolvesThePhasesTogether()
    {
        // Across the layers (z) the A/B part of each cross-section is the harmonic mean 2/(1/1 + 1/0.01), in series.
        var r = (EffectiveTransportResult)session.RunClean(Layers + "\n$img | Measure-EffectiveTortuosity -Conductivity @{ B = 0.01; A = '1' } -Tolerance 1e-10").Single().BaseObject;
        Assert.Equal("A+B", r.Phase);
        Assert.Equal(32.0 / 36, r.VolumeFraction, 12);
        Assert.Equal(1.0, r.ReferenceConductivity);
        Assert.Equal(32.0 / 36 * 2 / (1 + 100), r.EffectiveConductivity, 1e-6);
        Assert.Equal(r.VolumeFraction / r.MFactor, r.EffectiveTortuosity, 12);
    }

    [Fact]
    public void OneResultPerPhaseAndDirection()
    {
        var results = session.RunClean(Layers + "\n$img | Measure-EffectiveTortuosity -Phase A, Pore -Direction X, Z").Select(o => (EffectiveTransportResult)o.BaseObject).ToArray();
        Assert.Equal(["A:X", "A:Z", "Pore:X", "Pore:Z"], results.Select(r => $"{r.Phase}:{r.Direction}"));
    }

    [Fact]
    public void NonPercolatingPhaseWarnsAndReportsZero()
    {
        var run = session.Run(Layers + "\n$img | Measure-EffectiveTortuosity -Phase A");
        Assert.Empty(run.Errors);
        var r = (EffectiveTransportResult)run.Output.Single().BaseObject;
        Assert.Equal(0.0, r.MFactor);
        Assert.True(double.IsPositiveInfinity(r.EffectiveTortuosity));
        Assert.Contains(run.Warnings, w => w.Contains("does not percolate"));
    }

    [Fact]
    public void BadInputGivesItsErrorIds()
    {
        Assert.Contains("PhaseNotFound", session.Run(Layers + "\n$img | Measure-EffectiveTortuosity -Phase Binder").ErrorIds);
        Assert.Contains("InvalidConductivity", session.Run(Layers + "\n$img | Measure-EffectiveTortuosity -Conductivity @{ A = 0 }").ErrorIds);
        Assert.Contains("InvalidConductivity", session.Run(Layers + "\n$img | Measure-EffectiveTortuosity -Conductivity @{ A = -1; B = 1 }").ErrorIds);
        Assert.Contains("InvalidConductivity", session.Run(Layers + "\n$img | Measure-EffectiveTortuosity -Conductivity @{ A = 'much' }").ErrorIds);
        var empty = session.Run("""
            $e = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
            $e | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-EffectiveTortuosity -Phase Pore
            """);
        Assert.Contains("EmptyPhase", empty.ErrorIds);
        var flat = session.Run("""
            $f = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8'); $f.SetValue(1, 1, 0, 1)
            $f | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } | Measure-EffectiveTortuosity -Phase Solid -Direction Z, X
            """);
        Assert.Contains("DirectionTooShort", flat.ErrorIds);
        Assert.Single(flat.Output);
    }

    [Fact]
    public void FormatViewShowsTheTable()
    {
        string text = session.Render(Layers + "\n$img | Measure-EffectiveTortuosity -Phase Pore");
        Assert.Matches(@"Phase\s+Direction\s+VolumeFraction\s+EffectiveConductivity\s+EffectiveTortuosity\s+MFactor\s+Iterations\s+RelativeResidual", text);
        Assert.Matches(@"Pore\s+Z\s+0\.1111\s+0\.11111\s+1\.0000\s+0\.1111", text);
    }
}

/// <summary>Measure-MFactorRegression through real script text.</summary>
public sealed class MFactorRegressionCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    // Structures on M = eps^2 / tau^3 exactly and on M = 0.5 V1 + 0.01 only approximately.
    private const string Study = """
        $study = foreach ($k in 0..5) {
            $eps = 0.3 + 0.05 * $k; $tau = 1.1 + 0.07 * (($k * 3) % 5)
            [pscustomobject]@{ VolumeFraction = $eps; Tortuosity = $tau; MFactor = $eps * $eps / ($tau * $tau * $tau); V1 = 0.05 * $k }
        }
        """;

    [Fact]
    public void FitsEquation28AndEquation29()
    {
        var r = (MFactorRegressionResult)session.RunClean(Study + "\n$study | Measure-MFactorRegression -FixConstrictivityExponent").Single().BaseObject;
        Assert.Equal(2.0, r.A, 9);
        Assert.Equal(0.0, r.B);
        Assert.Equal(3.0, r.C, 9);
        Assert.Equal(1.0, r.RSquared, 9);
        Assert.Equal(6, r.Count);
        Assert.True(double.IsFinite(r.C1) && double.IsFinite(r.C0));
        Assert.InRange(r.LinearRSquared, 0.0, 1.0);
    }

    [Fact]
    public void PaperCoefficientsAreAPredictor()
    {
        var m = (double)session.RunClean("[MicroMorph.Core.Transport.MFactorPowerLaw]::Paper.Predict(0.45, 0.58, 1.08)").Single().BaseObject;
        Assert.Equal(Math.Pow(0.45, 2.1939) / Math.Pow(1.08, 5.0152), m, 12);
    }

    [Fact]
    public void NonPercolatingStructuresAreLeftOutWithAWarning()
    {
        var run = session.Run(Study + "\n$study + [pscustomobject]@{ VolumeFraction = 0.1; Tortuosity = 2; MFactor = 0; V1 = 0.3 } | Measure-MFactorRegression -FixConstrictivityExponent");
        Assert.Empty(run.Errors);
        Assert.Contains(run.Warnings, w => w.Contains("M = 0"));
        Assert.Equal(6, ((MFactorRegressionResult)run.Output.Single().BaseObject).Count);
    }

    [Fact]
    public void MissingConstrictivityAndTooFewStructuresAreErrors()
    {
        Assert.Contains("InvalidSample", session.Run(Study + "\n$study | Measure-MFactorRegression").ErrorIds);
        Assert.Contains("TooFewSamples", session.Run("[pscustomobject]@{ VolumeFraction = 0.3; Tortuosity = 1.2; MFactor = 0.1 } | Measure-MFactorRegression -FixConstrictivityExponent").ErrorIds);
    }

    [Fact]
    public void FormatViewShowsTheCoefficients()
    {
        string text = session.Render(Study + "\n$study | Measure-MFactorRegression -FixConstrictivityExponent");
        Assert.Matches(@"A\s+B\s+C\s+RSquared\s+C1\s+C0\s+LinearRSquared\s+Count", text);
        Assert.Matches(@"2\.0000\s+0\.0000\s+3\.0000\s+1\.0000", text);
    }
}

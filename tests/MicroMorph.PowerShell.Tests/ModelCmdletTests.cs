using System.Globalization;
using MicroMorph.Core.Imaging;

namespace MicroMorph.PowerShell.Tests;

/// <summary>New-BooleanModel through real script text.</summary>
public sealed class BooleanModelCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static PhaseImage Image(System.Management.Automation.PSObject o) => (PhaseImage)o.BaseObject;

    private static long Solid(PhaseImage image)
    {
        long n = 0;
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                n += b;
            }
        }

        return n;
    }

    private static bool SameVoxels(PhaseImage a, PhaseImage b) =>
        a.Width == b.Width && a.Height == b.Height && a.Depth == b.Depth
        && Enumerable.Range(0, a.Depth).All(z => a.GetLabels(z).SequenceEqual(b.GetLabels(z)));

    [Fact]
    public void BallsGiveATwoPhaseImageWithTheExpectedVolumeFraction()
    {
        // lambda 4/3 pi r^3 = 0.5 with r = 4: 1 - exp(-0.5) = 0.3935, +-0.01 is about 3 standard deviations at 96^3.
        double lambda = 0.5 / (4 / 3.0 * Math.PI * 64);
        var image = Image(session.RunClean(string.Create(CultureInfo.InvariantCulture, $"New-BooleanModel -Size 96 -Intensity {lambda:R} -Radius 4 -Seed 7")).Single());
        Assert.Equal("96 x 96 x 96", image.Dimensions);
        Assert.Equal(["Pore", "Solid"], image.Phases.Select(p => p.Name));
        Assert.Equal("voxel", image.VoxelSize.Unit);
        Assert.Equal("7", image.Metadata["BooleanModel.Seed"]);
        Assert.Equal("ConstantRadiusBalls Radius=4", image.Metadata["BooleanModel.GrainLaw"]);
        Assert.InRange((double)Solid(image) / image.VoxelCount, 1 - Math.Exp(-0.5) - 0.01, 1 - Math.Exp(-0.5) + 0.01);
    }

    /// <summary>
    /// A fit piped into a generator brings its unit: parameters fitted on a µm image must not be
    /// read as nm because -Unit was left out (the default with -VoxelSize).
    /// </summary>
    [Fact]
    public void AFitPipedInBringsTheUnitItsParametersWereFittedIn()
    {
        var images = session.RunClean("""
            $img = New-BooleanModel -Size 64 -VoxelSize 0.5 -Unit µm -Intensity 0.002 -Radius 4 -Seed 1
            $img | Optimize-BooleanModel -Phase Solid -GrainShape Ball | New-BooleanModel -Size 16 -VoxelSize 0.5 -Seed 2
            $img | Optimize-GaussianExcursionSet -Phase Solid | New-GaussianExcursionSet -Size 16 -VoxelSize 0.5 -Seed 2
            """).Select(Image).ToArray();
        Assert.All(images, i => Assert.Equal("µm", i.VoxelSize.Unit));
        // The ball radius fitted in µm (about 4) is painted in 0.5 µm voxels: about 8 voxels, not 0.008.
        Assert.InRange((double)Solid(images[0]) / images[0].VoxelCount, 0.2, 0.7);
    }

    [Fact]
    public void SameSeedSameVoxelsAtAnyThrottleLimitAndTheDefaultSeedIsRecorded()
    {
        var results = session.RunClean("""
            $a = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed 99 -ThrottleLimit 1
            $b = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed 99 -ThrottleLimit 2
            $c = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5
            $d = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed ([long]$c.Metadata['BooleanModel.Seed'])
            $a, $b, $c, $d
            """).Select(Image).ToArray();
        Assert.True(SameVoxels(results[0], results[1]));
        Assert.False(SameVoxels(results[0], results[2]));
        Assert.True(SameVoxels(results[2], results[3]), "the recorded seed reproduces the realization");
        Assert.True(Solid(results[0]) > 0);
    }

    [Fact]
    public void PhysicalUnitsOpenExponentialBallsAndPhaseNames()
    {
        // Table 2's large pores (001 Eq. 3): lambda_Y = 9.34e-9 / nm^3, theta = 0.0105 / nm, on 10 x 10 x 20 nm voxels.
        var image = Image(session.RunClean("""
            New-BooleanModel -Size 64, 64, 32 -VoxelSize 10, 10, 20 -Intensity 9.34e-9 -RadiusRate 0.0105 -Open -Seed 3 -PhaseName Matrix, LargePore
            """).Single());
        Assert.Equal(new VoxelSize(10, 10, 20, "nm"), image.VoxelSize);
        Assert.Equal(["Matrix", "LargePore"], image.Phases.Select(p => p.Name));
        Assert.Equal("True", image.Metadata["BooleanModel.OpenGrains"]);
        Assert.Equal("ExponentialRadiusBalls Rate=0.0105", image.Metadata["BooleanModel.GrainLaw"]);
        Assert.Equal("nm", image.Metadata["BooleanModel.Unit"]);

        var micrometres = Image(session.RunClean("New-BooleanModel -Size 16 -VoxelSize 0.02 -Unit µm -Intensity 50 -Radius 0.05 -Seed 1").Single());
        Assert.Equal(new VoxelSize(0.02, "µm"), micrometres.VoxelSize);
    }

    [Fact]
    public void ParametersBindFromThePipelineByValueAndByPropertyName()
    {
        var results = session.RunClean("""
            $p = [MicroMorph.Core.Stochastic.BooleanModelParameters]::new(0.002, [MicroMorph.Core.Stochastic.ConstantRadiusBalls]::new(3))
            $p | New-BooleanModel -Size 40 -Seed 5
            [pscustomobject]@{ Parameters = $p; Objective = 0.1 } | New-BooleanModel -Size 40 -Seed 5
            [pscustomobject]@{ BooleanModel = $p } | New-BooleanModel -Size 40 -Seed 5
            New-BooleanModel -Size 40 -Intensity 0.002 -Radius 3 -Seed 5
            """).Select(Image).ToArray();
        Assert.Equal(4, results.Length);
        Assert.All(results.Skip(1), r => Assert.True(SameVoxels(results[0], r)));
        Assert.True(Solid(results[0]) > 0);
    }

    [Fact]
    public void BadParametersGiveTheirErrorIdsBeforeAnyWork()
    {
        static void Refused(ScriptResult r, string id)
        {
            Assert.Contains(id, r.ErrorIds);
            Assert.Empty(r.Output);
        }

        Refused(session.Run("New-BooleanModel -Size 32 -Intensity -0.01 -Radius 3"), "InvalidIntensity");
        Refused(session.Run("New-BooleanModel -Size 32 -Intensity 0.01 -HalfAxisShape 0, 4 -HalfAxisRate 1"), "InvalidGrainParameter");
        Refused(session.Run("New-BooleanModel -Size 32 -Intensity 0.01 -RadiusRate 0"), "InvalidGrainParameter");
        Refused(session.Run("New-BooleanModel -Size 0 -Intensity 0.01 -Radius 3"), "InvalidDimensions");
        Refused(session.Run("New-BooleanModel -Size 64, 0, 64 -Intensity 0.01 -Radius 3"), "InvalidDimensions");
        Refused(session.Run("New-BooleanModel -Size 40000 -Intensity 1e-12 -Radius 3"), "InsufficientMemory");
        Refused(session.Run("New-BooleanModel -Size 64 -Intensity 10000 -Radius 3"), "TooManyGerms");
        Refused(session.Run("New-BooleanModel -Size 64 -VoxelSize 20 -Intensity 1e-6 -Radius 3e9"), "GrainTooLarge");
        Refused(session.Run("New-BooleanModel -Size 64, 64 -Intensity 0.01 -Radius 3"), "InvalidSize");
        Refused(session.Run("New-BooleanModel -Size 64 -VoxelSize 1, 2 -Intensity 0.01 -Radius 3"), "InvalidVoxelSize");
        Refused(session.Run("New-BooleanModel -Size 64 -VoxelSize 0 -Intensity 0.01 -Radius 3"), "InvalidVoxelSize");
        Refused(session.Run("New-BooleanModel -Size 64 -Intensity 0.01 -Radius 3 -PhaseName Pore, pore"), "DuplicatePhaseName");
    }

    [Fact]
    public void VerboseReportsSeedAndGerms()
    {
        var r = session.Run("New-BooleanModel -Size 32 -Intensity 0.001 -Radius 2 -Seed 17 -Verbose 4>&1 | ForEach-Object { \"$_\" }");
        Assert.Contains(r.Output, o => o.ToString()!.Contains("seed 17", StringComparison.Ordinal) && o.ToString()!.Contains("germs drawn", StringComparison.Ordinal));
    }
}

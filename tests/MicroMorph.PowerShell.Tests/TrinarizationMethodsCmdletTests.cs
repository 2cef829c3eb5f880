using MicroMorph.Core.Imaging;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.PowerShell.Tests;

/// <summary>Invoke-Trinarization -Method KMeans, Probability and Closing through real script text.</summary>
public sealed class TrinarizationMethodsCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private static readonly string Electrode = Path.Combine(Repository.Root, "examples", "data", "electrode.tiff");

    /// <summary>Three 6 x 6 x 6 Float32 probability stacks $pPore, $pCbd, $pAm from a seeded generator.</summary>
    private const string Probabilities = """
        $rng = [System.Random]::new(4)
        $pPore, $pCbd, $pAm = 1..3 | ForEach-Object { [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'Float32') }
        foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 0..5) {
            $a = $rng.Next(1, 9); $b = $rng.Next(1, 9); $c = $rng.Next(1, 9); $s = $a + $b + $c
            $pPore.SetValue($x, $y, $z, $a / $s); $pCbd.SetValue($x, $y, $z, $b / $s); $pAm.SetValue($x, $y, $z, $c / $s)
        } } }
        """;

    [Fact]
    public void KMeansMeetsTheFractionsOfTheSampleElectrode()
    {
        var output = session.RunClean($$"""
            $g = Import-VoxelStack '{{Electrode}}' | Select-VoxelRegion -Size 32, 32, 32
            $truth = $g | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
            $f = ($truth | Measure-VoxelStack).VolumeFraction
            $k = $g | Invoke-Trinarization -Method KMeans -VolumeFraction $f -PhaseName Pore, NMC, CBD
            $k | Measure-VoxelStack
            Compare-Segmentation $truth $k
            """);
        var measured = output.Take(3).Select(o => (double)o.Properties["VolumeFraction"].Value).ToArray();
        var comparison = (SegmentationComparisonResult)output[3].BaseObject;
        Assert.True(comparison.JaccardOf("NMC") >= 0.9, comparison.ToString());
        Assert.Equal(1.0, measured.Sum(), 6);
    }

    [Fact]
    public void ProbabilityGivesExactFractionsForEveryVariant()
    {
        var output = session.RunClean(Probabilities + """
            foreach ($a in 'AM-CBD-Pore', 'AM-Cond', 'Pore-AM-CBD') {
                Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment $a
            }
            Invoke-Trinarization -Method Probability -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment CBD, Cond
            """);
        Assert.Equal(4, output.Count);
        foreach (var image in output.Select(o => (PhaseImage)o.BaseObject))
        {
            var counts = new long[3];
            for (int z = 0; z < 6; z++)
            {
                foreach (byte b in image.GetLabels(z))
                {
                    counts[b]++;
                }
            }

            Assert.Equal([108L, 54, 54], counts);
        }

        Assert.Equal(["AM-CBD-Pore", "AM-Cond", "Pore-AM-CBD", "CBD-Cond"], output.Select(o => ((PhaseImage)o.BaseObject).Metadata["Trinarization.Assignment"]));
    }

    [Fact]
    public void ClosingInsertsTheCarbonBinderAlongTheGradient()
    {
        var output = session.RunClean($$"""
            $p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 4 -Seed 2
            $am = ($p | Measure-VoxelStack | Where-Object Phase -eq 'Solid').VolumeFraction
            $c = $p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction (0.9 - $am), 0.1, $am -GradientSlope 0.1 -GradientIntercept 0.05
            $c
            $g = Import-VoxelStack '{{Electrode}}' | Select-VoxelRegion -Size 32, 32, 32
            $g | Invoke-Trinarization -Method Closing -VolumeFraction 0.5, 0.2, 0.3 -Profile (1..32) -Axis Y
            """);
        var closed = (PhaseImage)output[0].BaseObject;
        Assert.Equal(["Pore", "CBD", "AM"], closed.Phases.Select(p => p.Name));
        var counts = Count(closed);
        Assert.Equal((long)Math.Round(0.1 * 32768), counts[1]);
        var fromGrey = (PhaseImage)output[1].BaseObject;
        var greyCounts = Count(fromGrey);
        Assert.Equal((long)Math.Round(0.3 * 32768), greyCounts[2]);
        Assert.Equal((long)Math.Round(0.2 * 32768), greyCounts[1]);
    }

    private static long[] Count(PhaseImage image)
    {
        var counts = new long[3];
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                counts[b]++;
            }
        }

        return counts;
    }

    [Fact]
    public void BadInputGivesNamedErrors()
    {
        Assert.Contains("ChannelCountMismatch", session.Run(Probabilities + "Invoke-Trinarization -Probability $pPore, $pCbd -VolumeFraction 0.5, 0.25, 0.25").ErrorIds);
        Assert.Contains("SizeMismatch", session.Run(Probabilities + "$small = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 5, 'Float32')\nInvoke-Trinarization -Probability $pPore, $pCbd, $small -VolumeFraction 0.5, 0.25, 0.25").ErrorIds);
        Assert.Contains("InvalidVolumeFractions", session.Run(Probabilities + "Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.35, 0.25").ErrorIds);
        Assert.Contains("InvalidAssignment", session.Run(Probabilities + "Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment AM-Binder").ErrorIds);
        Assert.Contains("MethodMismatch", session.Run(Probabilities + "Invoke-Trinarization -Method KMeans -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25").ErrorIds);
        Assert.Contains("ProbabilityRequired", session.Run($"Import-VoxelStack '{Electrode}' | Invoke-Trinarization -Method Probability -VolumeFraction 0.5, 0.25, 0.25").ErrorIds);
        Assert.Contains("GreyStackRequired", session.Run("New-BooleanModel -Size 8 -Intensity 0.01 -Radius 2 | Invoke-Trinarization -Method KMeans -VolumeFraction 0.5, 0.5 -PhaseName A, B").ErrorIds);
        Assert.Contains("InvalidVolumeFractions", session.Run($"Import-VoxelStack '{Electrode}' | Select-VoxelRegion -Size 8, 8, 8 | Invoke-Trinarization -Method KMeans -VolumeFraction 0.5, 0.35, 0.25").ErrorIds);
        const string Model = "$p = New-BooleanModel -Size 12 -Intensity 0.004 -Radius 3 -Seed 2\n";
        Assert.Contains("PhaseNotFound", session.Run(Model + "$p | Invoke-Trinarization -Method Closing -VolumeFraction 0.5, 0.1, 0.4").ErrorIds);
        Assert.Contains("ProfileConflict", session.Run(Model + "$p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.1, 0.4 -Profile (1..12) -GradientSlope 1").ErrorIds);
        Assert.Contains("ProfileLengthMismatch", session.Run(Model + "$p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.1, 0.4 -Profile (1..11)").ErrorIds);
        Assert.Contains("InvalidVolumeFractions", session.Run(Model + "$p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.2, 0.4").ErrorIds);
        Assert.Contains("VolumeFractionRequired", session.Run(Model + "$p | Invoke-Trinarization -Method Closing -ActivePhase Solid").ErrorIds);
    }
}

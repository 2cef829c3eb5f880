using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.PowerShell.Tests;

public sealed class ClassifierCmdletTests(ModuleSession session) : IClassFixture<ModuleSession>
{
    private const string Setup = """
        $o = [MicroMorph.Core.Parallelism.ComputeOptions]::Default
        $p = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(40, 40, 12, 5, 0.35, 12, $o)
        $grey = $p.Item1
        $truth = $p.Item2
        $labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($truth, [int[]]@(3, 8))
        $c = New-VoxelClassifier $grey $labels -Feature GaussianSmoothing, HessianEigenvalues -Sigma 1, 2 -Dimensions 2 -TreeCount 8 -Seed 3
        """;

    [Fact]
    public void TrainPredictSaveLoadAndMeasure()
    {
        string file = Path.Combine(Path.GetTempPath(), "mmclf-" + Guid.NewGuid().ToString("N")[..8] + ".mmclf");
        try
        {
            var output = session.RunClean(Setup + $$"""

                $c | Export-VoxelClassifier -Path '{{file}}'
                $d = Import-VoxelClassifier '{{file}}'
                $a = Invoke-VoxelClassifier $c $grey -Probability
                $b = Invoke-VoxelClassifier $d $grey -Probability
                ,$a
                ,$b
                $q = Invoke-VoxelClassifier $c $grey -Phase Graphite -Quantile 0.85
                $q.Phases.Count
                Invoke-VoxelClassifier $c $grey | Measure-ClassificationAccuracy -Reference $truth -Slice 0, 6, 11
                """).Select(o => o.BaseObject).ToArray();
            var a = ((object[])output[0]).Cast<object>().Select(o => (VoxelStack)(o is System.Management.Automation.PSObject ps ? ps.BaseObject : o)).ToArray();
            var b = ((object[])output[1]).Cast<object>().Select(o => (VoxelStack)(o is System.Management.Automation.PSObject ps ? ps.BaseObject : o)).ToArray();
            Assert.Equal(2, a.Length);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(VoxelDataType.Float32, a[k].DataType);
                for (int z = 0; z < 12; z++)
                {
                    Assert.True(a[k].GetSlice<float>(z).SequenceEqual(b[k].GetSlice<float>(z)));
                }
            }

            Assert.Equal(2, (int)output[2]);
            var iou = output.OfType<PhaseJaccard>().ToArray();
            Assert.Equal(["Graphite", "CarbonBinder"], iou.Select(j => j.Phase));
            Assert.All(iou, j => Assert.InRange(j.Jaccard, 0.5, 1));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void BadInputsGiveTheirErrorIds()
    {
        string file = Path.Combine(Path.GetTempPath(), "mmclf-" + Guid.NewGuid().ToString("N")[..8] + ".mmclf");
        try
        {
            Assert.Contains("ClassifierFileCorrupt", session.Run(Setup + $"\n$c | Export-VoxelClassifier -Path '{file}'\n$bytes = [System.IO.File]::ReadAllBytes('{file}')\n[System.IO.File]::WriteAllBytes('{file}', $bytes[0..99])\nImport-VoxelClassifier '{file}'").ErrorIds);
            File.WriteAllText(file, "not a classifier");
            Assert.Contains("ClassifierFileNotRecognized", session.Run($"Import-VoxelClassifier '{file}'").ErrorIds);
            Assert.Contains("LabelSizeMismatch", session.Run(Setup + "\nNew-VoxelClassifier $grey (New-BooleanModel 40, 40, 11 -Intensity 0.001 -Radius 2 -Seed 1)").ErrorIds);
            Assert.Contains("NoLabelledVoxels", session.Run(Setup + "\n$none = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($truth, [int[]]@())\nNew-VoxelClassifier $grey $none").ErrorIds);
            Assert.Contains("QuantileNeedsPhase", session.Run(Setup + "\nInvoke-VoxelClassifier $c $grey -Quantile 0.85").ErrorIds);
            Assert.Contains("PhaseNotFound", session.Run(Setup + "\nInvoke-VoxelClassifier $c $grey -Phase Pore -Quantile 0.85").ErrorIds);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

# The trainable voxel classifier (a random forest on Gaussian and Hessian features, as
# the Trainable Weka / ilastik segmentation of 001 Section 2.3):
# New-VoxelClassifier, Export-/Import-VoxelClassifier, Invoke-VoxelClassifier (labels,
# probabilities, a quantile of one phase) and Measure-ClassificationAccuracy, on a phantom whose
# truth is known, and the errors of bad files, labels and options.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A 40 x 40 x 12 grey phantom with its true phases; labels drawn on slices 3 and 8 only.
    $o = [MicroMorph.Core.Parallelism.ComputeOptions]::Default
    $phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(40, 40, 12, 5, 0.35, 12, $o)
    $grey = $phantom.Item1
    $truth = $phantom.Item2
    $labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($truth, [int[]]@(3, 8))
    $c = New-VoxelClassifier $grey $labels -Feature GaussianSmoothing, HessianEigenvalues -Sigma 1, 2 -Dimensions 2 -TreeCount 8 -Seed 3
}

Describe 'The voxel classifier' {
    It 'trains, predicts, saves, loads and measures its accuracy' {
        $c | Export-VoxelClassifier -Path TestDrive:\phantom.mmclf
        $d = Import-VoxelClassifier TestDrive:\phantom.mmclf
        $a = @(Invoke-VoxelClassifier $c $grey -Probability)
        $b = @(Invoke-VoxelClassifier $d $grey -Probability)
        $a.Count | Should -Be 2
        $b.Count | Should -Be 2
        foreach ($k in 0, 1) {
            $a[$k].DataType | Should -Be ([MicroMorph.Core.Imaging.VoxelDataType]::Float32)
            $differing = 0
            foreach ($z in 0..11) { foreach ($y in 0..39) { foreach ($x in 0..39) {
                        if ($a[$k].GetValue($x, $y, $z) -ne $b[$k].GetValue($x, $y, $z)) { $differing++ } } } }
            $differing | Should -Be 0 -Because "the loaded classifier gives the probabilities of the saved one (phase $k)"
        }

        $q = Invoke-VoxelClassifier $c $grey -Phase Graphite -Quantile 0.85
        $q.Phases.Count | Should -Be 2
        $iou = Invoke-VoxelClassifier $c $grey | Measure-ClassificationAccuracy -Reference $truth -Slice 0, 6, 11 |
            Where-Object { $_ -is [MicroMorph.Core.Segmentation.PhaseJaccard] }
        $iou.Phase | Should -Be 'Graphite', 'CarbonBinder'
        # Jaccard indices between 0.5 and 1.
        $iou.Jaccard | Should -BeCloseTo 0.75, 0.75 -AbsoluteTolerance 0.25
    }

    It 'reports <ErrorId> for <Case>' -ForEach @(
        @{ ErrorId = 'ClassifierFileCorrupt'; Case = 'a truncated classifier file'; Command = {
                $c | Export-VoxelClassifier -Path TestDrive:\truncated.mmclf
                $bytes = [System.IO.File]::ReadAllBytes("$TestDrive/truncated.mmclf")
                [System.IO.File]::WriteAllBytes("$TestDrive/truncated.mmclf", $bytes[0..99])
                Import-VoxelClassifier TestDrive:\truncated.mmclf } }
        @{ ErrorId = 'ClassifierFileNotRecognized'; Case = 'a file that is no classifier'; Command = {
                Set-Content -LiteralPath TestDrive:\text.mmclf -Value 'not a classifier' -NoNewline
                Import-VoxelClassifier TestDrive:\text.mmclf } }
        @{ ErrorId = 'LabelSizeMismatch'; Case = 'labels of another size than the grey stack'; Command = {
                New-VoxelClassifier $grey (New-BooleanModel 40, 40, 11 -Intensity 0.001 -Radius 2 -Seed 1) } }
        @{ ErrorId = 'NoLabelledVoxels'; Case = 'labels without a labelled voxel'; Command = {
                $none = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($truth, [int[]]@())
                New-VoxelClassifier $grey $none } }
        @{ ErrorId = 'QuantileNeedsPhase'; Case = '-Quantile without -Phase'; Command = { Invoke-VoxelClassifier $c $grey -Quantile 0.85 } }
        @{ ErrorId = 'PhaseNotFound'; Case = 'a phase the classifier does not know'; Command = { Invoke-VoxelClassifier $c $grey -Phase Pore -Quantile 0.85 } }
    ) {
        (Invoke-UserCommand $Command).ErrorId | Should -Contain $ErrorId
    }
}

# examples/Voxel-Classification.ps1 as a guarded lab workflow. The test recounts, with plain
# PowerShell over the voxels, the IoU the example reports on the held-out slices, checks the premise
# of the phantom (both phases of mean grey 128, so grey values alone cannot separate them), and
# requires the texture classifier to beat the best rule that looks at a voxel's grey value alone
# (the per-grey-value majority, computed here from the held-out voxels) and the example's own 0.9
# IoU guard; the same -Seed must reproduce every file.
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Voxel-Classification @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result

    # Voxels as byte arrays, through raw exports in the test's own folder.
    function Get-VoxelBytes($Volume, [string] $Name) {
        $file = Join-Path $TestDrive "check-$Name.raw"
        $Volume | Export-VoxelStack -Path $file -Force
        , [System.IO.File]::ReadAllBytes($file)
    }
    $predicted = Get-VoxelBytes $Run.Result 'result'
    $truth = Get-VoxelBytes $Run.Truth 'truth'
    $grey = Get-VoxelBytes $Run.Grey 'grey'

    # Counts on the held-out slices: per class intersection and union, agreement, and the grey-value
    # histogram of each true class.
    $slice = 96 * 96
    $script:Intersection = [long[]]::new(3); $script:Union = [long[]]::new(3)
    $script:Agree = 0L; $script:HeldOutVoxels = 0L
    $script:Histogram = @{ 1 = [long[]]::new(256); 2 = [long[]]::new(256) }
    foreach ($z in $Run.HeldOutSlices) {
        $end = ($z + 1) * $slice
        for ($i = $z * $slice; $i -lt $end; $i++) {
            $p = $predicted[$i]; $t = $truth[$i]
            $HeldOutVoxels++
            $Histogram[[int]$t][$grey[$i]]++
            if ($p -eq $t) { $Agree++; $Intersection[$p]++; $Union[$p]++ }
            else { $Union[$p]++; $Union[$t]++ }
        }
    }
}

Describe 'Voxel-Classification on the texture phantom' -Tag Slow {
    It 'returns one result object, trained on three slices and validated on the other 93' {
        @($Run).Count | Should -Be 1
        $Run.TrainingSlices | Should -Be 24, 48, 72
        $Run.HeldOutSlices.Count | Should -Be 93
        $Run.HeldOutSlices | Where-Object { $_ -in 24, 48, 72 } | Should -BeNullOrEmpty
        $Run.Accuracy.Phase | Should -Be 'Graphite', 'CarbonBinder'
    }

    It 'builds the phantom as described: both phases of mean grey 128, the graphite far smoother' {
        # ClassificationPhantom: 128 + 5 noise in graphite, 128 + 45 noise in the matrix (unit-variance noise).
        foreach ($class in 1, 2) {
            $h = $Histogram[$class]
            $n = 0L; $sum = 0.0; $squares = 0.0
            for ($v = 0; $v -lt 256; $v++) { $n += $h[$v]; $sum += $v * $h[$v]; $squares += $v * $v * $h[$v] }
            $mean = $sum / $n
            $sd = [math]::Sqrt($squares / $n - $mean * $mean)
            $mean | Should -BeCloseTo 128 -AbsoluteTolerance 1.5 -Because "class $class has mean grey 128 by construction"
            $sd | Should -BeCloseTo @{ 1 = 5; 2 = 45 }[$class] -RelativeTolerance 0.1
        }
    }

    It 'reports the IoU per class that the held-out voxels give, each at least 0.9' {
        foreach ($j in $Run.Accuracy) {
            $label = @{ Graphite = 1; CarbonBinder = 2 }[$j.Phase]
            $j.Intersection | Should -Be $Intersection[$label]
            $j.Union | Should -Be $Union[$label]
            $j.Jaccard | Should -BeCloseTo ($Intersection[$label] / $Union[$label]) -RelativeTolerance 1e-12
            $j.Jaccard | Should -BeGreaterOrEqual 0.9
        }
    }

    It 'beats every rule that uses a voxel''s grey value alone, and the majority class' {
        # The best grey-only rule labels each grey value with its more frequent class.
        $bestGreyOnly = 0L
        for ($v = 0; $v -lt 256; $v++) { $bestGreyOnly += [math]::Max($Histogram[1][$v], $Histogram[2][$v]) }
        $majority = [math]::Max(($Histogram[1] | Measure-Object -Sum).Sum, ($Histogram[2] | Measure-Object -Sum).Sum)
        $accuracy = $Agree / $HeldOutVoxels
        $accuracy | Should -BeGreaterThan ($bestGreyOnly / $HeldOutVoxels + 0.05)
        $accuracy | Should -BeGreaterThan ($majority / $HeldOutVoxels + 0.2)
    }

    It 'writes the classifier, the IoU table with invariant numbers and a complete PNG of a held-out slice' {
        $Run.Files.Name | Should -Be 'texture.mmclf', 'classification-iou.csv', 'classification-slice.png'
        $reloaded = Import-VoxelClassifier -Path (Join-Path $TestDrive 'texture.mmclf')
        @($reloaded.Classes).Name | Should -Be 'Graphite', 'CarbonBinder'
        $reloaded.OutOfBagAccuracy | Should -Be $Run.Classifier.OutOfBagAccuracy
        $rows = Import-Csv -LiteralPath (Join-Path $TestDrive 'classification-iou.csv')
        $rows.Phase | Should -Be 'Graphite', 'CarbonBinder'
        Test-InvariantNumberColumn $rows 'Intersection', 'Union', 'Jaccard' | Should -BeTrue
        $rows | ForEach-Object { [double]::Parse($_.Jaccard, [cultureinfo]::InvariantCulture) } | Should -Be $Run.Accuracy.Jaccard
        $png = Get-PngSize (Join-Path $TestDrive 'classification-slice.png')
        $png.Width, $png.Height | Should -Be 288, 288   # 96 voxels x -Scale 3
    }

    It 'shows its tables within 80 columns and never with a decimal comma' {
        $Shown.Tables.Count | Should -BeGreaterThan 0
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'reproduces every file with the same -Seed, returns nothing without -PassThru, and changes with another seed' {
        $again = Join-Path $TestDrive 'again'
        (Invoke-Example Voxel-Classification @{ OutputFolder = $again; Seed = 7 }).Result | Should -BeNullOrEmpty
        foreach ($name in 'texture.mmclf', 'classification-iou.csv', 'classification-slice.png') {
            (Get-FileHash (Join-Path $again $name)).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive $name)).Hash -Because "$name is deterministic in the seed"
        }
        $other = (Invoke-Example Voxel-Classification @{ OutputFolder = Join-Path $TestDrive 'other'; Seed = 11; PassThru = $true }).Result
        $other.Accuracy.Intersection | Should -Not -Be $Run.Accuracy.Intersection
        $other.Accuracy.Jaccard | ForEach-Object { $_ | Should -BeGreaterOrEqual 0.9 }
    }
}

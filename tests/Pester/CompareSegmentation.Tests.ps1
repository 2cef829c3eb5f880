# Compare-Segmentation: the voxel agreement and per-phase Jaccard index of two phase images
# (positional, -ReferenceObject with the pipeline, or -Pairwise over everything piped in, each pair
# once, named by position); its refusal of images of different size.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    $a = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 1 -ErrorAction Stop
    $b = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 2 -ErrorAction Stop
    $c = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 3 -ErrorAction Stop
}

Describe 'Compare-Segmentation' {
    It 'finds an image in full agreement with itself, and -Pairwise gives every pair once' {
        $self = Compare-Segmentation $a $a -ErrorAction Stop
        $pairs = $a, $b, $c | Compare-Segmentation -Pairwise -ErrorAction Stop
        $piped = $b | Compare-Segmentation -ReferenceObject $a -ErrorAction Stop
        @($self).Count | Should -Be 1
        @($pairs).Count | Should -Be 3
        @($piped).Count | Should -Be 1

        $self.Agreement | Should -Be 1.0
        $self.JaccardOf('Solid') | Should -Be 1.0
        $pairs | ForEach-Object { $_.Reference.Split(' ')[0] } | Should -Be '#1', '#1', '#2'
        $pairs | ForEach-Object { $_.Difference.Split(' ')[0] } | Should -Be '#2', '#3', '#3'
        # The pipeline form equals the pair #1-#2: the comparison is symmetric in its measures.
        $piped.Agreement | Should -Be $pairs[0].Agreement
        $piped.JaccardOf('Pore') | Should -Be $pairs[0].JaccardOf('Pore')
        $pairs[0].Agreement | Should -BeGreaterOrEqual 0.01
        $pairs[0].Agreement | Should -BeLessOrEqual 0.99
    }

    It 'refuses images of different size (SegmentationSizeMismatch)' {
        Compare-Segmentation $a (New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed 1) -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'SegmentationSizeMismatch'
    }
}

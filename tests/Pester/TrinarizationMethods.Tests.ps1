# Invoke-Trinarization's other methods (002): -Method KMeans on grey values, -Method Probability
# (classifier probabilities assigned to meet given volume fractions exactly, in a phase order or
# by conditional probability) and -Method Closing (carbon binder inserted next to the active material,
# optionally along a gradient), with the errors each refuses.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Three 6 x 6 x 6 Float32 probability stacks $pPore, $pCbd, $pAm from a seeded generator.
    $rng = [System.Random]::new(4)
    $pPore, $pCbd, $pAm = 1..3 | ForEach-Object { [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'Float32') }
    foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 0..5) {
                $a = $rng.Next(1, 9); $b = $rng.Next(1, 9); $c = $rng.Next(1, 9); $s = $a + $b + $c
                $pPore.SetValue($x, $y, $z, $a / $s); $pCbd.SetValue($x, $y, $z, $b / $s); $pAm.SetValue($x, $y, $z, $c / $s)
            } } }

    # The voxel count of each label of a phase image, in label order.
    function Get-LabelCount($Image, [int[]] $Label) {
        $counts = $Image | Measure-VoxelStack
        foreach ($l in $Label) { ($counts | Where-Object Label -eq $l).VoxelCount }
    }
}

Describe 'Invoke-Trinarization -Method KMeans' {
    It 'meets the phases of the sample electrode given their fractions' -Tag Slow {
        $g = Import-VoxelStack $ElectrodePath | Select-VoxelRegion -Size 32, 32, 32
        $truth = $g | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
        $f = ($truth | Measure-VoxelStack).VolumeFraction
        $k = $g | Invoke-Trinarization -Method KMeans -VolumeFraction $f -PhaseName Pore, NMC, CBD
        $measured = ($k | Measure-VoxelStack).VolumeFraction
        $comparison = Compare-Segmentation $truth $k
        $comparison.JaccardOf('NMC') | Should -BeGreaterOrEqual 0.9 -Because "$comparison"
        $measured.Count | Should -Be 3
        ($measured | Measure-Object -Sum).Sum | Should -BeCloseTo 1.0 -AbsoluteTolerance 5e-7
    }
}

Describe 'Invoke-Trinarization -Method Probability' {
    It 'gives exactly the volume fractions asked for, in every assignment order' {
        $images = @(
            foreach ($a in 'AM-CBD-Pore', 'AM-Cond', 'Pore-AM-CBD') {
                Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment $a
            }
            Invoke-Trinarization -Method Probability -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment CBD, Cond
        )
        $images.Count | Should -Be 4
        foreach ($image in $images) {
            # 216 voxels: 108, 54, 54.
            Get-LabelCount $image 0, 1, 2 | Should -Be 108, 54, 54
        }
        $images | ForEach-Object { $_.Metadata['Trinarization.Assignment'] } | Should -Be 'AM-CBD-Pore', 'AM-Cond', 'Pore-AM-CBD', 'CBD-Cond'
    }
}

Describe 'Invoke-Trinarization -Method Closing' {
    It 'inserts the carbon binder next to the active material, also along a gradient or a profile' {
        $p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 4 -Seed 2
        $am = ($p | Measure-VoxelStack | Where-Object Phase -eq 'Solid').VolumeFraction
        $closed = $p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction (0.9 - $am), 0.1, $am -GradientSlope 0.1 -GradientIntercept 0.05
        $closed.Phases.Name | Should -Be 'Pore', 'CBD', 'AM'
        Get-LabelCount $closed 1 | Should -Be ([Math]::Round(0.1 * 32768))

        $g = Import-VoxelStack $ElectrodePath | Select-VoxelRegion -Size 32, 32, 32
        $fromGrey = $g | Invoke-Trinarization -Method Closing -VolumeFraction 0.5, 0.2, 0.3 -Profile (1..32) -Axis Y
        Get-LabelCount $fromGrey 2 | Should -Be ([Math]::Round(0.3 * 32768))
        Get-LabelCount $fromGrey 1 | Should -Be ([Math]::Round(0.2 * 32768))
    }
}

Describe 'Bad trinarization input' {
    BeforeAll {
        $p = New-BooleanModel -Size 12 -Intensity 0.004 -Radius 3 -Seed 2
    }

    It 'reports <ErrorId> for <Case>' -ForEach @(
        @{ ErrorId = 'ChannelCountMismatch'; Case = 'two probability stacks for three fractions'; Command = {
                Invoke-Trinarization -Probability $pPore, $pCbd -VolumeFraction 0.5, 0.25, 0.25 } }
        @{ ErrorId = 'SizeMismatch'; Case = 'probability stacks of different sizes'; Command = {
                $small = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 5, 'Float32')
                Invoke-Trinarization -Probability $pPore, $pCbd, $small -VolumeFraction 0.5, 0.25, 0.25 } }
        @{ ErrorId = 'InvalidVolumeFractions'; Case = 'probability fractions that do not sum to 1'; Command = {
                Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.35, 0.25 } }
        @{ ErrorId = 'InvalidAssignment'; Case = 'an unknown assignment order'; Command = {
                Invoke-Trinarization -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 -Assignment AM-Binder } }
        @{ ErrorId = 'MethodMismatch'; Case = 'probabilities with -Method KMeans'; Command = {
                Invoke-Trinarization -Method KMeans -Probability $pPore, $pCbd, $pAm -VolumeFraction 0.5, 0.25, 0.25 } }
        @{ ErrorId = 'ProbabilityRequired'; Case = '-Method Probability without probabilities'; Command = {
                Import-VoxelStack $ElectrodePath | Invoke-Trinarization -Method Probability -VolumeFraction 0.5, 0.25, 0.25 } }
        @{ ErrorId = 'GreyStackRequired'; Case = 'a phase image for KMeans'; Command = {
                New-BooleanModel -Size 8 -Intensity 0.01 -Radius 2 | Invoke-Trinarization -Method KMeans -VolumeFraction 0.5, 0.5 -PhaseName A, B } }
        @{ ErrorId = 'InvalidVolumeFractions'; Case = 'KMeans fractions that do not sum to 1'; Command = {
                Import-VoxelStack $ElectrodePath | Select-VoxelRegion -Size 8, 8, 8 | Invoke-Trinarization -Method KMeans -VolumeFraction 0.5, 0.35, 0.25 } }
        @{ ErrorId = 'PhaseNotFound'; Case = 'closing a phase image without an active phase named'; Command = {
                $p | Invoke-Trinarization -Method Closing -VolumeFraction 0.5, 0.1, 0.4 } }
        @{ ErrorId = 'ProfileConflict'; Case = 'a profile and a gradient together'; Command = {
                $p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.1, 0.4 -Profile (1..12) -GradientSlope 1 } }
        @{ ErrorId = 'ProfileLengthMismatch'; Case = 'a profile shorter than the axis'; Command = {
                $p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.1, 0.4 -Profile (1..11) } }
        @{ ErrorId = 'InvalidVolumeFractions'; Case = 'closing fractions that do not sum to 1'; Command = {
                $p | Invoke-Trinarization -Method Closing -ActivePhase Solid -VolumeFraction 0.5, 0.2, 0.4 } }
        @{ ErrorId = 'VolumeFractionRequired'; Case = 'closing without fractions'; Command = {
                $p | Invoke-Trinarization -Method Closing -ActivePhase Solid } }
    ) {
        (Invoke-UserCommand $Command).ErrorId | Should -Contain $ErrorId
    }
}

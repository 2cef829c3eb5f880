# Invoke-VoxelFilter's preprocessing filters (001 Section 2.3, 003): Median, IlluminationCorrection,
# RemoveSmallComponents (by voxel count or physical volume) and FillHoles, on small volumes whose
# answers are known by construction, and the errors of arguments that do not fit a filter.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Invoke-VoxelFilter preprocessing' {
    It 'removes small components by physical volume or voxel count, and fills holes' {
        # A 12^3 pore image (voxels 0.5 µm) with a 2 x 2 x 2 solid cube (1 µm^3) and a hollow 5^3 solid box.
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(12, 12, 12, 'UInt8')
        $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 0.5, 0.5, 'µm')
        foreach ($z in 1..2) { foreach ($y in 1..2) { foreach ($x in 1..2) { $s.SetValue($x, $y, $z, 1) } } }
        foreach ($z in 5..9) { foreach ($y in 5..9) { foreach ($x in 5..9) { $s.SetValue($x, $y, $z, 1) } } }
        $s.SetValue(7, 7, 7, 0)
        $p = $s | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Solid' }

        $kept = $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume 1.0
        $removed = $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume 1.001
        $byCount = $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 9 -Connectivity 6 -ReplacementPhase Pore
        $filled = $p | Invoke-VoxelFilter -Filter FillHoles -Phase Solid
        ($kept | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be (8 + 124) -Because '8 voxels of 0.125 µm^3 are 1 µm^3: kept'
        ($removed | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be 124
        ($byCount | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be 124
        ($filled | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be (8 + 125)
    }

    It 'removes an outlier with a median and keeps the data type' {
        # A single bright voxel in a flat UInt16 stack disappears under a median of radius 1 voxel (7 values).
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'UInt16')
        foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 0..5) { $s.SetValue($x, $y, $z, 500) } } }
        $s.SetValue(2, 3, 4, 9000)
        $m = $s | Invoke-VoxelFilter -Filter Median -Radius 1
        "$($m.DataType)" | Should -Be 'UInt16'
        $m.GetValue(2, 3, 4) | Should -Be 500.0
    }

    It 'flattens a ramp of illumination' {
        # Grey 100 everywhere, darkened linearly towards the bottom: 1 - 0.5 y / 15.
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 16, 4, 'Float32')
        foreach ($z in 0..3) { foreach ($y in 0..15) { foreach ($x in 0..7) { $s.SetValue($x, $y, $z, 100 * (1 - 0.5 * $y / 15)) } } }
        $c = $s | Invoke-VoxelFilter -Filter IlluminationCorrection -Model Ramp
        # The mean of the ramp, 0.75, times 100, at the top and at the bottom.
        $c.GetValue(3, 0, 1) | Should -BeCloseTo 75 -AbsoluteTolerance 1e-3
        $c.GetValue(3, 15, 2) | Should -BeCloseTo 75 -AbsoluteTolerance 1e-3
    }
}

Describe 'Bad preprocessing arguments' {
    BeforeAll {
        $p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed 1
        $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8')
    }

    It 'reports <ErrorId> for {<Command>}' -ForEach @(
        @{ ErrorId = 'GreyStackRequired'; Command = { $p | Invoke-VoxelFilter -Filter IlluminationCorrection } }
        @{ ErrorId = 'GreyStackRequired'; Command = { $p | Invoke-VoxelFilter -Filter Median -Radius 1 } }
        @{ ErrorId = 'RadiusRequired'; Command = { $grey | Invoke-VoxelFilter -Filter Median } }
        @{ ErrorId = 'InvalidRadius'; Command = { $grey | Invoke-VoxelFilter -Filter Median -Radius -2 } }
        @{ ErrorId = 'SigmaRequired'; Command = { $grey | Invoke-VoxelFilter -Filter IlluminationCorrection -Model Smoothed } }
        @{ ErrorId = 'NonPositiveIllumination'; Command = { $grey | Invoke-VoxelFilter -Filter IlluminationCorrection } }
        @{ ErrorId = 'PhaseImageRequired'; Command = { $grey | Invoke-VoxelFilter -Filter FillHoles -Phase 1 } }
        @{ ErrorId = 'PhaseRequired'; Command = { $p | Invoke-VoxelFilter -Filter FillHoles } }
        @{ ErrorId = 'PhaseNotFound'; Command = { $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Binder -MinimumVoxelCount 5 } }
        @{ ErrorId = 'MinimumVolumeRequired'; Command = { $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid } }
        @{ ErrorId = 'MinimumVolumeTwice'; Command = { $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 5 -MinimumVolume 3 } }
        @{ ErrorId = 'InvalidMinimumVolume'; Command = { $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVolume -3 } }
        @{ ErrorId = 'SamePhaseTwice'; Command = { $p | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Solid -MinimumVoxelCount 5 -ReplacementPhase Solid } }
    ) {
        (Invoke-UserCommand $Command).ErrorId | Should -Contain $ErrorId
    }
}

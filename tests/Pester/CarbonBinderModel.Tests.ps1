# New-CarbonBinderModel: the stochastic 3D model of graphite grains, carbon-binder and large pores
# (three phases), reproducible by -Seed, with overrides that change only their own component and
# named errors for bad parameters; Optimize-CarbonBinderModel: its calibration to a phase image and
# a carbon-binder cut-out, whose result pipes back into New-CarbonBinderModel.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'New-CarbonBinderModel' {
    It 'reproduces the same voxels from the same seed, and an override changes only its component' {
        $nanometres = New-CarbonBinderModel -Size 48 -VoxelSize 80 -Seed 5 -ErrorAction Stop
        $micrometres = New-CarbonBinderModel 48 -VoxelSize 0.08 -Unit µm -Seed 5 -ErrorAction Stop
        $noGraphite = New-CarbonBinderModel -Size 48 -VoxelSize 80 -Seed 5 -GraphiteIntensity 1e-30 -ErrorAction Stop
        $nanometres.Phases | ForEach-Object ToString | Should -Be '0 Pore', '1 CBD', '2 Graphite'

        $different = 0L; $changed = 0L; $graphiteLeft = 0L
        for ($z = 0; $z -lt 48; $z++) {
            for ($y = 0; $y -lt 48; $y++) {
                for ($x = 0; $x -lt 48; $x++) {
                    $a = $nanometres.GetLabel($x, $y, $z)
                    if ($micrometres.GetLabel($x, $y, $z) -ne $a) { $different++ }
                    $c = $noGraphite.GetLabel($x, $y, $z)
                    # Without graphite the same carbon-binder and pores remain where there was no graphite.
                    if ($a -ne 2 -and $c -ne $a) { $changed++ }
                    if ($c -eq 2) { $graphiteLeft++ }
                }
            }
        }
        $different | Should -Be 0 -Because '80 nm and 0.08 µm are the same voxel size'
        $changed | Should -Be 0
        $graphiteLeft | Should -Be 0
    }

    It 'refuses <Case> (<ErrorId>)' -ForEach @(
        @{ Case = 'a negative graphite intensity'; Arguments = @{ Size = 8; GraphiteIntensity = -1 }; ErrorId = 'InvalidIntensity' }
        @{ Case = 'a half-axis shape of zero'; Arguments = @{ Size = 8; HalfAxisShape = 0, 3944 }; ErrorId = 'InvalidGrainParameter' }
        @{ Case = 'a physical voxel size in the unit voxel'; Arguments = @{ Size = 8; VoxelSize = 1; Unit = 'voxel' }; ErrorId = 'IncompatibleUnits' }
    ) {
        New-CarbonBinderModel @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain $ErrorId
    }

    It 'refuses a size of two values with an ordinary error, as its other bad parameters (InvalidSize)' {
        # Non-terminating: -ErrorVariable captures it, -ErrorAction SilentlyContinue keeps it quiet, no image is written.
        $image = New-CarbonBinderModel -Size 8, 8 -ErrorVariable err -ErrorAction SilentlyContinue
        $image | Should -BeNullOrEmpty
        Get-ErrorId $err | Should -Be 'InvalidSize'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Optimize-CarbonBinderModel' {
    BeforeAll {
        $data = New-CarbonBinderModel -Size 64 -VoxelSize 40 -GraphiteIntensity 2.8e-9 -HalfAxisShape 20, 60 -HalfAxisRate 0.2 -Seed 100 -ErrorAction Stop
        $cutout = New-GaussianExcursionSet -Size 32 -VoxelSize 40 -Unit nm -Threshold 0.499 -CovarianceScale 0.0127 -Seed 11 -PhaseName CBD -BackgroundName Pore -ErrorAction Stop
    }

    # The calibration itself takes tens of seconds.
    It 'gives a result that pipes into New-CarbonBinderModel with the fitted parameters' -Tag Slow {
        $fit = $data | Optimize-CarbonBinderModel -CarbonBinderSample $cutout -PoreRadiusRate 0.0105, 0.021 -Realizations 1 -ErrorAction Stop
        $image = $fit | New-CarbonBinderModel -Size 16 -VoxelSize 40 -Seed 3 -ErrorAction Stop
        $fit | Should -BeOfType [MicroMorph.Core.Stochastic.CarbonBinderCalibrationResult]
        $image | Should -BeOfType [MicroMorph.Core.Imaging.PhaseImage]
        $fit.PoreRateCandidates.Count | Should -Be 2
        $fit.Parameters.PoreRadiusRate | Should -BeIn 0.0105, 0.021
        # The realization was drawn with the fitted parameters (they are recorded in its metadata).
        $image.Metadata['CarbonBinderModel.Parameters'] | Should -BeExactly $fit.Parameters.ToString()
        $image.VoxelSize.Unit | Should -BeExactly 'nm'
    }

    It 'refuses a cut-out without the carbon-binder phase (CarbonBinderSamplePhaseMissing)' {
        # Its phase is called Binder, not CBD.
        $other = New-GaussianExcursionSet -Size 16 -VoxelSize 40 -Unit nm -Threshold 0.5 -CovarianceScale 0.0127 -Seed 1 -PhaseName Binder -ErrorAction Stop
        $data | Optimize-CarbonBinderModel -CarbonBinderSample $other -PoreRadiusRate 0.0105 -Realizations 1 -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'CarbonBinderSamplePhaseMissing'
    }

    It 'refuses <Case> as -GraphitePhase (<ErrorId>)' -ForEach @(
        @{ Case = 'the carbon-binder phase'; GraphitePhase = 'CBD'; ErrorId = 'SamePhaseTwice' }
        @{ Case = 'an unknown phase'; GraphitePhase = 'Flakes'; ErrorId = 'PhaseNotFound' }
    ) {
        $data | Optimize-CarbonBinderModel -CarbonBinderSample $cutout -GraphitePhase $GraphitePhase -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain $ErrorId
    }
}

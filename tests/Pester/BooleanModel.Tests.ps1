# New-BooleanModel: realisations of the Boolean model (balls, exponential balls, gamma spheroids;
# 001 Eq. 1, Eq. 3 with -Open) as two-phase images: the volume fraction 1 - exp(-lambda E|Xi|), the units and
# phase names, the seed contract at any -ThrottleLimit, pipeline binding of fitted parameters and
# the errors refused before any work.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'New-BooleanModel' {
    It 'paints balls as a two-phase image with the volume fraction 1 - exp(-lambda 4/3 pi r^3)' {
        # lambda 4/3 pi r^3 = 0.5 with r = 4: 1 - exp(-0.5) = 0.3935, +-0.01 is about 3 standard deviations at 96^3.
        $lambda = 0.5 / (4 / 3.0 * [Math]::PI * 64)
        $image = New-BooleanModel -Size 96 -Intensity $lambda -Radius 4 -Seed 7
        $image.Dimensions | Should -Be '96 x 96 x 96'
        $image.Phases.Name | Should -Be 'Pore', 'Solid'
        $image.VoxelSize.Unit | Should -Be 'voxel'
        $image.Metadata['BooleanModel.Seed'] | Should -Be '7'
        $image.Metadata['BooleanModel.GrainLaw'] | Should -Be 'ConstantRadiusBalls Radius=4'
        ($image | Measure-VoxelStack -Phase Solid).VolumeFraction | Should -BeCloseTo (1 - [Math]::Exp(-0.5)) -AbsoluteTolerance 0.01
    }

    It 'takes the unit of a fit piped in, so parameters fitted in µm are not read as nm' {
        $img = New-BooleanModel -Size 64 -VoxelSize 0.5 -Unit µm -Intensity 0.002 -Radius 4 -Seed 1
        # -Unit is left out: the default with -VoxelSize would be nm.
        $boolean = $img | Optimize-BooleanModel -Phase Solid -GrainShape Ball | New-BooleanModel -Size 16 -VoxelSize 0.5 -Seed 2
        $excursion = $img | Optimize-GaussianExcursionSet -Phase Solid | New-GaussianExcursionSet -Size 16 -VoxelSize 0.5 -Seed 2
        $boolean.VoxelSize.Unit | Should -Be 'µm'
        $excursion.VoxelSize.Unit | Should -Be 'µm'
        # The ball radius fitted in µm (about 4) is painted in 0.5 µm voxels: about 8 voxels, not 0.008.
        # Between 0.2 and 0.7.
        ($boolean | Measure-VoxelStack -Phase Solid).VolumeFraction | Should -BeCloseTo 0.45 -AbsoluteTolerance 0.25
    }

    It 'gives the same voxels for the same -Seed at any -ThrottleLimit, and records the seed it drew' {
        $a = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed 99 -ThrottleLimit 1
        $b = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed 99 -ThrottleLimit 2
        $c = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5
        $d = New-BooleanModel -Size 48, 40, 32 -Intensity 0.01 -HalfAxisShape 2, 5 -HalfAxisRate 1.5 -Seed ([long] $c.Metadata['BooleanModel.Seed'])
        (Compare-Segmentation $a $b).Agreement | Should -Be 1
        (Compare-Segmentation $a $c).Agreement | Should -BeLessThan 1
        (Compare-Segmentation $c $d).Agreement | Should -Be 1 -Because 'the recorded seed reproduces the realization'
        ($a | Measure-VoxelStack -Phase Solid).VoxelCount | Should -BeGreaterThan 0
    }

    It 'works in physical units with open exponential balls and named phases' {
        # Table 2's large pores (001 Eq. 3): lambda_Y = 9.34e-9 / nm^3, theta = 0.0105 / nm, on 10 x 10 x 20 nm voxels.
        $image = New-BooleanModel -Size 64, 64, 32 -VoxelSize 10, 10, 20 -Intensity 9.34e-9 -RadiusRate 0.0105 -Open -Seed 3 -PhaseName Matrix, LargePore
        $image.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(10, 10, 20, 'nm'))
        $image.Phases.Name | Should -Be 'Matrix', 'LargePore'
        $image.Metadata['BooleanModel.OpenGrains'] | Should -Be 'True'
        $image.Metadata['BooleanModel.GrainLaw'] | Should -Be 'ExponentialRadiusBalls Rate=0.0105'
        $image.Metadata['BooleanModel.Unit'] | Should -Be 'nm'

        $micrometres = New-BooleanModel -Size 16 -VoxelSize 0.02 -Unit µm -Intensity 50 -Radius 0.05 -Seed 1
        $micrometres.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(0.02, 'µm'))
    }

    It 'binds parameters from the pipeline by value and by property name' {
        $p = [MicroMorph.Core.Stochastic.BooleanModelParameters]::new(0.002, [MicroMorph.Core.Stochastic.ConstantRadiusBalls]::new(3))
        $results = @(
            $p | New-BooleanModel -Size 40 -Seed 5
            [pscustomobject]@{ Parameters = $p; Objective = 0.1 } | New-BooleanModel -Size 40 -Seed 5
            [pscustomobject]@{ BooleanModel = $p } | New-BooleanModel -Size 40 -Seed 5
            New-BooleanModel -Size 40 -Intensity 0.002 -Radius 3 -Seed 5
        )
        $results.Count | Should -Be 4
        foreach ($other in $results[1..3]) {
            (Compare-Segmentation $results[0] $other).Agreement | Should -Be 1
        }
        ($results[0] | Measure-VoxelStack -Phase Solid).VoxelCount | Should -BeGreaterThan 0
    }

    It 'reports the seed and the germs drawn with -Verbose' {
        $messages = New-BooleanModel -Size 32 -Intensity 0.001 -Radius 2 -Seed 17 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $messages | Where-Object { $_.Contains('seed 17') -and $_.Contains('germs drawn') } | Should -Not -BeNullOrEmpty
    }

    It 'refuses with <ErrorId> before any work, writing no image: {<Command>}' -ForEach @(
        @{ ErrorId = 'InvalidIntensity'; Command = { New-BooleanModel -Size 32 -Intensity -0.01 -Radius 3 } }
        @{ ErrorId = 'InvalidGrainParameter'; Command = { New-BooleanModel -Size 32 -Intensity 0.01 -HalfAxisShape 0, 4 -HalfAxisRate 1 } }
        @{ ErrorId = 'InvalidGrainParameter'; Command = { New-BooleanModel -Size 32 -Intensity 0.01 -RadiusRate 0 } }
        @{ ErrorId = 'InvalidDimensions'; Command = { New-BooleanModel -Size 0 -Intensity 0.01 -Radius 3 } }
        @{ ErrorId = 'InvalidDimensions'; Command = { New-BooleanModel -Size 64, 0, 64 -Intensity 0.01 -Radius 3 } }
        @{ ErrorId = 'InsufficientMemory'; Command = { New-BooleanModel -Size 40000 -Intensity 1e-12 -Radius 3 } }
        @{ ErrorId = 'TooManyGerms'; Command = { New-BooleanModel -Size 64 -Intensity 10000 -Radius 3 } }
        @{ ErrorId = 'GrainTooLarge'; Command = { New-BooleanModel -Size 64 -VoxelSize 20 -Intensity 1e-6 -Radius 3e9 } }
        @{ ErrorId = 'InvalidSize'; Command = { New-BooleanModel -Size 64, 64 -Intensity 0.01 -Radius 3 } }
        @{ ErrorId = 'InvalidVoxelSize'; Command = { New-BooleanModel -Size 64 -VoxelSize 1, 2 -Intensity 0.01 -Radius 3 } }
        @{ ErrorId = 'InvalidVoxelSize'; Command = { New-BooleanModel -Size 64 -VoxelSize 0 -Intensity 0.01 -Radius 3 } }
        @{ ErrorId = 'DuplicatePhaseName'; Command = { New-BooleanModel -Size 64 -Intensity 0.01 -Radius 3 -PhaseName Pore, pore } }
    ) {
        $r = Invoke-UserCommand $Command
        $r.ErrorId | Should -Contain $ErrorId
        $r.Output | Should -BeNullOrEmpty
    }
}

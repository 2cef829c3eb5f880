# New-GaussianExcursionSet (a Gaussian random field with the covariance 1 / (1 + (eta h)^2),
# thresholded at mu; 001 Section 3.1.2, Eq. 2) and Optimize-GaussianExcursionSet (mu from the
# volume fraction, Eq. 19, and eta from the two-point coverage, Eq. 21): the threshold of a volume
# fraction, the seed contract, the hand-over of a fit to new realisations, and the error contracts.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $invariant = [cultureinfo]::InvariantCulture
}

Describe 'New-GaussianExcursionSet' {
    It 'thresholds at the quantile of Eq. 19 for -VolumeFraction and paints what the core realises' -Tag Slow {
        $image = New-GaussianExcursionSet -Size 64 -VoxelSize 20 -Unit nm -CovarianceScale 0.05 -VolumeFraction 0.3 -Seed 5 -PhaseName CBD
        # 001 Eq. 19: V = 1 - Phi(mu), so mu is the standard normal quantile of 1 - V.
        $mu = [MathNet.Numerics.Distributions.Normal]::InvCDF(0, 1, 0.7)
        $image.Dimensions | Should -Be '64 x 64 x 64'
        $image.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(20, 'nm'))
        $image.Phases.Name | Should -Be 'Pore', 'CBD'
        $image.Metadata['GaussianExcursionSet.CBD.Seed'] | Should -Be '5'
        [double]::Parse($image.Metadata['GaussianExcursionSet.CBD.Threshold'], $invariant) | Should -BeCloseTo $mu -AbsoluteTolerance 5e-13
        $image.Metadata['GaussianExcursionSet.CBD.CovarianceScale'] | Should -Be '0.05'

        # The window mean of the field fluctuates by about 0.037 at this size (correlation length one
        # voxel), so V by about 0.013: 0.06 is more than 4 standard deviations.
        ($image | Measure-VoxelStack -Phase CBD).VolumeFraction | Should -BeCloseTo 0.3 -AbsoluteTolerance 0.06

        $core = [MicroMorph.Core.Stochastic.GaussianExcursionSet]::Generate(64, 64, 64, [MicroMorph.Core.Imaging.VoxelSize]::new(20, 'nm'),
            [MicroMorph.Core.Stochastic.GaussianExcursionSetParameters]::new($mu, 0.05), 5, [MicroMorph.Core.Parallelism.ComputeOptions]::Default, 'CBD')
        $core.Dimensions | Should -Be $image.Dimensions
        (Compare-Segmentation $core $image).Agreement | Should -Be 1 -Because 'the cmdlet paints the core realisation of the same seed voxel for voxel'
    }

    It 'takes three sizes, anisotropic voxels, a -Threshold and phase names; without -Unit it counts in voxels' {
        $image = New-GaussianExcursionSet -Size 40, 30, 20 -VoxelSize 20, 20, 40 -Unit nm -CovarianceScale 0.02 -Threshold 0 -Seed 1 -PhaseName Solid -BackgroundName Void
        $image.Dimensions | Should -Be '40 x 30 x 20'
        $image.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(20, 20, 40, 'nm'))
        $image.Phases.Name | Should -Be 'Void', 'Solid'
        $image.Metadata['GaussianExcursionSet.Solid.Threshold'] | Should -Be '0'

        $voxels = New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 0 -Seed 1
        $voxels.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::Uncalibrated)
    }

    It 'records the random seed it drew, which reproduces the image' {
        $a = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5
        $b = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5
        $again = New-GaussianExcursionSet -Size 24 -CovarianceScale 0.4 -VolumeFraction 0.5 -Seed ([long] $a.Metadata['GaussianExcursionSet.Solid.Seed']) -ThrottleLimit 1
        $b.Metadata['GaussianExcursionSet.Solid.Seed'] | Should -Not -Be $a.Metadata['GaussianExcursionSet.Solid.Seed']
        $again.Metadata['GaussianExcursionSet.Solid.Seed'] | Should -Be $a.Metadata['GaussianExcursionSet.Solid.Seed']
        $again.Dimensions | Should -Be $a.Dimensions
        (Compare-Segmentation $a $again).Agreement | Should -Be 1
    }

    It 'reports <ErrorId> and writes no image for {<Command>}' -ForEach @(
        @{ ErrorId = 'InvalidCovarianceScale'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 0 -Threshold 0 } }
        @{ ErrorId = 'InvalidCovarianceScale'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale -1 -Threshold 0 } }
        @{ ErrorId = 'InvalidCovarianceScale'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale ([double]::NaN) -Threshold 0 } }
        @{ ErrorId = 'InvalidThreshold'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 -Threshold ([double]::NaN) } }
        @{ ErrorId = 'ThresholdAndVolumeFraction'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 -Threshold 0 -VolumeFraction 0.5 } }
        @{ ErrorId = 'ThresholdRequired'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 } }
        @{ ErrorId = 'CovarianceScaleRequired'; Command = { New-GaussianExcursionSet -Size 8 -Threshold 0 } }
        @{ ErrorId = 'InvalidVolumeFraction'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 -VolumeFraction 1.2 } }
        @{ ErrorId = 'InvalidVolumeFraction'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 -VolumeFraction 0 } }
        @{ ErrorId = 'InvalidVolumeFraction'; Command = { New-GaussianExcursionSet -Size 8 -CovarianceScale 1 -VolumeFraction 1 } }
        @{ ErrorId = 'InvalidDimensions'; Command = { New-GaussianExcursionSet -Size 0 -CovarianceScale 1 -Threshold 0 } }
        @{ ErrorId = 'InvalidDimensions'; Command = { New-GaussianExcursionSet -Size 8, 0, 8 -CovarianceScale 1 -Threshold 0 } }
        @{ ErrorId = 'InvalidSize'; Command = { New-GaussianExcursionSet -Size 8, 8 -CovarianceScale 1 -Threshold 0 } }
        @{ ErrorId = 'InvalidVoxelSize'; Command = { New-GaussianExcursionSet -Size 8 -VoxelSize 20, 20 -CovarianceScale 1 -Threshold 0 } }
        @{ ErrorId = 'InvalidVoxelSize'; Command = { New-GaussianExcursionSet -Size 8 -VoxelSize -20 -Unit nm -CovarianceScale 1 -Threshold 0 } }
        @{ ErrorId = 'GaussianFieldTooLarge'; Command = { New-GaussianExcursionSet -Size 6000 -CovarianceScale 1 -Threshold 0 } }
    ) {
        $r = Invoke-UserCommand $Command
        $r.ErrorId | Should -Contain $ErrorId
        $r.Output | Should -BeNullOrEmpty
    }
}

Describe 'Optimize-GaussianExcursionSet' {
    It 'pipes its parameters and unit into new realisations; explicit values override piped ones' -Tag Slow {
        $data = New-GaussianExcursionSet -Size 96 -VoxelSize 20 -Unit nm -CovarianceScale 0.03 -Threshold 0.8 -Seed 3 -PhaseName CBD
        $fit = $data | Optimize-GaussianExcursionSet -Phase CBD
        $twin = $fit | New-GaussianExcursionSet -Size 32 -VoxelSize 40 -Seed 9 -PhaseName CBD
        $fit.Phase | Should -Be 'CBD'
        $fit.Unit | Should -Be 'nm'
        $fit.MaxDistance | Should -BeCloseTo (24 * 20.0) -AbsoluteTolerance 5e-10
        $fit.CovarianceScale | Should -BeCloseTo 0.03 -RelativeTolerance 0.2
        $fit.Threshold | Should -BeCloseTo 0.8 -AbsoluteTolerance 0.25
        $twin.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(40, 'nm')) -Because 'the unit came from the result'
        [double]::Parse($twin.Metadata['GaussianExcursionSet.CBD.Threshold'], $invariant) | Should -BeCloseTo $fit.Threshold -AbsoluteTolerance 5e-13
        [double]::Parse($twin.Metadata['GaussianExcursionSet.CBD.CovarianceScale'], $invariant) | Should -BeCloseTo $fit.CovarianceScale -AbsoluteTolerance 5e-13

        $parameters = [MicroMorph.Core.Stochastic.GaussianExcursionSetParameters]::new(0.5, 0.02)
        $overridden = [pscustomobject]@{ Parameters = $parameters; Unit = 'nm' } | New-GaussianExcursionSet -Size 16 -VolumeFraction 0.5 -Seed 1
        $overridden.Metadata['GaussianExcursionSet.Solid.Threshold'] | Should -Be '0'
        $overridden.Metadata['GaussianExcursionSet.Solid.CovarianceScale'] | Should -Be '0.02'
        $overridden.VoxelSize.Unit | Should -Be 'nm'
    }

    It 'shows the calibration in its view' {
        $text = New-GaussianExcursionSet -Size 48 -CovarianceScale 0.5 -Threshold 0.5 -Seed 2 |
            Optimize-GaussianExcursionSet -Phase Solid -MaxDistance 8 | Show-AsConsole -Width 200
        $text | Should -MatchExactly 'CovarianceScale'
        $text | Should -MatchExactly 'Threshold'
        $text | Should -MatchExactly 'Solid'
        $text | Should -MatchExactly 'voxel'
    }

    It 'refuses unknown phases, a negative distance and a phase without voxels' {
        $d = New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 0 -Seed 1
        (Invoke-UserCommand { $d | Optimize-GaussianExcursionSet -Phase Binder }).ErrorId | Should -Contain 'PhaseNotFound'
        (Invoke-UserCommand { $d | Optimize-GaussianExcursionSet -Phase Solid -MaxDistance -3 }).ErrorId | Should -Contain 'InvalidMaxDistance'
        $empty = Invoke-UserCommand { New-GaussianExcursionSet -Size 16 -CovarianceScale 0.5 -Threshold 50 -Seed 1 | Optimize-GaussianExcursionSet -Phase Solid }
        $empty.ErrorId | Should -Contain 'DegenerateVolumeFraction'
        $empty.Output | Should -BeNullOrEmpty
    }
}

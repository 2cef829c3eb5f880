# Get-BooleanModelDensity (the Miles formulas, 001 Eqs. 10-16, by quadrature or Monte Carlo) and
# Optimize-BooleanModel (the Boolean model fitted to the four intrinsic volume densities of a phase,
# 001 Eq. 17): the reference values are 001's Tables 2 and 3 and the closed forms for balls.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Get-BooleanModelDensity' {
    It 'gives the graphite volume fraction of Table 3 for the model of Table 2, by quadrature' {
        # 001 Table 2: gamma-distributed spheroid half axes; Table 3: V = 0.1057 for graphite.
        $d = Get-BooleanModelDensity -Intensity 6.36e-11 -HalfAxisShape 205, 3944 -HalfAxisRate 1.971
        $d.VolumeFraction | Should -BeCloseTo 0.1057 -RelativeTolerance 0.015
        $d.Method | Should -Be 'Quadrature'
        $d.Grains | Should -BeOfType ([MicroMorph.Core.Stochastic.GammaSpheroids])
    }

    It 'gives the closed forms for balls of constant and exponential radius' {
        $balls = Get-BooleanModelDensity -Intensity 1e-6 -Radius 20
        $exponential = Get-BooleanModelDensity -Intensity 9.34e-9 -RadiusRate 0.0105
        # Tolerances: the 12 and 10 decimals the closed forms are exact to.
        $balls.VolumeFraction | Should -BeCloseTo (1 - [Math]::Exp(-1e-6 * 4.0 / 3 * [Math]::PI * 8000)) -AbsoluteTolerance 5e-13
        $balls.MeanGrainIntegralOfMeanCurvature | Should -BeCloseTo (4 * [Math]::PI * 20) -AbsoluteTolerance 5e-11
        # 001 Eq. 24: V = 1 - exp(-lambda 8 pi / theta^3).
        $exponential.VolumeFraction | Should -BeCloseTo (1 - [Math]::Exp(-9.34e-9 * 8 * [Math]::PI / [Math]::Pow(0.0105, 3))) -AbsoluteTolerance 5e-13
    }

    It 'is reproducible by Monte Carlo with -Seed and binds parameters from the pipeline' {
        $p = [MicroMorph.Core.Stochastic.BooleanModelParameters]::new(6.355e-11, [MicroMorph.Core.Stochastic.GammaSpheroids]::new(205, 3944, 1.971))
        $piped = $p | Get-BooleanModelDensity -MonteCarloSamples 10000 -Seed 7
        $named = Get-BooleanModelDensity -Parameters $p -MonteCarloSamples 10000 -Seed 7
        $byProperty = [pscustomobject]@{ Parameters = $p } | Get-BooleanModelDensity
        $named.VolumeFraction | Should -Be $piped.VolumeFraction
        $piped.Method | Should -BeLike '*Monte Carlo*'
        $piped.VolumeFraction | Should -BeCloseTo $byProperty.VolumeFraction -RelativeTolerance 0.01
    }

    It 'shows intensity and the four densities in its table view, and the grains in its list' {
        $densities = Get-BooleanModelDensity -Intensity 6.355e-11 -HalfAxisShape 205, 3944 -HalfAxisRate 1.971
        $text = $densities | Show-AsConsole -Width 80
        $text | Should -Match 'Intensity\s+VolumeFraction\s+SurfaceDensity\s+MeanCurvatureDensity\s+EulerDensity'
        $text | Should -Match '6\.355E-11\s+0\.10496\s+0\.0014455'
        $densities | Format-List | Show-AsConsole -Width 80 | Should -Match 'Grains\s+: .*spheroid'
    }
}

Describe 'Optimize-BooleanModel' {
    It 'recovers a ball model from its densities, and the fit pipes into Get-BooleanModelDensity' {
        $truth = Get-BooleanModelDensity -Intensity 2e-6 -Radius 35
        $fit = Optimize-BooleanModel -VolumeFraction $truth.VolumeFraction -SurfaceDensity $truth.SurfaceDensity `
            -MeanCurvatureDensity $truth.MeanCurvatureDensity -EulerDensity $truth.EulerDensity -GrainShape Ball -LengthScale 5 -Unit nm
        $again = $fit | Get-BooleanModelDensity
        $fit.Converged | Should -BeTrue
        $fit.Unit | Should -Be 'nm'
        $fit.Parameters.Intensity | Should -BeCloseTo 2e-6 -RelativeTolerance 0.1
        $fit.Parameters.Grains | Should -BeOfType ([MicroMorph.Core.Stochastic.ConstantRadiusBalls])
        $fit.Parameters.Grains.Radius | Should -BeCloseTo 35 -RelativeTolerance 0.1
        $again.VolumeFraction | Should -BeCloseTo $fit.Fitted.VolumeFraction -AbsoluteTolerance 5e-13
    }

    It 'accepts the target densities as a hashtable and the results of Measure-IntrinsicVolume' -Tag Slow {
        $fromTable = Optimize-BooleanModel -TargetDensity @{ V = 0.10550; S = 0.0014526; K = 4.2043e-7; N = 1.6344e-9 } -GrainShape ExponentialBall -LengthScale 20
        $measured = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
            Measure-IntrinsicVolume -Phase NMC -Connectivity Six |
            Optimize-BooleanModel -GrainShape Ball -LengthScale 0.390625
        $fromTable.Parameters.Grains | Should -BeOfType ([MicroMorph.Core.Stochastic.ExponentialRadiusBalls])
        $fromTable.Target.VolumeFraction | Should -Be 0.10550
        $fromTable.Target.EulerDensity | Should -Be 1.6344e-9
        $measured.Unit | Should -Be 'µm'
        $measured.Fitted.VolumeFraction | Should -BeCloseTo $measured.Target.VolumeFraction -RelativeTolerance 0.02
    }

    It 'measures a phase image itself, with its voxel size as the length scale' -Tag Slow {
        $fit = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
            Optimize-BooleanModel -Phase NMC -GrainShape Ball
        $fit.LengthScale | Should -BeCloseTo 0.390625 -AbsoluteTolerance 5e-13
        $fit.Unit | Should -Be 'µm'
        $fit.GrainShape | Should -Be ([MicroMorph.Core.Stochastic.BooleanGrainShape]::Ball)
    }

    It 'shows the fitted model in its table view' {
        $text = Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7; N = 1e-9 } -GrainShape Ball -LengthScale 20 | Show-AsConsole -Width 200
        $text | Should -Match 'GrainShape\s+Intensity\s+Objective\s+Converged\s+Unit\s+Grains'
        $text | Should -Match 'Ball\s+\d\.\d+E-\d+\s+'
    }
}

Describe 'Bad Boolean model input' {
    It 'reports <ErrorId> for {<Command>}' -ForEach @(
        @{ ErrorId = 'InvalidIntensity'; Command = { Get-BooleanModelDensity -Intensity -1e-11 -Radius 3 } }
        @{ ErrorId = 'InvalidIntensity'; Command = { Get-BooleanModelDensity -Intensity ([double]::NaN) -Radius 3 } }
        @{ ErrorId = 'InvalidGrainParameter'; Command = { Get-BooleanModelDensity -Intensity 6e-11 -HalfAxisShape 0, 3944 -HalfAxisRate 1.971 } }
        @{ ErrorId = 'InvalidGrainParameter'; Command = { Get-BooleanModelDensity -Intensity 6e-11 -RadiusRate ([double]::NaN) } }
        @{ ErrorId = 'InvalidTargetVolumeFraction'; Command = { Optimize-BooleanModel -VolumeFraction 1.5 -SurfaceDensity 1e-3 -MeanCurvatureDensity 1e-7 -EulerDensity 1e-9 -LengthScale 20 } }
        @{ ErrorId = 'InvalidTargetVolumeFraction'; Command = { Optimize-BooleanModel -TargetDensity @{ V = 0; S = 1e-3; K = 1e-7; N = 1e-9 } -LengthScale 20 } }
        @{ ErrorId = 'IncompleteTargetDensity'; Command = { Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7 } -LengthScale 20 } }
        @{ ErrorId = 'InvalidLengthScale'; Command = { Optimize-BooleanModel -TargetDensity @{ V = 0.1; S = 1e-3; K = 1e-7; N = 1e-9 } -LengthScale -20 } }
    ) {
        (Invoke-UserCommand $Command).ErrorId | Should -Contain $ErrorId
    }

    It 'reports PhaseNotFound for a phase the image lacks' {
        $r = Invoke-UserCommand {
            Import-VoxelStack -LiteralPath $ElectrodePath | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Optimize-BooleanModel -Phase Graphite
        }
        $r.ErrorId | Should -Contain 'PhaseNotFound'
    }
}

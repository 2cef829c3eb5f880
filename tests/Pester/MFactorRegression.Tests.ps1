# Measure-MFactorRegression: fits the M-factor of a study of structures to the power law
# M = eps^A beta^B / tau^C (seed 001 Eq. 28; -FixConstrictivityExponent sets B = 0) and the linear
# model M = C1 V1 + C0 (Eq. 29); the paper's coefficients as a predictor; what it leaves out, refuses,
# and shows in its table.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Structures on M = eps^2 / tau^3 exactly and on M = 0.5 V1 + 0.01 only approximately.
    $study = foreach ($k in 0..5) {
        $eps = 0.3 + 0.05 * $k; $tau = 1.1 + 0.07 * (($k * 3) % 5)
        [pscustomobject]@{ VolumeFraction = $eps; Tortuosity = $tau; MFactor = $eps * $eps / ($tau * $tau * $tau); V1 = 0.05 * $k }
    }
}

Describe 'Measure-MFactorRegression' {
    It 'fits Equation 28 and Equation 29' {
        $r = $study | Measure-MFactorRegression -FixConstrictivityExponent -ErrorAction Stop
        @($r).Count | Should -Be 1
        $r.A | Should -BeCloseTo 2.0 -AbsoluteTolerance 5e-10
        $r.B | Should -Be 0.0
        $r.C | Should -BeCloseTo 3.0 -AbsoluteTolerance 5e-10
        $r.RSquared | Should -BeCloseTo 1.0 -AbsoluteTolerance 5e-10
        $r.Count | Should -Be 6
        [double]::IsFinite($r.C1) | Should -BeTrue
        [double]::IsFinite($r.C0) | Should -BeTrue
        $r.LinearRSquared | Should -BeGreaterOrEqual 0.0
        $r.LinearRSquared | Should -BeLessOrEqual 1.0
    }

    It 'offers the paper''s coefficients as a predictor' {
        $m = [MicroMorph.Core.Transport.MFactorPowerLaw]::Paper.Predict(0.45, 0.58, 1.08)
        $m | Should -BeCloseTo ([Math]::Pow(0.45, 2.1939) / [Math]::Pow(1.08, 5.0152)) -AbsoluteTolerance 5e-13
    }

    It 'leaves non-percolating structures (M = 0) out with a warning' {
        $r = $study + [pscustomobject]@{ VolumeFraction = 0.1; Tortuosity = 2; MFactor = 0; V1 = 0.3 } |
            Measure-MFactorRegression -FixConstrictivityExponent -ErrorVariable err -WarningVariable warnings -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        $warnings.Message | Should -Match 'M = 0'
        @($r).Count | Should -Be 1
        $r.Count | Should -Be 6
    }

    It 'refuses a study without constrictivity when the exponent B is fitted (InvalidSample)' {
        $study | Measure-MFactorRegression -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'InvalidSample'
    }

    It 'refuses a single structure (TooFewSamples)' {
        [pscustomobject]@{ VolumeFraction = 0.3; Tortuosity = 1.2; MFactor = 0.1 } |
            Measure-MFactorRegression -FixConstrictivityExponent -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'TooFewSamples'
    }

    It 'shows the coefficients in its table' {
        $text = $study | Measure-MFactorRegression -FixConstrictivityExponent -ErrorAction Stop | Show-AsConsole -Width 120
        $text | Should -Match 'A\s+B\s+C\s+RSquared\s+C1\s+C0\s+LinearRSquared\s+Count'
        # Invariant decimal points under de-DE.
        $text | Should -Match '2\.0000\s+0\.0000\s+3\.0000\s+1\.0000'
    }
}

# The relative-tolerance assertion that examples/MicroMorph.Assertions.ps1 adds to Pester for labs.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Should -BeCloseTo' {
    It 'passes within the relative tolerance: <Actual> ~ <Expected> (<Tolerance>)' -ForEach @(
        @{ Actual = 2.0772; Expected = 2.0772; Tolerance = 0 }
        @{ Actual = 2.09; Expected = 2.0772; Tolerance = 0.01 }
        @{ Actual = -99.5; Expected = -100; Tolerance = 0.005 }
        @{ Actual = [float] 0.1; Expected = 0.1; Tolerance = 1e-7 }
        @{ Actual = 7L; Expected = 7; Tolerance = 0 }
    ) {
        $Actual | Should -BeCloseTo $Expected -RelativeTolerance $Tolerance
    }

    It 'compares arrays element by element' {
        @(0.4499, 0.4005, 0.1496) | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -RelativeTolerance 1e-3
        { @(0.4499, 0.5) | Should -BeCloseTo 0.44992, 0.40047 -RelativeTolerance 1e-3 } |
            Should -Throw -ExpectedMessage 'Expected `[1`] 0.40047 within a relative tolerance of 0.1 % (0.40007 to 0.40087), but got 0.5 (24.9 % off).'
        { @(1, 2) | Should -BeCloseTo 1, 2, 3 } | Should -Throw -ExpectedMessage 'Expected 3 value(s) but got 2.'
    }

    It 'names expected, actual, tolerance and the relative difference when it fails' {
        { 2.2 | Should -BeCloseTo 2.0772 -RelativeTolerance 0.01 -Because 'TauFactor reports it' } |
            Should -Throw -ExpectedMessage 'Expected because TauFactor reports it, 2.0772 within a relative tolerance of 1 % (2.05643 to 2.09797), but got 2.2 (5.91 % off).'
    }

    It 'never passes NaN, $null or text' -ForEach @(
        @{ Actual = [double]::NaN; Shown = 'NaN' }
        @{ Actual = $null; Shown = '$null' }
        @{ Actual = '2.0772'; Shown = "'2.0772' (String)" }
    ) {
        { , $Actual | Should -BeCloseTo 2.0772 -RelativeTolerance 1 } | Should -Throw -ExpectedMessage "*but got $Shown*"
    }

    It 'uses the absolute tolerance near zero, and -Not negates' {
        1e-13 | Should -BeCloseTo 0 -AbsoluteTolerance 1e-12
        { 1e-13 | Should -BeCloseTo 0 -RelativeTolerance 0.5 } | Should -Throw -ExpectedMessage '*0 within a relative tolerance of 50 % (0 to 0), but got 1E-13.'
        3 | Should -Not -BeCloseTo 2 -RelativeTolerance 0.1
        { 2.01 | Should -Not -BeCloseTo 2 -RelativeTolerance 0.1 } | Should -Throw -ExpectedMessage 'Expected 2 not to be matched within a relative tolerance of 10 % (1.8 to 2.2), but got 2.01 (0.5 % off).'
    }

    It 'reads a negative expected value written as it reads (argument mode passes it as text)' {
        -0.2501 | Should -BeCloseTo -0.25 -RelativeTolerance 1e-3
        { -0.2501 | Should -BeCloseTo -0.25 -RelativeTolerance 1e-5 } | Should -Throw -ExpectedMessage 'Expected -0.25 within*'
    }

    It 'refuses a negative tolerance and a non-numeric expectation' {
        { 1 | Should -BeCloseTo 1 -RelativeTolerance -0.1 } | Should -Throw -ExpectedMessage '*must be zero or positive*'
        { 1 | Should -BeCloseTo 'one' } | Should -Throw -ExpectedMessage "*expected value 'one' is not a finite number*"
    }
}

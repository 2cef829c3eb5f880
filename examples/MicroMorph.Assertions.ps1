<#
.SYNOPSIS
    Adds a relative-tolerance assertion to Pester: Should -BeCloseTo <expected> -RelativeTolerance <r>.

.DESCRIPTION
    Measured numbers are compared with published or reference values within a relative tolerance,
    which Pester 5 lacks (a -BeGreaterThan/-BeLessThan pair hides the expected value in the failure).
    Dot-source this script in a BeforeAll after Pester is loaded; registering twice is harmless.
    Runs on Pester 5 and 6.

        $tau | Should -BeCloseTo 2.0772 -RelativeTolerance 0.01
        $fractions.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -RelativeTolerance 1e-4
        $drift | Should -BeCloseTo 0 -AbsoluteTolerance 1e-12

    A negative expected value may be written as it reads (Should -BeCloseTo -0.25): PowerShell passes it as
    text, which is parsed with the invariant culture.

    Passes when |actual - expected| <= max(RelativeTolerance * |expected|, AbsoluteTolerance) for
    every element (arrays are compared element by element and must have the same length). NaN, a
    non-number or $null never passes. The failure names expected, actual, tolerance and how far off:
        Expected 2.0772 within a relative tolerance of 1 % (2.05643 to 2.09797), but got 2.2 (5.91 % off).
#>

function Test-MicroMorphCloseTo {
    param(
        $ActualValue,
        $ExpectedValue,
        [double] $RelativeTolerance = 1e-9,
        [double] $AbsoluteTolerance = 0,
        [switch] $Negate,
        [string] $Because
    )

    $invariant = [cultureinfo]::InvariantCulture
    if (-not ($RelativeTolerance -ge 0 -and $AbsoluteTolerance -ge 0)) {
        throw 'Should -BeCloseTo: -RelativeTolerance and -AbsoluteTolerance must be zero or positive numbers.'
    }
    $tolerance = @(
        if ($RelativeTolerance -gt 0) { 'a relative tolerance of ' + (100 * $RelativeTolerance).ToString('G4', $invariant) + ' %' }
        if ($AbsoluteTolerance -gt 0) { 'an absolute tolerance of ' + $AbsoluteTolerance.ToString('G4', $invariant) }
    ) -join ' or '
    $tolerance = if ($tolerance) { "within $tolerance" } else { 'exactly' }
    $because = if ($Because) { " because $($Because.TrimEnd('.'))," } else { '' }

    $actual = @($ActualValue)
    $expected = @($ExpectedValue)
    if ($actual.Count -ne $expected.Count) {
        return [pscustomobject]@{
            Succeeded      = [bool] $Negate
            FailureMessage = "Expected $($expected.Count) value(s)$because but got $($actual.Count)."
        }
    }

    $problems = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $expected.Count; $i++) {
        $index = if ($expected.Count -gt 1) { "[$i] " } else { '' }
        # Only real numbers compare: a string, a bool or $null is never close to a number. An expected
        # value may be numeric text, because PowerShell passes a negative literal such as -0.25 to
        # Should as the string '-0.25' (argument mode).
        $e = [double]::NaN
        if ($expected[$i] -is [ValueType] -and $expected[$i] -isnot [bool]) { $e = [double] $expected[$i] }
        elseif ($expected[$i] -is [string]) {
            $parsed = 0.0
            if ([double]::TryParse($expected[$i], [Globalization.NumberStyles]::Float, $invariant, [ref] $parsed)) { $e = $parsed }
        }
        if (-not [double]::IsFinite($e)) {
            throw "Should -BeCloseTo: the expected value $index'$($expected[$i])' is not a finite number."
        }
        $a = if ($actual[$i] -is [ValueType] -and $actual[$i] -isnot [bool]) { [double] $actual[$i] } else { [double]::NaN }
        $allowed = [Math]::Max($RelativeTolerance * [Math]::Abs($e), $AbsoluteTolerance)
        $range = ($e - $allowed).ToString('G6', $invariant) + ' to ' + ($e + $allowed).ToString('G6', $invariant)
        $close = [Math]::Abs($a - $e) -le $allowed   # false for NaN
        if ($close -ne [bool] $Negate) { continue }

        $got = if ($null -eq $actual[$i]) { '$null' }
        elseif ([double]::IsNaN($a)) { if ($actual[$i] -is [ValueType] -and $actual[$i] -isnot [bool]) { 'NaN' } else { "'$($actual[$i])' ($($actual[$i].GetType().Name))" } }
        else { $a.ToString('G6', $invariant) }
        $off = if ($e -ne 0 -and -not [double]::IsNaN($a)) { ' (' + (100 * [Math]::Abs($a - $e) / [Math]::Abs($e)).ToString('G3', $invariant) + ' % off)' } else { '' }
        $problems.Add($(if ($Negate) {
                    "${index}$($e.ToString('G6', $invariant)) not to be matched $tolerance ($range), but got $got$off"
                }
                else {
                    "${index}$($e.ToString('G6', $invariant)) $tolerance ($range), but got $got$off"
                }))
    }

    if ($problems.Count -eq 0) {
        return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null }
    }
    [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected$because " + ($problems -join '; ') + '.' }
}

if (-not (Get-Command Add-ShouldOperator -ErrorAction Ignore)) {
    throw 'MicroMorph.Assertions.ps1 adds a Pester assertion: load Pester (5 or 6) first, e.g. dot-source it in a BeforeAll.'
}
# An identical second registration is ignored by Pester.
Add-ShouldOperator -Name BeCloseTo -Test ${function:Test-MicroMorphCloseTo} -SupportsArrayInput -InternalName Test-MicroMorphCloseTo

# Measure-EffectiveTortuosity: the steady-state conduction solve through a phase (or through several
# phases with a conductivity each) giving effective conductivity, tortuosity tau = eps / M and the
# M-factor; one result per (phase, direction); its percolation warning, error contract and table view.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here; Assert.Equal(expected, actual, 1e-6) becomes -AbsoluteTolerance 1e-6.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Layers normal to z in a 6 x 6 x 8 box: even slices label 1 (A), odd slices label 2 (B);
    # a 2 x 2 pore channel (label 0) along z.
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 8, 'UInt8')
    foreach ($z in 0..7) {
        foreach ($y in 0..5) {
            foreach ($x in 0..5) {
                $v = if ($x -lt 2 -and $y -lt 2) { 0 } elseif ($z % 2 -eq 0) { 1 } else { 2 }
                $l.SetValue($x, $y, $z, $v)
            }
        }
    }
    $img = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'A'; 2 = 'B' } -ErrorAction Stop
}

Describe 'Measure-EffectiveTortuosity' {
    It 'gives a straight channel unit tortuosity and M equal to its volume fraction' {
        $r = $img | Measure-EffectiveTortuosity -Phase Pore -Tolerance 1e-10 -ErrorAction Stop
        @($r).Count | Should -Be 1
        $r.Phase | Should -Be 'Pore'
        $r.Direction | Should -Be ([MicroMorph.Core.Morphology.FlowDirection]::Z)
        $r.VolumeFraction | Should -BeCloseTo (4.0 / 36) -AbsoluteTolerance 5e-13
        $r.EffectiveTortuosity | Should -BeCloseTo 1.0 -AbsoluteTolerance 1e-6
        $r.MFactor | Should -BeCloseTo (4.0 / 36) -AbsoluteTolerance 1e-6
    }

    It 'solves the phases of a conductivity table together' {
        # Across the layers (z) the A/B part of each cross-section is the harmonic mean 2/(1/1 + 1/0.01), in series.
        # A's conductivity given as text ('1') is accepted.
        $r = $img | Measure-EffectiveTortuosity -Conductivity @{ B = 0.01; A = '1' } -Tolerance 1e-10 -ErrorAction Stop
        @($r).Count | Should -Be 1
        $r.Phase | Should -Be 'A+B'
        $r.VolumeFraction | Should -BeCloseTo (32.0 / 36) -AbsoluteTolerance 5e-13
        $r.ReferenceConductivity | Should -Be 1.0
        $r.EffectiveConductivity | Should -BeCloseTo (32.0 / 36 * 2 / (1 + 100)) -AbsoluteTolerance 1e-6
        $r.EffectiveTortuosity | Should -BeCloseTo ($r.VolumeFraction / $r.MFactor) -AbsoluteTolerance 5e-13
    }

    It 'gives one result per phase and direction, in that order' {
        # A along z and Pore along x do not percolate (warnings, checked below for A).
        $results = $img | Measure-EffectiveTortuosity -Phase A, Pore -Direction X, Z -ErrorAction Stop -WarningAction SilentlyContinue
        $results | ForEach-Object { "$($_.Phase):$($_.Direction)" } | Should -Be 'A:X', 'A:Z', 'Pore:X', 'Pore:Z'
    }

    It 'warns that a phase does not percolate and reports M = 0 and infinite tortuosity' {
        # A fills only the even slices: it is cut off along z.
        $r = $img | Measure-EffectiveTortuosity -Phase A -ErrorVariable err -WarningVariable warnings -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        @($r).Count | Should -Be 1
        $r.MFactor | Should -Be 0.0
        [double]::IsPositiveInfinity($r.EffectiveTortuosity) | Should -BeTrue
        $warnings.Message | Should -Match 'does not percolate'
    }

    It 'shows the solve in its table' {
        $result = $img | Measure-EffectiveTortuosity -Phase Pore -ErrorAction Stop
        $text = $result | Show-AsConsole -Width 80
        $text | Should -Match 'Phase\s+Direction\s+VolumeFraction\s+EffectiveTortuosity\s+MFactor'
        # Invariant decimal points under de-DE.
        $text | Should -Match 'Pore\s+Z\s+0\.1111\s+1\.0000\s+0\.1111'
        # The solver's diagnostics are in the list view.
        $list = $result | Format-List | Show-AsConsole -Width 80
        $list | Should -Match 'EffectiveConductivity\s+: 0\.1111'
        $list | Should -Match 'Iterations\s+: \d+'
        $list | Should -Match 'RelativeResidual\s+: \d'
    }

    Context 'bad input' {
        It 'reports <Case> as <ErrorId>' -ForEach @(
            @{ Case = 'an unknown phase'; Arguments = @{ Phase = 'Binder' }; ErrorId = 'PhaseNotFound' }
            @{ Case = 'a conductivity of zero'; Arguments = @{ Conductivity = @{ A = 0 } }; ErrorId = 'InvalidConductivity' }
            @{ Case = 'a negative conductivity'; Arguments = @{ Conductivity = @{ A = -1; B = 1 } }; ErrorId = 'InvalidConductivity' }
            @{ Case = 'a conductivity that is not a number'; Arguments = @{ Conductivity = @{ A = 'much' } }; ErrorId = 'InvalidConductivity' }
        ) {
            $img | Measure-EffectiveTortuosity @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain $ErrorId
        }

        It 'refuses to measure a phase of the table that has no voxels (EmptyPhase)' {
            $e = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
            $e | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
                Measure-EffectiveTortuosity -Phase Pore -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain 'EmptyPhase'
        }

        It 'refuses a direction one voxel thick (DirectionTooShort) and still measures the others' {
            $f = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8'); $f.SetValue(1, 1, 0, 1)
            $out = $f | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
                Measure-EffectiveTortuosity -Phase Solid -Direction Z, X -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain 'DirectionTooShort'
            # The X direction is still measured.
            @($out).Count | Should -Be 1
        }
    }
}

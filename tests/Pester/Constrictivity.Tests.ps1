# Measure-Constrictivity: the constrictivity beta = (rmin / rmax)^2 of a phase, one result per
# (phase, direction), with radii in the volume's physical unit; its error contract and its table view.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A straight channel of radius 6 voxels along z (voxel 0.5 µm) in a 20 x 20 x 30 box.
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(20, 20, 30, 'UInt8')
    foreach ($z in 0..29) {
        foreach ($y in 0..19) {
            foreach ($x in 0..19) {
                if (($x - 9.5) * ($x - 9.5) + ($y - 9.5) * ($y - 9.5) -le 36) { $l.SetValue($x, $y, $z, 1) }
            }
        }
    }
    $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
    $channel = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } -ErrorAction Stop
}

Describe 'Measure-Constrictivity' {
    Context 'a straight channel' {
        It 'has a constrictivity near one along its axis and radii in micrometres' {
            $r = $channel | Measure-Constrictivity -Phase Pore -ErrorAction Stop
            @($r).Count | Should -Be 1
            $r.Direction | Should -Be ([MicroMorph.Core.Morphology.FlowDirection]::Z)
            $r.Unit | Should -BeExactly 'µm'
            # The channel radius is 6 voxels of 0.5 µm.
            $r.RMax | Should -BeGreaterOrEqual (0.5 * 5)
            $r.RMax | Should -BeLessOrEqual (0.5 * 7)
            $r.RMin | Should -BeGreaterOrEqual (0.5 * 5)
            $r.RMin | Should -BeLessOrEqual (0.5 * 7)
            $r.Constrictivity | Should -BeGreaterOrEqual 0.9 -Because "beta = $($r.Constrictivity)"
            $r.PoreSizeDistribution[0].Y | Should -BeCloseTo 1.0 -AbsoluteTolerance 5e-13
        }

        It 'gives one result per phase and direction, in that order' {
            $results = $channel | Measure-Constrictivity -Direction X, Z -ErrorAction Stop
            $results | ForEach-Object { "$($_.Phase):$($_.Direction)" } | Should -Be 'Solid:X', 'Solid:Z', 'Pore:X', 'Pore:Z'
            # Along x the channel is not entered from its end but across: the half of the pore volume beyond
            # the channel's middle is reached only by balls no wider than the channel, so RMin <= RMax still holds.
            foreach ($r in $results) {
                $r.RMin | Should -BeLessOrEqual ($r.RMax + 1e-9) -Because "$($r.Phase):$($r.Direction)"
            }
        }

        It 'shows Phase, Direction, VolumeFraction, RMax, RMin, Constrictivity and Unit in its table' {
            $text = $channel | Measure-Constrictivity -Phase Pore -ErrorAction Stop | Show-AsConsole -Width 120
            $text | Should -Match 'Phase\s+Direction\s+VolumeFraction\s+RMax\s+RMin\s+Constrictivity\s+Unit'
            # Invariant decimal point under de-DE.
            $text | Should -Match 'Pore\s+Z\s+0\.\d{5}'
        }
    }

    Context 'bad phases and directions' {
        It 'reports an unknown phase as PhaseNotFound' {
            $channel | Measure-Constrictivity -Phase Binder -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain 'PhaseNotFound'
        }

        It 'refuses to measure a phase of the table that has no voxels (EmptyPhase)' {
            # A phase of the table may have no voxels (ConvertTo-PhaseImage allows it); measuring it is refused.
            $e = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
            $e | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
                Measure-Constrictivity -Phase Pore -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain 'EmptyPhase'
        }

        It 'refuses a direction one voxel thick (DirectionTooShort) and still measures the others' {
            $f = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8'); $f.SetValue(1, 1, 0, 1)
            $out = $f | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
                Measure-Constrictivity -Phase Pore -Direction Z, X -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain 'DirectionTooShort'
            # The X direction is still measured.
            @($out).Count | Should -Be 1
        }
    }
}

Describe 'Measure-Constrictivity on the sample electrode' -Tag Slow {
    It 'measures all three phases of the 256^3 electrode' {
        $results = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm -ErrorAction Stop |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -ErrorAction Stop |
            Measure-Constrictivity -ErrorAction Stop
        $results.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        # TauFactor's pore fraction of the sample.
        $results[0].VolumeFraction | Should -BeCloseTo 0.44992 -AbsoluteTolerance 5e-6
        foreach ($r in $results) {
            $r.Constrictivity | Should -BeGreaterOrEqual 0.0 -Because $r.Phase
            $r.Constrictivity | Should -BeLessOrEqual 1.0 -Because $r.Phase
            $r.RMax | Should -BeGreaterThan 0.390625 -Because "$($r.Phase): RMax $($r.RMax) must exceed one voxel"
        }
    }
}

# Measure-GeodesicTortuosity: the ratio of shortest paths through a phase to the straight distance
# between inlet and outlet face, its percolation warning and its error for an unknown phase.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Measure-GeodesicTortuosity' {
    It 'gives tortuosity one along the axis of a straight channel' {
        # A 4 x 4 channel along z through a 10 x 10 x 20 box.
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(10, 10, 20, 'UInt8')
        foreach ($z in 0..19) { foreach ($y in 3..6) { foreach ($x in 3..6) { $l.SetValue($x, $y, $z, 1) } } }
        $r = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
            Measure-GeodesicTortuosity -Phase Pore -BinCount 5 -ErrorAction Stop
        @($r).Count | Should -Be 1
        $r.Mean | Should -BeCloseTo 1.0 -AbsoluteTolerance 5e-6
        $r.InletVoxels | Should -Be 16
        $r.PercolatingFraction | Should -Be 1.0
        @($r.Distribution).Count | Should -Be 1
    }

    It 'warns that a phase does not percolate and reports a percolating fraction of zero' {
        # Pore fills only the slices z = 0..3 of 10: no path reaches the outlet face.
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 10, 'UInt8')
        foreach ($z in 0..3) { foreach ($y in 0..5) { foreach ($x in 0..5) { $l.SetValue($x, $y, $z, 1) } } }
        $r = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } |
            Measure-GeodesicTortuosity -Phase Pore -ErrorVariable err -WarningVariable warnings -WarningAction SilentlyContinue
        $err | Should -BeNullOrEmpty
        @($r).Count | Should -Be 1
        $r.PercolatingFraction | Should -Be 0.0
        [double]::IsNaN($r.Mean) | Should -BeTrue
        $warnings.Message | Should -Match 'does not percolate'
    }

    It 'reports an unknown phase as PhaseNotFound' {
        [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid' } |
            Measure-GeodesicTortuosity -Phase Pore -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'PhaseNotFound'
    }
}

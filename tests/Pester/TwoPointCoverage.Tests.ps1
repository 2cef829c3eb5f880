# Measure-TwoPointCoverage: the two-point coverage probability C(r) of a phase along each axis
# (centred: C(r) - e^2), and its errors for an unknown phase and a bad maximum distance.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Measure-TwoPointCoverage' {
    It 'gives layers the periodic coverage along z' {
        # Layers of period 4 voxels (2 of CBD, 2 of pore) of 0.5 µm: period 2 µm, e = 0.5.
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 40, 'UInt8')
        foreach ($z in 0..39) { if ($z % 4 -lt 2) { foreach ($y in 0..3) { foreach ($x in 0..3) { $l.SetValue($x, $y, $z, 1) } } } }
        $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
        $r = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } |
            Measure-TwoPointCoverage -Phase CBD -MaxDistance 2 -Centered -ErrorAction Stop
        @($r).Count | Should -Be 1
        # C(0) - e^2 = 0.25, C(1 µm) - e^2 = -0.25, C(2 µm) - e^2 = 0.25.
        $r.AlongZ[0].Y | Should -BeCloseTo 0.25 -AbsoluteTolerance 5e-11
        $r.AlongZ[2].Y | Should -BeCloseTo (-0.25) -AbsoluteTolerance 5e-11
        $r.AlongZ[4].Y | Should -BeCloseTo 0.25 -AbsoluteTolerance 5e-11
        $r.AlongZ[2].X | Should -BeCloseTo 1.0 -AbsoluteTolerance 5e-13
        $r.Centered | Should -BeTrue
    }

    Context 'bad arguments' {
        BeforeAll {
            $image = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } -ErrorAction Stop
        }

        It 'reports <Case> as <ErrorId>' -ForEach @(
            @{ Case = 'an unknown phase'; Phase = 'AM'; MaxDistance = 2; ErrorId = 'PhaseNotFound' }
            @{ Case = 'a maximum distance of zero'; Phase = 'Pore'; MaxDistance = 0; ErrorId = 'InvalidMaxDistance' }
        ) {
            $image | Measure-TwoPointCoverage -Phase $Phase -MaxDistance $MaxDistance -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain $ErrorId
        }
    }
}

# Measure-IntrinsicVolume: the densities of the intrinsic volumes (volume fraction, surface
# density, mean curvature and Euler characteristic) of a phase, for a background window or a
# stationary one; its refusal of too-thin images and its table view.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Measure-IntrinsicVolume' {
    It 'gives a ball in a background window Euler characteristic one and the area of its sphere' {
        # A digital ball of radius 15 voxels of 2 nm (30 nm) in a 33^3 box.
        $l = [MicroMorph.Core.Imaging.VoxelStack]::new(33, 33, 33, 'UInt8')
        foreach ($z in 0..32) {
            foreach ($y in 0..32) {
                foreach ($x in 0..32) {
                    if (($x - 16) * ($x - 16) + ($y - 16) * ($y - 16) + ($z - 16) * ($z - 16) -le 225) { $l.SetValue($x, $y, $z, 1) }
                }
            }
        }
        $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(2, 'nm')
        $r = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Particle' } |
            Measure-IntrinsicVolume -Phase Particle -Window Background -ErrorAction Stop
        @($r).Count | Should -Be 1
        $r.EulerCharacteristic | Should -BeCloseTo 1 -AbsoluteTolerance 5e-10
        # Surface area 4 pi (30 nm)^2 within 3 %.
        $r.SurfaceDensity * $r.ReferenceVolume | Should -BeCloseTo (4 * [Math]::PI * 30 * 30) -RelativeTolerance 0.03
        $r.Unit | Should -BeExactly 'nm'
    }

    It 'refuses a stationary window on a flat image (ImageTooThinForWindow)' {
        [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8') | ConvertTo-PhaseImage |
            Measure-IntrinsicVolume -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'ImageTooThinForWindow'
    }
}

Describe 'Measure-IntrinsicVolume on the sample electrode' -Tag Slow {
    It 'renders the table of the three phases' {
        $text = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm -ErrorAction Stop |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -ErrorAction Stop |
            Measure-IntrinsicVolume -ErrorAction Stop | Show-AsConsole -Width 120
        $text | Should -Match 'Phase\s+VolumeFraction\s+SurfaceDensity\s+MeanCurvatureDensity\s+EulerDensity\s+Unit'
        # TauFactor's CBD fraction, with the invariant decimal point under de-DE.
        $text | Should -Match 'CBD\s+0\.14962\s'
    }
}

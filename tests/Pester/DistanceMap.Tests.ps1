# ConvertTo-DistanceMap: the Euclidean distance (in physical units, anisotropic voxels) from each
# voxel of a phase to the nearest voxel outside it, or with -LocalThickness the radius of the
# largest ball inside the phase that covers the voxel.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Pore between solid planes z = 0 and z = 10 in a 5 x 5 x 11 box; voxels 2 x 2 x 3 nm.
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(5, 5, 11, 'UInt8')
    foreach ($z in 1..9) { foreach ($y in 0..4) { foreach ($x in 0..4) { $l.SetValue($x, $y, $z, 1) } } }
    $l.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(2, 2, 3, 'nm')
    $slab = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } -ErrorAction Stop
}

Describe 'ConvertTo-DistanceMap' {
    It 'gives in a slab the distance to its faces' {
        # Distance min(z, 10 - z) * 3 nm.
        $map = $slab | ConvertTo-DistanceMap -Phase Pore -ErrorAction Stop
        @($map).Count | Should -Be 1
        $map.DataType | Should -Be ([MicroMorph.Core.Imaging.VoxelDataType]::Float32)
        $actual = foreach ($z in 0..10) { $map.GetValue(2, 2, $z) }
        $expected = foreach ($z in 0..10) { [Math]::Min($z, 10 - $z) * 3.0 }
        $actual | Should -BeCloseTo $expected -AbsoluteTolerance 5e-6
    }

    It 'gives with -LocalThickness a slab its half width' {
        # The largest ball centre is z = 5 (distance 15 nm); it covers z = 1..9 except where |dz| * 3 >= 15.
        $map = $slab | ConvertTo-DistanceMap -Phase Pore -LocalThickness -ErrorAction Stop
        @($map).Count | Should -Be 1
        $thickness = foreach ($z in 1..9) { $map.GetValue(0, 0, $z) }
        $thickness | Should -BeCloseTo (@(15.0) * 9) -AbsoluteTolerance 5e-6
        $map.GetValue(0, 0, 0) | Should -Be 0
    }

    It 'reports an unknown phase as PhaseNotFound' {
        $slab | ConvertTo-DistanceMap -Phase CBD -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'PhaseNotFound'
    }
}

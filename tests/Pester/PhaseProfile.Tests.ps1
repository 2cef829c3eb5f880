# Measure-PhaseProfile: the volume fraction of a phase slice by slice along an axis, with the
# position of each slice centre in physical units.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Measure-PhaseProfile on the sample electrode' -Tag Slow {
    It 'gives one point per slice whose fractions average to the volume fraction' {
        $points = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm -ErrorAction Stop |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -ErrorAction Stop |
            Measure-PhaseProfile -Phase CBD -Axis Y -ErrorAction Stop
        $points.Count | Should -Be 256
        $points.Phase | Select-Object -Unique | Should -Be 'CBD'
        # Equal slices: the mean of the slice fractions is the overall fraction (TauFactor: 0.14962).
        ($points.VolumeFraction | Measure-Object -Average).Average | Should -BeCloseTo 0.14962 -AbsoluteTolerance 5e-6
        # The first slice centre is half a voxel in.
        $points[0].Position | Should -BeCloseTo (0.5 * 0.390625) -AbsoluteTolerance 5e-13
    }
}

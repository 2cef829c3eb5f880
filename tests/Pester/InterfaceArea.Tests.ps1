# Measure-InterfaceArea: the specific area of the interface between a phase and each other phase,
# which add up to the phase's surface density; and its refusal of the same phase twice.
# xunit's Assert.Equal(expected, actual, n) (equal when rounded to n decimals) becomes
# -AbsoluteTolerance 5e-(n+1) here.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Measure-InterfaceArea' {
    It 'refuses the same phase on both sides (SamePhaseTwice)' {
        # CBD by name and by its label 1.
        [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } |
            Measure-InterfaceArea -Phase CBD -OtherPhase 1 -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'SamePhaseTwice'
    }
}

Describe 'Measure-InterfaceArea on the sample electrode' -Tag Slow {
    It 'gives interfaces of the active material that add up to its surface density' {
        $p = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm -ErrorAction Stop |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -ErrorAction Stop
        $pore, $cbd = $p | Measure-InterfaceArea -Phase NMC -OtherPhase Pore, CBD -ErrorAction Stop
        $nmc = $p | Measure-IntrinsicVolume -Phase NMC -ErrorAction Stop
        $pore.OtherPhase | Should -Be 'Pore'
        $cbd.OtherPhase | Should -Be 'CBD'
        $pore.InterfaceDensity + $cbd.InterfaceDensity | Should -BeCloseTo $nmc.SurfaceDensity -AbsoluteTolerance 5e-10
        $pore.InterfaceDensity | Should -BeGreaterThan 0
        $cbd.InterfaceDensity | Should -BeGreaterThan 0
    }
}

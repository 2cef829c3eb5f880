# Issue 18, defect 1: a voxel size survives MicroMorph's own files bit for bit (TIFF stored
# 0.65 µm as XResolution 20/13 and read it back as 1 / (20 / 13) = 0.6499999999999999), and a
# size that another program rounded (tifffile's 4294967295/1677721600 for 0.390625 µm) compares
# equal and isotropic within VoxelSize's relative tolerance of 1e-6.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    # Written once by tifffile (tests/MicroMorph.Core.Tests/Data/tiff/make_fixtures.py).
    $FijiRationalPath = Join-Path $RepositoryRoot 'tests/MicroMorph.Core.Tests/Data/tiff/fiji_rational_0.390625um.tif'

    # The bits of a double, so that "equal" below means bit for bit, not within a tolerance.
    function Get-Bits([double] $Value) { [BitConverter]::DoubleToInt64Bits($Value) }
}

Describe 'Voxel size round trip through Export-VoxelStack and Import-VoxelStack' {
    AfterEach {
        Get-ChildItem -LiteralPath $TestDrive -Force | Remove-Item -Recurse -Force
    }

    It '<Size> <Unit> through <Extension> comes back bit-exact, equal and isotropic' -ForEach @(
        @{ Extension = 'tif'; Size = 0.65; Unit = 'µm' }
        @{ Extension = 'tif'; Size = 390.625; Unit = 'nm' }
        @{ Extension = 'mhd'; Size = 0.65; Unit = 'µm' }
        @{ Extension = 'mhd'; Size = 390.625; Unit = 'nm' }
        @{ Extension = 'h5'; Size = 0.65; Unit = 'µm' }
        @{ Extension = 'h5'; Size = 390.625; Unit = 'nm' }
    ) {
        $path = Join-Path $TestDrive "electrode.$Extension"
        $original = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize $Size -Unit $Unit |
            Select-VoxelRegion -Origin 0, 0, 0 -Size 16, 16, 16
        $original | Export-VoxelStack -LiteralPath $path
        $back = Import-VoxelStack -LiteralPath $path

        $back.VoxelSize -eq $original.VoxelSize | Should -BeTrue
        $back.VoxelSize.IsIsotropic | Should -BeTrue
        $back.VoxelSize.Unit | Should -BeExactly $Unit
        foreach ($axis in 'X', 'Y', 'Z') {
            Get-Bits $back.VoxelSize.$axis | Should -Be (Get-Bits $Size) -Because "$axis must be $Size exactly"
        }
        "$($back.VoxelSize)" | Should -BeExactly "$Size $Unit"
    }

    It 'an anisotropic size through <Extension> stays anisotropic and exact' -ForEach @(
        @{ Extension = 'tif' }, @{ Extension = 'mhd' }, @{ Extension = 'h5' }
    ) {
        $path = Join-Path $TestDrive "aniso.$Extension"
        $original = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.65, 0.3, 1.1 -Unit µm |
            Select-VoxelRegion -Origin 8, 8, 8 -Size 8, 8, 8
        $original | Export-VoxelStack -LiteralPath $path
        $back = Import-VoxelStack -LiteralPath $path

        $back.VoxelSize -eq $original.VoxelSize | Should -BeTrue
        $back.VoxelSize.IsIsotropic | Should -BeFalse
        Get-Bits $back.VoxelSize.X | Should -Be (Get-Bits 0.65)
        Get-Bits $back.VoxelSize.Y | Should -Be (Get-Bits 0.3)
        Get-Bits $back.VoxelSize.Z | Should -Be (Get-Bits 1.1)
    }
}

Describe 'Voxel sizes rounded by other programs' {
    It 'reads the Fiji/tifffile rational 4294967295/1677721600 as 0.390625 µm within the tolerance' {
        $stack = Import-VoxelStack -LiteralPath $FijiRationalPath
        # XResolution = 4294967295/1677721600 pixels per µm: the size is their ratio the other way round.
        $stack.VoxelSize.X | Should -Be (1677721600 / 4294967295)
        $stack.VoxelSize.X | Should -Not -Be 0.390625
        $stack.VoxelSize.Z | Should -Be 0.390625
        $stack.VoxelSize -eq [MicroMorph.Core.Imaging.VoxelSize]::new(0.390625, 'µm') | Should -BeTrue
        $stack.VoxelSize.IsIsotropic | Should -BeTrue
        "$($stack.VoxelSize)" | Should -BeExactly '0.390625 µm'
    }

    It 'still tells sizes apart that differ by more than a part in a million' {
        $a = [MicroMorph.Core.Imaging.VoxelSize]::new(0.390625, 'µm')
        $b = [MicroMorph.Core.Imaging.VoxelSize]::new(0.390625 * (1 + 2e-6), 'µm')
        $a -eq $b | Should -BeFalse
        [MicroMorph.Core.Imaging.VoxelSize]::new(0.390625, 0.390625, 0.390625 * (1 + 2e-6), 'µm').IsIsotropic | Should -BeFalse
        $a -eq [MicroMorph.Core.Imaging.VoxelSize]::new(390.625, 'nm') | Should -BeFalse
    }
}

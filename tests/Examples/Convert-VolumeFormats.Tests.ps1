# examples/Convert-VolumeFormats.ps1 as a guarded lab workflow: every format it writes must read
# back voxel-identical with the voxel size kept. The test checks the files itself: the raw bytes of
# the MetaImage export against the original electrode at the region's offset, the MetaImage header
# as text, the file signatures, and every other format's voxels byte for byte against that raw file.
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Convert-VolumeFormats @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result
    $script:RoiBytes = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'roi.raw'))
    $script:Edge = 100 / 256

    # The voxels of a volume as bytes (through a raw export in the test's own folder).
    function Get-VoxelBytes($Volume, [string] $Name) {
        $file = Join-Path $TestDrive "check-$Name.raw"
        $Volume | Export-VoxelStack -Path $file -Force
        , [System.IO.File]::ReadAllBytes($file)   # one byte[] (not unrolled)
    }
}

Describe 'Convert-VolumeFormats on the shipped electrode' {
    It 'returns one result object and writes TIFF, MetaImage (header + raw), HDF5 and 64 PNG slices' {
        @($Run).Count | Should -Be 1
        $Run.Files.Count | Should -Be 68
        $Run.Files | ForEach-Object { $_.Exists | Should -BeTrue }
        ($Run.Files | Where-Object Extension -EQ '.png').Count | Should -Be 64
        $Run.Files.Name | Should -Contain 'roi.tif'
        $Run.Files.Name | Should -Contain 'roi.mhd'
        $Run.Files.Name | Should -Contain 'roi.raw'
        $Run.Files.Name | Should -Contain 'roi.h5'
    }

    It 'crops the region at (64, 64, 64) of the original (raw bytes checked against the original voxels)' {
        $RoiBytes.Length | Should -Be (128 * 128 * 128)
        $original = Import-VoxelStack -Path $ElectrodePath
        $mismatches = 0
        foreach ($z in 0, 63, 127) {
            for ($y = 0; $y -lt 128; $y++) {
                for ($x = 0; $x -lt 128; $x++) {
                    if ($RoiBytes[($z * 128 + $y) * 128 + $x] -ne $original.GetValue($x + 64, $y + 64, $z + 64)) { $mismatches++ }
                }
            }
        }
        $mismatches | Should -Be 0
    }

    It 'writes a MetaImage header that records dimensions, type and the voxel size' {
        $header = @{}
        Get-Content -LiteralPath (Join-Path $TestDrive 'roi.mhd') | ForEach-Object {
            $key, $value = $_ -split '\s*=\s*', 2
            $header[$key.Trim()] = $value.Trim()
        }
        $header.NDims | Should -Be '3'
        $header.DimSize | Should -Be '128 128 128'
        $header.ElementType | Should -Be 'MET_UCHAR'
        $header.ElementDataFile | Should -Be 'roi.raw'
        $spacing = $header.ElementSpacing -split '\s+' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }
        $spacing | Should -BeCloseTo $Edge, $Edge, $Edge -RelativeTolerance 1e-12
    }

    It 'writes files with the signatures of their formats' {
        $tiff = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'roi.tif'))[0..3]
        ($tiff -join ',') | Should -BeIn '73,73,42,0', '77,77,0,42', '73,73,43,0', '77,77,0,43'   # II*. / MM.* (BigTIFF +)
        $hdf5 = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'roi.h5'))[0..7]
        ($hdf5 -join ',') | Should -Be '137,72,68,70,13,10,26,10'   # \x89HDF\r\n\x1a\n
        foreach ($k in 0, 31, 63) {
            $png = Get-PngSize (Join-Path $TestDrive ('coarse_{0:D4}.png' -f $k))
            $png.Width, $png.Height, $png.BitDepth | Should -Be 64, 64, 8
        }
    }

    It 'reads <Format> back voxel-identical, with the voxel size kept' -ForEach @(
        @{ Format = 'TIFF'; File = 'roi.tif'; Dataset = $null }
        @{ Format = 'MetaImage'; File = 'roi.mhd'; Dataset = $null }
        @{ Format = 'HDF5'; File = 'roi.h5'; Dataset = '/exchange/data' }
    ) {
        $arguments = @{ Path = Join-Path $TestDrive $File }
        if ($Dataset) { $arguments.Dataset = $Dataset }
        $volume = Import-VoxelStack @arguments
        $volume.Dimensions | Should -Be '128 x 128 x 128'
        $volume.DataType | Should -Be 'UInt8'
        $volume.VoxelSize.X, $volume.VoxelSize.Y, $volume.VoxelSize.Z | Should -BeCloseTo $Edge, $Edge, $Edge -RelativeTolerance 1e-9
        $volume.VoxelSize.Unit | Should -Be 'µm'
        [System.Linq.Enumerable]::SequenceEqual([byte[]] (Get-VoxelBytes $volume $Format), [byte[]] $RoiBytes) | Should -BeTrue
        ($Run.Checks | Where-Object Format -EQ $Format).Identical | Should -BeTrue
    }

    It 'reads the PNG slices back in natural order as every second voxel of the region' {
        # Subsampling by 2 keeps the first voxel of each 2x2x2 block: coarse(x, y, z) = roi(2x, 2y, 2z).
        $expected = [byte[]]::new(64 * 64 * 64)
        for ($z = 0; $z -lt 64; $z++) {
            for ($y = 0; $y -lt 64; $y++) {
                for ($x = 0; $x -lt 64; $x++) { $expected[($z * 64 + $y) * 64 + $x] = $RoiBytes[((2 * $z) * 128 + 2 * $y) * 128 + 2 * $x] }
            }
        }
        $slices = Import-VoxelStack -Path (Join-Path $TestDrive 'coarse_*.png') -VoxelSize (2 * $Edge) -Unit 'µm'
        $slices.Dimensions | Should -Be '64 x 64 x 64'
        [System.Linq.Enumerable]::SequenceEqual([byte[]] (Get-VoxelBytes $slices png), $expected) | Should -BeTrue
        $check = $Run.Checks | Where-Object Format -EQ 'PNG slices'
        $check.Identical | Should -BeTrue
        $check.VoxelSize.X | Should -BeCloseTo (2 * $Edge) -RelativeTolerance 1e-12
    }

    It 'reports every round trip identical' {
        $Run.Checks.Format | Should -Be 'TIFF', 'MetaImage', 'HDF5', 'PNG slices'
        $Run.Checks.Identical | Should -Not -Contain $false
        $Run.Checks.DifferingVoxels | Should -Be 0, 0, 0, 0
        $Run.Checks | Where-Object Of -EQ 'ROI' | ForEach-Object { $_.Sha256 | Should -Be $Run.ReferenceSha256.ROI }
        # The reference hash is the SHA-256 of the region's raw bytes, computed here with .NET.
        $Run.ReferenceSha256.ROI | Should -Be ([System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($RoiBytes)))
    }

    It 'shows its tables within 80 columns and never with a decimal comma' {
        $Shown.Text | Should -Match 'PNG slices\s+Coarse\s+64 x 64 x 64\s+UInt8\s+0\.78125 µm\s+True'
        $Shown.Tables.Count | Should -BeGreaterThan 0
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'returns nothing without -PassThru and leaves no scratch folder behind' {
        $before = @(Get-ChildItem -LiteralPath ([System.IO.Path]::GetTempPath()) -Filter 'micromorph-roundtrip-*' -Directory).Count
        (Invoke-Example Convert-VolumeFormats @{ OutputFolder = Join-Path $TestDrive 'again' }).Result | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath ([System.IO.Path]::GetTempPath()) -Filter 'micromorph-roundtrip-*' -Directory).Count | Should -Be $before
    }
}

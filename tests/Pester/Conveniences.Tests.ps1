# Issue 18, conveniences: Export-VoxelStack -Compression (TIFF Deflate, LZW, PackBits),
# Import-VoxelStack -AsStack (Fiji's "Image Sequence" from the pipeline) and the README's
# ForEach-Object -Parallel advice. Files go to TestDrive.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    # A SHA-256 of the voxels' bytes, slice after slice: equal digests mean bit-for-bit equal
    # voxels (NaN and -0 included), independent of the volumes' own Equals and content hash.
    function Get-VoxelBytes($Volume) {
        $sha = [System.Security.Cryptography.IncrementalHash]::CreateHash('SHA256')
        foreach ($z in 0..($Volume.Depth - 1)) {
            $slice = $Volume.GetSliceArray($z)
            $bytes = [byte[]]::new([System.Buffer]::ByteLength($slice))
            [System.Buffer]::BlockCopy($slice, 0, $bytes, 0, $bytes.Length)
            $sha.AppendData($bytes)
        }
        [Convert]::ToHexString($sha.GetHashAndReset())
    }

    # A 37 x 23 x 5 volume of the given type: v = 3 x + 101 y + 1009 z (+ offsets per type), with a
    # NaN, the smallest subnormal and -0 in Float32, and a run of zeros over the first rows.
    function New-TestVolume([string] $Type) {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(37, 23, 5, $Type)
        foreach ($z in 0..4) {
            $values = foreach ($i in 0..(37 * 23 - 1)) {
                $x = $i % 37; $y = [math]::Floor($i / 37)
                $n = if ($y -lt 4) { 0 } else { 3 * $x + 101 * $y + 1009 * $z }
                switch ($Type) {
                    'UInt8' { [byte]($n % 256) }
                    'UInt16' { [uint16]($n * 11 % 65536) }
                    'Int16' { [int16]($n * 7 % 65536 - 32768) }
                    'UInt32' { [uint32](($n * 1000003 + 3000000000) % 4294967296) }
                    'Float32' { [single]($n * -0.37 + 1e-3) }
                }
            }
            $array = switch ($Type) {
                'UInt8' { [byte[]]$values } 'UInt16' { [uint16[]]$values } 'Int16' { [int16[]]$values }
                'UInt32' { [uint32[]]$values } 'Float32' { [single[]]$values }
            }
            if ($Type -eq 'Float32') { $array[-1] = [single]::NaN; $array[-2] = [single]::Epsilon; $array[-3] = [single]-0.0 }
            $v.SetSliceArray($z, $array)
        }
        $v.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 0.5, 2, 'µm')
        $v
    }

    $script:Python = '/usr/bin/python3'
    function Test-PythonModule([string] $Name) {
        if (-not (Test-Path $Python)) { return $false }
        & $Python -c "import $Name" 2>$null
        $LASTEXITCODE -eq 0
    }
    $script:HasTifffile = Test-PythonModule tifffile
    $script:HasImagecodecs = $HasTifffile -and (Test-PythonModule imagecodecs)
}

Describe 'Export-VoxelStack -Compression' {
    AfterEach { Get-ChildItem -LiteralPath $TestDrive -Force | Remove-Item -Recurse -Force }

    It 'writes a <Compression> TIFF of <Type> voxels that reads back voxel-identically' -ForEach @(
        foreach ($c in 'Deflate', 'Lzw', 'PackBits') { foreach ($t in 'UInt8', 'UInt16', 'Int16', 'UInt32', 'Float32') { @{ Compression = $c; Type = $t } } }
    ) {
        $v = New-TestVolume $Type
        $path = Join-Path $TestDrive "v.tif"
        $v | Export-VoxelStack $path -Compression $Compression

        $back = Import-VoxelStack $path
        $back.DataType | Should -Be $Type
        $back.Width, $back.Height, $back.Depth | Should -Be 37, 23, 5
        (Get-VoxelBytes $back) | Should -Be (Get-VoxelBytes $v)
        $back.VoxelSize.Z, $back.VoxelSize.Unit | Should -Be 2, 'µm'
        $back.Metadata['Tiff.Compression'] | Should -Be @{ Deflate = 'Deflate'; Lzw = 'LZW'; PackBits = 'PackBits' }[$Compression]
    }

    It 'keeps the phase table of a phase image with <Compression>' -ForEach @(
        @{ Compression = 'Deflate' }, @{ Compression = 'Lzw' }, @{ Compression = 'PackBits' }
    ) {
        $p = Import-VoxelStack -LiteralPath $ElectrodePath | Select-VoxelRegion -Origin 0, 0, 0 -Size 64, 64, 8 |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
        $p | Export-VoxelStack (Join-Path $TestDrive 'p.tif') -Compression $Compression

        $back = Import-VoxelStack (Join-Path $TestDrive 'p.tif')
        $back | Should -BeOfType ([MicroMorph.Core.Imaging.PhaseImage])
        $back.Phases.Name | Should -Be 'Pore', 'NMC', 'CBD'
        (Get-VoxelBytes $back) | Should -Be (Get-VoxelBytes $p)
    }

    It 'writes uncompressed TIFF by default' {
        $v = New-TestVolume 'UInt16'
        $v | Export-VoxelStack (Join-Path $TestDrive 'n.tif')
        (Import-VoxelStack (Join-Path $TestDrive 'n.tif')).Metadata['Tiff.Compression'] | Should -Be 'None'
        # 8-byte header, the first IFD, then 37 * 23 * 5 voxels of 2 bytes: at least the voxel bytes.
        (Get-Item (Join-Path $TestDrive 'n.tif')).Length | Should -BeGreaterThan (37 * 23 * 5 * 2)
    }

    It 'shrinks the shipped electrode to the size of the published Deflate file' {
        # The shipped file is the published one (tifffile, Deflate, one strip per page): 1 938 696 bytes
        # for 16 777 216 voxels. Our Deflate must be as small (within 5 %); LZW likewise, PackBits
        # (runs only) at most a third of the 16.8 MB uncompressed.
        $published = (Get-Item -LiteralPath $ElectrodePath).Length
        $v = Import-VoxelStack -LiteralPath $ElectrodePath
        $sizes = @{}
        foreach ($c in 'None', 'Deflate', 'Lzw', 'PackBits') {
            $v | Export-VoxelStack (Join-Path $TestDrive "$c.tif") -Compression $c
            $sizes[$c] = (Get-Item (Join-Path $TestDrive "$c.tif")).Length
        }
        $sizes['None'] | Should -BeGreaterThan (256 * 256 * 256)
        $sizes['Deflate'] | Should -BeLessThan ($published * 1.05)
        $sizes['Lzw'] | Should -BeLessThan ($published * 1.05)
        $sizes['PackBits'] | Should -BeLessThan ($sizes['None'] / 3)
        (Get-VoxelBytes (Import-VoxelStack (Join-Path $TestDrive 'Lzw.tif'))) | Should -Be (Get-VoxelBytes $v)
    }

    It 'refuses -Compression for <Name> output with CompressionNotSupported and writes nothing' -ForEach @(
        @{ Name = 'v.mhd'; Extra = @{} }
        @{ Name = 'v.h5'; Extra = @{} }
        @{ Name = 'v.png'; Extra = @{} }
        @{ Name = 'v.tif'; Extra = @{ Format = 'Raw' } }
        @{ Name = 'v.h5'; Extra = @{ WhatIf = $true } }
    ) {
        $v = New-TestVolume 'UInt8'
        $r = Invoke-UserCommand { $v | Export-VoxelStack (Join-Path $TestDrive $Name) -Compression Deflate @Extra }
        $r.ErrorId | Should -Be 'CompressionNotSupported'
        $r.Errors[0].Exception.Message | Should -Match 'TIFF'
        @(Get-ChildItem -LiteralPath $TestDrive) | Should -BeNullOrEmpty
    }

    It 'accepts -Compression None for any format' {
        $v = New-TestVolume 'UInt8'
        $v | Export-VoxelStack (Join-Path $TestDrive 'v.h5') -Compression None
        Test-Path (Join-Path $TestDrive 'v.h5') | Should -BeTrue
    }

    It 'says in the help which compressions Fiji reads' {
        $help = (Get-Help Export-VoxelStack -Parameter Compression | Out-String)
        $help | Should -Match 'Fiji'
        $help | Should -Match 'Deflate'
        $help | Should -Match 'LZW'
        $help | Should -Match 'PackBits'
        (Get-Help Export-VoxelStack -Examples | Out-String) | Should -Match '-Compression'
    }

    Context 'tifffile (Debian python3-tifffile) reads our compressed files' {
        It 'reads a <Compression> file of <Type> voxels as the uncompressed one' -ForEach @(
            foreach ($c in 'Deflate', 'Lzw', 'PackBits') { foreach ($t in 'UInt8', 'UInt16', 'Float32') { @{ Compression = $c; Type = $t } } }
        ) {
            if (-not $HasTifffile) { Set-ItResult -Skipped -Because "$Python with tifffile is not installed (apt-get install python3-tifffile)"; return }
            if ($Compression -eq 'Lzw' -and -not $HasImagecodecs) { Set-ItResult -Skipped -Because 'tifffile decodes LZW only with the imagecodecs package, which is not installed'; return }

            $v = New-TestVolume $Type
            $plain = Join-Path $TestDrive 'plain.tif'
            $packed = Join-Path $TestDrive 'packed.tif'
            $v | Export-VoxelStack $plain
            $v | Export-VoxelStack $packed -Compression $Compression
            $script = @'
import sys, tifffile, numpy
a = tifffile.imread(sys.argv[1]); b = tifffile.imread(sys.argv[2])
with tifffile.TiffFile(sys.argv[2]) as t:
    compression = int(t.pages[0].compression)
print(a.shape, a.dtype, compression, a.tobytes() == b.tobytes())
'@
            $out = & $Python -c $script $plain $packed
            $LASTEXITCODE | Should -Be 0
            $code = @{ Deflate = 8; Lzw = 5; PackBits = 32773 }[$Compression]
            $dtype = @{ UInt8 = 'uint8'; UInt16 = 'uint16'; Float32 = 'float32' }[$Type]
            $out | Should -Be "(5, 23, 37) $dtype $code True"
        }
    }
}

Describe 'Import-VoxelStack -AsStack' {
    BeforeEach {
        # slice_1.tif .. slice_12.tif, 6 x 4 pixels, every voxel of slice_i holds 10 i.
        foreach ($i in 1..12) {
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 4, 1, 'UInt8')
            $s.SetSliceArray(0, [byte[]](@(10 * $i) * 24))
            $s | Export-VoxelStack (Join-Path $TestDrive "slice_$i.tif")
        }
    }
    AfterEach { Get-ChildItem -LiteralPath $TestDrive -Force | Remove-Item -Recurse -Force }

    It 'builds one volume of the piped slice files in natural order (slice_2 before slice_10)' {
        # Get-ChildItem lists slice_1, slice_10, slice_11, slice_12, slice_2, ...
        $v = @(Get-ChildItem (Join-Path $TestDrive 'slice_*.tif') | Import-VoxelStack -AsStack)
        $v.Count | Should -Be 1
        $v[0].Width, $v[0].Height, $v[0].Depth | Should -Be 6, 4, 12
        (0..11 | ForEach-Object { $v[0].GetValue(3, 2, $_) }) | Should -Be (1..12 | ForEach-Object { 10 * $_ })
    }

    It 'orders by name whatever order the files come in' {
        $v = Get-ChildItem (Join-Path $TestDrive 'slice_*.tif') | Sort-Object { Get-Random } | Import-VoxelStack -AsStack
        (0..11 | ForEach-Object { $v.GetValue(0, 0, $_) }) | Should -Be (1..12 | ForEach-Object { 10 * $_ })
    }

    It 'gives one volume per file without -AsStack (unchanged)' {
        @(Get-ChildItem (Join-Path $TestDrive 'slice_*.tif') | Import-VoxelStack).Count | Should -Be 12
    }

    It 'takes paths as arguments too and applies -VoxelSize' {
        $files = (Get-ChildItem (Join-Path $TestDrive 'slice_*.tif')).FullName
        $v = Import-VoxelStack -LiteralPath $files -AsStack -VoxelSize 0.5, 0.5, 2 -Unit µm
        $v.Depth | Should -Be 12
        $v.VoxelSize.Z | Should -Be 2
    }

    It 'reports SliceSizeMismatch for a slice of another size and returns nothing' {
        [MicroMorph.Core.Imaging.VoxelStack]::new(7, 4, 1, 'UInt8') | Export-VoxelStack (Join-Path $TestDrive 'slice_13.tif')
        $r = Invoke-UserCommand { Get-ChildItem (Join-Path $TestDrive 'slice_*.tif') | Import-VoxelStack -AsStack }
        $r.ErrorId | Should -Be 'SliceSizeMismatch'
        $r.Errors[0].Exception.Message | Should -Match 'slice_13\.tif'
        $r.Output | Should -BeNullOrEmpty
    }

    It 'reports SliceIsNotTwoDimensional for a multi-page file among the slices' {
        [MicroMorph.Core.Imaging.VoxelStack]::new(6, 4, 3, 'UInt8') | Export-VoxelStack (Join-Path $TestDrive 'slice_0.tif')
        $r = Invoke-UserCommand { Get-ChildItem (Join-Path $TestDrive 'slice_*.tif') | Import-VoxelStack -AsStack }
        $r.ErrorId | Should -Be 'SliceIsNotTwoDimensional'
        $r.Output | Should -BeNullOrEmpty
    }
}

Describe 'README: ForEach-Object -Parallel' {
    It 'gives the advice with an example that works' {
        $readme = Get-Content -Raw (Join-Path $RepositoryRoot 'README.md')
        $readme | Should -Match 'ForEach-Object -Parallel'
        $readme | Should -Match 'PSModulePath'
    }

    It 'imports the module inside the parallel block, as the README shows' {
        Copy-Item -LiteralPath $ElectrodePath (Join-Path $TestDrive 'a.tif')
        Copy-Item -LiteralPath $ElectrodePath (Join-Path $TestDrive 'b.tif')
        $mm = Join-Path (Get-Module MicroMorph).ModuleBase MicroMorph.psd1
        $results = Get-ChildItem (Join-Path $TestDrive '*.tif') | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:mm; Import-VoxelStack -LiteralPath $_.FullName | Measure-VoxelStack
        }
        @($results).Count | Should -Be 2
        # Grey values 0, 85, 170 with TauFactor's fractions: mean 85 * 0.40047 + 170 * 0.14962 = 59.475.
        $results.Mean | Should -BeCloseTo 59.475, 59.475 -AbsoluteTolerance 0.001
    }
}

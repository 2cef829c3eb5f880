# Import-VoxelStack, Export-VoxelStack and Export-VoxelSlice: formats, paths and pipeline binding,
# and bad input. Files go to TestDrive, emptied after every test.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    # A command that fails fails its test; the error cases ask for -ErrorAction SilentlyContinue.
    $ErrorActionPreference = 'Stop'

    # The names of the files in TestDrive (what a test left behind).
    function Get-TestDriveFile { @(Get-ChildItem -LiteralPath $TestDrive -File -Recurse | ForEach-Object Name) }
}

Describe 'Import-VoxelStack and Export-VoxelStack' {
    BeforeEach {
        # A 6 x 5 x 4 UInt16 stack, v = x + 10 y + 100 z + 1000, with an anisotropic voxel size.
        $ramp = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 4, 'UInt16')
        foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { $ramp.SetValue($x, $y, $z, 1000 + $x + 10 * $y + 100 * $z) } } }
        $ramp.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(10, 10, 20, 'nm')
    }

    AfterEach {
        Get-ChildItem -LiteralPath $TestDrive -Force | Remove-Item -Recurse -Force
    }

    Context 'Reading and writing' {
        It 'reads the shipped electrode with the volume fractions TauFactor publishes' {
            $fractions = Import-VoxelStack -LiteralPath $ElectrodePath |
                ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
                Measure-VoxelStack
            # shared/reference/taufactor/README.md
            $fractions.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -AbsoluteTolerance 5e-6
            ($fractions.VoxelCount | Measure-Object -Sum).Sum | Should -Be (256 * 256 * 256)
        }

        It 'writes <Extension> and reads back identical voxels and voxel size' -ForEach @(
            @{ Extension = 'tif'; ReadBack = 'ramp.tif' }
            @{ Extension = 'mhd'; ReadBack = 'ramp.mhd' }
            @{ Extension = 'h5'; ReadBack = 'ramp.h5' }
            # One PNG per slice: ramp_1.png .. ramp_4.png.
            @{ Extension = 'png'; ReadBack = 'ramp_*.png' }
        ) {
            $files = $ramp | Export-VoxelStack -Path (Join-Path $TestDrive "ramp.$Extension") -PassThru
            $files | Should -Not -BeNullOrEmpty
            $files | Should -BeOfType ([System.IO.FileInfo])

            $back = Import-VoxelStack -Path (Join-Path $TestDrive $ReadBack)
            $back.Width, $back.Height, $back.Depth | Should -Be 6, 5, 4
            $back.DataType | Should -Be ([MicroMorph.Core.Imaging.VoxelDataType]::UInt16)
            $expected = foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { 1000 + $x + 10 * $y + 100 * $z } } }
            $actual = foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { $back.GetValue($x, $y, $z) } } }
            $actual | Should -Be $expected
            $back.VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(10, 10, 20, 'nm'))
        }

        It 'keeps the phase table of a phase image' {
            $labels = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 3, 2, 'UInt8')
            $labels.SetValue(1, 1, 1, 2)
            $labels | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 2 = 'Active material' } | Export-VoxelStack -Path (Join-Path $TestDrive 'phases.tif')

            $image = Import-VoxelStack (Join-Path $TestDrive 'phases.tif')
            $image | Should -BeOfType ([MicroMorph.Core.Imaging.PhaseImage])
            $image.Phases.ToString() | Should -BeExactly '0 Pore, 2 Active material'
            $image.GetLabel(1, 1, 1) | Should -Be 2
        }

        It 'reads a wildcard of slices as one stack in natural order (slice_2 before slice_10)' {
            foreach ($i in 1..12) {
                $one = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8')
                $one.SetValue(0, 0, 0, $i)
                $one | Export-VoxelStack -Path (Join-Path $TestDrive "slice_$i.png")
            }
            $stack = Import-VoxelStack -Path (Join-Path $TestDrive 'slice_*.png')
            @($stack).Count | Should -Be 1
            $stack.Depth | Should -Be 12
            0..11 | ForEach-Object { $stack.GetValue(0, 0, $_) } | Should -Be (1..12)
        }

        It 'overrides the voxel size with one value (isotropic) or three, never two' {
            $path = Join-Path $TestDrive 'r.tif'
            $ramp | Export-VoxelStack -Path $path
            { Import-VoxelStack $path -VoxelSize 1, 2 } | Should -Throw -ErrorId 'InvalidVoxelSize,*'
            (Import-VoxelStack $path -VoxelSize 0.5 -Unit µm).VoxelSize | Should -Be ([MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm'))
        }
    }

    Context 'Paths and the pipeline' {
        It 'takes paths as strings and as FileInfo from the pipeline' {
            $a = Join-Path $TestDrive 'a.tif'
            $b = Join-Path $TestDrive 'b.tif'
            $ramp | Export-VoxelStack -Path $a
            $ramp | Export-VoxelStack -Path $b
            $fromStrings = $a, $b | Import-VoxelStack
            $fromFileInfo = [System.IO.FileInfo]::new($a) | Import-VoxelStack
            @($fromStrings).Count | Should -Be 2
            @($fromFileInfo).Count | Should -Be 1
            @($fromStrings) + @($fromFileInfo) | Should -BeOfType ([MicroMorph.Core.Imaging.VoxelStack])
        }

        It 'imports what Get-ChildItem finds on a PSDrive (binding -LiteralPath by property name)' {
            $ramp | Export-VoxelStack -Path (Join-Path $TestDrive 'a.tif')
            # Brackets are wildcards to -Path: only -LiteralPath (bound from PSPath) reads this file.
            $ramp | Export-VoxelStack -LiteralPath (Join-Path $TestDrive 'b[1].tif')
            $volumes = Get-ChildItem TestDrive:\*.tif | Import-VoxelStack
            @($volumes).Count | Should -Be 2
            $volumes.Source | Split-Path -Leaf | Should -Be 'a.tif', 'b[1].tif'
            $volumes | ForEach-Object { $_.GetValue(5, 4, 3) } | Should -Be 1345, 1345
        }

        It 'exports to a PSDrive path (TestDrive:\x.tif) and returns the file-system file' {
            $file = $ramp | Export-VoxelStack -Path TestDrive:\x.tif -PassThru
            $file.FullName | Should -Be (Join-Path $TestDrive 'x.tif')
            Test-Path -LiteralPath (Join-Path $TestDrive 'x.tif') -PathType Leaf | Should -BeTrue
            (Import-VoxelStack -Path TestDrive:\x.tif).GetValue(5, 4, 3) | Should -Be 1345
        }

        It 'reports a path that does not exist, with -Path and with -LiteralPath' {
            $out = Import-VoxelStack -Path (Join-Path $TestDrive 'nothing-here.tif') -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'PathNotFound'
            $err[0].Exception.Message | Should -BeLike '*nothing-here.tif*'

            $out = Import-VoxelStack -LiteralPath (Join-Path $TestDrive '[missing].tif') -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'PathNotFound'
        }
    }

    Context 'Writing safely' {
        It 'does not overwrite an existing file without -Force' {
            $keep = Join-Path $TestDrive 'keep.tif'
            Set-Content -LiteralPath $keep -Value 'precious' -NoNewline
            $ramp | Export-VoxelStack -Path $keep -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Be 'OutputExists'
            Get-Content -LiteralPath $keep -Raw | Should -BeExactly 'precious'

            $ramp | Export-VoxelStack -Path $keep -Force
            Get-Content -LiteralPath $keep -Raw | Should -Not -Be 'precious'
            Get-TestDriveFile | Should -Be 'keep.tif'
        }

        It 'writes nothing with -WhatIf' {
            $ramp | Export-VoxelStack -Path (Join-Path $TestDrive 'ramp.mhd') -WhatIf
            Get-TestDriveFile | Should -BeNullOrEmpty
        }

        It 'leaves no file behind when the format cannot hold the data type (Float32 as PNG)' {
            [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 2, 'Float32') |
                Export-VoxelStack -Path (Join-Path $TestDrive 'f.png') -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Be 'FormatCannotHoldDataType'
            Get-TestDriveFile | Should -BeNullOrEmpty
        }
    }

    Context 'Bad input' {
        It 'names the size of a raw file that does not fit -Dimensions' {
            $raw = Join-Path $TestDrive 'data.raw'
            [System.IO.File]::WriteAllBytes($raw, [byte[]]::new(1000))
            $out = Import-VoxelStack $raw -Dimensions 10, 10, 20 -DataType UInt8 -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'RawSizeMismatch'
            $err[0].Exception.Message | Should -BeLike '*1000*'

            (Import-VoxelStack $raw -Dimensions 10, 10, 10 -DataType UInt8).VoxelCount | Should -Be 1000
        }

        It 'refuses -Dimensions whose product overflows' {
            $raw = Join-Path $TestDrive 'data.raw'
            [System.IO.File]::WriteAllBytes($raw, [byte[]]::new(8))
            $out = Import-VoxelStack $raw -Dimensions 3000000000, 3000000000, 3000000000 -DataType UInt16 -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'DimensionsOverflow'
        }

        It 'refuses slices of different sizes and names the odd one' {
            [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8') | Export-VoxelStack -Path (Join-Path $TestDrive 's_1.png')
            [MicroMorph.Core.Imaging.VoxelStack]::new(5, 3, 1, 'UInt8') | Export-VoxelStack -Path (Join-Path $TestDrive 's_2.png')
            $out = Import-VoxelStack -Path $TestDrive -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'SliceSizeMismatch'
            $err[0].Exception.Message | Should -BeLike '*s_2.png*'
        }

        It 'refuses a truncated TIFF' {
            $full = Join-Path $TestDrive 'full.tif'
            $ramp | Export-VoxelStack -Path $full
            $bytes = [System.IO.File]::ReadAllBytes($full)
            $half = [byte[]]::new([Math]::Floor($bytes.Length / 2))
            [Array]::Copy($bytes, $half, $half.Length)
            [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'cut.tif'), $half)
            $out = Import-VoxelStack (Join-Path $TestDrive 'cut.tif') -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -BeIn 'TiffTruncated', 'TiffCorrupt'
        }

        It 'lists the datasets of an HDF5 file when -Dataset names none of them' {
            $h5 = Join-Path $TestDrive 'v.h5'
            $ramp | Export-VoxelStack -Path $h5 -Dataset /exchange/data
            $out = Import-VoxelStack $h5 -Dataset /wrong -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'Hdf5DatasetNotFound'
            $err[0].Exception.Message | Should -BeLike '*/exchange/data*'
        }
    }
}

Describe 'Export-VoxelSlice' {
    It 'writes the middle slice as a PNG, windowed from black to white and scaled' {
        $ramp = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 4, 'UInt16')
        foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { $ramp.SetValue($x, $y, $z, 1000 + $x + 10 * $y + 100 * $z) } } }
        $file = $ramp | Export-VoxelSlice -Path (Join-Path $TestDrive 'slice.png') -Scale 3 -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])

        $picture = Import-VoxelStack -LiteralPath $file.FullName -Channel Red
        $picture.Width, $picture.Height | Should -Be 18, 15
        # Middle slice z = 2: window min 1200 .. max 1245; voxel (0,0) is black, (5,4) white.
        $picture.GetValue(0, 0, 0) | Should -Be 0
        $picture.GetValue(17, 14, 0) | Should -Be 255
    }
}

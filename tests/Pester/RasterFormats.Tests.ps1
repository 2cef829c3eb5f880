# 2D raster formats through ImageSharp (issue 19): Import-VoxelStack and Import-AggregateMap read PNG,
# JPEG, BMP, GIF, TGA, WebP and 2D TIFF; 16-bit PNG keeps exact values; truncated or damaged files of
# each format give a clear ErrorRecord that names the file. The sample files are written here by
# ImageSharp's encoders from pixel formulas (the values expected are the formulas, not a read-back);
# the 16-bit PNG of the xunit fixtures was written by an independent Python encoder.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    Add-Type -Path (Join-Path $RepositoryRoot 'module/bin/SixLabors.ImageSharp.dll')

    # A grey image from a pixel formula, saved with ImageSharp's encoder for the extension.
    function Save-GreyImage([string] $Path, [int] $Width, [int] $Height, [scriptblock] $Value, [int] $JpegQuality = 95) {
        $image = [SixLabors.ImageSharp.Image[SixLabors.ImageSharp.PixelFormats.L8]]::new($Width, $Height)
        try {
            for ($y = 0; $y -lt $Height; $y++) {
                for ($x = 0; $x -lt $Width; $x++) { $image[$x, $y] = [SixLabors.ImageSharp.PixelFormats.L8]::new([byte](& $Value $x $y)) }
            }
            $encoder = switch ([System.IO.Path]::GetExtension($Path)) {
                '.png' { [SixLabors.ImageSharp.Formats.Png.PngEncoder]::new() }
                '.jpg' { $e = [SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder]::new(); $e.Quality = $JpegQuality; $e }
                '.bmp' { [SixLabors.ImageSharp.Formats.Bmp.BmpEncoder]::new() }
                '.gif' { [SixLabors.ImageSharp.Formats.Gif.GifEncoder]::new() }
                '.tga' { [SixLabors.ImageSharp.Formats.Tga.TgaEncoder]::new() }
                '.webp' { $e = [SixLabors.ImageSharp.Formats.Webp.WebpEncoder]::new(); $e.FileFormat = 'Lossless'; $e }
                '.tif' { [SixLabors.ImageSharp.Formats.Tiff.TiffEncoder]::new() }
            }
            [SixLabors.ImageSharp.ImageExtensions]::Save($image, $Path, $encoder)
        }
        finally { $image.Dispose() }
    }

    # Largest |read - formula| over the image.
    function Get-MaxDeviation($Stack, [scriptblock] $Value) {
        $max = 0
        for ($y = 0; $y -lt $Stack.Height; $y++) {
            for ($x = 0; $x -lt $Stack.Width; $x++) { $max = [Math]::Max($max, [Math]::Abs($Stack.GetValue($x, $y, 0) - (& $Value $x $y))) }
        }
        $max
    }

    # 16 grey levels, so that GIF's palette holds them all.
    $script:Levels = { param($x, $y) 17 * (($x + 2 * $y) % 16) }
    $script:Extensions = 'png', 'jpg', 'bmp', 'gif', 'tga', 'webp', 'tif'
    foreach ($ext in $Extensions) { Save-GreyImage "$TestDrive/levels.$ext" 40 24 $Levels }
}

Describe 'Import-VoxelStack reads every 2D raster format' {
    It 'reads <Extension> with the values written' -ForEach @(
        @{ Extension = 'png'; Tolerance = 0 }, @{ Extension = 'bmp'; Tolerance = 0 }, @{ Extension = 'gif'; Tolerance = 0 },
        @{ Extension = 'tga'; Tolerance = 0 }, @{ Extension = 'webp'; Tolerance = 0 }, @{ Extension = 'tif'; Tolerance = 0 },
        # JPEG is lossy: quality 95 keeps this sharp-edged pattern within a few grey levels.
        @{ Extension = 'jpg'; Tolerance = 12 }
    ) {
        $stack = Import-VoxelStack -LiteralPath "$TestDrive/levels.$Extension"
        $stack.Width, $stack.Height, $stack.Depth, $stack.DataType | Should -Be 40, 24, 1, 'UInt8'
        Get-MaxDeviation $stack $Levels | Should -BeLessOrEqual $Tolerance
        # The image is not flat: the check above could not pass by accident.
        $stack.GetValue(15, 0, 0) - $stack.GetValue(0, 0, 0) | Should -BeGreaterThan 200
    }

    It 'reads JPEG exactly where JPEG is exact (constant 8 x 8 blocks at quality 100)' {
        $blocks = { param($x, $y) 16 + (29 * ([Math]::Floor($x / 8) + 3 * [Math]::Floor($y / 8))) % 224 }
        Save-GreyImage "$TestDrive/blocks.jpg" 32 24 $blocks -JpegQuality 100
        Get-MaxDeviation (Import-VoxelStack -LiteralPath "$TestDrive/blocks.jpg") $blocks | Should -Be 0
    }

    It 'reads a single-page palette TIFF, which the own TIFF reader refuses, through ImageSharp' {
        $image = [SixLabors.ImageSharp.Image[SixLabors.ImageSharp.PixelFormats.L8]]::new(40, 24)
        for ($y = 0; $y -lt 24; $y++) { for ($x = 0; $x -lt 40; $x++) { $image[$x, $y] = [SixLabors.ImageSharp.PixelFormats.L8]::new([byte](& $Levels $x $y)) } }
        $encoder = [SixLabors.ImageSharp.Formats.Tiff.TiffEncoder]::new()
        $encoder.PhotometricInterpretation = 'PaletteColor'; $encoder.BitsPerPixel = 'Bit8'
        [SixLabors.ImageSharp.ImageExtensions]::Save($image, "$TestDrive/palette.tif", $encoder); $image.Dispose()
        $stack = Import-VoxelStack -LiteralPath "$TestDrive/palette.tif"
        $stack.Width, $stack.Height, $stack.DataType | Should -Be 40, 24, 'UInt8'
        Get-MaxDeviation $stack $Levels | Should -Be 0
    }

    It 'reads a folder of mixed raster slices as one stack in natural order' {
        New-Item -ItemType Directory "$TestDrive/series" | Out-Null
        $i = 0
        foreach ($ext in 'png', 'bmp', 'gif', 'tga', 'webp') {
            $i++; $k = $i
            Save-GreyImage "$TestDrive/series/slice_$i.$ext" 16 8 { param($x, $y) 16 * ($x % 8) + $k }.GetNewClosure()
        }
        Save-GreyImage "$TestDrive/series/slice_10.png" 16 8 { param($x, $y) 100 + $x }
        $stack = Import-VoxelStack -Path "$TestDrive/series"
        $stack.Depth | Should -Be 6
        0..5 | ForEach-Object { $stack.GetValue(3, 2, $_) } | Should -Be 49, 50, 51, 52, 53, 103
        $piped = Get-ChildItem "$TestDrive/series" | Import-VoxelStack -AsStack
        $piped.Depth | Should -Be 6
    }

    It 'keeps 16-bit PNG values exact: an independent encoder''s file and an exported stack' {
        $grey16 = Import-VoxelStack -LiteralPath (Join-Path $RepositoryRoot 'tests/MicroMorph.Core.Tests/Data/png/grey16.png')
        $grey16.DataType | Should -Be 'UInt16'
        Get-MaxDeviation $grey16 { param($x, $y) (1000 * $x + 337 * $y + 1) % 65536 } | Should -Be 0

        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(9, 7, 3, 'UInt16')
        $value = { param($x, $y, $z) (7919 * $x + 104729 * $y + 31337 * $z + 1) % 65536 }
        for ($z = 0; $z -lt 3; $z++) { for ($y = 0; $y -lt 7; $y++) { for ($x = 0; $x -lt 9; $x++) { $v.SetValue($x, $y, $z, (& $value $x $y $z)) } } }
        New-Item -ItemType Directory "$TestDrive/u16" | Out-Null
        $v | Export-VoxelStack -Path "$TestDrive/u16/s.png"
        (Get-PngSize "$TestDrive/u16/s_0001.png").BitDepth | Should -Be 16
        $back = Get-ChildItem "$TestDrive/u16" | Import-VoxelStack -AsStack
        $back.DataType | Should -Be 'UInt16'
        $bad = 0
        for ($z = 0; $z -lt 3; $z++) { for ($y = 0; $y -lt 7; $y++) { for ($x = 0; $x -lt 9; $x++) { if ($back.GetValue($x, $y, $z) -ne (& $value $x $y $z)) { $bad++ } } } }
        $bad | Should -Be 0
    }

    It 'refuses a colour JPEG without -Channel and reads the channel asked for' {
        $image = [SixLabors.ImageSharp.Image[SixLabors.ImageSharp.PixelFormats.Rgb24]]::new(16, 16, [SixLabors.ImageSharp.PixelFormats.Rgb24]::new(200, 40, 90))
        [SixLabors.ImageSharp.ImageExtensions]::Save($image, "$TestDrive/colour.jpg", [SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder]::new()); $image.Dispose()
        $r = Invoke-UserCommand { Import-VoxelStack -LiteralPath "$TestDrive/colour.jpg" }
        $r.ErrorId | Should -Be 'ColorImageNeedsChannel'
        $r.Errors[0].Exception.Message | Should -BeLike '*colour.jpg*-Channel*'
        (Import-VoxelStack -LiteralPath "$TestDrive/colour.jpg" -Channel Red).GetValue(8, 8, 0) | Should -BeCloseTo 200 -AbsoluteTolerance 3
    }
}

Describe 'Damaged raster files' {
    It 'reports a truncated <Extension> file as <ErrorId>, naming it' -ForEach @(
        @{ Extension = 'png'; ErrorId = 'PngTruncated' }, @{ Extension = 'jpg'; ErrorId = 'JpegTruncated' },
        @{ Extension = 'bmp'; ErrorId = 'BmpTruncated' }, @{ Extension = 'gif'; ErrorId = 'GifTruncated' },
        @{ Extension = 'tga'; ErrorId = 'TgaTruncated' }, @{ Extension = 'webp'; ErrorId = 'WebpTruncated' },
        @{ Extension = 'tif'; ErrorId = 'TiffTruncated' }
    ) {
        $bytes = [System.IO.File]::ReadAllBytes("$TestDrive/levels.$Extension")
        [System.IO.File]::WriteAllBytes("$TestDrive/cut.$Extension", $bytes[0..([int]($bytes.Length * 0.7))])
        $r = Invoke-UserCommand { Import-VoxelStack -LiteralPath "$TestDrive/cut.$Extension"; 'next' }
        $r.ErrorId | Should -Be $ErrorId
        $r.Errors[0].Exception.Message | Should -BeLike "*cut.$Extension*"
        $r.Output | Should -Be 'next' # non-terminating: the script goes on
    }

    It 'reports damaged content: a bad PNG CRC, a JPEG without markers, a file of another format, an empty file' {
        $png = [System.IO.File]::ReadAllBytes("$TestDrive/levels.png"); $png[40] = $png[40] -bxor 0xFF
        [System.IO.File]::WriteAllBytes("$TestDrive/crc.png", $png)
        $jpg = [System.IO.File]::ReadAllBytes("$TestDrive/levels.jpg"); for ($i = 2; $i -lt 40; $i++) { $jpg[$i] = 0x11 }
        [System.IO.File]::WriteAllBytes("$TestDrive/nomarkers.jpg", $jpg)
        Copy-Item "$TestDrive/levels.gif" "$TestDrive/gif-content.bmp"
        Set-Content "$TestDrive/empty.webp" -Value $null -NoNewline
        $cases = @{ 'crc.png' = 'PngCorrupt'; 'nomarkers.jpg' = 'JpegCorrupt'; 'gif-content.bmp' = 'NotABmpFile'; 'empty.webp' = 'NotAWebpFile' }
        foreach ($name in $cases.Keys) {
            $r = Invoke-UserCommand { Import-VoxelStack -LiteralPath "$TestDrive/$name" }
            $r.ErrorId | Should -Be $cases[$name] -Because $name
            $r.Errors[0].Exception.Message | Should -BeLike "*$name*"
        }
        (Invoke-UserCommand { Import-VoxelStack -LiteralPath "$TestDrive/gif-content.bmp" }).Errors[0].Exception.Message | Should -BeLike '*GIF*'
    }

    It 'refuses a header that declares more pixels than the file holds, before allocating them' {
        $bmp = [System.IO.File]::ReadAllBytes("$TestDrive/levels.bmp")
        [System.BitConverter]::GetBytes([int]50000).CopyTo($bmp, 18); [System.BitConverter]::GetBytes([int]50000).CopyTo($bmp, 22)
        [System.IO.File]::WriteAllBytes("$TestDrive/huge.bmp", $bmp)
        $r = Invoke-UserCommand { Import-VoxelStack -LiteralPath "$TestDrive/huge.bmp" }
        $r.ErrorId | Should -Be 'BmpTruncated'
        $r.Errors[0].Exception.Message | Should -BeLike '*huge.bmp*50000 x 50000*'
    }
}

Describe 'Import-AggregateMap from JPEG and BMP element maps' {
    BeforeAll {
        # A simulated hetero-aggregate (000 Section 2.2) as an instrument would export it: one
        # black/white map per element, saved as PNG (our writer), JPEG (quality 95) and BMP.
        $script:Truth = New-AggregateMap -Size 96 -CarbonDiameter 8 -SilicaDiameter 6 -Coverage 0.5 -Seed 4
        $classes = $Truth.GetClasses()
        foreach ($element in @(@{ Name = 'C'; Bit = 1 }, @{ Name = 'Si'; Bit = 2 })) {
            $map = [MicroMorph.Core.Imaging.VoxelStack]::new(96, 96, 1, 'UInt8')
            $image = [SixLabors.ImageSharp.Image[SixLabors.ImageSharp.PixelFormats.L8]]::new(96, 96)
            for ($i = 0; $i -lt $classes.Length; $i++) {
                $on = if ($classes[$i] -band $element.Bit) { 255 } else { 0 }
                $x = $i % 96; $y = [int][Math]::Floor($i / 96)
                $map.SetValue($x, $y, 0, $on)
                $image[$x, $y] = [SixLabors.ImageSharp.PixelFormats.L8]::new([byte]$on)
            }
            $map | Export-VoxelStack -Path "$TestDrive/agg_$($element.Name).png"
            $jpeg = [SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder]::new(); $jpeg.Quality = 95
            [SixLabors.ImageSharp.ImageExtensions]::Save($image, "$TestDrive/agg_$($element.Name).jpg", $jpeg)
            [SixLabors.ImageSharp.ImageExtensions]::Save($image, "$TestDrive/agg_$($element.Name).bmp", [SixLabors.ImageSharp.Formats.Bmp.BmpEncoder]::new())
            $image.Dispose()
        }
    }

    It 'gives the same pixel classes from the <Extension> pair as from the PNG pair and the simulation' -ForEach @(
        @{ Extension = 'jpg' }, @{ Extension = 'bmp' }
    ) {
        $png = Import-AggregateMap "$TestDrive/agg_C.png" "$TestDrive/agg_Si.png" -Threshold 128
        $other = Import-AggregateMap "$TestDrive/agg_C.$Extension" "$TestDrive/agg_Si.$Extension" -Threshold 128
        $expected = $Truth.GetClasses()
        $Truth.CarbonOnlyCount + $Truth.SilicaOnlyCount + $Truth.BothCount | Should -BeGreaterThan 1000
        [System.Linq.Enumerable]::SequenceEqual([byte[]]$png.GetClasses(), [byte[]]$expected) | Should -BeTrue
        [System.Linq.Enumerable]::SequenceEqual([byte[]]$other.GetClasses(), [byte[]]$png.GetClasses()) | Should -BeTrue
        $other.CarbonOnlyCount, $other.SilicaOnlyCount, $other.BothCount | Should -Be $png.CarbonOnlyCount, $png.SilicaOnlyCount, $png.BothCount
    }
}

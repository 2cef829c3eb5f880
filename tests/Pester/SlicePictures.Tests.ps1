# Export-VoxelSlice as a microscopist uses it: the percentile grey window, the raw values (-Raw), a scale
# bar of a nice physical length, colour maps with a colour bar, phase colours over grey values, the
# orthogonal view at the voxels' physical aspect, SVG, and the errors of bad requests. Expected pixels
# come from the arithmetic of the definitions (percentile definition 7, floor(256 t) colour-table
# lookup, out = (1 - a) grey + a colour), the published colour-map ends and the voxel sizes.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Pixel (x, y) of a picture as "#RRGGBB", read back through Import-VoxelStack's colour channels.
    function Get-PixelColour([string] $Path, [int] $X, [int] $Y) {
        $channels = foreach ($c in 'Red', 'Green', 'Blue') { (Import-VoxelStack -LiteralPath $Path -Channel $c).GetValue($X, $Y, 0) }
        '#{0:X2}{1:X2}{2:X2}' -f [int]$channels[0], [int]$channels[1], [int]$channels[2]
    }

    # The dark pixels of a picture (luminance < 64) as one bool per pixel, with the picture's size.
    function Get-Ink([string] $Path) {
        $l = Import-VoxelStack -LiteralPath $Path -Channel Luminance
        $bytes = [byte[]]$l.GetSliceArray(0)
        $dark = [bool[]]::new($bytes.Length)
        for ($i = 0; $i -lt $bytes.Length; $i++) { $dark[$i] = $bytes[$i] -lt 64 }
        [pscustomobject]@{ Width = $l.Width; Height = $l.Height; Dark = $dark }
    }

    # Longest run of dark pixels in any row, and the row it is in.
    function Get-LongestDarkRun($Ink) {
        $best = [pscustomobject]@{ Length = 0; Row = -1; Start = -1 }
        for ($y = 0; $y -lt $Ink.Height; $y++) {
            $run = 0
            for ($x = 0; $x -lt $Ink.Width; $x++) {
                if ($Ink.Dark[$y * $Ink.Width + $x]) {
                    $run++
                    if ($run -gt $best.Length) { $best = [pscustomobject]@{ Length = $run; Row = $y; Start = $x - $run + 1 } }
                } else { $run = 0 }
            }
        }
        $best
    }

    # A white picture (every voxel 1, window 0..1) leaves the scale bar and its label as the only ink.
    function New-Ones([int] $W, [int] $H, [int] $D, [double[]] $Size, [string] $Unit) {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new($W, $H, $D, 'UInt8')
        foreach ($z in 0..($D - 1)) { $s = $v.GetSliceArray($z); [Array]::Fill([byte[]]$s, [byte]1); $v.SetSliceArray($z, $s) }
        $v.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new($Size[0], $Size[1], $Size[2], $Unit)
        $v
    }

    # 40 x 25 x 1 UInt16 section with the histogram: 5 x 0 (dead), 495 x 100, 495 x 200, 5 x 10000 (hot).
    $hot = [MicroMorph.Core.Imaging.VoxelStack]::new(40, 25, 1, 'UInt16')
    for ($i = 0; $i -lt 1000; $i++) {
        $value = if ($i -lt 5) { 0 } elseif ($i -lt 500) { 100 } elseif ($i -lt 995) { 200 } else { 10000 }
        $hot.SetValue($i % 40, [Math]::Floor($i / 40), 0, $value)
    }

    # Grey 100 everywhere; the overlay marks voxel (2, 0, 0) NMC (default colour #E69F00, Okabe-Ito orange).
    $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt8')
    foreach ($z in 0..1) { foreach ($y in 0..2) { foreach ($x in 0..3) { $grey.SetValue($x, $y, $z, 100) } } }
    $labels = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt8')
    $labels.SetValue(2, 0, 1, 1)
    $overlay = $labels | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'NMC' }

    $electrode = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize 0.390625 -Unit µm
    $phases = $electrode | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
}

Describe 'Export-VoxelSlice grey window' {
    It 'takes the 0.5 % and 99.5 % percentiles by default, so that hot and dead pixels do not flatten the picture' {
        # Definition 7: low rank 0.005 * 999 = 4.995 -> 0 + 0.995 * 100 = 99.5; high rank 994.005 ->
        # 200 + 0.005 * 9800 = 249. Grey 200: t = 100.5 / 149.5, table entry floor(256 t) = 172.
        $file = Join-Path $TestDrive 'hot.png'
        $hot | Export-VoxelSlice -Path $file
        Get-PixelColour $file 20 20 | Should -Be '#ACACAC'   # 200 -> 172
        Get-PixelColour $file 10 5 | Should -Be '#000000'    # 100 -> below 99.5 + 0.5: entry 0
        Get-PixelColour $file 39 24 | Should -Be '#FFFFFF'   # 10000, clipped
    }

    It 'is overridden by -Minimum and -Maximum, and by -Percentile 0, 100 (the section minimum and maximum)' {
        # 200 of 0..10000: floor(256 * 0.02) = 5.
        $file = Join-Path $TestDrive 'fixed.png'
        $hot | Export-VoxelSlice -Path $file -Minimum 0 -Maximum 10000
        Get-PixelColour $file 20 20 | Should -Be '#050505'
        $hot | Export-VoxelSlice -Path $file -Percentile 0, 100 -Force
        Get-PixelColour $file 20 20 | Should -Be '#050505'
    }

    It 'maps Float32 maps through a colour map whose ends are the published colours' {
        $ramp = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 1, 1, 'Float32')
        $ramp.SetValue(1, 0, 0, 0.5); $ramp.SetValue(2, 0, 0, 1)
        $file = Join-Path $TestDrive 'viridis.png'
        $ramp | Export-VoxelSlice -Path $file -ColorMap Viridis -Minimum 0 -Maximum 1
        Get-PixelColour $file 0 0 | Should -Be '#440154'
        Get-PixelColour $file 2 0 | Should -Be '#FDE725'
        $ramp | Export-VoxelSlice -Path $file -ColorMap Magma -Minimum 0 -Maximum 1 -Force
        Get-PixelColour $file 0 0 | Should -Be '#000004'
        Get-PixelColour $file 2 0 | Should -Be '#FCFDBF'
    }
}

Describe 'Export-VoxelSlice -Raw' {
    It 'writes the section''s own values: 16-bit grey PNG, exact, in any orientation' {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 4, 'UInt16')
        foreach ($z in 0..3) { foreach ($y in 0..4) { foreach ($x in 0..5) { $v.SetValue($x, $y, $z, 40000 + $x + 10 * $y + 100 * $z) } } }
        $file = Join-Path $TestDrive 'raw.png'
        $v | Export-VoxelSlice -Path $file -Raw -Axis X -Slice 2
        $png = Get-PngSize $file
        $png.Width, $png.Height, $png.BitDepth, $png.ColorType | Should -Be 5, 4, 16, 0
        $back = Import-VoxelStack -LiteralPath $file
        $back.GetValue(3, 1, 0) | Should -Be (40000 + 2 + 30 + 100)   # across y = 3, down z = 1
    }

    It 'writes Float32 values to TIFF and refuses PNG for them' {
        $d = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 3, 3, 'Float32')
        $d.SetValue(1, 2, 1, 0.123456789)
        $tif = Join-Path $TestDrive 'raw.tif'
        $d | Export-VoxelSlice -Path $tif -Raw
        (Import-VoxelStack -LiteralPath $tif).GetValue(1, 2, 0) | Should -Be ([float]0.123456789)
        $d | Export-VoxelSlice -Path (Join-Path $TestDrive 'raw-float.png') -Raw -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'FormatCannotHoldDataType'
        Join-Path $TestDrive 'raw-float.png' | Should -Not -Exist
    }
}

Describe 'Export-VoxelSlice -ScaleBar' {
    It 'draws a bar of a nice length whose pixels are that length over the pixel size' {
        # 256 voxels of 0.390625 µm at -Scale 2: 512 pixels of 0.1953125 µm = 100 µm; a fifth is 20 µm = 102.4 pixels.
        $file = Join-Path $TestDrive 'bar.png'
        New-Ones 256 256 3 0.390625, 0.390625, 0.390625 µm | Export-VoxelSlice -Path $file -Minimum 0 -Maximum 1 -Scale 2 -ScaleBar
        $ink = Get-Ink $file
        $ink.Width | Should -BeGreaterThan 512
        $ink.Height | Should -BeGreaterThan 512
        $bar = Get-LongestDarkRun $ink
        $bar.Length | Should -Be 102
        $bar.Row | Should -BeGreaterThan 512   # under the picture
        # the label "20 µm": ink in the rows below the bar, centred under it
        $centre = $bar.Start + $bar.Length / 2
        $xs = for ($y = $bar.Row + 4; $y -lt $ink.Height; $y++) { for ($x = 0; $x -lt $ink.Width; $x++) { if ($ink.Dark[$y * $ink.Width + $x]) { $x } } }
        @($xs).Count | Should -BeGreaterThan 30
        ($xs | Measure-Object -Average).Average | Should -BeCloseTo $centre -AbsoluteTolerance 8
    }

    It 'measures anisotropic sections in their horizontal pixel size' {
        # x-z section of 10 x 10 x 20 nm voxels, 200 x 50 voxels: drawn 200 x 100 pixels of 10 nm (z rows doubled);
        # a fifth of 2000 nm is 400 nm -> 200 nm = 20 pixels.
        $file = Join-Path $TestDrive 'aniso.png'
        $v = New-Ones 200 30 50 10, 10, 20 nm
        $v | Export-VoxelSlice -Path $file -Axis Y -Minimum 0 -Maximum 1 -ScaleBar
        $bar = Get-LongestDarkRun (Get-Ink $file)
        $bar.Length | Should -Be 20
        $plain = Join-Path $TestDrive 'aniso-plain.png'
        $v | Export-VoxelSlice -Path $plain -Axis Y
        $size = Get-PngSize $plain
        $size.Width, $size.Height | Should -Be 200, 100
    }
}

Describe 'Export-VoxelSlice -Overlay' {
    It 'blends the phase colour over the grey value with the opacity' {
        # grey 100 (window 0..255: entry floor(256 * 100 / 255) = 100) under #E69F00 at 0.4:
        # 0.6 * 100 + 0.4 * (230, 159, 0) = (152, 123.6, 60) -> #987C3C
        $file = Join-Path $TestDrive 'overlay.png'
        $grey | Export-VoxelSlice -Path $file -Slice 1 -Minimum 0 -Maximum 255 -Overlay $overlay -OverlayPhase NMC -Opacity 0.4
        Get-PixelColour $file 2 0 | Should -Be '#987C3C'
        Get-PixelColour $file 1 0 | Should -Be '#646464'   # pore is not drawn
        $grey | Export-VoxelSlice -Path $file -Slice 1 -Minimum 0 -Maximum 255 -Overlay $overlay -Opacity 1 -Force
        Get-PixelColour $file 2 0 | Should -Be '#E69F00'
        Get-PixelColour $file 1 0 | Should -Be '#000000'   # all phases: pore in its colour, black
    }

    It 'adds a legend with the phase names beside the picture' {
        $plain = Join-Path $TestDrive 'phases.png'
        $legend = Join-Path $TestDrive 'phases-legend.png'
        $phases | Export-VoxelSlice -Path $plain
        $phases | Export-VoxelSlice -Path $legend -Legend
        (Get-PngSize $legend).Width | Should -BeGreaterThan ((Get-PngSize $plain).Width + 40)
        # The NMC swatch is NMC orange (#E69F00), right of the picture; the legend is shorter than the
        # picture, so the figure is the picture plus equal margins top and bottom (and left).
        $r, $g, $b = foreach ($c in 'Red', 'Green', 'Blue') { , [byte[]](Import-VoxelStack -LiteralPath $legend -Channel $c).GetSliceArray(0) }
        $size = Get-PngSize $legend
        $w = $size.Width
        $margin = ($size.Height - 256) / 2
        $orange = 0
        for ($y = 0; $y -lt 80; $y++) { for ($x = $margin + 256 + 1; $x -lt $w; $x++) { $i = $y * $w + $x; if ($r[$i] -eq 0xE6 -and $g[$i] -eq 0x9F -and $b[$i] -eq 0) { $orange++ } } }
        $orange | Should -BeGreaterThan 25
    }
}

Describe 'Export-VoxelSlice -OverlayPhase completion' {
    It 'completes the phase names of the -Overlay image' {
        $line = '$grey | Export-VoxelSlice x.png -Overlay $overlay -OverlayPhase '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Be 'Pore', 'NMC'
    }
}

Describe 'Export-VoxelSlice -Orthogonal' {
    It 'lays out xy | yz over xz at the voxels'' physical aspect' {
        # 30 x 20 x 10 voxels at -Scale 2: xy 60 x 40 pixels; with 2-µm z edges yz is 40 (z across) and xz 40 (z down)
        # pixels, with 1-µm edges 20: the montage grows by 20 pixels in both directions.
        $thin = New-Ones 30 20 10 1, 1, 1 µm
        $thick = New-Ones 30 20 10 1, 1, 2 µm
        $a = Join-Path $TestDrive 'ortho1.png'; $b = Join-Path $TestDrive 'ortho2.png'
        $thin | Export-VoxelSlice -Path $a -Orthogonal -Scale 2
        $thick | Export-VoxelSlice -Path $b -Orthogonal -Scale 2
        $sa = Get-PngSize $a; $sb = Get-PngSize $b
        ($sb.Width - $sa.Width), ($sb.Height - $sa.Height) | Should -Be 20, 20
        # panels plus the 4-pixel gap: 60 + 4 + 40 wide, 40 + 4 + 40 high, and equal margins
        ($sb.Width - $sb.Height) | Should -Be 20
        $sb.Width | Should -BeGreaterOrEqual 104
    }

    It 'passes through -Point and writes SVG that is well-formed XML' {
        $svg = Join-Path $TestDrive 'ortho.svg'
        $phases | Export-VoxelSlice -Path $svg -Orthogonal -Point 10, 20, 30 -Legend -ScaleBar -Crosshair
        $xml = [xml](Get-Content -LiteralPath $svg -Raw)
        $xml.DocumentElement.LocalName | Should -Be 'svg'
        [int]$xml.DocumentElement.width | Should -BeGreaterThan (256 + 4 + 256)
        $text = Get-Content -LiteralPath $svg -Raw
        $text | Should -Match '<image'
        $text | Should -Match 'z = 30'
        $text | Should -Match 'NMC'
    }
}

Describe 'Export-VoxelSlice bad requests' {
    It 'refuses <Case> with <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'an opacity above 1'; ErrorId = 'ParameterArgumentValidationError'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Overlay $overlay -Opacity 1.5 } }
        @{ Case = 'a point outside the volume'; ErrorId = 'PointOutOfRange'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Orthogonal -Point 4, 0, 0 } }
        @{ Case = 'a point of two numbers'; ErrorId = 'InvalidPoint'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Orthogonal -Point 1, 1 } }
        @{ Case = 'an overlay of other dimensions'; ErrorId = 'OverlayDimensionMismatch'; Run = { $hot | Export-VoxelSlice -Path $args[0] -Overlay $overlay } }
        @{ Case = 'a colour map on a phase image'; ErrorId = 'ColorMapOnPhaseImage'; Run = { $overlay | Export-VoxelSlice -Path $args[0] -ColorMap Viridis } }
        @{ Case = 'a colour bar on a phase image'; ErrorId = 'ColorBarOnPhaseImage'; Run = { $overlay | Export-VoxelSlice -Path $args[0] -ColorBar } }
        @{ Case = 'a legend without phases'; ErrorId = 'LegendWithoutPhases'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Legend } }
        @{ Case = 'percentiles out of order'; ErrorId = 'InvalidPercentile'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Percentile 90, 10 } }
        @{ Case = 'one percentile'; ErrorId = 'InvalidPercentile'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Percentile 1 } }
        @{ Case = 'an unknown overlay phase'; ErrorId = 'PhaseNotFound'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Overlay $overlay -OverlayPhase CBD } }
        @{ Case = 'an orthogonal view of a single slice'; ErrorId = 'OrthogonalNeedsVolume'; Run = { $hot | Export-VoxelSlice -Path $args[0] -Orthogonal } }
        @{ Case = 'a slice outside the volume'; ErrorId = 'SliceOutOfRange'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Slice 2 -ScaleBar } }
        @{ Case = '-Raw with a colour map'; ErrorId = 'AmbiguousParameterSet'; Run = { $grey | Export-VoxelSlice -Path $args[0] -Raw -ColorMap Viridis } }
    ) {
        $file = Join-Path $TestDrive ('bad-' + [guid]::NewGuid().ToString('N') + '.png')
        $ErrorActionPreference = 'Stop'
        $err = $null
        try { & $Run $file } catch { $err = @($_) }
        Get-ErrorId $err | Should -Be $ErrorId
        $file | Should -Not -Exist
    }

    It 'writes nothing under -WhatIf' {
        $file = Join-Path $TestDrive 'whatif.svg'
        $electrode | Export-VoxelSlice -Path $file -Orthogonal -ScaleBar -WhatIf
        $file | Should -Not -Exist
    }
}

# Export-LinePlot: a PNG line plot of any objects' numeric properties (-X, -Y), one line of its own
# colour per group (-GroupBy); its size and documented default size; its refusal of missing or
# non-numeric properties and of nothing to plot, without writing a file.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # The number of pixels of a picture with exactly each of the given colours.
    function Measure-PixelColour([string] $LiteralPath, [MicroMorph.Core.Imaging.RgbColor[]] $Colour) {
        $red = Import-VoxelStack -LiteralPath $LiteralPath -Channel Red -ErrorAction Stop
        $green = Import-VoxelStack -LiteralPath $LiteralPath -Channel Green -ErrorAction Stop
        $blue = Import-VoxelStack -LiteralPath $LiteralPath -Channel Blue -ErrorAction Stop
        $counts = [long[]]::new($Colour.Count)
        for ($y = 0; $y -lt $red.Height; $y++) {
            for ($x = 0; $x -lt $red.Width; $x++) {
                $r = $red.GetValue($x, $y, 0)
                for ($i = 0; $i -lt $Colour.Count; $i++) {
                    if ($r -eq $Colour[$i].R -and $green.GetValue($x, $y, 0) -eq $Colour[$i].G -and $blue.GetValue($x, $y, 0) -eq $Colour[$i].B) {
                        $counts[$i]++
                    }
                }
            }
        }
        , $counts
    }

    # Objects and hashtables mixed, two groups (Phase) of four points each.
    $rows = foreach ($v in 0.04, 0.08, 0.12, 0.16) {
        [pscustomobject]@{ Graphite = $v; Phase = 'Solid'; Beta = 0.2 + $v; Tau = 1.5 }
        @{ Graphite = $v; Phase = 'Pore'; Beta = 0.3 - $v; Tau = 1.2 }
    }
    # The palette of the lines, in order.
    $first = [MicroMorph.Core.Plotting.LinePlotRenderer]::SeriesColors[0]
    $second = [MicroMorph.Core.Plotting.LinePlotRenderer]::SeriesColors[1]
}

Describe 'Export-LinePlot' {
    It 'draws each group as a line of its own colour' {
        $file = $rows | Export-LinePlot TestDrive:\grouped.png -X Graphite -Y Beta -GroupBy Phase -Width 600 -Height 400 -PassThru -ErrorAction Stop
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Exists | Should -BeTrue
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be 600
        $size.Height | Should -Be 400
        $rows | Where-Object Phase -eq 'Solid' | Export-LinePlot TestDrive:\single.png -X Graphite -Y Beta -ErrorAction Stop
        # The documented default size.
        $size = Get-PngSize (Join-Path $TestDrive 'single.png')
        $size.Width | Should -Be 900
        $size.Height | Should -Be 560

        $grouped = Measure-PixelColour (Join-Path $TestDrive 'grouped.png') $first, $second
        $grouped[0] | Should -BeGreaterThan 200 -Because 'the first group is drawn'
        $grouped[1] | Should -BeGreaterThan 200 -Because 'the second group is drawn'
        $single = Measure-PixelColour (Join-Path $TestDrive 'single.png') $first, $second
        $single[0] | Should -BeGreaterThan 200
        $single[1] | Should -Be 0
    }

    It 'names missing and non-numeric properties and writes nothing' {
        $rows | Export-LinePlot TestDrive:\bad.png -X Graphite -Y Porosity -ErrorVariable missing -ErrorAction SilentlyContinue
        Get-ErrorId $missing | Should -Contain 'PlotPropertyNotFound'
        $missing[0].Exception.Message | Should -Match 'Porosity'
        $rows | Export-LinePlot TestDrive:\bad.png -X Phase -Y Beta -ErrorVariable text -ErrorAction SilentlyContinue
        Get-ErrorId $text | Should -Contain 'NonNumericPlotValue'
        Test-Path -LiteralPath (Join-Path $TestDrive 'bad.png') | Should -BeFalse

        # Nothing at all, and only points that are not finite.
        @() | Export-LinePlot TestDrive:\bad.png -X a -Y b -ErrorVariable empty -ErrorAction SilentlyContinue
        Get-ErrorId $empty | Should -Contain 'NothingToPlot'
        [pscustomobject]@{ a = 1; b = [double]::NaN } | Export-LinePlot TestDrive:\bad.png -X a -Y b -ErrorVariable nan -ErrorAction SilentlyContinue
        Get-ErrorId $nan | Should -Contain 'NothingToPlot'
        Test-Path -LiteralPath (Join-Path $TestDrive 'bad.png') | Should -BeFalse
    }
}

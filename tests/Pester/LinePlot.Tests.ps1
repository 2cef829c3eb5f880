# Export-LinePlot: a line plot of any objects' numeric properties (-X, -Y) through ScottPlot, one
# line of its own colour per group (-GroupBy); PNG or SVG by the extension; its size, scale and
# documented default size; the axis labels drawn where they belong; logarithmic axes; its refusal
# of missing or non-numeric properties, of nothing to plot and of other formats, without writing a file.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Objects and hashtables mixed, two groups (Phase) of four points each.
    $rows = foreach ($v in 0.04, 0.08, 0.12, 0.16) {
        [pscustomobject]@{ Graphite = $v; Phase = 'Solid'; Beta = 0.2 + $v; Tau = 1.5 }
        @{ Graphite = $v; Phase = 'Pore'; Beta = 0.3 - $v; Tau = 1.2 }
    }
    # The palette of the lines, in order, as SVG writes colours (#RRGGBB).
    $palette = [MicroMorph.Core.Plotting.PlotStyle]::SeriesColors | ForEach-Object { '#{0:X2}{1:X2}{2:X2}' -f $_.R, $_.G, $_.B }
}

Describe 'Export-LinePlot' {
    It 'writes the requested and the documented default size, times -Scale' {
        $file = $rows | Export-LinePlot TestDrive:\grouped.png -X Graphite -Y Beta -GroupBy Phase -Width 600 -Height 400 -PassThru -ErrorAction Stop
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Exists | Should -BeTrue
        $size = Get-PngSize $file.FullName
        $size.Width, $size.Height | Should -Be 600, 400
        $rows | Export-LinePlot TestDrive:\default.png -X Graphite -Y Beta -ErrorAction Stop
        $size = Get-PngSize (Join-Path $TestDrive 'default.png')
        $size.Width, $size.Height | Should -Be 900, 560
        $rows | Export-LinePlot TestDrive:\print.png -X Graphite -Y Beta -Width 450 -Height 280 -Scale 2 -ErrorAction Stop
        $size = Get-PngSize (Join-Path $TestDrive 'print.png')
        $size.Width, $size.Height | Should -Be 900, 560
    }

    It 'draws the x label in the bottom strip and the y label in the left strip' {
        # The same plot with blank labels (spaces keep the layout) has no ink there.
        $rows | Export-LinePlot TestDrive:\labelled.png -X Graphite -Y Beta -XLabel 'Graphite volume fraction V1' -YLabel 'Constrictivity β' -ErrorAction Stop
        $rows | Export-LinePlot TestDrive:\blank.png -X Graphite -Y Beta -XLabel '   ' -YLabel '   ' -ErrorAction Stop
        $labelled = Join-Path $TestDrive 'labelled.png'
        $blank = Join-Path $TestDrive 'blank.png'
        $bottom = (Get-PngInk $labelled 0 0.96 1 1), (Get-PngInk $blank 0 0.96 1 1)
        $left = (Get-PngInk $labelled 0 0 0.03 1), (Get-PngInk $blank 0 0 0.03 1)
        $bottom[0] | Should -BeGreaterThan ($bottom[1] + 60) -Because 'the x label is drawn under the plot'
        $left[0] | Should -BeGreaterThan ($left[1] + 60) -Because 'the y label is drawn left of the plot'
        $bottom[1] | Should -BeLessThan 10 -Because 'nothing else is drawn there'
    }

    It 'writes SVG with the labels as text and each group in its own colour' {
        $rows | Export-LinePlot TestDrive:\grouped.svg -X Graphite -Y Beta -GroupBy Phase -XLabel 'Graphite volume fraction V1' -YLabel 'Constrictivity β' -ErrorAction Stop
        $path = Join-Path $TestDrive 'grouped.svg'
        $text = Get-SvgText $path
        $text | Should -Contain 'Graphite volume fraction V1'
        $text | Should -Contain 'Constrictivity β'
        $text | Should -Contain 'Solid'
        $text | Should -Contain 'Pore'
        $text | Should -Contain 'Beta against Graphite'
        $svg = Get-Content -LiteralPath $path -Raw
        $svg | Should -Match $palette[0] -Because 'the first group is drawn in the first colour'
        $svg | Should -Match $palette[1] -Because 'the second group is drawn in the second colour'

        $rows | Where-Object Phase -EQ 'Solid' | Export-LinePlot TestDrive:\single.svg -X Graphite -Y Beta -ErrorAction Stop
        Get-Content -LiteralPath (Join-Path $TestDrive 'single.svg') -Raw | Should -Not -Match $palette[1] -Because 'one group has one colour'
    }

    It 'draws logarithmic axes with -LogX and -LogY, labelled with the values' {
        $decades = 1, 10, 100, 1000 | ForEach-Object { [pscustomobject]@{ Volume = $_; Count = 1000 / $_ } }
        $decades | Export-LinePlot TestDrive:\log.svg -X Volume -Y Count -LogX -LogY -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'log.svg')
        foreach ($label in '1', '10', '100', '1000') { $text | Should -Contain $label }
        # Linear, the ticks would be evenly spaced values such as 200, 400.
        $text | Should -Not -Contain '400'
        # Only positive values can go on a logarithmic axis.
        [pscustomobject]@{ a = 0; b = 1 } | Export-LinePlot TestDrive:\bad.svg -X a -Y b -LogX -ErrorVariable nonpositive -ErrorAction SilentlyContinue
        Get-ErrorId $nonpositive | Should -Be 'NothingToPlot'
    }

    It 'draws the interval of -YLower and -YUpper as error bars, or as a band with -Band' {
        $runs = foreach ($v in 0.04, 0.08, 0.12) { [pscustomobject]@{ V1 = $v; Beta = 0.5 + $v; Low = 0.45 + $v; High = 0.55 + $v } }
        $runs | Export-LinePlot TestDrive:\bars.svg -X V1 -Y Beta -YLower Low -YUpper High -ErrorAction Stop
        Get-SvgText (Join-Path $TestDrive 'bars.svg') | Should -Contain 'Low to High'
        $runs | Export-LinePlot TestDrive:\band.svg -X V1 -Y Beta -YLower Low -YUpper High -Band -IntervalLabel '95% confidence interval' -ErrorAction Stop
        Get-SvgText (Join-Path $TestDrive 'band.svg') | Should -Contain '95% confidence interval'
        # The axis reaches the interval's ends, not only the values.
        $runs | Export-LinePlot TestDrive:\wide.svg -X V1 -Y Beta -YLower Low -YUpper High -ErrorAction Stop
        $runs | Export-LinePlot TestDrive:\narrow.svg -X V1 -Y Beta -ErrorAction Stop
        $ticks = { param($path) @(Get-SvgText $path | Where-Object { $_ -match '^0\.\d+$' } | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }) }
        (& $ticks (Join-Path $TestDrive 'wide.svg') | Measure-Object -Maximum).Maximum |
            Should -BeGreaterThan ((& $ticks (Join-Path $TestDrive 'narrow.svg') | Measure-Object -Maximum).Maximum)
    }

    It 'refuses an interval with one end (IncompleteInterval) or around several -Y (IntervalNeedsOneY), writing nothing' {
        $rows | Export-LinePlot TestDrive:\half.png -X Graphite -Y Beta -YLower Tau -ErrorVariable half -ErrorAction SilentlyContinue
        Get-ErrorId $half | Should -Be 'IncompleteInterval'
        $rows | Export-LinePlot TestDrive:\half.png -X Graphite -Y Beta -Band -ErrorVariable band -ErrorAction SilentlyContinue
        Get-ErrorId $band | Should -Be 'IncompleteInterval'
        $rows | Export-LinePlot TestDrive:\two.png -X Graphite -Y Beta, Tau -YLower Tau -YUpper Beta -ErrorVariable two -ErrorAction SilentlyContinue
        Get-ErrorId $two | Should -Be 'IntervalNeedsOneY'
        Test-Path -LiteralPath (Join-Path $TestDrive 'half.png') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $TestDrive 'two.png') | Should -BeFalse
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

    It 'refuses other formats (UnsupportedPlotFormat), also under -WhatIf, and writes nothing' {
        $rows | Export-LinePlot TestDrive:\plot.jpeg -X Graphite -Y Beta -ErrorVariable jpeg -ErrorAction SilentlyContinue
        Get-ErrorId $jpeg | Should -Be 'UnsupportedPlotFormat'
        $rows | Export-LinePlot TestDrive:\plot.pdf -X Graphite -Y Beta -WhatIf -ErrorVariable pdf -ErrorAction SilentlyContinue
        Get-ErrorId $pdf | Should -Be 'UnsupportedPlotFormat'
        Test-Path -LiteralPath (Join-Path $TestDrive 'plot.jpeg') | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $TestDrive 'plot.pdf') | Should -BeFalse
    }
    It 'marks the points of short series only (-Marker Auto), or always or never as -Marker says' {
        # ScottPlot writes a circle marker as an SVG <ellipse>: one per point plus one in the legend.
        $markers = { param($file) ([xml](Get-Content -LiteralPath (Join-Path $TestDrive $file) -Raw)).SelectNodes('//*[local-name()="ellipse"]').Count }
        $curve = 0..255 | ForEach-Object { [pscustomobject]@{ R = $_ / 255; C = [math]::Exp(-$_ / 50) } }
        $curve | Export-LinePlot TestDrive:\dense.svg -X R -Y C -ErrorAction Stop
        & $markers 'dense.svg' | Should -Be 0 -Because 'a 256-point curve would look beaded'
        $curve | Export-LinePlot TestDrive:\forced.svg -X R -Y C -Marker Always -ErrorAction Stop
        & $markers 'forced.svg' | Should -Be 257
        $rows | Where-Object Phase -EQ 'Solid' | Export-LinePlot TestDrive:\few.svg -X Graphite -Y Beta -ErrorAction Stop
        & $markers 'few.svg' | Should -Be 5
        $rows | Where-Object Phase -EQ 'Solid' | Export-LinePlot TestDrive:\plain.svg -X Graphite -Y Beta -Marker Never -ErrorAction Stop
        & $markers 'plain.svg' | Should -Be 0
    }

    It 'draws scatter clouds without lines (-Style Scatter), or only the series named by -ScatterSeries' {
        $svg = { param($file) [xml](Get-Content -LiteralPath (Join-Path $TestDrive $file) -Raw) }
        $lines = { param($doc, $colour) @($doc.SelectNodes('//*[local-name()="path"]') | Where-Object { $_.GetAttribute('stroke') -eq $colour }).Count }
        $grains = 1..60 | ForEach-Object { [pscustomobject]@{ Particle = $_; Grain = $_ * (0.3 + ($_ % 5) / 10); Series = 'Grains' } }
        $means = 1..6 | ForEach-Object { [pscustomobject]@{ Particle = 10 * $_; Grain = 5 * $_; Series = 'Class means' } }
        $grains | Export-LinePlot TestDrive:\cloud.svg -X Particle -Y Grain -Style Scatter -ErrorAction Stop
        $doc = & $svg 'cloud.svg'
        $doc.SelectNodes('//*[local-name()="ellipse"]').Count | Should -Be 61
        & $lines $doc $palette[0] | Should -Be 0 -Because 'a scatter plot draws no line'

        @($grains) + @($means) | Export-LinePlot TestDrive:\mixed.svg -X Particle -Y Grain -GroupBy Series -ScatterSeries Grains -LogX -LogY -ErrorAction Stop
        $doc = & $svg 'mixed.svg'
        $doc.SelectNodes('//*[local-name()="ellipse"]').Count | Should -Be (60 + 6 + 2)
        & $lines $doc $palette[0] | Should -Be 0 -Because 'the grains are a cloud'
        & $lines $doc $palette[1] | Should -Be 2 -Because 'the class means are a line (and its legend symbol)'
        Get-SvgText (Join-Path $TestDrive 'mixed.svg') | Should -Contain 'Grains'

        $grains | Export-LinePlot TestDrive:\unknown.svg -X Particle -Y Grain -GroupBy Series -ScatterSeries Grain -ErrorVariable unknown -ErrorAction SilentlyContinue
        Get-ErrorId $unknown | Should -Be 'UnknownPlotSeries'
        Test-Path -LiteralPath (Join-Path $TestDrive 'unknown.svg') | Should -BeFalse
    }

    It 'draws one band in grey, and names each series'' interval in the legend when there are several' {
        $runs = foreach ($v in 0.04, 0.08, 0.12) {
            [pscustomobject]@{ V1 = $v; Beta = 0.5 + $v; Low = 0.45 + $v; High = 0.55 + $v; Phase = 'Solid' }
            [pscustomobject]@{ V1 = $v; Beta = 0.2 + $v; Low = 0.15 + $v; High = 0.25 + $v; Phase = 'Pore' }
        }
        $fills = { param($file) @(([xml](Get-Content -LiteralPath (Join-Path $TestDrive $file) -Raw)).SelectNodes('//*[local-name()="path"]') | ForEach-Object { $_.GetAttribute('fill') } | Where-Object { $_ -and $_ -ne 'none' }) }
        $runs | Where-Object Phase -EQ 'Solid' | Export-LinePlot TestDrive:\grey.svg -X V1 -Y Beta -YLower Low -YUpper High -Band -IntervalLabel '95 % interval' -ErrorAction Stop
        & $fills 'grey.svg' | Should -Contain '#999' -Because 'a single band is neutral grey (Skia writes #999999 as #999)'
        & $fills 'grey.svg' | Should -Not -Contain $palette[0]
        Get-SvgText (Join-Path $TestDrive 'grey.svg') | Should -Contain '95 % interval'

        $runs | Export-LinePlot TestDrive:\two.svg -X V1 -Y Beta -YLower Low -YUpper High -Band -GroupBy Phase -IntervalLabel '95 % interval' -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'two.svg')
        $text | Should -Contain 'Solid: 95 % interval'
        $text | Should -Contain 'Pore: 95 % interval'
        $text | Should -Not -Contain '95 % interval'
    }
}

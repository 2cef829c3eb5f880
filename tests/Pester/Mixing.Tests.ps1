# The mixing cmdlets of 000 (TEM-EDX maps of carbon-silica aggregates): New-AggregateMap and
# Import-AggregateMap -> Get-SchmahlIndex (Eqs. 4-6) -> Measure-MixingQuality (psi, Eqs. 10-13),
# Get-ConcentrationCorrelation with its model fit, Export-MixingPlot, and the errors of bad maps.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'New-AggregateMap names' {
    It 'names maps by arrangement and seed, or by -Name and seed' {
        (New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 6 -Count 2 -Seed 5).Name | Should -Be 'Random-5', 'Random-6'
        (New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 6 -Arrangement Segregated -ClusterCount 40 -Seed 9 -Name Dispersed).Name |
            Should -Be 'Dispersed-9'
    }
}

Describe 'Get-SchmahlIndex and Measure-MixingQuality' {
    It 'takes simulated maps through the Schmahl index into the mixing quality' {
        $maps = New-AggregateMap -Size 256 -CarbonDiameter 8 -SilicaDiameter 6 -Coverage 0.4 -Count 4 -Seed 10
        $indices = $maps | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -Seed 1
        $quality = $indices | Measure-MixingQuality -MaxCarbonFraction 0.99
        # A random mixture has a Schmahl index near 1 (0.6 to 1.4).
        $indices.SchmahlIndex | Should -BeCloseTo 1, 1, 1, 1 -AbsoluteTolerance 0.4
        $indices.Name | Should -Be 'Random-10', 'Random-11', 'Random-12', 'Random-13'
        $quality.AggregateCount | Should -Be 4
        $quality.MeanSchmahlIndex | Should -BeCloseTo ($indices.SchmahlIndex | Measure-Object -Average).Average -AbsoluteTolerance 5e-13
    }

    It 'gives the variance curve over a list of particle counts, with single pixels' {
        $rows = New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 8 -Arrangement Segregated -Seed 3 |
            Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 1, 5, 10, 25 -IncludeSinglePixel -SampleCount 120 -Seed 2
        $rows.ParticleCount | Should -Be 0, 1, 5, 10, 25
        $rows.SampleCount | Should -Be 120, 120, 120, 120, 120
        [double]::IsNaN($rows[0].SchmahlIndex) | Should -BeTrue
        # At N = 1, Eq. 5 is close to Eq. 4 and Eq. 6 degenerates; from N = 5 on a segregated map is near 0 (-0.5 to 0.5).
        $rows[2..4].SchmahlIndex | Should -BeCloseTo 0, 0, 0 -AbsoluteTolerance 0.5
    }

    It 'reproduces the arithmetic of Section 3.3 from objects with the two properties' {
        # 50 C65 aggregates with 000 Section 3.3's means and variances -> psi 0.927, 0.867, 0.751.
        $dp = [math]::Sqrt(49 * 0.015 / 50); $dm = [math]::Sqrt(49 * 0.033 / 50)
        $q = 0..49 | ForEach-Object {
            $s = if ($_ % 2) { -1 } else { 1 }
            [pscustomobject]@{ CarbonFraction = 0.71 + $s * $dp; SchmahlIndex = 0.458 + $s * $dm }
        } | Measure-MixingQuality
        [Math]::Round($q.PsiP, 3) | Should -Be 0.927
        [Math]::Round($q.PsiM, 3) | Should -Be 0.867
        [Math]::Round($q.PsiCombined, 3) | Should -Be 0.751
        [MicroMorph.Core.Mixing.MixingQuality]::Compute([double[]](0.5, 0.7), [double[]](0.4, 0.6), 1, 1, 1, [double]::PositiveInfinity) |
            Show-AsConsole -Width 200 | Should -MatchExactly 'PsiCombined'
    }
}

Describe 'The random-mixture reference (issue 22)' {
    It 'gives twelve random maps finite psi values, saying which indices Eqs. 11-13 used' {
        $rows = New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 0.7 -Count 12 -Seed 40 |
            Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ReferenceSimulations 8 -Seed 3 -WarningAction SilentlyContinue
        # The audit's finding: random mixtures average above 1 on the paper's index, so Eq. 11 alone gives NaN.
        ($rows | Measure-Object SchmahlIndex -Average).Average | Should -BeGreaterThan 1
        $rows.ReferenceMethod | Select-Object -Unique | Should -Be 'Relabel'
        $q = $rows | Measure-MixingQuality
        $q.PsiIndexSource | Should -Be 'ReferenceCapped'
        foreach ($v in $q.PsiP, $q.PsiM, $q.PsiCombined) { [double]::IsFinite($v) | Should -BeTrue }
        $q.MeanReferenceIndex | Should -BeCloseTo 1 -AbsoluteTolerance 0.1
        # Without the reference column the paper's indices are capped instead.
        $paperOnly = $rows | Select-Object CarbonFraction, SchmahlIndex | Measure-MixingQuality
        $paperOnly.PsiIndexSource | Should -Be 'PaperCapped'
        [double]::IsFinite($paperOnly.PsiM) | Should -BeTrue
    }

    It 'is deterministic with -Seed, warns at small N and high coverage, and can be switched off' {
        $map = New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 1.2 -Seed 7
        $a = $map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 5 -ReferenceSimulations 6 -Seed 2 -WarningVariable w -WarningAction SilentlyContinue
        $b = $map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 5 -ReferenceSimulations 6 -Seed 2 -WarningAction SilentlyContinue
        $a.ReferenceIndex | Should -Be $b.ReferenceIndex
        $a.ReferenceSimulations | Should -Be 6
        $a.RandomMixtureSchmahlIndex | Should -BeGreaterThan 1.1
        "$w" | Should -Match 'random mixture scores 1\.[1-9]'
        $off = $map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 25 -ReferenceSimulations 0 -Seed 2
        [double]::IsNaN($off.ReferenceIndex) | Should -BeTrue
        $off.SchmahlIndex | Should -Be ($map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ParticleCount 25 -Seed 2 -WarningAction SilentlyContinue).SchmahlIndex
    }

    It 'uses matched maps for imported maps, and -NoOverlap makes maps without [1,1] pixels' {
        $map = New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 0.35 -NoOverlap -Seed 5
        $map.BothCount | Should -Be 0
        $map.HasParticles | Should -BeTrue
        $bare = [MicroMorph.Core.Mixing.AggregateMap]::new($map.Width, $map.Height, $map.GetClasses(), 1, 'px', 'bare')
        $r = $bare | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -ReferenceSimulations 6 -Seed 1 -WarningAction SilentlyContinue
        $r.ReferenceMethod | Should -Be 'Matched'
        $r.ReferenceVarianceError | Should -BeLessThan $r.ReferenceVariance
        (Invoke-UserCommand { New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 0.9 -NoOverlap -Seed 1 }).ErrorId |
            Should -Match 'CoverageTooHigh'
    }

    It 'reads the size spreads of Eq. 5 as area (default) or diameter' {
        $map = New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -CarbonDiameterSpread 2 -SilicaDiameterSpread 2 -Seed 6
        $area = $map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -CarbonDiameterSpread 2 -SilicaDiameterSpread 2 -ReferenceSimulations 0 -Seed 1 -WarningAction SilentlyContinue
        $diameter = $map | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 8 -CarbonDiameterSpread 2 -SilicaDiameterSpread 2 -SpreadReading Diameter -ReferenceSimulations 0 -Seed 1 -WarningAction SilentlyContinue
        $area.SpreadReading | Should -Be 'Area'
        # Equal species, cv 0.25 (gamma shape k = 16): bracket 1 + cv_area^2 = 1 + (4k + 6) / (k (k + 1)) against 1 + cv^2.
        $area.MinVariance / $diameter.MinVariance | Should -BeCloseTo ((1 + 70 / 272) / 1.0625) -AbsoluteTolerance 1e-9
    }
}

Describe 'Import-AggregateMap' {
    BeforeAll {
        # 4 x 3 maps: row 0 carbon, row 1 silicon, pixel (0, 2) both; a grey map and a smaller one.
        $c = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8'); $s = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8')
        $g = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8'); $small = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 3, 1, 'UInt8')
        0..3 | ForEach-Object { $c.SetValue($_, 0, 0, 255); $s.SetValue($_, 1, 0, 255); $g.SetValue($_, 0, 0, 50 * $_) }
        $c.SetValue(0, 2, 0, 255); $s.SetValue(0, 2, 0, 255)
        $c | Export-VoxelStack -Path TestDrive:\agg1_C.tif
        $s | Export-VoxelStack -Path TestDrive:\agg1_Si.tif
        $g | Export-VoxelStack -Path TestDrive:\grey.tif
        $small | Export-VoxelStack -Path TestDrive:\small.tif
    }

    It 'imports element map files in pairs and reports bad maps' {
        $map = [pscustomobject]@{ CarbonPath = 'TestDrive:\agg1_C.tif'; SiliconPath = 'TestDrive:\agg1_Si.tif' } | Import-AggregateMap -PixelSize 2
        $map.CarbonOnlyCount, $map.SilicaOnlyCount, $map.BothCount | Should -Be 4, 4, 1
        $map.PixelSize | Should -Be 2
        $map.Unit | Should -Be 'nm'
        $map.CarbonFraction | Should -BeCloseTo (4.5 / 9) -AbsoluteTolerance 5e-13

        (Invoke-UserCommand { Import-AggregateMap TestDrive:\grey.tif TestDrive:\agg1_Si.tif }).ErrorId | Should -Be 'MapNotBinary'
        $thresholded = Import-AggregateMap TestDrive:\grey.tif TestDrive:\agg1_Si.tif -Threshold 100, 1
        $thresholded.CarbonOnlyCount + $thresholded.BothCount | Should -Be 2 -Because 'grey 100 and 150 of row 0 reach the threshold'
        (Invoke-UserCommand { Import-AggregateMap TestDrive:\agg1_C.tif TestDrive:\small.tif }).ErrorId | Should -Be 'MapSizeMismatch'
        (Invoke-UserCommand { Import-AggregateMap TestDrive:\agg1_C.tif TestDrive:\missing.tif }).ErrorId | Should -Be 'PathNotFound'

        (Invoke-UserCommand { Import-AggregateMap TestDrive:\agg1_C.tif TestDrive:\agg1_Si.tif | Get-SchmahlIndex -CarbonDiameter 2 -SilicaDiameter 2 -ParticleCount 100 }).ErrorId |
            Should -Be 'CutoutExceedsAggregate'
        (Invoke-UserCommand { Import-AggregateMap TestDrive:\small.tif TestDrive:\small.tif | Get-SchmahlIndex -CarbonDiameter 2 -SilicaDiameter 2 }).ErrorId |
            Should -Be 'EmptyForeground'
        (Invoke-UserCommand { Import-AggregateMap TestDrive:\agg1_C.tif TestDrive:\agg1_C.tif | Get-ConcentrationCorrelation -MaxDistance 2 }).ErrorId |
            Should -Be 'SpeciesMissing'

        # The map is named after the carbon file, whatever form of PowerShell path named it.
        $map.Name | Should -Be 'agg1_C'
    }
}

Describe 'Get-ConcentrationCorrelation' {
    It 'averages over aggregates, fits the correlation model and shows it' {
        $r = New-AggregateMap -Size 160 -CarbonDiameter 8 -SilicaDiameter 8 -Coverage 0.6 -Arrangement Segregated -ClusterCount 6 -Count 3 -Seed 5 |
            Get-ConcentrationCorrelation -MaxDistance 60 -Bandwidth 2 -Average -Fit
        @($r).Count | Should -Be 1
        $r.AggregateCount | Should -Be 3
        $r.Points.Count | Should -Be 61
        $r.Fit | Should -Not -BeNullOrEmpty
        $r.Fit.RSquared | Should -BeGreaterThan 0.9
        $r.Fit.Nu | Should -BeCloseTo 1 -AbsoluteTolerance 1 -Because 'nu lies in [0, 2]'
        $r.Fit.Lambda | Should -BeCloseTo 0.5 -AbsoluteTolerance 0.5 -Because 'lambda lies in [0, 1]'

        New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Get-ConcentrationCorrelation -MaxDistance 10 -Fit |
            Show-AsConsole -Width 200 | Should -MatchExactly 'Lambda'
        New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Show-AsConsole -Width 200 | Should -MatchExactly 'Random-1'
    }
}

Describe 'Export-MixingPlot' {
    BeforeAll {
        $Indices = New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 6 -Count 5 -Seed 1 |
            Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -IncludeSinglePixel -Seed 1
        $Curve = New-AggregateMap -Size 100 -CarbonDiameter 8 -SilicaDiameter 8 -Arrangement Segregated -Seed 2 |
            Get-ConcentrationCorrelation -MaxDistance 30 -Fit
    }

    It 'writes histogram, heat map and correlation pictures as PNG of the requested size' {
        $files = @(
            $Indices | Export-MixingPlot TestDrive:\h.png -PassThru
            $Indices | Export-MixingPlot TestDrive:\m.png -Kind Heatmap -Width 600 -Height 500 -PassThru
            $Curve | Export-MixingPlot TestDrive:\r.png -Width 400 -Height 300 -Scale 2 -PassThru
        )
        $files.Count | Should -Be 3
        foreach ($f in $files) {
            $f | Should -BeOfType ([System.IO.FileInfo])
            $f.Length | Should -BeGreaterThan 1000
        }
        $size = Get-PngSize (Join-Path $TestDrive 'h.png')
        $size.Width, $size.Height | Should -Be 900, 560
        $size = Get-PngSize (Join-Path $TestDrive 'm.png')
        $size.Width, $size.Height | Should -Be 600, 500
        $size = Get-PngSize (Join-Path $TestDrive 'r.png')
        $size.Width, $size.Height | Should -Be 800, 600

        (Invoke-UserCommand {
            New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 |
                Get-SchmahlIndex -CarbonDiameter 6 -SilicaDiameter 6 -ParticleCount 2 | Export-MixingPlot TestDrive:\h.png
        }).ErrorId | Should -Be 'OutputExists'
        (Invoke-UserCommand { New-AggregateMap -Size 64 -CarbonDiameter 6 -SilicaDiameter 6 -Seed 1 | Export-MixingPlot TestDrive:\x.png }).ErrorId |
            Should -Be 'NotAPlottableResult'
        (Invoke-UserCommand { $Indices | Export-MixingPlot TestDrive:\x.bmp }).ErrorId | Should -Be 'UnsupportedPlotFormat'
        Test-Path -LiteralPath (Join-Path $TestDrive 'x.bmp') | Should -BeFalse
    }

    It 'draws the heat map (Fig. 6) with a colour bar counting the aggregates, as SVG' {
        $Indices | Export-MixingPlot TestDrive:\m.svg -Kind Heatmap -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'm.svg')
        $text | Should -Contain 'Carbon fraction P'
        $text | Should -Contain 'Schmahl index Mₐₛ' -Because 'M_AS is written with its subscript'
        $text | Where-Object { $_ -like '*_*' } | Should -BeNullOrEmpty
        $text | Should -Contain 'Number of aggregates' -Because 'the colour bar is labelled'
        @($text | Where-Object { $_ -like 'Mean (*' }).Count | Should -Be 1
        # The mean marked is the mean of the aggregates with a finite index.
        $finite = @($Indices | Where-Object { [double]::IsFinite($_.SchmahlIndex) })
        $mean = '({0}, {1})' -f ($finite.CarbonFraction | Measure-Object -Average).Average.ToString('F2', [cultureinfo]::InvariantCulture),
            ($finite.SchmahlIndex | Measure-Object -Average).Average.ToString('F2', [cultureinfo]::InvariantCulture)
        $text | Should -Contain "Mean $mean"
    }

    It 'draws one histogram per -GroupBy value over the others (Fig. 5a), each of relative frequencies over its own aggregates' {
        $dispersed = New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 6 -Arrangement Segregated -ClusterCount 200 -Count 4 -Seed 1 |
            Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -Seed 1 |
            Add-Member -NotePropertyName Type -NotePropertyValue 'C65' -PassThru
        $segregated = New-AggregateMap -Size 200 -CarbonDiameter 8 -SilicaDiameter 6 -Arrangement Segregated -ClusterCount 3 -Count 3 -Seed 5 |
            Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -Seed 1 |
            Add-Member -NotePropertyName Type -NotePropertyValue 'KB' -PassThru
        @($dispersed) + @($segregated) | Export-MixingPlot TestDrive:\groups.svg -GroupBy Type -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'groups.svg')
        foreach ($group in @{ Name = 'C65'; Results = $dispersed }, @{ Name = 'KB'; Results = $segregated }) {
            $mean = ($group.Results.SchmahlIndex | Measure-Object -Average).Average.ToString('F3', [cultureinfo]::InvariantCulture)
            $text | Should -Contain "$($group.Name): $($group.Results.Count) aggregates, mean $mean"
        }
        @($text | Where-Object { $_ -like '*aggregates, mean*' }).Count | Should -Be 2
        # Two bar series, each in its own colour.
        $svg = Get-Content -LiteralPath (Join-Path $TestDrive 'groups.svg') -Raw
        $svg | Should -Match '#0072B2'
        $svg | Should -Match '#D55E00'

        (Invoke-UserCommand { $dispersed | Export-MixingPlot TestDrive:\g.png -GroupBy Condition }).ErrorId | Should -Be 'PlotPropertyNotFound'
        (Invoke-UserCommand { $dispersed | Export-MixingPlot TestDrive:\g.png -GroupBy Type -Kind Heatmap }).ErrorId | Should -Be 'GroupingNeedsHistogram'
        Test-Path -LiteralPath (Join-Path $TestDrive 'g.png') | Should -BeFalse
    }

    It 'draws R(h) with its fit (Fig. 7), the distance in the unit of the map' {
        $Curve | Export-MixingPlot TestDrive:\r.svg -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'r.svg')
        $text | Should -Contain ('Distance h ({0})' -f $Curve.Unit)
        $text | Should -Contain 'Correlation coefficient R(h)'
        @($text | Where-Object { $_ -like '*Eq. 14 fit, R² = *' }).Count | Should -Be 1
    }
}

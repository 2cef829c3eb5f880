# examples/Mixing-Quality.ps1 as a guarded lab workflow (seed 000, Buchheiser et al.). The test
# recomputes the paper's formulas with plain PowerShell from what the example measured (pixel
# classes -> Eq. 4, local concentrations -> Eq. 1, variances -> Eq. 6, per-aggregate values ->
# Eqs. 2 and 10-13), checks the Eq. 14 refit of the paper's Table 1, and the orderings the paper
# reports: a segregated system mixes worse than a dispersed one, and a completely random mixture
# sits at the random-mixing bound (Schmahl index 1).
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Mixing-Quality @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result
    $script:Condition = @{}
    $Run.Conditions | ForEach-Object { $Condition[$_.Condition] = $_ }
    $script:Summary = @{}
    $Run.Summary | ForEach-Object { $Summary[$_.Condition] = $_ }

    # Eq. 3-4 from a map's pixel classes (1 = [1,0] carbon, 2 = [0,1] silica, 3 = [1,1] both, 0 background).
    function Get-UnmixedVariance($Map) {
        $n = [long[]]::new(4)
        foreach ($c in $Map.GetClasses()) { $n[$c]++ }
        $foreground = $n[1] + $n[2] + $n[3]
        $p10 = $n[1] / $foreground; $p01 = $n[2] / $foreground; $p11 = $n[3] / $foreground
        $p = $p10 + 0.5 * $p11
        [pscustomobject]@{
            P        = $p
            Variance = $p10 * [math]::Pow(1 - $p, 2) + $p01 * $p * $p + $p11 * [math]::Pow(0.5 - $p, 2)
            # Fourth central moment, for the sampling error of a variance from single pixels.
            Moment4  = $p10 * [math]::Pow(1 - $p, 4) + $p01 * [math]::Pow($p, 4) + $p11 * [math]::Pow(0.5 - $p, 4)
        }
    }

    # Eq. 2 / Eq. 12: empirical variance with n - 1.
    function Get-SampleVariance([double[]] $Values) {
        $mean = ($Values | Measure-Object -Average).Average
        (($Values | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Sum).Sum) / ($Values.Count - 1)
    }
}

Describe 'Mixing-Quality on simulated hetero-aggregates' {
    It 'returns one result object with ten maps for each of the three conditions' {
        @($Run).Count | Should -Be 1
        $Run.Maps.Keys | Should -Be 'dispersed', 'segregated', 'random'
        $Run.Maps.Values | ForEach-Object { $_.Count | Should -Be 10 }
        $Run.Summary.Condition | Should -Be 'dispersed', 'segregated', 'random'
        $Run.Summary.Aggregates | Should -Be 10, 10, 10
    }

    It 'names each map after its condition (the finely dispersed maps are not called Segregated)' {
        $Run.Maps['dispersed'].Name | Should -Be (1..10 | ForEach-Object { "Dispersed-$_" })
        $Run.Maps['segregated'].Name | Should -Be (101..110 | ForEach-Object { "Segregated-$_" })
        $Run.Maps['random'].Name | Should -Be (201..210 | ForEach-Object { "Random-$_" })
    }

    Context 'the variance against the cutout size (Section 3.1, Figs. 3 and 4)' {
        It 'gives the unmixed bound of Eq. 4 from the map''s pixel classes' {
            foreach ($maps in $Run.Maps.Values) {
                $expected = Get-UnmixedVariance $maps[0]
                $rows = $Run.VarianceCurve | Where-Object Name -EQ $maps[0].Name
                $rows.Count | Should -Be 6
                $rows | ForEach-Object {
                    $_.MaxVariance | Should -BeCloseTo $expected.Variance -RelativeTolerance 1e-9
                    $_.CarbonFraction | Should -BeCloseTo $expected.P -RelativeTolerance 1e-9
                }
            }
        }

        It 'reproduces Eq. 4 with single-pixel cutouts, within three standard errors of 120 samples' {
            # Section 3.1: "when a cutout of only a single pixel is taken ... the variance of the
            # unmixed state s2_max given in Eq. (4) is obtained". SE of a variance: sqrt((mu4 - sigma^4) / n).
            foreach ($maps in $Run.Maps.Values) {
                $expected = Get-UnmixedVariance $maps[0]
                $single = $Run.VarianceCurve | Where-Object { $_.Name -eq $maps[0].Name -and $_.ParticleCount -eq 0 }
                $single.SampleCount | Should -Be 120
                $standardError = [math]::Sqrt(($expected.Moment4 - $expected.Variance * $expected.Variance) / 120)
                $single.Variance | Should -BeCloseTo $expected.Variance -AbsoluteTolerance (3 * $standardError)
            }
        }

        It 'falls with the number of particles per cutout for the dispersed and the random mixture' {
            foreach ($name in 'dispersed', 'random') {
                $variances = ($Run.VarianceCurve | Where-Object { $_.Name -eq $Run.Maps[$name][0].Name -and $_.ParticleCount -gt 0 }).Variance
                for ($i = 1; $i -lt $variances.Count; $i++) { $variances[$i] | Should -BeLessThan $variances[$i - 1] -Because "$name, N step $i" }
            }
        }

        It 'is highest for the segregated map and lowest for the random one at N = 25 and 60' {
            foreach ($n in 25, 60) {
                $v = @{}
                foreach ($name in 'dispersed', 'segregated', 'random') {
                    $v[$name] = ($Run.VarianceCurve | Where-Object { $_.Name -eq $Run.Maps[$name][0].Name -and $_.ParticleCount -eq $n }).Variance
                }
                $v.segregated | Should -BeGreaterThan $v.dispersed
                $v.dispersed | Should -BeGreaterThan $v.random
            }
        }
    }

    Context 'the Schmahl index and the inter-aggregate measures (Sections 2.3.2, 3.2, 3.3)' {
        It 'computes each map''s variance by Eq. 1 and its Schmahl index by Eq. 6 (<_>)' -ForEach 'dispersed', 'segregated', 'random' {
            $name = $_
            foreach ($index in $Condition[$name].Indices) {
                $index.ParticleCount | Should -Be 25
                $index.SampleCount | Should -Be 150
                $index.LocalConcentrations.Count | Should -Be 150
                $p = $index.CarbonFraction
                $sum = 0.0
                foreach ($x in $index.LocalConcentrations) { $sum += ($x - $p) * ($x - $p) }
                $index.Variance | Should -BeCloseTo ($sum / 149) -RelativeTolerance 1e-9
                $schmahl = [math]::Log($index.MaxVariance / $index.Variance) / [math]::Log($index.MaxVariance / $index.MinVariance)
                $index.SchmahlIndex | Should -BeCloseTo $schmahl -RelativeTolerance 1e-9
            }
        }

        It 'combines the maps by Eqs. 2 and 10-13 (<_>)' -ForEach 'dispersed', 'segregated' {
            $name = $_
            $indices = $Condition[$name].Indices
            $p = [double[]]$indices.CarbonFraction
            $m = [double[]]$indices.SchmahlIndex
            $meanP = ($p | Measure-Object -Average).Average
            $meanM = ($m | Measure-Object -Average).Average
            $psiP = 1 - (Get-SampleVariance $p) / ($meanP * (1 - $meanP))          # Eq. 10 with Eq. 2
            $psiM = 1 - (Get-SampleVariance $m) / ($meanM * (1 - $meanM))          # Eq. 11 with Eq. 12
            $q = $Condition[$name].Quality
            $q.MeanCarbonFraction | Should -BeCloseTo $meanP -RelativeTolerance 1e-9
            $q.CarbonFractionVariance | Should -BeCloseTo (Get-SampleVariance $p) -RelativeTolerance 1e-9
            $q.MeanSchmahlIndex | Should -BeCloseTo $meanM -RelativeTolerance 1e-9
            $q.PsiP | Should -BeCloseTo $psiP -RelativeTolerance 1e-9
            $q.PsiM | Should -BeCloseTo $psiM -RelativeTolerance 1e-9
            $q.PsiCombined | Should -BeCloseTo (($meanM + $psiM + $psiP) / 3) -RelativeTolerance 1e-9   # Eq. 13, alpha = beta = gamma = 1
        }

        It 'rates the random mixture at the random-mixing bound: mean Schmahl index 1 within 0.15' {
            # Eq. 6 is 1 when the variance equals Eq. 5; particles cut by the cutout border and overlaps
            # push random mixtures slightly above 1 (docs/methods/mixing-quality.md: 1.01 to 1.10).
            $Summary.random.MeanSchmahlIndex | Should -BeCloseTo 1 -AbsoluteTolerance 0.15
        }

        It 'puts the random mixture at 1 and the segregated system near 0 on the reference-normalised index (issue 22)' {
            # ReferenceIndex = log(s2_max / s2) / log(s2_max / reference), the reference simulated on each map's own
            # particles: random mixtures average 1 (per-map spread about 0.1, 10 maps), two-cluster segregation near 0.
            $Summary.random.MeanReferenceIndex | Should -BeCloseTo 1 -AbsoluteTolerance 0.1
            $Summary.segregated.MeanReferenceIndex | Should -BeLessThan 0.3
            # The paper's index of a random mixture on these maps, from the same simulations, is above 1, and the
            # psi measures stay defined whichever indices Eqs. 11-13 used.
            $Summary.random.RandomMixtureIndex | Should -BeGreaterThan 1
            foreach ($c in 'dispersed', 'segregated', 'random') {
                [double]::IsFinite($Summary[$c].PsiM) | Should -BeTrue
                [double]::IsFinite($Summary[$c].PsiCombined) | Should -BeTrue
                $Summary[$c].PsiIndexSource | Should -Be $(if ($Summary[$c].MeanSchmahlIndex -lt 1) { 'Paper' } else { 'ReferenceCapped' })
            }
        }

        It 'orders the conditions as the paper orders C65 (dispersed) above KB (segregated)' {
            # 000 Section 3.3: psi_MAS 0.867 vs 0.493, psi_P 0.927 vs 0.474, psi_comb 0.751 vs 0.508.
            $Summary.random.MeanSchmahlIndex | Should -BeGreaterThan $Summary.dispersed.MeanSchmahlIndex
            $Summary.dispersed.MeanSchmahlIndex | Should -BeGreaterThan $Summary.segregated.MeanSchmahlIndex
            $Summary.random.PsiP | Should -BeGreaterThan $Summary.dispersed.PsiP
            $Summary.dispersed.PsiP | Should -BeGreaterThan $Summary.segregated.PsiP
            $Summary.dispersed.PsiM | Should -BeGreaterThan $Summary.segregated.PsiM
            $Summary.dispersed.PsiCombined | Should -BeGreaterThan $Summary.segregated.PsiCombined
            # and a segregated system is rated poorly: a mean Schmahl index near 0 (Eq. 6)
            $Summary.segregated.MeanSchmahlIndex | Should -BeLessThan 0.3
        }
    }

    Context 'the correlation coefficient function (Section 3.4, Eq. 14, Table 1)' {
        It 'recovers the paper''s Table 1 parameters from its own Eq. 14 curves (<_>)' -ForEach 'KB', 'C65' {
            $type = $_
            $expected = @{ KB = 5.13, 9.34, 0.86, 0.13; C65 = 9.93, 4.70, 1.19, 0.22 }[$type]
            $fit = $Run.Table1Refit | Where-Object Type -EQ $type
            $fit.S1, $fit.S2, $fit.Nu, $fit.Lambda | Should -BeCloseTo $expected -RelativeTolerance 1e-3
            $fit.RSquared | Should -BeGreaterThan 0.9999
        }

        It 'shows stronger correlation at 25 to 60 nm for the segregated than for the dispersed aggregates' {
            # 000 Section 3.4: C65 (better mixed) has "significantly lower values of correlation
            # coefficients in the range from 25 nm to 100 nm" than KB.
            $dispersed = $Condition.dispersed.Correlation.Points | Where-Object { $_.Distance -ge 25 -and $_.Distance -le 60 }
            $segregated = $Condition.segregated.Correlation.Points | Where-Object { $_.Distance -ge 25 -and $_.Distance -le 60 }
            $dispersed.Count | Should -Be $segregated.Count
            for ($i = 0; $i -lt $dispersed.Count; $i++) {
                $segregated[$i].SmoothedCorrelation | Should -BeGreaterThan $dispersed[$i].SmoothedCorrelation
            }
        }

        It 'decorrelates the random mixture beyond two particle diameters' {
            # Independent species: pixels farther apart than a particle are uncorrelated (R = 0).
            $Condition.random.Correlation.Points | Where-Object Distance -GE 16 | ForEach-Object {
                $_.SmoothedCorrelation | Should -BeCloseTo 0 -AbsoluteTolerance 0.02
            }
        }

        It 'fits Eq. 14 well and gives the finer dispersion the larger nu, as Table 1 does (C65 1.19, KB 0.86)' {
            $Summary.dispersed.RSquared | Should -BeGreaterThan 0.98
            $Summary.segregated.RSquared | Should -BeGreaterThan 0.98
            $Summary.dispersed.Nu | Should -BeGreaterThan $Summary.segregated.Nu
        }
    }

    Context 'the files' {
        It 'writes the figures of the paper, each a complete PNG of the expected size, Fig. 7 also as SVG' {
            $Run.Files.Name | Should -Be @(
                '000-Fig3a-variance.png', '000-Fig4a-variance.png'
                '000-Fig3b-map-lowest-variance.png', '000-Fig3c-map-highest-variance.png', '000-Fig4b-map.png', '000-Fig4c-map.png'
                '000-Fig5a-histogram.png'
                '000-Fig6a-heatmap-dispersed.png', '000-Fig6b-heatmap-segregated.png'
                '000-Fig7-correlation.png', '000-Fig7-correlation.svg', 'mixing-summary.csv')
            foreach ($p in $Run.Files | Where-Object { $_.Extension -eq '.png' -and $_.Name -notlike '*-map*' }) {
                # Plots at the default 900 x 560 figure size, scale 1.
                $size = Get-PngSize $p.FullName
                "$($p.Name) $($size.Width) x $($size.Height)" | Should -Be "$($p.Name) 900 x 560"
            }
            foreach ($p in $Run.Files | Where-Object Name -Like '*-map*') {
                # 384 x 384 map pixels at scale 2, with the legend beside and the scale bar below.
                $size = Get-PngSize $p.FullName
                $size.Width | Should -BeGreaterThan 768
                $size.Height | Should -BeGreaterOrEqual 768
            }
            $text = Get-SvgText (Join-Path $TestDrive '000-Fig7-correlation.svg')
            $text | Should -Contain 'Distance h (nm)'
            $text | Should -Contain 'Dispersed, mean of 10 maps'
            $text | Should -Contain 'Segregated, mean of 10 maps'
        }

        It 'draws six maps of each type in Figs. 3a and 4a: dispersed between the bounds of Eqs. 4 and 5, segregated far above Eq. 5' {
            foreach ($name in 'dispersed', 'segregated') {
                $rows = $Run.FigureCurves[$name]
                ($rows.Name | Sort-Object -Unique) | Should -Be ($Run.Maps[$name][0..5].Name | Sort-Object)
                $rows.Count | Should -Be (6 * 9)   # the single pixel and N = 1, 2, 5, 10, 25, 40, 60, 100
                foreach ($map in $Run.Maps[$name][0..5]) {
                    $expected = Get-UnmixedVariance $map
                    $curve = @($rows | Where-Object Name -EQ $map.Name)
                    $curve.ParticleCount | Should -Be 0, 1, 2, 5, 10, 25, 40, 60, 100
                    # Eq. 4 from the pixel classes; Eq. 5 (N primary particles of the map's composition) below it.
                    $curve | ForEach-Object { $_.MaxVariance | Should -BeCloseTo $expected.Variance -RelativeTolerance 1e-9 }
                    foreach ($r in $curve | Where-Object ParticleCount -GE 5) {
                        $r.MinVariance | Should -BeLessThan $r.MaxVariance
                        if ($name -eq 'dispersed') {
                            $r.Variance | Should -BeLessThan $r.MaxVariance -Because "$($map.Name), N = $($r.ParticleCount)"
                            $r.Variance | Should -BeGreaterThan $r.MinVariance -Because "$($map.Name), N = $($r.ParticleCount)"
                        }
                        # Segregation keeps the variance far above random mixing (Fig. 4a against Fig. 3a). It
                        # may even exceed Eq. 4: cutouts inside one cluster are all carbon or all silica, and
                        # clusters of unequal size weight the two unevenly.
                        else { $r.Variance | Should -BeGreaterThan (3 * $r.MinVariance) -Because "$($map.Name), N = $($r.ParticleCount)" }
                    }
                }
            }
        }

        It 'overlays in Fig. 5a the Schmahl-index histograms of both types, each counting its ten maps' {
            # The example tags each index with its condition (Type) and draws one histogram per Type.
            $Run.Histogram.Count | Should -Be 20
            foreach ($name in 'dispersed', 'segregated') {
                $tagged = @($Run.Histogram | Where-Object Type -EQ $name)
                $tagged.Count | Should -Be 10
                ($tagged.Name | Sort-Object) | Should -Be ($Condition[$name].Indices.Name | Sort-Object)
            }
            # The drawn histograms: bins of 0.1, counted here by hand; each series' frequencies times its
            # number of maps give those counts and add up to the ten maps.
            $figure = [MicroMorph.Core.Mixing.MixingPlots]::For([object[]][MicroMorph.Core.Mixing.SchmahlIndexResult[]]$Run.Histogram, $null, $null, 0.1, [string[]]$Run.Histogram.Type)
            $figure.Series.Count | Should -Be 2
            $all = [double[]]$Run.Histogram.SchmahlIndex
            $lowest = [math]::Floor(($all | Measure-Object -Minimum).Minimum / 0.1)
            foreach ($i in 0, 1) {
                $name = ('dispersed', 'segregated')[$i]
                $indices = [double[]]$Condition[$name].Indices.SchmahlIndex
                $series = $figure.Series[$i]
                $mean = ($indices | Measure-Object -Average).Average
                $series.Name | Should -Be ('{0}: 10 aggregates, mean {1}' -f $name, $mean.ToString('F3', [cultureinfo]::InvariantCulture))
                $mean | Should -BeCloseTo $Summary[$name].MeanSchmahlIndex -RelativeTolerance 1e-12
                $counts = @($series.Points | ForEach-Object { [math]::Round($_.Y * 10, 9) })
                ($counts | Measure-Object -Sum).Sum | Should -Be 10
                for ($b = 0; $b -lt $series.Points.Count; $b++) {
                    $expected = @($indices | Where-Object { [math]::Floor($_ / 0.1) -eq $lowest + $b }).Count
                    $counts[$b] | Should -Be $expected -Because "bin $b of $name"
                }
            }
            # And the legend of the picture names both, as an SVG of the same input shows.
            $Run.Histogram | Export-MixingPlot -Path (Join-Path $TestDrive 'fig5a.svg') -GroupBy Type -ErrorAction Stop
            $text = Get-SvgText (Join-Path $TestDrive 'fig5a.svg')
            $text | Should -Contain $figure.Series[0].Name
            $text | Should -Contain $figure.Series[1].Name
            $text | Should -Contain 'Schmahl index Mₐₛ'
        }

        It 'draws in Figs. 3b and 3c the dispersed maps of lowest and highest variance at N = 60, in the paper''s colours' {
            $at60 = $Run.FigureCurves['dispersed'] | Where-Object ParticleCount -EQ 60 | Sort-Object Variance
            foreach ($entry in @(@{ File = '000-Fig3b-map-lowest-variance.png'; Name = $at60[0].Name }, @{ File = '000-Fig3c-map-highest-variance.png'; Name = $at60[-1].Name })) {
                $map = $Run.Maps['dispersed'] | Where-Object Name -EQ $entry.Name
                $path = Join-Path $TestDrive $entry.File
                # Carbon #009E73 is the only colour with green 158, SiO2 #CC79A7 the only one with red 204;
                # each map pixel is a 2 x 2 block, plus one legend swatch each.
                $green = (Import-VoxelStack -LiteralPath $path -Channel Green | Measure-VoxelHistogram -BinCount 256 -Minimum 0 -Maximum 256).Bins[158].Count
                $red = (Import-VoxelStack -LiteralPath $path -Channel Red | Measure-VoxelHistogram -BinCount 256 -Minimum 0 -Maximum 256).Bins[204].Count
                $green | Should -BeCloseTo (4 * $map.CarbonOnlyCount) -RelativeTolerance 0.02
                $red | Should -BeCloseTo (4 * $map.SilicaOnlyCount) -RelativeTolerance 0.02
            }
        }

        It 'writes mixing-summary.csv with invariant numbers that read back to the summary' {
            $rows = Import-Csv -LiteralPath (Join-Path $TestDrive 'mixing-summary.csv')
            $rows.Condition | Should -Be 'dispersed', 'segregated', 'random'
            $numeric = 'MeanCarbonFraction', 'CarbonFractionVariance', 'PsiP', 'MeanSchmahlIndex', 'SchmahlIndexVariance', 'S1', 'S2', 'Nu', 'Lambda', 'RSquared'
            Test-InvariantNumberColumn $rows $numeric | Should -BeTrue
            foreach ($c in $numeric) {
                $rows.$c | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) } | Should -Be $Run.Summary.$c
            }
        }

        It 'shows its tables within 80 columns and never with a decimal comma' {
            $Shown.Tables.Count | Should -BeGreaterThan 0
            Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
            $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
        }

        It 'returns nothing without -PassThru' {
            (Invoke-Example Mixing-Quality @{ OutputFolder = Join-Path $TestDrive 'again'; Count = 2 }).Result | Should -BeNullOrEmpty
            Test-Path (Join-Path $TestDrive 'again/mixing-summary.csv') | Should -BeTrue
        }
    }
}

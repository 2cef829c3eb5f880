# Results that leave PowerShell cleanly (issue 18, "Results that export cleanly"): every result a cmdlet
# writes goes through ConvertTo-Json at its default depth without a truncation warning and through
# ConvertTo-Csv without a cell that is a .NET type name (the original problem: Measure-Constrictivity |
# Export-Csv wrote "System.Collections.Generic.List`1[MicroMorph.Core.Descriptors.CurvePoint]", and
# Measure-TwoPointCoverage "MicroMorph.Core.Descriptors.CurvePoint[]"); Get-DescriptorCurve writes the
# curves as rows with named, unit-carrying columns, checked against properties the curves must have.
BeforeDiscovery {
    $script:ExportedCmdlets = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../MicroMorph.psd1')).CmdletsToExport
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    . $PSScriptRoot/CmdletSamples.ps1
    $Sample = New-CmdletSample -Folder $TestDrive

    # A cell that is only a .NET type name (what ToString() of a collection or plain class gives).
    $script:TypeNameCell = '^(System|MicroMorph)\.[A-Za-z0-9_.`+]+(\[.*\])?$'

    function Get-TypeNameCell($Object) {
        $Object | ConvertTo-Csv | ConvertFrom-Csv | ForEach-Object { $_.psobject.Properties } |
            Where-Object { "$($_.Value)" -match $TypeNameCell } | ForEach-Object { "$($_.Name) = $($_.Value)" }
    }

    function Get-JsonWarning($Object) {
        $w = $null
        $null = ConvertTo-Json -InputObject $Object -WarningVariable w -WarningAction SilentlyContinue
        @($w)
    }

    function ConvertTo-Number([string] $Text) { [double]::Parse($Text, [cultureinfo]::CurrentCulture) }

    # Results that nest whole model descriptions (fitted parameters inside a calibration, a particle's
    # phases with their grain volumes, a classifier's feature set and forest): the depth they need, as
    # about_MicroMorph states it. Everything else fits ConvertTo-Json's default depth of 2.
    $script:DeeperJson = @{
        BooleanModelCalibrationResult = 3
        CarbonBinderCalibrationResult = 4
        ParticleMeasurement           = 3
        VoxelClassifier               = 3
    }
}

Describe 'Every result exports cleanly with ConvertTo-Json and ConvertTo-Csv' {
    # Cmdlets that write volumes, files or pictures: not results (a volume is exported with Export-VoxelStack).
    $notResults = @(
        'Import-VoxelStack', 'Export-VoxelStack', 'Select-VoxelRegion', 'Resize-VoxelStack', 'ConvertTo-PhaseImage',
        'Export-VoxelSlice', 'ConvertTo-DistanceMap', 'Export-DescriptorPlot', 'Export-LinePlot', 'Merge-Phase',
        'Invoke-VoxelClassifier', 'Export-VoxelClassifier', 'New-GaussianExcursionSet', 'New-BooleanModel',
        'New-CarbonBinderModel', 'Invoke-Trinarization', 'Invoke-VoxelFilter', 'Export-MixingPlot', 'Export-ImpedancePlot', 'Get-Particle',
        'Split-Particle', 'New-ParticleSystem', 'Import-AggregateMap', 'New-AggregateMap'
    )
    $rows = @(
        @{ Command = 'Measure-VoxelStack'; Usage = 'a grey stack'; Run = { $Sample.Grey | Measure-VoxelStack } }
        @{ Command = 'Measure-VoxelStack'; Usage = 'a phase image'; Run = { $Sample.Trinarized | Measure-VoxelStack } }
        @{ Command = 'Measure-VoxelHistogram'; Usage = 'with thresholds'; Run = { $Sample.Grey | Measure-VoxelHistogram -Otsu 3 -VolumeFraction 0.3, 0.3, 0.4 } }
        @{ Command = 'Measure-Constrictivity'; Usage = 'two directions'; Run = { $Sample.Pores | Measure-Constrictivity -Direction X, Z } }
        @{ Command = 'Measure-GeodesicTortuosity'; Usage = 'both phases'; Run = { $Sample.Pores | Measure-GeodesicTortuosity } }
        @{ Command = 'Measure-EffectiveTortuosity'; Usage = 'the pores'; Run = { $Sample.Pores | Measure-EffectiveTortuosity -Phase Pore } }
        @{ Command = 'Measure-ElectrodeImpedance'; Usage = 'pores against the solid'; Run = { $Sample.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -PointsPerDecade 1 } }
        @{ Command = 'Measure-MFactorRegression'; Usage = 'a study'; Run = { $Sample.Study | Measure-MFactorRegression -FixConstrictivityExponent } }
        @{ Command = 'Measure-PhaseProfile'; Usage = 'one phase'; Run = { $Sample.Pores | Measure-PhaseProfile -Phase Solid } }
        @{ Command = 'Measure-IntrinsicVolume'; Usage = 'both phases'; Run = { $Sample.Pores | Measure-IntrinsicVolume } }
        @{ Command = 'Measure-TwoPointCoverage'; Usage = 'the auto-coverage'; Run = { $Sample.Pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 5 } }
        @{ Command = 'Measure-TwoPointCoverage'; Usage = 'centred cross-coverage'; Run = { $Sample.Trinarized | Measure-TwoPointCoverage -Phase AM -SecondPhase Pore -Centered -MaxDistance 4 } }
        @{ Command = 'Measure-InterfaceArea'; Usage = 'two interfaces'; Run = { $Sample.Trinarized | Measure-InterfaceArea -Phase AM -OtherPhase Pore, CBD } }
        @{ Command = 'Get-DescriptorCurve'; Usage = 'a constrictivity result'; Run = { $Sample.Pores | Measure-Constrictivity | Get-DescriptorCurve } }
        @{ Command = 'New-VoxelClassifier'; Usage = 'a feature grid'; Run = { $Sample.Classifier } }
        @{ Command = 'Import-VoxelClassifier'; Usage = 'a file'; Run = { Import-VoxelClassifier -Path $Sample.ClassifierFile } }
        @{ Command = 'Measure-ClassificationAccuracy'; Usage = 'against the truth'; Run = { Invoke-VoxelClassifier $Sample.Classifier $Sample.ClassifierGrey | Measure-ClassificationAccuracy -Reference $Sample.ClassifierTruth } }
        @{ Command = 'Get-BooleanModelDensity'; Usage = 'balls'; Run = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 } }
        @{ Command = 'Optimize-BooleanModel'; Usage = 'densities'; Run = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 | Optimize-BooleanModel -LengthScale 1 -GrainShape Ball } }
        @{ Command = 'Optimize-GaussianExcursionSet'; Usage = 'one phase'; Run = { $Sample.Excursion | Optimize-GaussianExcursionSet -Phase Solid } }
        @{ Command = 'Optimize-CarbonBinderModel'; Usage = 'one candidate rate'; Run = { $Sample.CarbonBinder | Optimize-CarbonBinderModel -CarbonBinderSample $Sample.CarbonBinderCutout -PoreRadiusRate 0.021 -Realizations 1 } }
        @{ Command = 'Compare-Segmentation'; Usage = '-Pairwise'; Run = { $Sample.Trinarized, $Sample.Otsu | Compare-Segmentation -Pairwise } }
        @{ Command = 'Compare-VoxelStack'; Usage = 'two segmentations'; Run = { $Sample.Otsu | Compare-VoxelStack $Sample.Trinarized } }
        @{ Command = 'Get-SchmahlIndex'; Usage = 'two particle counts'; Run = { $Sample.Schmahl } }
        @{ Command = 'Measure-MixingQuality'; Usage = 'Schmahl indices'; Run = { $Sample.Schmahl | Measure-MixingQuality } }
        @{ Command = 'Get-ConcentrationCorrelation'; Usage = '-Average -Fit'; Run = { $Sample.Maps | Get-ConcentrationCorrelation -MaxDistance 20 -Average -Fit } }
        @{ Command = 'Measure-Particle'; Usage = 'every particle'; Run = { $Sample.Particles | Measure-Particle } }
        @{ Command = 'Measure-Liberation'; Usage = 'size classes'; Run = { $Sample.Particles | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 50, 1000 } }
        @{ Command = 'Measure-Representativeness'; Usage = 'two pieces'; Run = { $Sample.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 3, 10 } }
    )

    It 'has a row for every cmdlet that writes results' -ForEach @{ Rows = $rows; Exported = $ExportedCmdlets; NotResults = $notResults } {
        $Exported | Where-Object { $_ -notin $Rows.Command -and $_ -notin $NotResults } | Should -BeNullOrEmpty
    }

    It '<Command> (<Usage>): no .NET type name in a ConvertTo-Csv cell' -ForEach $rows {
        $ErrorActionPreference = 'Stop'
        $output = @(& $Run 3>$null)
        $output.Count | Should -BeGreaterThan 0
        foreach ($o in $output) {
            Get-TypeNameCell $o | Should -BeNullOrEmpty -Because "a $($o.GetType().Name) exported as CSV should read as numbers and words"
        }
    }

    It '<Command> (<Usage>): ConvertTo-Json at its default depth does not truncate' -ForEach $rows {
        $ErrorActionPreference = 'Stop'
        foreach ($o in @(& $Run 3>$null)) {
            $name = $o.GetType().Name
            if ($DeeperJson.ContainsKey($name)) {
                # Documented in about_MicroMorph: these nest whole model descriptions and need -Depth n.
                $w = $null
                $null = ConvertTo-Json -InputObject $o -Depth $DeeperJson[$name] -WarningVariable w -WarningAction SilentlyContinue
                $w | Should -BeNullOrEmpty -Because "a $name is documented to need ConvertTo-Json -Depth $($DeeperJson[$name])"
                Get-JsonWarning $o | Should -Not -BeNullOrEmpty -Because "a $name fitting depth 2 should leave this list (and about_MicroMorph)"
                continue
            }
            Get-JsonWarning $o | Should -BeNullOrEmpty -Because "a $name should fit ConvertTo-Json's default depth of 2"
        }
    }
}

Describe 'Volumes piped to ConvertTo-Csv' {
    It 'read as words and numbers too: <Name>' -ForEach @(
        @{ Name = 'a grey stack with metadata'; Get = { Import-VoxelStack -Path $Sample.GreyFile } }
        @{ Name = 'a phase image'; Get = { $Sample.Trinarized } }
        @{ Name = 'a particle image'; Get = { $Sample.Particles } }
    ) {
        $volume = & $Get
        Get-TypeNameCell $volume | Should -BeNullOrEmpty
    }

    It 'metadata reads as its entry count and first keys (was System.Collections.Generic.SortedDictionary`2[...])' {
        $v = Import-VoxelStack -Path $Sample.GreyFile
        $row = $v | ConvertTo-Csv | ConvertFrom-Csv
        $keys = @($v.Metadata.Keys)
        $row.Metadata | Should -BeLike "$($keys.Count) entries: $($keys[0]), *"
    }
}

Describe 'The cells of curves and lists say what they hold' {
    BeforeAll {
        $script:Constrictivity = $Sample.Pores | Measure-Constrictivity -Phase Pore
        $script:Coverage = $Sample.Pores | Measure-TwoPointCoverage -Phase Pore -MaxDistance 6
    }

    It 'a constrictivity row names its curves by point count and radius range (was System.Collections.Generic.List`1[...])' {
        $row = $Constrictivity | ConvertTo-Csv | ConvertFrom-Csv
        $psd = $Constrictivity.PoreSizeDistribution
        $min = ($psd.X | Measure-Object -Minimum).Minimum.ToString('G6', [cultureinfo]::InvariantCulture)
        $max = ($psd.X | Measure-Object -Maximum).Maximum.ToString('G6', [cultureinfo]::InvariantCulture)
        $row.PoreSizeDistribution | Should -BeExactly "$($psd.Count) points, Radius $min-$max $($Constrictivity.Unit)"
        $row.IntrusionCurve | Should -BeLike "$($Constrictivity.IntrusionCurve.Count) points, Radius *"
    }

    It 'the curves are still lists of points for scripts and plots' {
        $Constrictivity.PoreSizeDistribution -is [System.Collections.Generic.IReadOnlyList[MicroMorph.Core.Descriptors.CurvePoint]] | Should -BeTrue
        $Constrictivity.PoreSizeDistribution[0].X | Should -BeOfType [double]
        @($Coverage.Isotropic).Count | Should -Be $Coverage.Isotropic.Count
    }

    It 'the two-point coverage cells (were MicroMorph.Core.Descriptors.CurvePoint[])' {
        $row = $Coverage | ConvertTo-Csv | ConvertFrom-Csv
        foreach ($name in 'Isotropic', 'AlongX', 'AlongY', 'AlongZ') {
            $row.$name | Should -BeLike "$($Coverage.$name.Count) points, Distance 0-*"
        }
    }

    It 'lists read as counts and ranges: <Name>' -ForEach @(
        @{ Name = 'local concentrations'; Get = { $Sample.Schmahl[0] }; Property = 'LocalConcentrations'; Like = '20 local concentrations, * to *' }
        @{ Name = 'samples per class'; Get = { $Sample.Classifier }; Property = 'SamplesPerClass'; Like = '* classes: *' }
        @{ Name = 'size classes'; Get = { $Sample.Particles | Measure-Liberation -Phase Talc -SizeClass 0, 50, 1000 }; Property = 'SizeClasses'; Like = '2 size classes' }
        @{ Name = 'a confusion matrix'; Get = { Compare-Segmentation $Sample.Trinarized $Sample.Otsu }; Property = 'ConfusionMatrix'; Like = '3 x 3 voxel counts' }
        @{ Name = 'the frequencies per piece'; Get = { $Sample.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 3, 10 }; Property = 'Frequencies'; Like = '2 pieces' }
    ) {
        $result = & $Get
        $result.$Property.ToString() | Should -BeLike $Like
        ($result | ConvertTo-Csv | ConvertFrom-Csv).$Property | Should -BeLike $Like
    }

    It 'the confusion matrix still indexes as [row, column] and serialises as rows' {
        $r = Compare-Segmentation $Sample.Trinarized $Sample.Otsu
        $total = 0
        foreach ($i in 0..($r.ConfusionMatrix.RowCount - 1)) { foreach ($j in 0..($r.ConfusionMatrix.ColumnCount - 1)) { $total += $r.ConfusionMatrix[$i, $j] } }
        $total | Should -Be $r.VoxelCount -Because 'every voxel is in exactly one cell'
        $json = $r.ConfusionMatrix | ConvertTo-Json -Compress -AsArray
        ($json | ConvertFrom-Json -NoEnumerate).Count | Should -Be $r.ConfusionMatrix.RowCount
    }
}

Describe 'Get-DescriptorCurve' {
    BeforeAll {
        $script:Constrictivity = $Sample.Pores | Measure-Constrictivity -Phase Pore
        $script:Coverage = $Sample.Pores | Measure-TwoPointCoverage -Phase Pore -MaxDistance 6
    }

    It 'writes one row per point of the phase size distribution, with named, unit-carrying columns' {
        $rows = @($Constrictivity | Get-DescriptorCurve -Curve PoreSizeDistribution)
        $rows.Count | Should -Be $Constrictivity.PoreSizeDistribution.Count
        $rows[0].psobject.Properties.Name | Should -Be 'Source', 'Phase', 'Direction', 'Curve', 'Radius', 'CoveredFraction', 'Unit'
        $rows.Radius | Should -Be $Constrictivity.PoreSizeDistribution.X
        $rows.CoveredFraction | Should -Be $Constrictivity.PoreSizeDistribution.Y
        $rows | ForEach-Object { $_.Phase | Should -Be 'Pore'; $_.Direction | Should -Be 'Z'; $_.Unit | Should -Be $Sample.Pores.VoxelSize.Unit }
    }

    It 'the CPSD rows describe a distribution: covered fraction falls from the whole phase to 0 as the radius grows' {
        $rows = @($Constrictivity | Get-DescriptorCurve -Curve PoreSizeDistribution | Sort-Object Radius)
        for ($i = 1; $i -lt $rows.Count; $i++) { $rows[$i].CoveredFraction | Should -BeLessOrEqual ($rows[$i - 1].CoveredFraction + 1e-12) }
        $rows[0].CoveredFraction | Should -BeGreaterThan 0.5
        # RMax is where the CPSD crosses 1/2 (001 Section 3.3): the rows bracket it.
        ($rows | Where-Object CoveredFraction -GE 0.5 | Select-Object -Last 1).Radius | Should -BeLessOrEqual ($Constrictivity.RMax + 1e-9)
    }

    It 'shows rows as a four-column table (phase, the columns of the curve, unit) while keeping every column' {
        $rows = @($Constrictivity | Get-DescriptorCurve -Curve PoreSizeDistribution)
        $header = ($rows | Select-Object -First 2 | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1
        $header.Trim() -split '\s+' | Should -Be 'Phase', 'Radius', 'CoveredFraction', 'Unit'
        ($rows[0] | Select-Object *).psobject.Properties.Name.Count | Should -Be 7
    }

    It 'shows the numbers in tables with six significant digits, not the two decimals PowerShell gives doubles' {
        $rows = @($Coverage | Get-DescriptorCurve -Curve Isotropic | Select-Object -First 3)
        $text = $rows | Format-Table | Out-String -Width 80
        foreach ($row in $rows) {
            $text | Should -Match ('(?<![\d.])' + [regex]::Escape($row.Coverage.ToString('G6', [cultureinfo]::InvariantCulture)) + '(?![\d])')
            $text | Should -Match ('(?<![\d.])' + [regex]::Escape($row.Distance.ToString('G6', [cultureinfo]::InvariantCulture)) + '(?![\d])')
        }
        $rows[1].Coverage.ToString('G6', [cultureinfo]::InvariantCulture).Length | Should -BeGreaterThan 4 -Because 'the check needs a value with more than two decimals'
        $rows[0].PSObject.TypeNames | Should -Contain 'MicroMorph.DescriptorCurveRow'
    }

    It 'the intrusion curve gets its own column name' {
        $rows = @($Constrictivity | Get-DescriptorCurve -Curve IntrusionCurve)
        $rows.Count | Should -Be $Constrictivity.IntrusionCurve.Count
        $rows[0].psobject.Properties.Name | Should -Contain 'IntrudedFraction'
        $rows[0].Curve | Should -Be 'IntrusionCurve'
    }

    It 'exports C(h) along the three axes into one CSV whose zero-distance rows are the volume fraction (C(0) = e)' {
        $file = Join-Path $TestDrive 'coverage.csv'
        $Coverage | Get-DescriptorCurve -Curve Along* | Export-Csv -LiteralPath $file
        $back = Import-Csv -LiteralPath $file
        (Get-Content -LiteralPath $file -First 1) | Should -Be '"Source","Phase","Direction","Curve","Distance","Coverage","Unit"'
        @($back.Direction | Select-Object -Unique) | Should -Be 'X', 'Y', 'Z'
        foreach ($zero in $back | Where-Object { (ConvertTo-Number $_.Distance) -eq 0 }) {
            ConvertTo-Number $zero.Coverage | Should -BeCloseTo $Coverage.VolumeFraction -RelativeTolerance 1e-9
        }
        @($back | Where-Object { (ConvertTo-Number $_.Distance) -eq 0 }).Count | Should -Be 3
        Get-Content -LiteralPath $file -Raw | Should -Not -Match 'System\.|MicroMorph\.'
    }

    It 'names the centred coverage CenteredCoverage, and it is e(1-e) at h = 0' {
        $c = $Sample.Pores | Measure-TwoPointCoverage -Phase Pore -Centered -MaxDistance 3
        $zero = $c | Get-DescriptorCurve -Curve Isotropic | Where-Object Distance -EQ 0
        $zero.Direction | Should -Be 'Isotropic'
        $zero.CenteredCoverage | Should -BeCloseTo ($c.VolumeFraction * (1 - $c.VolumeFraction)) -RelativeTolerance 1e-9
    }

    It 'writes the R(h) table of Get-ConcentrationCorrelation with its own columns' {
        $r = $Sample.Maps[0] | Get-ConcentrationCorrelation -MaxDistance 12
        $rows = @($r | Get-DescriptorCurve)
        $rows.Count | Should -Be $r.Points.Count
        $rows[0].psobject.Properties.Name | Should -Be 'Source', 'Phase', 'Direction', 'Curve', 'Distance', 'Correlation', 'SmoothedCorrelation', 'Covariance', 'PairCount', 'Unit'
        $rows.Distance | Should -Be $r.Points.Distance
        $rows[0].Source | Should -Be $r.Name
        $rows[0].Unit | Should -Be $r.Unit
    }

    It 'writes the histogram of geodesic tortuosities' {
        $g = $Sample.Pores | Measure-GeodesicTortuosity -Phase Pore
        $rows = @($g | Get-DescriptorCurve)
        ($rows.Count) | Should -Be $g.Distribution.Count
        ($rows | Measure-Object Count -Sum).Sum | Should -Be $g.PercolatingVoxels
    }

    It 'gives NoDescriptorCurve for a result without curves and CurveNotFound for a curve it lacks' {
        $Sample.Grey | Measure-VoxelStack | Get-DescriptorCurve -ErrorVariable e -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $e | Should -Be 'NoDescriptorCurve'
        $e[0].Exception.Message | Should -BeLike '*VoxelStatistics carries no curve*Measure-Constrictivity*'
        $Constrictivity | Get-DescriptorCurve -Curve Covariance -ErrorVariable e2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-ErrorId $e2 | Should -Be 'CurveNotFound'
        $e2[0].Exception.Message | Should -BeLike '*PoreSizeDistribution, IntrusionCurve*'
    }
}

Describe 'Units say what a number measures' {
    # Issue 18: a density says per unit cubed, and a bounding box is physical or clearly named voxel indices.
    It 'a fitted Boolean model states the unit of its intensity, germs per µm^3' {
        # 0.5 µm voxels; lambda = 0.032 per µm^3, r = 1.5 µm: V = 1 - exp(-lambda 4/3 pi r^3) = 0.364 (001 Eq. 10).
        $image = New-BooleanModel -Size 48 -VoxelSize 0.5 -Unit µm -Intensity 0.032 -Radius 1.5 -Seed 4
        $fit = $image | Optimize-BooleanModel -Phase Solid -GrainShape Ball
        $fit.Unit | Should -Be 'µm'
        $fit.IntensityUnit | Should -Be 'µm^-3'
        # The number is per µm^3, not per voxel: per voxel it would be 8 times smaller.
        $fit.Intensity | Should -BeCloseTo 0.032 -RelativeTolerance 0.35
        ($fit | Format-List | Out-String -Width 80) | Should -Match 'Intensity\s+: \S+ µm\^-3'
    }

    It 'densities given without a unit say unit^-3' {
        (Get-BooleanModelDensity -Intensity 0.004 -Radius 3 | Optimize-BooleanModel -LengthScale 1 -GrainShape Ball).IntensityUnit | Should -Be 'unit^-3'
    }

    It 'a particle''s bounding box is named as voxel indices, around its physical centroid' {
        $particles = New-ParticleSystem 32 -ParticleCount 12 -Radius 2, 4 -VoxelSize 0.5 -Unit µm -Seed 3 | Get-Particle -Phase Calcite, Dolomite, Talc
        $rows = @($particles | Measure-Particle)
        $rows[0].psobject.Properties.Name | Should -Not -Contain 'MinX'
        foreach ($r in $rows) {
            $r.Unit | Should -Be 'µm'
            # Voxel centres lie at (index + 0.5) voxel sizes or at index voxel sizes: either way the centroid in
            # voxels (centroid / 0.5) lies within the index box widened by one voxel.
            foreach ($axis in 'X', 'Y', 'Z') {
                $c = $r."Centroid$axis" / 0.5
                $c | Should -BeGreaterOrEqual ($r."MinVoxel$axis" - 1)
                $c | Should -BeLessOrEqual ($r."MaxVoxel$axis" + 1)
            }
        }
        ($rows[0] | Format-List | Out-String -Width 80) | Should -Match 'VoxelBoundingBox\s+: x \d+\.\.\d+, y \d+\.\.\d+, z \d+\.\.\d+ \(voxel indices\)'
    }
}

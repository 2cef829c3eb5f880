# What users see of MicroMorph's objects: the table views of module/MicroMorph.format.ps1xml at 80
# columns under de-DE (every column of the view visible, lines within 80 characters, numbers with a
# decimal point, no ANSI escapes in Out-String), Format-List with the properties that matter, and
# Export-Csv / ConvertTo-Json round trips (numbers survive, no property throws, and a volume or map
# handle serializes as its description, never as its voxels).
BeforeDiscovery {
    . $PSScriptRoot/TestSetup.ps1
    # The table views the module ships: type name -> column labels (the list views that follow them are not tables).
    $formatFile = [xml](Get-Content -Raw (Join-Path $PSScriptRoot '../../module/MicroMorph.format.ps1xml'))
    $script:Views = @{}
    foreach ($view in $formatFile.Configuration.ViewDefinitions.View | Where-Object { $_['TableControl'] }) {
        # (Each view also names its Deserialized. twin, for objects from jobs and remote sessions: Remoting.Tests.ps1.)
        $script:Views[@($view.ViewSelectedBy.TypeName)[0]] = @($view.TableControl.TableHeaders.TableColumnHeader | ForEach-Object Label)
    }
    $script:DeclaredTypes = @(
        foreach ($name in (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../MicroMorph.psd1')).CmdletsToExport) {
            (Get-Command $name).OutputType.Name
        }) | Where-Object { $_ -notin 'System.IO.FileInfo', 'System.Management.Automation.PSCustomObject' } | Sort-Object -Unique
    # (PSCustomObject: the rows of Get-DescriptorCurve, whose columns are the curve's; each row's first type name
    # names its shape, e.g. MicroMorph.DescriptorCurveRow#Phase.Radius.CoveredFraction, which has a view below.)
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    . $PSScriptRoot/CmdletSamples.ps1
    $Sample = New-CmdletSample -Folder $TestDrive

    # Calibrated inputs, so that every view has a fractional number to show (0.5 µm voxels).
    $Calibrated = @{}
    $Calibrated.Pores = New-BooleanModel -Size 24 -VoxelSize 0.5 -Unit µm -Intensity 0.032 -Radius 1.5 -Seed 1
    $Calibrated.Particles = New-ParticleSystem 32 -ParticleCount 20 -Radius 1, 2 -VoxelSize 0.5 -Unit µm -Seed 1 |
        Get-Particle -Phase Calcite, Dolomite, Talc
    # A 0.5 MiB grey stack imported from a file (Source is its path, SizeMiB is 0.5).
    $file = Join-Path $TestDrive 'half-mebibyte.tif'
    $stack = [MicroMorph.Core.Imaging.VoxelStack]::new(256, 256, 8, 'UInt8')
    $stack.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.390625, 'µm')
    $stack | Export-VoxelStack -Path $file
    $Calibrated.Volume = Import-VoxelStack -Path $file
    $Calibrated.CarbonBinderFit = $Sample.CarbonBinder | Optimize-CarbonBinderModel -CarbonBinderSample $Sample.CarbonBinderCutout -PoreRadiusRate 0.021 -Realizations 1

    # The lines of a rendered table above its dashes: the column headers, however PowerShell wrapped them.
    function Get-HeaderLine([string] $Text) {
        $lines = $Text -split '\r?\n' | Where-Object { $_.Trim() }
        $dashes = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -match '^[\s-]+$' -and $l -match '-' })
        if ($dashes -lt 1) { return @() }
        $lines[0..($dashes - 1)]
    }

    # The numeric properties of an object (name and value), read without letting a throwing getter stop us.
    function Get-NumberProperty($InputObject) {
        foreach ($p in $InputObject.PSObject.Properties) {
            try { $v = $p.Value } catch { continue }
            if ($v -is [double] -or $v -is [single] -or $v -is [int] -or $v -is [long] -or $v -is [byte] -or $v -is [decimal]) {
                [pscustomobject]@{ Name = $p.Name; Value = $v }
            }
        }
    }

    # A number read back from text equals the original (NaN equals NaN; Single compared as Single).
    function Test-SameNumber($Original, [string] $Text, [cultureinfo] $Culture) {
        $back = [double]::Parse($Text, [System.Globalization.NumberStyles]::Float, $Culture)
        $expected = [double] $Original
        if ($Original -is [single]) { $back = [double][single] $back }
        ([double]::IsNaN($expected) -and [double]::IsNaN($back)) -or $back -eq $expected
    }
}

Describe 'The table views' {
    # One row per view: how to get objects of that type, and the properties Format-List must show.
    $rows = @(
        @{ TypeName = 'MicroMorph.Core.Imaging.VoxelStack'; Produce = { $Calibrated.Volume }; List = 'Width', 'Height', 'Depth', 'DataType', 'VoxelSize', 'Source' }
        @{ TypeName = 'MicroMorph.Core.Imaging.PhaseImage'; Produce = { $Calibrated.Pores }; List = 'Phases', 'Dimensions', 'VoxelSize', 'Source' }
        @{ TypeName = 'MicroMorph.Core.Processing.VoxelStatistics'; Produce = { $Sample.Grey | Measure-VoxelStack }; List = 'Count', 'Minimum', 'Maximum', 'Mean', 'StandardDeviation' }
        @{ TypeName = 'MicroMorph.Core.Processing.VoxelHistogram'; Produce = { $Sample.Grey | Measure-VoxelHistogram -Minimum 0.5 -Maximum 255.5 -BinCount 100 -Otsu 3 -VolumeFraction 0.3, 0.3, 0.4 }; List = 'Count', 'NaNCount', 'Minimum', 'Maximum', 'Thresholds' }
        @{ TypeName = 'MicroMorph.Core.Processing.VoxelHistogramBin'; Produce = { ($Calibrated.Volume | Measure-VoxelHistogram -BinCount 4 -Minimum 0 -Maximum 0.5).Bins }; List = 'LowerEdge', 'UpperEdge', 'Center', 'Count', 'Fraction' }
        @{ TypeName = 'MicroMorph.Core.Processing.HistogramThreshold'; Produce = { ($Sample.Grey | Measure-VoxelHistogram -Minimum 0.5 -Maximum 255.5 -BinCount 100 -Otsu 3).Thresholds }; List = 'Method', 'Value' }
        @{ TypeName = 'MicroMorph.Core.Processing.PhaseFraction'; Produce = { $Calibrated.Pores | Measure-VoxelStack }; List = 'Phase', 'VoxelCount', 'VolumeFraction', 'Volume', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.ConstrictivityResult'; Produce = { $Calibrated.Pores | Measure-Constrictivity }; List = 'Phase', 'Direction', 'VolumeFraction', 'RMax', 'RMin', 'Constrictivity', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.GeodesicTortuosityResult'; Produce = { $Calibrated.Pores | Measure-GeodesicTortuosity }; List = 'Phase', 'Direction', 'Mean', 'StandardDeviation', 'Median', 'PercolatingFraction' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.PhaseProfilePoint'; Produce = { $Calibrated.Pores | Measure-PhaseProfile -Phase Solid | Select-Object -First 4 }; List = 'Phase', 'Axis', 'Slice', 'Position', 'VolumeFraction' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.IntrinsicVolumeResult'; Produce = { $Calibrated.Pores | Measure-IntrinsicVolume }; List = 'Phase', 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.TwoPointCoverageResult'; Produce = { $Calibrated.Pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 2.5 }; List = 'Phase', 'SecondPhase', 'Centered', 'VolumeFraction', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Descriptors.InterfaceAreaResult'; Produce = { $Sample.Trinarized | Measure-InterfaceArea -Phase AM -OtherPhase Pore, CBD }; List = 'Phase', 'OtherPhase', 'InterfaceDensity', 'InterfaceArea', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Stochastic.BooleanModelDensities'; Produce = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 }; List = 'Intensity', 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity', 'Grains' }
        @{ TypeName = 'MicroMorph.Core.Stochastic.BooleanModelCalibrationResult'; Produce = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 | Optimize-BooleanModel -LengthScale 1 -GrainShape Ball }; List = 'Parameters', 'Target', 'Fitted', 'Objective', 'Converged', 'GrainShape' }
        @{ TypeName = 'MicroMorph.Core.Stochastic.ExcursionSetCalibrationResult'; Produce = { $Sample.Excursion | Optimize-GaussianExcursionSet -Phase Solid }; List = 'Phase', 'VolumeFraction', 'Threshold', 'CovarianceScale', 'FitResidual', 'CorrelationLength' }
        @{ TypeName = 'MicroMorph.Core.Stochastic.CarbonBinderCalibrationResult'; Produce = { $Calibrated.CarbonBinderFit }; List = 'Parameters', 'VolumeFraction', 'GraphiteVolumeFraction', 'CarbonBinderVolumeFraction', 'LargePoreVolumeFraction', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Stochastic.PoreRateCandidate'; Produce = { $Calibrated.CarbonBinderFit.PoreRateCandidates }; List = 'PoreRadiusRate', 'PoreIntensity', 'MeanDistance' }
        @{ TypeName = 'MicroMorph.Core.Segmentation.SegmentationComparisonResult'; Produce = { $Sample.Trinarized, $Sample.Otsu | Compare-Segmentation -Pairwise }; List = 'Reference', 'Difference', 'Agreement', 'Jaccard' }
        @{ TypeName = 'MicroMorph.Core.Processing.VolumeComparisonResult'; Produce = { $Sample.Otsu | Compare-VoxelStack $Sample.Trinarized }; List = 'Reference', 'Difference', 'DifferingVoxels', 'DifferingFraction', 'MaximumAbsoluteDifference', 'Identical', 'Phases' }
        @{ TypeName = 'MicroMorph.Core.Processing.PhaseDifference'; Produce = { ($Sample.Otsu | Compare-VoxelStack $Sample.Trinarized).Phases }; List = 'Phase', 'Label', 'ReferenceVoxels', 'DifferenceVoxels', 'ReferenceFraction', 'DifferenceFraction', 'LostVoxels', 'GainedVoxels' }
        @{ TypeName = 'MicroMorph.Core.Mixing.AggregateMap'; Produce = { $Sample.Maps }; List = 'Name', 'Dimensions', 'CarbonFraction', 'P10', 'P01', 'P11', 'PixelSize', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Mixing.SchmahlIndexResult'; Produce = { $Sample.Schmahl }; List = 'Name', 'CarbonFraction', 'ParticleCount', 'Variance', 'MaxVariance', 'MinVariance', 'SchmahlIndex' }
        @{ TypeName = 'MicroMorph.Core.Mixing.MixingQualityResult'; Produce = { $Sample.Schmahl | Measure-MixingQuality }; List = 'AggregateCount', 'MeanCarbonFraction', 'PsiP', 'MeanSchmahlIndex', 'PsiM', 'PsiCombined' }
        @{ TypeName = 'MicroMorph.Core.Mixing.ConcentrationCorrelationResult'; Produce = { $Sample.Maps | Get-ConcentrationCorrelation -MaxDistance 20 -Average -Fit }; List = 'Name', 'AggregateCount', 'MaxDistance', 'Points', 'Fit' }
        @{ TypeName = 'MicroMorph.Core.Particles.ParticleImage'; Produce = { $Calibrated.Particles }; List = 'Count', 'Connectivity', 'VoxelSize', 'Dimensions', 'Phases' }
        @{ TypeName = 'MicroMorph.Core.Particles.ParticleMeasurement'; Produce = { $Calibrated.Particles | Measure-Particle | Select-Object -First 4 }; List = 'Label', 'VoxelCount', 'Volume', 'EquivalentDiameter', 'SurfaceArea', 'TouchesBorder', 'DominantPhase', 'DominantFraction' }
        @{ TypeName = 'MicroMorph.Core.Particles.LiberationResult'; Produce = { $Calibrated.Particles | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 10, 1000 }; List = 'Phase', 'LiberationDegree', 'FreeVolume', 'IntergrownVolume', 'ParticleCount', 'Threshold' }
        @{ TypeName = 'MicroMorph.Core.Particles.RepresentativenessResult'; Produce = { $Calibrated.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 1.5, 5 }; List = 'PieceCount', 'PieceSize', 'MeanParticleCount', 'SizeMeasure', 'SizeClasses' }
        @{ TypeName = 'MicroMorph.Core.Particles.SizeClassLiberation'; Produce = { ($Calibrated.Particles | Measure-Liberation -Phase Calcite -SizeClass 0, 10, 1000).SizeClasses }; List = 'LowerBound', 'UpperBound', 'ParticleCount', 'LiberationDegree' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.Radius.CoveredFraction'; Produce = { $Calibrated.Pores | Measure-Constrictivity | Get-DescriptorCurve -Curve PoreSizeDistribution }; List = 'Phase', 'Radius', 'CoveredFraction', 'Unit' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.Radius.IntrudedFraction'; Produce = { $Calibrated.Pores | Measure-Constrictivity | Get-DescriptorCurve -Curve IntrusionCurve }; List = 'Phase', 'Radius', 'IntrudedFraction', 'Unit' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Source.Radius.CoveredFraction'; Produce = { $Calibrated.CarbonBinderFit | Get-DescriptorCurve -Curve PoreSizeDistribution }; List = 'Source', 'Radius', 'CoveredFraction', 'Unit' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Direction.Distance.Coverage'; Produce = { $Calibrated.Pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 2.5 | Get-DescriptorCurve }; List = 'Direction', 'Distance', 'Coverage', 'Unit' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Direction.Distance.CenteredCoverage'; Produce = { $Calibrated.Pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 2.5 -Centered | Get-DescriptorCurve -Curve Isotropic }; List = 'Direction', 'Distance', 'CenteredCoverage', 'Unit' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.HistogramBin'; Produce = { @($Calibrated.Pores | Measure-GeodesicTortuosity | Get-DescriptorCurve)[0..3] }; List = 'Phase', 'Lower', 'Upper' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.ExcursionSetCovariancePoint'; Produce = { @($Sample.Excursion | Optimize-GaussianExcursionSet -Phase Solid | Get-DescriptorCurve)[0..3] }; List = 'Phase', 'Distance', 'Coverage' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Source.CorrelationPoint'; Produce = { @($Sample.Maps | Get-ConcentrationCorrelation -MaxDistance 20 -Average | Get-DescriptorCurve)[0..3] }; List = 'Source', 'Distance', 'Correlation' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Source.VoxelHistogramBin'; Produce = { $Calibrated.Volume | Measure-VoxelHistogram -BinCount 4 -Minimum 0 -Maximum 0.5 | Get-DescriptorCurve }; List = 'Source', 'LowerEdge', 'UpperEdge' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.SizeClassLiberation'; Produce = { $Calibrated.Particles | Measure-Liberation -Phase Calcite -SizeClass 0, 10, 1000 | Get-DescriptorCurve -Curve SizeClasses }; List = 'Phase', 'LowerBound', 'UpperBound' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Phase.GrainVolumeRecord'; Produce = { @($Calibrated.Particles | Measure-Liberation -Phase Calcite | Get-DescriptorCurve -Curve Grains)[0..3] }; List = 'Phase', 'ParticleLabel', 'ParticleVolume' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Source.SizeClassFrequency'; Produce = { $Calibrated.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 1.5, 5 | Get-DescriptorCurve }; List = 'Source', 'LowerBound', 'UpperBound' }
        @{ TypeName = 'MicroMorph.DescriptorCurveRow#Source.PoreRateCandidate'; Produce = { $Calibrated.CarbonBinderFit | Get-DescriptorCurve -Curve PoreRateCandidates }; List = 'Source', 'PoreRadiusRate', 'PoreIntensity' }
        @{ TypeName = 'MicroMorph.Core.Particles.SizeClassFrequency'; Produce = { ($Calibrated.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 1.5, 5).SizeClasses }; List = 'LowerBound', 'UpperBound', 'MeanFrequency', 'StandardError', 'ConfidenceLower', 'ConfidenceUpper' }
        @{ TypeName = 'MicroMorph.Core.Transport.EffectiveTransportResult'; Produce = { $Calibrated.Pores | Measure-EffectiveTortuosity -Phase Pore }; List = 'Phase', 'Direction', 'VolumeFraction', 'EffectiveConductivity', 'EffectiveTortuosity', 'MFactor', 'Converged' }
        @{ TypeName = 'MicroMorph.Core.Transport.ElectrodeImpedanceResult'; Produce = { $Calibrated.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 1 }; List = 'Phase', 'ReactivePhase', 'Direction', 'ElectrodeTortuosity', 'ThroughTortuosity', 'IonicResistance', 'ImpedanceUnit', 'Spectrum' }
        @{ TypeName = 'MicroMorph.Core.Transport.ImpedancePoint'; Produce = { ($Calibrated.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 1).Spectrum }; List = 'Frequency', 'ZReal', 'ZImag', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Transport.ImpedanceCurveRow'; Produce = { $Calibrated.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 1 | Get-DescriptorCurve }; List = 'Source', 'Phase', 'Direction', 'Curve', 'Frequency', 'ZReal', 'ZImag', 'Unit' }
        @{ TypeName = 'MicroMorph.Core.Transport.MFactorRegressionResult'; Produce = { $Sample.Study | Measure-MFactorRegression -FixConstrictivityExponent }; List = 'A', 'B', 'C', 'RSquared', 'C1', 'C0', 'LinearRSquared' }
        @{ TypeName = 'MicroMorph.Core.Classification.VoxelClassifier'; Produce = { $Sample.Classifier }; List = 'Classes', 'FeatureSet', 'OutOfBagAccuracy' }
        @{ TypeName = 'MicroMorph.Core.Segmentation.PhaseJaccard'; Produce = { Invoke-VoxelClassifier $Sample.Classifier $Sample.ClassifierGrey | Measure-ClassificationAccuracy -Reference $Sample.ClassifierTruth }; List = 'Phase', 'Intersection', 'Union', 'Jaccard' }
    )
    foreach ($row in $rows) { $row.Headers = $Views[$row.TypeName] }

    It 'has a row for every view of the format file' -ForEach @{ Rows = $rows; Views = $Views } {
        $Views.Keys | Where-Object { $_ -notin $Rows.TypeName } | Should -BeNullOrEmpty
    }

    It 'has a view for every type a cmdlet declares: <_>' -ForEach $DeclaredTypes {
        $Views.Keys | Should -Contain $_
    }

    Context '<TypeName>' -ForEach $rows {
        BeforeAll {
            $ErrorActionPreference = 'Stop'
            $objects = @(& $Produce)
            $text = $objects | Show-AsConsole -Width 80
        }

        It 'is rendered through its own view' {
            $objects.Count | Should -BeGreaterThan 0
            $objects | ForEach-Object { $_.PSObject.TypeNames[0] } | Sort-Object -Unique | Should -Be $TypeName
            (Get-HeaderLine $text) | Should -Not -BeNullOrEmpty
        }

        It 'keeps every line within 80 characters' {
            $text -split '\r?\n' | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        }

        It 'shows every column header of the view at 80 columns: <Headers>' {
            $headerLines = Get-HeaderLine $text
            $missing = $Headers | Where-Object {
                $pattern = '(?<!\S)' + [regex]::Escape($_) + '(?!\S)'
                -not ($headerLines | Where-Object { $_ -match $pattern })
            }
            $missing | Should -BeNullOrEmpty -Because "the header at 80 columns reads:`n$($headerLines -join "`n")"
        }

        It 'writes numbers with a decimal point under de-DE, never a decimal comma' {
            [cultureinfo]::CurrentCulture.Name | Should -Be 'de-DE'
            $text | Should -Match '\d\.\d'
            $text | Should -Not -Match '\d,\d'
        }

        It 'has no ANSI escape sequences in Out-String' {
            $text | Should -Not -Match "`e\["
        }

        It 'looks the same after the serializer of Start-Job and Invoke-Command (its Deserialized view)' {
            $back = @($objects | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) })
            $back[0].PSObject.TypeNames[0] | Should -Be "Deserialized.$TypeName"
            ($back | Show-AsConsole -Width 80) | Should -Be $text
            # Format-List as well, but for the order of a volume's Metadata (sorted here, a hashtable there).
            $list = { ($args[0] | Format-List | Out-String -Width 80) -replace '(?ms)^Metadata\s*:.*?(?=^\S|\z)', '' }
            (& $list $back) | Should -Be (& $list $objects)
        }

        It 'shows the properties that matter in Format-List: <List>' {
            $listText = $objects | Format-List | Out-String -Width 80
            $List | Where-Object { $listText -notmatch ('(?m)^' + [regex]::Escape($_) + '\s*:') } | Should -BeNullOrEmpty
        }

        It 'has no property that throws when read' {
            foreach ($o in $objects) {
                foreach ($p in $o.PSObject.Properties) {
                    { $null = $p.Value } | Should -Not -Throw -Because "$TypeName.$($p.Name) is read by Format-List, Export-Csv and ConvertTo-Json"
                }
            }
        }

        It 'survives Export-Csv and Import-Csv with its numbers' {
            $csv = Join-Path $TestDrive ("{0}.csv" -f $TypeName)
            { $objects | Export-Csv -LiteralPath $csv -ErrorAction Stop } | Should -Not -Throw
            $back = @(Import-Csv -LiteralPath $csv)
            $back.Count | Should -Be $objects.Count
            # Export-Csv (without -UseCulture) writes numbers with the current culture's ToString: read them back the same way.
            for ($i = 0; $i -lt $objects.Count; $i++) {
                foreach ($n in Get-NumberProperty $objects[$i]) {
                    Test-SameNumber $n.Value $back[$i].($n.Name) ([cultureinfo]::CurrentCulture) |
                        Should -BeTrue -Because "$($n.Name) was $($n.Value) and came back as '$($back[$i].($n.Name))'"
                }
            }
        }

        It 'survives ConvertTo-Json -Depth 3 and ConvertFrom-Json with its numbers' {
            $json = $objects | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue -ErrorAction Stop
            $back = @($json | ConvertFrom-Json)
            $back.Count | Should -Be $objects.Count
            for ($i = 0; $i -lt $objects.Count; $i++) {
                foreach ($n in Get-NumberProperty $objects[$i]) {
                    Test-SameNumber $n.Value ([string]::Format([cultureinfo]::InvariantCulture, '{0}', $back[$i].($n.Name))) ([cultureinfo]::InvariantCulture) |
                        Should -BeTrue -Because "$($n.Name) was $($n.Value) and came back as '$($back[$i].($n.Name))'"
                }
            }
        }
    }
}

Describe 'Volume and map handles in ConvertTo-Json' {
    # A handle serializes as its description (size, voxel size, phases, source), never as its voxels or pixels.
    $handles = @(
        @{ Name = 'a 256^3 VoxelStack'; Produce = { [MicroMorph.Core.Imaging.VoxelStack]::new(256, 256, 256, 'UInt8') }; Expect = 'Dimensions', 'DataType', 'VoxelSize' }
        @{ Name = 'a 128^3 PhaseImage'; Produce = { [MicroMorph.Core.Imaging.VoxelStack]::new(128, 128, 128, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore' } }; Expect = 'Dimensions', 'Phases', 'VoxelSize' }
        @{ Name = 'a ParticleImage'; Produce = { $Calibrated.Particles }; Expect = 'Dimensions', 'Count', 'VoxelSize' }
        @{ Name = 'a 300 x 300 AggregateMap'; Produce = { New-AggregateMap -Size 300 -CarbonDiameter 8 -SilicaDiameter 6 -Seed 1 }; Expect = 'Dimensions', 'CarbonFraction', 'PixelSize' }
        @{ Name = 'a VoxelClassifier'; Produce = { $Sample.Classifier }; Expect = 'Classes', 'OutOfBagAccuracy' }
    )

    It '<Name> gives a small description, quickly: <Expect>' -ForEach $handles {
        $handle = & $Produce
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $json = $handle | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
        $json.Length | Should -BeLessThan 16KB -Because 'the JSON should describe the data, not hold it'
        $back = $json | ConvertFrom-Json
        $Expect | Where-Object { $back.PSObject.Properties.Name -notcontains $_ } | Should -BeNullOrEmpty
    }
}

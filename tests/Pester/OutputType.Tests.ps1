# What each cmdlet really writes to the pipeline, against what it declares: every cmdlet runs once on a
# small realistic input (tests/Pester/CmdletSamples.ps1), and every object it emits must be of a type
# its [OutputType] names (for the parameter set used, where the declaration is per set). Get-Command,
# Get-Help and the format views all trust that declaration.
BeforeDiscovery {
    $script:ExportedCmdlets = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../MicroMorph.psd1')).CmdletsToExport
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    . $PSScriptRoot/CmdletSamples.ps1
    $Sample = New-CmdletSample -Folder $TestDrive

    # The types [OutputType] declares for a parameter set (all sets when none is named).
    function Get-DeclaredOutputType([string] $Command, [string] $ParameterSet) {
        $cmd = Get-Command $Command
        $cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) |
            Where-Object { -not $ParameterSet -or $_.ParameterSetName -contains $ParameterSet -or $_.ParameterSetName -contains '__AllParameterSets' } |
            ForEach-Object { $_.Type } | ForEach-Object { $_.Type }
    }
}

Describe 'Every cmdlet emits what its [OutputType] declares' {
    # One row per cmdlet (and one per parameter set where the declaration differs by set).
    $rows = @(
        @{ Command = 'Import-VoxelStack'; Usage = 'a TIFF file'; Run = { Import-VoxelStack -Path $Sample.GreyFile } }
        @{ Command = 'Import-VoxelStack'; Usage = 'a phase image written by Export-VoxelStack'; Run = { $Sample.Pores | Export-VoxelStack -Path (Join-Path $TestDrive 'pores.tif') -Force; Import-VoxelStack -Path (Join-Path $TestDrive 'pores.tif') } }
        @{ Command = 'Export-VoxelStack'; Usage = '-PassThru'; Run = { $Sample.Grey | Export-VoxelStack -Path (Join-Path $TestDrive 'out.tif') -Force -PassThru } }
        @{ Command = 'Measure-VoxelStack'; Usage = 'a grey stack'; Run = { $Sample.Grey | Measure-VoxelStack } }
        @{ Command = 'Measure-VoxelStack'; Usage = 'a phase image'; Run = { $Sample.Trinarized | Measure-VoxelStack } }
        @{ Command = 'Measure-VoxelHistogram'; Usage = 'a grey stack with thresholds'; Run = { $Sample.Grey | Measure-VoxelHistogram -Otsu 3 -VolumeFraction 0.3, 0.3, 0.4 } }
        @{ Command = 'Select-VoxelRegion'; Usage = 'a crop'; Run = { $Sample.Pores | Select-VoxelRegion -Origin 2, 2, 2 -Size 8, 8, 8 } }
        @{ Command = 'Resize-VoxelStack'; Usage = 'a factor of 2'; Run = { $Sample.Grey, $Sample.Pores | Resize-VoxelStack -Factor 2 } }
        @{ Command = 'ConvertTo-PhaseImage'; Usage = 'a phase table'; Run = { $Sample.Grey | Select-VoxelRegion -Origin 0, 0, 0 -Size 4, 4, 1 | ConvertTo-PhaseImage } }
        @{ Command = 'Export-VoxelSlice'; Usage = '-PassThru'; Run = { $Sample.Pores | Export-VoxelSlice -Path (Join-Path $TestDrive 'slice.png') -Force -PassThru } }
        @{ Command = 'Measure-Constrictivity'; Usage = 'two directions'; Run = { $Sample.Pores | Measure-Constrictivity -Direction X, Z } }
        @{ Command = 'Measure-GeodesicTortuosity'; Usage = 'both phases'; Run = { $Sample.Pores | Measure-GeodesicTortuosity } }
        @{ Command = 'Measure-EffectiveTortuosity'; Usage = 'the pores'; Run = { $Sample.Pores | Measure-EffectiveTortuosity -Phase Pore } }
        @{ Command = 'Measure-ElectrodeImpedance'; Usage = 'pores against the solid'; Run = { $Sample.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -PointsPerDecade 1 } }
        @{ Command = 'Measure-MFactorRegression'; Usage = 'a study'; Run = { $Sample.Study | Measure-MFactorRegression -FixConstrictivityExponent } }
        @{ Command = 'Measure-PhaseProfile'; Usage = 'one phase'; Run = { $Sample.Pores | Measure-PhaseProfile -Phase Solid } }
        @{ Command = 'Measure-IntrinsicVolume'; Usage = 'both phases'; Run = { $Sample.Pores | Measure-IntrinsicVolume } }
        @{ Command = 'Measure-TwoPointCoverage'; Usage = 'the auto-coverage'; Run = { $Sample.Pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 5 } }
        @{ Command = 'Measure-InterfaceArea'; Usage = 'two interfaces'; Run = { $Sample.Trinarized | Measure-InterfaceArea -Phase AM -OtherPhase Pore, CBD } }
        @{ Command = 'Get-DescriptorCurve'; Usage = 'constrictivity curves'; Run = { $Sample.Pores | Measure-Constrictivity | Get-DescriptorCurve } }
        @{ Command = 'Get-DescriptorCurve'; Usage = 'an impedance spectrum'; Run = { $Sample.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -PointsPerDecade 1 -NoThroughTortuosity | Get-DescriptorCurve } }
        @{ Command = 'ConvertTo-DistanceMap'; Usage = 'the local thickness'; Run = { $Sample.Pores | ConvertTo-DistanceMap -Phase Pore -LocalThickness } }
        @{ Command = 'Export-DescriptorPlot'; Usage = '-PassThru'; Run = { $Sample.Pores | Measure-Constrictivity | Export-DescriptorPlot -Path (Join-Path $TestDrive 'cpsd.png') -Force -PassThru } }
        @{ Command = 'Export-LinePlot'; Usage = '-PassThru'; Run = { $Sample.Study | Export-LinePlot -Path (Join-Path $TestDrive 'line.png') -X VolumeFraction -Y MFactor -Force -PassThru } }
        @{ Command = 'Merge-Phase'; Usage = 'two phases'; Run = { $Sample.Trinarized | Merge-Phase -Phase CBD, AM -Name Solid } }
        @{ Command = 'New-VoxelClassifier'; Usage = 'a feature grid'; Run = { New-VoxelClassifier $Sample.ClassifierGrey $Sample.ClassifierLabels -Feature GaussianSmoothing -Sigma 1 -Dimensions 2 -TreeCount 2 -Seed 1 } }
        @{ Command = 'Invoke-VoxelClassifier'; Usage = 'labels'; ParameterSet = 'Label'; Run = { $Sample.ClassifierGrey | Invoke-VoxelClassifier $Sample.Classifier } }
        @{ Command = 'Invoke-VoxelClassifier'; Usage = '-Probability'; ParameterSet = 'Probability'; Run = { $Sample.ClassifierGrey | Invoke-VoxelClassifier $Sample.Classifier -Probability } }
        @{ Command = 'Export-VoxelClassifier'; Usage = '-PassThru'; Run = { $Sample.Classifier | Export-VoxelClassifier -Path (Join-Path $TestDrive 'out.mmclf') -Force -PassThru } }
        @{ Command = 'Import-VoxelClassifier'; Usage = 'a file'; Run = { Import-VoxelClassifier -Path $Sample.ClassifierFile } }
        @{ Command = 'Measure-ClassificationAccuracy'; Usage = 'against the truth'; Run = { Invoke-VoxelClassifier $Sample.Classifier $Sample.ClassifierGrey | Measure-ClassificationAccuracy -Reference $Sample.ClassifierTruth } }
        @{ Command = 'Get-BooleanModelDensity'; Usage = 'balls'; Run = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 } }
        @{ Command = 'Optimize-BooleanModel'; Usage = 'densities by property name'; Run = { Get-BooleanModelDensity -Intensity 0.004 -Radius 3 | Optimize-BooleanModel -LengthScale 1 -GrainShape Ball } }
        @{ Command = 'New-GaussianExcursionSet'; Usage = 'a volume fraction'; Run = { New-GaussianExcursionSet -Size 16 -VolumeFraction 0.4 -CovarianceScale 0.3 -Seed 5 } }
        @{ Command = 'Optimize-GaussianExcursionSet'; Usage = 'one phase'; Run = { $Sample.Excursion | Optimize-GaussianExcursionSet -Phase Solid } }
        @{ Command = 'New-BooleanModel'; Usage = 'exponential radii'; Run = { New-BooleanModel -Size 16 -Intensity 0.004 -RadiusRate 0.4 -Seed 2 } }
        @{ Command = 'New-CarbonBinderModel'; Usage = 'Table 2'; Run = { New-CarbonBinderModel -Size 16 -VoxelSize 40 -Seed 3 } }
        @{ Command = 'Optimize-CarbonBinderModel'; Usage = 'one candidate rate'; Run = { $Sample.CarbonBinder | Optimize-CarbonBinderModel -CarbonBinderSample $Sample.CarbonBinderCutout -PoreRadiusRate 0.021 -Realizations 1 } }
        @{ Command = 'Compare-Segmentation'; Usage = '-Pairwise'; Run = { $Sample.Trinarized, $Sample.Otsu | Compare-Segmentation -Pairwise } }
        @{ Command = 'Compare-VoxelStack'; Usage = 'two segmentations'; Run = { $Sample.Otsu | Compare-VoxelStack $Sample.Trinarized } }
        @{ Command = 'Invoke-Trinarization'; Usage = 'Otsu'; Run = { $Sample.Grey | Invoke-Trinarization -Method Otsu } }
        @{ Command = 'Invoke-VoxelFilter'; Usage = 'a grey and a phase filter'; Run = { $Sample.Grey | Invoke-VoxelFilter -Filter Gaussian -Sigma 1; $Sample.Pores | Invoke-VoxelFilter -Filter Closing -Phase Solid -Radius 1 } }
        @{ Command = 'Import-AggregateMap'; Usage = 'a pair of files'; Run = { Import-AggregateMap -CarbonPath $Sample.CarbonFile -SiliconPath $Sample.SiliconFile -PixelSize 2 } }
        @{ Command = 'New-AggregateMap'; Usage = '-Count 2'; Run = { New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 6 -Count 2 -Seed 4 } }
        @{ Command = 'Get-SchmahlIndex'; Usage = 'two particle counts'; Run = { $Sample.Maps | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 5, 10 -SampleCount 10 -Seed 1 } }
        @{ Command = 'Measure-MixingQuality'; Usage = 'Schmahl indices'; Run = { $Sample.Schmahl | Measure-MixingQuality } }
        @{ Command = 'Get-ConcentrationCorrelation'; Usage = '-Average -Fit'; Run = { $Sample.Maps | Get-ConcentrationCorrelation -MaxDistance 20 -Average -Fit } }
        @{ Command = 'Export-ImpedancePlot'; Usage = '-PassThru'; Run = { $Sample.Pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -AngularFrequency 1e-2 -NoThroughTortuosity | Export-ImpedancePlot -Path (Join-Path $TestDrive 'nyquist.png') -Force -PassThru } }
        @{ Command = 'Export-MixingPlot'; Usage = '-PassThru'; Run = { $Sample.Schmahl | Export-MixingPlot -Path (Join-Path $TestDrive 'mixing.png') -Force -PassThru } }
        @{ Command = 'Get-Particle'; Usage = 'three phases'; Run = { $Sample.ParticleSystem | Get-Particle -Phase Calcite, Dolomite, Talc } }
        @{ Command = 'Split-Particle'; Usage = 'distance maxima'; Run = { $Sample.Particles | Split-Particle } }
        @{ Command = 'Measure-Particle'; Usage = 'every particle'; Run = { $Sample.Particles | Measure-Particle } }
        @{ Command = 'Measure-Liberation'; Usage = 'size classes'; Run = { $Sample.Particles | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 50, 1000 } }
        @{ Command = 'Measure-Representativeness'; Usage = 'two pieces'; Run = { $Sample.Particles | Measure-Representativeness -PieceCount 2 -SizeClass 0, 3, 10 } }
        @{ Command = 'New-ParticleSystem'; Usage = 'two phases'; Run = { New-ParticleSystem 16 -ParticleCount 4 -Radius 2, 3 -PhaseName A, B -Seed 2 } }
    )

    It 'has a row for every exported cmdlet' -ForEach @{ Rows = $rows; Exported = $ExportedCmdlets } {
        $Exported | Where-Object { $_ -notin $Rows.Command } | Should -BeNullOrEmpty
    }

    It 'declares output types that PowerShell resolves: <_>' -ForEach $ExportedCmdlets {
        (Get-Command $_).OutputType | Where-Object { -not $_.Type } | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It '<Command> (<Usage>) emits objects and only of its declared types' -ForEach $rows {
        $ErrorActionPreference = 'Stop'
        $declared = @(Get-DeclaredOutputType $Command $_['ParameterSet'])
        $declared | Should -Not -BeNullOrEmpty
        $output = @(& $Run)
        $output.Count | Should -BeGreaterThan 0 -Because "$Command ($Usage) should emit at least one object"
        $undeclared = $output | Where-Object { $o = $_; -not ($declared | Where-Object { $o -is $_ }) } | ForEach-Object { $_.GetType().FullName }
        $undeclared | Should -BeNullOrEmpty -Because "$Command declares $($declared.FullName -join ', ')"
    }
}

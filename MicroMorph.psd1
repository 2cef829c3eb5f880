@{
    RootModule           = 'module/bin/MicroMorph.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0c6f0e-8d1a-4c53-9a51-3f1f3e0b7d21'
    Author               = 'MicroMorph developers'
    CompanyName          = 'MicroMorph'
    Copyright            = '(c) 2026 MicroMorph developers. MIT licence.'
    Description          = 'Quantitative microstructure analysis of 3D voxel images (FIB-SEM, synchrotron and nano-CT tomograms) and 2D element maps: import/export, phase images, morphological descriptors, stochastic models, segmentation, mixing quality and particle analysis.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('module/MicroMorph.format.ps1xml')
    TypesToProcess       = @('module/MicroMorph.types.ps1xml')
    CmdletsToExport      = @(
        'Import-VoxelStack'
        'Export-VoxelStack'
        'Measure-VoxelStack'
        'Measure-VoxelHistogram'
        'Select-VoxelRegion'
        'Resize-VoxelStack'
        'ConvertTo-PhaseImage'
        'Export-VoxelSlice'
        'Measure-Constrictivity'
        'Measure-GeodesicTortuosity'
        'Measure-EffectiveTortuosity'
        'Measure-ElectrodeImpedance'
        'Measure-MFactorRegression'
        'Measure-PhaseProfile'
        'Measure-IntrinsicVolume'
        'Measure-TwoPointCoverage'
        'Measure-InterfaceArea'
        'Get-DescriptorCurve'
        'ConvertTo-DistanceMap'
        'Export-DescriptorPlot'
        'Export-LinePlot'
        'Merge-Phase'
        'New-VoxelClassifier'
        'Invoke-VoxelClassifier'
        'Export-VoxelClassifier'
        'Import-VoxelClassifier'
        'Measure-ClassificationAccuracy'
        'Get-BooleanModelDensity'
        'Optimize-BooleanModel'
        'New-GaussianExcursionSet'
        'Optimize-GaussianExcursionSet'
        'New-BooleanModel'
        'New-CarbonBinderModel'
        'Optimize-CarbonBinderModel'
        'Compare-Segmentation'
        'Compare-VoxelStack'
        'Invoke-Trinarization'
        'Invoke-VoxelFilter'
        'Import-AggregateMap'
        'New-AggregateMap'
        'Get-SchmahlIndex'
        'Measure-MixingQuality'
        'Get-ConcentrationCorrelation'
        'Export-MixingPlot'
        'Export-ImpedancePlot'
        'Get-Particle'
        'Split-Particle'
        'Measure-Particle'
        'Measure-Liberation'
        'Measure-Representativeness'
        'New-ParticleSystem'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('microstructure', 'tomography', 'FIB-SEM', 'image-analysis', 'materials-science', 'battery')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/micromorph/micromorph'
        }
    }
}

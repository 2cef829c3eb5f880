# Small, realistic inputs for running every MicroMorph cmdlet once: tiny volumes, seeded models,
# element maps and a trained classifier. OutputType.Tests.ps1 and Formatting.Tests.ps1 use them.
# Dot-source after TestSetup.ps1, then: $Sample = New-CmdletSample -Folder $TestDrive
# (the files the importers read are written into -Folder). Nothing here asserts anything.

function New-CmdletSample {
    param([Parameter(Mandatory)] [string] $Folder)
    $ErrorActionPreference = 'Stop'
    $s = @{ Folder = $Folder }

    # A grey stack whose values run through 0-250 in a scrambled ramp, so thresholds and Otsu have work to do.
    $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(24, 24, 12, 'UInt8')
    foreach ($z in 0..11) { foreach ($y in 0..23) { foreach ($x in 0..23) {
        $grey.SetValue($x, $y, $z, (($x * 7 + $y * 13 + $z * 29) % 251)) } } }
    $s.Grey = $grey
    $s.GreyFile = Join-Path $Folder 'grey.tif'
    $grey | Export-VoxelStack -Path $s.GreyFile

    # Two-phase digital twins (Pore / Solid), three-phase segmentations (Pore / CBD / AM) of the grey stack.
    $s.Pores = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 1
    $s.Excursion = New-GaussianExcursionSet -Size 24 -Threshold 0.3 -CovarianceScale 0.3 -Seed 2
    $s.Trinarized = $grey | Invoke-Trinarization -VolumeFraction 0.5, 0.2, 0.3
    $s.Otsu = $grey | Invoke-Trinarization -Method Otsu

    # A carbon-binder structure and a carbon-binder cutout for Optimize-CarbonBinderModel (001 Section 3.2).
    $s.CarbonBinder = New-CarbonBinderModel -Size 24 -VoxelSize 40 -GraphiteIntensity 2.8e-9 -HalfAxisShape 20, 60 -HalfAxisRate 0.2 -Seed 100
    $s.CarbonBinderCutout = New-GaussianExcursionSet -Size 16 -VoxelSize 40 -Unit nm -Threshold 0.2 -CovarianceScale 0.0127 -Seed 11 -PhaseName CBD -BackgroundName Pore

    # Hetero-aggregate maps (000): simulated, and a pair of element-map files.
    $s.Maps = New-AggregateMap -Size 96 -CarbonDiameter 8 -SilicaDiameter 6 -Coverage 0.4 -Count 2 -Seed 10
    $s.Schmahl = $s.Maps | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 10 -SampleCount 20 -Seed 1
    $carbon = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 6, 1, 'UInt8')
    $silicon = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 6, 1, 'UInt8')
    foreach ($x in 0..7) { $carbon.SetValue($x, 1, 0, 255); $carbon.SetValue($x, 2, 0, 255); $silicon.SetValue($x, 2, 0, 255); $silicon.SetValue($x, 3, 0, 255) }
    $s.CarbonFile = Join-Path $Folder 'agg1_C.tif'
    $s.SiliconFile = Join-Path $Folder 'agg1_Si.tif'
    $carbon | Export-VoxelStack -Path $s.CarbonFile
    $silicon | Export-VoxelStack -Path $s.SiliconFile

    # Particles (004): three minerals in a matrix, labelled.
    $s.ParticleSystem = New-ParticleSystem 32 -ParticleCount 20 -Radius 2, 4 -Seed 1
    $s.Particles = $s.ParticleSystem | Get-Particle -Phase Calcite, Dolomite, Talc

    # A voxel classifier trained on two labelled slices of the classification phantom (001 Section 2.3).
    $phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(40, 40, 12, 5, 0.35, 12, [MicroMorph.Core.Parallelism.ComputeOptions]::Default)
    $s.ClassifierGrey = $phantom.Item1
    $s.ClassifierTruth = $phantom.Item2
    $s.ClassifierLabels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($phantom.Item2, [int[]]@(3, 8))
    $s.Classifier = New-VoxelClassifier $s.ClassifierGrey $s.ClassifierLabels -Feature GaussianSmoothing -Sigma 1 -Dimensions 2 -TreeCount 4 -Seed 3
    $s.ClassifierFile = Join-Path $Folder 'phantom.mmclf'
    $s.Classifier | Export-VoxelClassifier -Path $s.ClassifierFile

    # Structures on M = eps^2 / tau^3 (the M-factor study of 001 Section 3.4).
    $s.Study = foreach ($k in 0..5) {
        $eps = 0.3 + 0.05 * $k; $tau = 1.1 + 0.07 * (($k * 3) % 5)
        [pscustomobject]@{ VolumeFraction = $eps; Tortuosity = $tau; MFactor = $eps * $eps / ($tau * $tau * $tau); V1 = 0.05 * $k }
    }
    $s
}

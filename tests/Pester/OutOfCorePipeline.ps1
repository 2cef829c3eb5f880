# The pipeline of the out-of-core test (OutOfCore.Tests.ps1, issue 24), run in a child pwsh with a
# GC heap limit: import a raw UInt8 volume, crop, down-sample 2x2x2, threshold trinarization by
# fractions, phase fractions, intrinsic volumes and particles of AM. -Scratch makes the import
# file-backed on request; without it storage is chosen automatically ($env:MICROMORPH_SCRATCH).
# Writes one JSON object: the results, where each volume lived, the time and the peak RSS (VmHWM).
param(
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [int[]] $Dimensions,
    [Parameter(Mandatory)] [int[]] $Origin,
    [Parameter(Mandatory)] [int[]] $Size,
    [string] $Scratch,
    [string] $Module
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$clock = [Diagnostics.Stopwatch]::StartNew()
$import = @{ Path = $Path; Dimensions = $Dimensions }
if ($Scratch) { $import.Scratch = $Scratch }
$grey = Import-VoxelStack @import
$crop = $grey | Select-VoxelRegion -Origin $Origin -Size $Size
$small = $crop | Resize-VoxelStack -Factor 2
$phases = $small | Invoke-Trinarization -Method Threshold -VolumeFraction (1 - 0.125 - 0.001953125), 0.001953125, 0.125
$fractions = $phases | Measure-VoxelStack
$intrinsic = $phases | Measure-IntrinsicVolume -Phase AM
$particles = $phases | Get-Particle -Phase AM
$hwm = [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1]) * 1024
[pscustomobject]@{
    Seconds              = $clock.Elapsed.TotalSeconds
    PeakRssBytes         = $hwm
    GcHeapLimit          = [GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes
    FileBacked           = @($grey, $crop, $small, $phases, $particles.Labels | ForEach-Object IsFileBacked)
    InputVoxels          = $grey.VoxelCount
    Fractions            = @($fractions | ForEach-Object { $_.VoxelCount })
    VolumeFraction       = $intrinsic.VolumeFraction
    SurfaceTotal         = $intrinsic.SurfaceDensity * $intrinsic.ReferenceVolume
    MeanCurvatureTotal   = $intrinsic.MeanCurvatureDensity * $intrinsic.ReferenceVolume
    EulerCharacteristic  = $intrinsic.EulerCharacteristic
    ParticleCount        = $particles.Count
    PhaseHash            = $phases.ContentHash
    LabelHash            = $particles.Labels.ContentHash
} | ConvertTo-Json -Compress

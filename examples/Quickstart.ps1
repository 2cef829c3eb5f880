<#
.SYNOPSIS
    MicroMorph in two minutes: import a real electrode tomogram, name its phases, measure them,
    check against an independent tool, and draw a slice.

.DESCRIPTION
    Runs on the shipped sample examples/data/electrode.tiff: TauFactor's 256^3 NMC cathode
    (pore = 0, NMC active material = 85, carbon-binder domain = 170; voxel 100/256 µm).
    Shows the volume, its phase fractions beside TauFactor's published figures, the same after
    down-sampling by 2 (the resolution study of Gräfensteiner et al., 001 Section 3.3), the
    constrictivity, geodesic tortuosity and intrinsic volumes of each phase (001 Section 3.3,
    002 Section 5.1), the ionic resistance and electrode tortuosity factor of a crop from its blocking
    impedance (002 Section 4), and writes PNG pictures of a slice into -OutputFolder.

    Run it in pwsh 7.4 or later, from the repository after a build:
        dotnet pwsh ./build.ps1 Quickstart
        dotnet pwsh ./examples/Quickstart.ps1 -OutputFolder ./out
    The script imports MicroMorph from beside the examples folder unless it is already loaded.

.PARAMETER Path
    The volume to analyse (default: the shipped electrode sample).

.PARAMETER OutputFolder
    Where the pictures go (created if needed; default ./out).

.PARAMETER PassThru
    Returns one object with the numbers computed (phase fractions at both resolutions,
    constrictivity, geodesic tortuosity, intrinsic volumes) and the pictures written, for
    scripts and tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Quickstart.ps1 -OutputFolder ./out

.EXAMPLE
    $r = ./examples/Quickstart.ps1 -PassThru
    $r.PhaseFractions | Format-Table
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'data' 'electrode.tiff'),
    [string] $OutputFolder = 'out',
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture

Write-Host '== 1. Import the tomogram (voxel size 100/256 µm, as published with the sample)'
$stack = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm'
$statistics = $stack | Measure-VoxelStack
$stack | Out-Host
$statistics | Out-Host

Write-Host '== 2. Name the phases and measure their volume fractions'
$electrode = $stack | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -Color @{ Pore = '#1F1F1F'; NMC = '#9E9E9E'; CBD = '#E69F00' }
$fractions = $electrode | Measure-VoxelStack
$fractions | Out-Host

Write-Host '== 3. Compare with TauFactor''s published volume fractions (independent tool)'
$published = @{ Pore = 0.44992; NMC = 0.40047; CBD = 0.14962 }
$fractions | Select-Object Phase,
    @{ Name = 'MicroMorph'; Expression = { $_.VolumeFraction.ToString('F5', $invariant) } },
    @{ Name = 'TauFactor'; Expression = { $published[$_.Phase].ToString('F5', $invariant) } },
    @{ Name = 'Agree'; Expression = { [math]::Abs($_.VolumeFraction - $published[$_.Phase]) -lt 5e-6 } } |
    Format-Table | Out-Host

Write-Host '== 4. Down-sample by 2 (keep every second voxel along each axis, 001 Section 3.3)'
$coarse = $electrode | Resize-VoxelStack -Factor 2 -Method Subsample
$coarseFractions = $coarse | Measure-VoxelStack
$coarse | Out-Host
$coarseFractions | Out-Host

Write-Host '== 5. Bottlenecks: constrictivity of each phase for intrusion through the electrode (z), at the coarse resolution'
$bottlenecks = $coarse | Measure-Constrictivity -Direction Z
$bottlenecks | Out-Host

Write-Host '== 6. Path lengths: geodesic tortuosity of each phase through the electrode (z), at the coarse resolution'
$paths = $coarse | Measure-GeodesicTortuosity -Direction Z
$paths | Out-Host

Write-Host '== 7. Intrinsic volumes of each phase at full resolution (edge-corrected densities, 26-adjacency)'
$intrinsic = $electrode | Measure-IntrinsicVolume
$intrinsic | Out-Host

Write-Host '== 8. Ions through the pores: ionic resistance R_ion and electrode tortuosity tau_e (blocking impedance, 64^3 coarse crop)'
$crop = $coarse | Select-VoxelRegion -Origin 0, 0, 0 -Size 64, 64, 64
$impedance = $crop | Measure-ElectrodeImpedance -Electrolyte @{ Pore = 1 } -ReactivePhase NMC -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 1
$impedance | Out-Host

Write-Host '== 9. Pictures: the middle slice, and the size distribution and intrusion curves'
$pictures = @(
    $stack | Export-VoxelSlice -Path (Join-Path $OutputFolder 'electrode-grey.png') -Force -PassThru
    $electrode | Export-VoxelSlice -Path (Join-Path $OutputFolder 'electrode-phases.png') -Scale 2 -Force -PassThru
    $bottlenecks | Export-DescriptorPlot -Path (Join-Path $OutputFolder 'electrode-cpsd.png') -Force -PassThru
)
Write-Host "Grey slice:  $($pictures[0].FullName)"
Write-Host "Phase slice: $($pictures[1].FullName)"
Write-Host "CPSD and intrusion curves: $($pictures[2].FullName)"

if ($PassThru) {
    [pscustomobject]@{
        Path               = $Path
        VoxelSize          = $stack.VoxelSize
        Dimensions         = $stack.Dimensions
        Statistics         = $statistics
        PhaseFractions     = $fractions
        PublishedFractions = $published
        CoarseDimensions   = $coarse.Dimensions
        CoarseVoxelSize    = $coarse.VoxelSize
        CoarseFractions    = $coarseFractions
        Constrictivity     = $bottlenecks
        GeodesicTortuosity = $paths
        IntrinsicVolumes   = $intrinsic
        Impedance          = $impedance
        Pictures           = $pictures
    }
}

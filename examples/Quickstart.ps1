<#
.SYNOPSIS
    MicroMorph in two minutes: import a real electrode tomogram, name its phases, measure them,
    check against an independent tool, and draw a slice.

.DESCRIPTION
    Runs on the shipped sample examples/data/electrode.tiff: TauFactor's 256^3 NMC cathode
    (pore = 0, NMC active material = 85, carbon-binder domain = 170; voxel 100/256 µm).
    Prints the volume, its phase fractions beside TauFactor's published figures, the same after
    down-sampling by 2 (the resolution study of Gräfensteiner et al., 001 Section 3.3), the
    constrictivity, geodesic tortuosity and intrinsic volumes of each phase (001 Section 3.3, 002 Section 5.1), and writes PNG pictures of a
    slice into -OutputFolder.

    Uses only MicroMorph and PowerShell core cmdlets, so it runs in the MicroMorph shell:
        dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Quickstart.ps1
.PARAMETER Path
    The volume to analyse (default: the shipped electrode sample).
.PARAMETER OutputFolder
    Where the pictures go (created if needed; default ./out).
#>
param(
    [string] $Path = [System.IO.Path]::Combine($PSScriptRoot, 'data', 'electrode.tiff'),
    [string] $OutputFolder = 'out'
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName

'== 1. Import the tomogram (voxel size 100/256 µm, as published with the sample)'
$stack = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm'
$stack | Out-Default
$stack | Measure-VoxelStack | Out-Default

'== 2. Name the phases and measure their volume fractions'
$electrode = $stack | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -Color @{ Pore = '#1F1F1F'; NMC = '#9E9E9E'; CBD = '#E69F00' }
$fractions = $electrode | Measure-VoxelStack
$fractions | Out-Default

'== 3. Compare with TauFactor''s published volume fractions (independent tool)'
$published = @{ Pore = 0.44992; NMC = 0.40047; CBD = 0.14962 }
$fractions | ForEach-Object {
    [pscustomobject]@{
        Phase      = $_.Phase
        MicroMorph = $_.VolumeFraction.ToString('F5', [cultureinfo]::InvariantCulture)
        TauFactor  = $published[$_.Phase].ToString('F5', [cultureinfo]::InvariantCulture)
        Agree      = [math]::Abs($_.VolumeFraction - $published[$_.Phase]) -lt 5e-6
    }
} | Out-Default

'== 4. Down-sample by 2 (keep every second voxel along each axis, 001 Section 3.3)'
$coarse = $electrode | Resize-VoxelStack -Factor 2 -Method Subsample
$coarse | Out-Default
$coarse | Measure-VoxelStack | Out-Default

'== 5. Bottlenecks: constrictivity of each phase for intrusion through the electrode (z), at the coarse resolution'
$bottlenecks = $coarse | Measure-Constrictivity -Direction Z
$bottlenecks | Out-Default

'== 6. Path lengths: geodesic tortuosity of each phase through the electrode (z), at the coarse resolution'
$coarse | Measure-GeodesicTortuosity -Direction Z | Out-Default

'== 7. Intrinsic volumes of each phase at full resolution (edge-corrected densities, 26-adjacency)'
$electrode | Measure-IntrinsicVolume | Out-Default

'== 8. Pictures: the middle slice, and the size distribution and intrusion curves'
$grey = $stack | Export-VoxelSlice -Path ([System.IO.Path]::Combine($OutputFolder, 'electrode-grey.png')) -Force -PassThru
$phases = $electrode | Export-VoxelSlice -Path ([System.IO.Path]::Combine($OutputFolder, 'electrode-phases.png')) -Scale 2 -Force -PassThru
$curves = $bottlenecks | Export-DescriptorPlot -Path ([System.IO.Path]::Combine($OutputFolder, 'electrode-cpsd.png')) -Force -PassThru
"Grey slice:  $($grey.FullName)"
"Phase slice: $($phases.FullName)"
"CPSD and intrusion curves: $($curves.FullName)"

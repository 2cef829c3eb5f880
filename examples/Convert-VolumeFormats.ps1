<#
.SYNOPSIS
    Convert an instrument's TIFF stack for other tools: crop a region of interest, down-sample,
    and write TIFF (Fiji), raw + MetaImage header (ParaView, ITK, simulation codes), HDF5 and PNG
    slices; then read every file back and check that nothing changed.

.DESCRIPTION
    Uses the shipped NMC-cathode sample (examples/data/electrode.tiff). Runs in the MicroMorph
    shell: dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Convert-VolumeFormats.ps1
.PARAMETER Path
    The stack to convert (default: the shipped sample).
.PARAMETER OutputFolder
    Where the converted files go (created if needed; default ./out/converted).
#>
param(
    [string] $Path = [System.IO.Path]::Combine($PSScriptRoot, 'data', 'electrode.tiff'),
    [string] $OutputFolder = 'out/converted'
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName

# A 128^3 region of interest at the original resolution, then the same region at half resolution.
$stack = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm'
$roi = $stack | Select-VoxelRegion -Origin 64, 64, 64 -Size 128, 128, 128
$coarse = $roi | Resize-VoxelStack -Factor 2 -Method Subsample
$roi, $coarse | Out-Default

# One call per format; -PassThru returns the files written.
$written = @(
    $roi | Export-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'roi.tif')) -Force -PassThru
    $roi | Export-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'roi.mhd')) -Force -PassThru
    $roi | Export-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'roi.h5')) -Dataset '/exchange/data' -Force -PassThru
    $coarse | Export-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'coarse.png')) -Force -PassThru
)
"Wrote $($written.Count) files to $OutputFolder"

# Read every format back and compare statistics and voxel size with the original.
$reference = $roi | Measure-VoxelStack
$checks = @(
    @{ Name = 'TIFF'; Volume = Import-VoxelStack ([System.IO.Path]::Combine($OutputFolder, 'roi.tif')) }
    @{ Name = 'MetaImage'; Volume = Import-VoxelStack ([System.IO.Path]::Combine($OutputFolder, 'roi.mhd')) }
    @{ Name = 'HDF5'; Volume = Import-VoxelStack ([System.IO.Path]::Combine($OutputFolder, 'roi.h5')) -Dataset '/exchange/data' }
)
$checks | ForEach-Object {
    $m = $_.Volume | Measure-VoxelStack
    [pscustomobject]@{
        Format     = $_.Name
        Dimensions = $_.Volume.Dimensions
        VoxelSize  = $_.Volume.VoxelSize.ToString()
        Identical  = ($m.Sum -eq $reference.Sum) -and ($m.StandardDeviation -eq $reference.StandardDeviation) -and ($_.Volume.VoxelSize -eq $roi.VoxelSize)
    }
} | Out-Default

$slices = Import-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'coarse_*.png')) -VoxelSize $coarse.VoxelSize.X -Unit $coarse.VoxelSize.Unit
"PNG slices read back in natural order: $($slices.Dimensions), sum equal: $(($slices | Measure-VoxelStack).Sum -eq ($coarse | Measure-VoxelStack).Sum)"

<#
.SYNOPSIS
    Convert an instrument's TIFF stack for other tools: crop a region of interest, down-sample,
    and write TIFF (Fiji), raw + MetaImage header (ParaView, ITK, simulation codes), HDF5 and PNG
    slices; then read every file back and check, voxel by voxel, that nothing changed.

.DESCRIPTION
    Uses the shipped NMC-cathode sample (examples/data/electrode.tiff, voxel 100/256 µm): a
    128^3 region of interest at the original resolution, and the same region at half resolution
    as PNG slices. Every file is read back with Import-VoxelStack; its voxels are written as raw
    bytes to a scratch folder and their SHA-256 compared with that of the region itself, so
    "Identical" means the same dimensions, the same voxel size and the same bytes; Compare-VoxelStack
    makes the same check in memory and reports DifferingVoxels.

        dotnet pwsh ./examples/Convert-VolumeFormats.ps1 -OutputFolder ./out/converted

.PARAMETER Path
    The stack to convert (default: the shipped sample).

.PARAMETER OutputFolder
    Where the converted files go (created if needed; default ./out/converted).

.PARAMETER PassThru
    Returns one object with the region, its down-sampled copy, the files written and the
    round-trip checks, for scripts and tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Convert-VolumeFormats.ps1 -OutputFolder ./converted

.EXAMPLE
    (./examples/Convert-VolumeFormats.ps1 -PassThru).Checks | Where-Object { -not $_.Identical }
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'data' 'electrode.tiff'),
    [string] $OutputFolder = (Join-Path 'out' 'converted'),
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName

Write-Host '== 1. A 128^3 region of interest at the original resolution, and the same region at half resolution'
$stack = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm'
$roi = $stack | Select-VoxelRegion -Origin 64, 64, 64 -Size 128, 128, 128
$coarse = $roi | Resize-VoxelStack -Factor 2 -Method Subsample
$roi, $coarse | Out-Host

Write-Host '== 2. One call per format; -PassThru returns the files written'
$written = @(
    $roi | Export-VoxelStack -Path (Join-Path $OutputFolder 'roi.tif') -Force -PassThru
    $roi | Export-VoxelStack -Path (Join-Path $OutputFolder 'roi.mhd') -Force -PassThru
    $roi | Export-VoxelStack -Path (Join-Path $OutputFolder 'roi.h5') -Dataset '/exchange/data' -Force -PassThru
    $coarse | Export-VoxelStack -Path (Join-Path $OutputFolder 'coarse.png') -Force -PassThru
)
$written | Group-Object Extension |
    Select-Object @{ Name = 'Format'; Expression = { $_.Name } }, Count,
        @{ Name = 'KiB'; Expression = { [long] [math]::Round(($_.Group | Measure-Object Length -Sum).Sum / 1KB) } } |
    Format-Table -AutoSize | Out-Host
Write-Host "Wrote $($written.Count) files to $OutputFolder"

Write-Host '== 3. Read every file back and compare it voxel by voxel with what was written'
# The voxels of a volume as raw bytes in a scratch folder, and their SHA-256.
$scratch = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "micromorph-roundtrip-$([guid]::NewGuid().ToString('N'))")
function Get-VoxelHash($Volume, [string] $Name) {
    ($Volume | Export-VoxelStack -Path (Join-Path $scratch "$Name.raw") -PassThru | Where-Object Extension -EQ '.raw' | Get-FileHash -Algorithm SHA256).Hash
}
try {
    $reference = @{ ROI = Get-VoxelHash $roi 'roi'; Coarse = Get-VoxelHash $coarse 'coarse' }
    $readBack = @(
        @{ Format = 'TIFF'; Of = 'ROI'; Original = $roi; Volume = Import-VoxelStack -Path (Join-Path $OutputFolder 'roi.tif') }
        @{ Format = 'MetaImage'; Of = 'ROI'; Original = $roi; Volume = Import-VoxelStack -Path (Join-Path $OutputFolder 'roi.mhd') }
        @{ Format = 'HDF5'; Of = 'ROI'; Original = $roi; Volume = Import-VoxelStack -Path (Join-Path $OutputFolder 'roi.h5') -Dataset '/exchange/data' }
        # PNG holds no voxel size: give it on import. The slices come back in natural order.
        @{ Format = 'PNG slices'; Of = 'Coarse'; Original = $coarse; Volume = Import-VoxelStack -Path (Join-Path $OutputFolder 'coarse_*.png') -VoxelSize $coarse.VoxelSize.X -Unit $coarse.VoxelSize.Unit }
    )
    $checks = foreach ($r in $readBack) {
        $hash = Get-VoxelHash $r.Volume $r.Format.Replace(' ', '-')
        # The same check without files: Compare-VoxelStack counts the voxels that differ.
        $comparison = $r.Volume | Compare-VoxelStack $r.Original
        [pscustomobject]@{
            Format     = $r.Format
            Of         = $r.Of
            Dimensions = $r.Volume.Dimensions
            DataType   = $r.Volume.DataType
            VoxelSize  = $r.Volume.VoxelSize
            Sha256     = $hash
            DifferingVoxels = $comparison.DifferingVoxels
            Identical  = $hash -eq $reference[$r.Of] -and $r.Volume.Dimensions -eq $r.Original.Dimensions -and
                $r.Volume.DataType -eq $r.Original.DataType -and $r.Volume.VoxelSize -eq $r.Original.VoxelSize -and $comparison.Identical
        }
    }
}
finally { Remove-Item -LiteralPath $scratch -Recurse -Force }
$checks | Format-Table Format, Of, Dimensions, DataType, @{ Name = 'VoxelSize'; Expression = { $_.VoxelSize.ToString() } }, Identical -AutoSize | Out-Host
if ($checks.Identical -contains $false) { Write-Warning 'A round trip changed the volume; see the table above.' }

if ($PassThru) {
    [pscustomobject]@{
        Region          = $roi
        Coarse          = $coarse
        Files           = $written
        ReferenceSha256 = $reference
        Checks          = $checks
    }
}

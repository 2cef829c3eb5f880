#!/usr/bin/env pwsh
# Out-of-core throughput (issue 24): a periodic UInt8 volume of 1, 4 and 16 G voxels (2048 x 2048 x
# 256 / 1024 / 4096, written as raw by this script) runs, in a child pwsh whose GC heap is limited
# to 1 GiB and with $env:MICROMORPH_SCRATCH set, through: Import-VoxelStack (to a file-backed
# volume; the raw file is deleted afterwards to halve the disk needed), Measure-VoxelStack (one
# read pass), Resize-VoxelStack -Factor 2, then trinarization, fractions, intrinsic volumes and
# particles of the down-sampled volume. Prints per-stage seconds, voxels per second of the input
# and the peak RSS (VmHWM) in bytes per input voxel, as a markdown table.
#   dotnet pwsh bench/Measure-OutOfCore.ps1 [-GVoxels 1,4,16] [-Work /path/with/space]
# Disk: about 2 x the largest volume (16 G voxels: 32 GB) at once.
#   -Manifest: a copy of the module (so a rebuild during the long run cannot swap its DLLs).
param([int[]] $GVoxels = @(1, 4, 16), [string] $Work = (Join-Path ([IO.Path]::GetTempPath()) 'mm-bench-outofcore'),
    [string] $Manifest = (Join-Path (Resolve-Path (Join-Path $PSScriptRoot '..')) 'MicroMorph.psd1'))
$ErrorActionPreference = 'Stop'
$manifest = $Manifest
$scratch = Join-Path $Work 'scratch'
New-Item -ItemType Directory -Force -Path $scratch | Out-Null

. (Join-Path $PSScriptRoot '../tests/Pester/PeriodicVolume.ps1')

$child = @'
param($Raw, $Depth, $Manifest)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
$t = [ordered]@{}
$c = [Diagnostics.Stopwatch]::StartNew()
$grey = Import-VoxelStack $Raw -Dimensions 2048, 2048, $Depth; $t.Import = $c.Elapsed.TotalSeconds; $c.Restart()
Remove-Item -LiteralPath $Raw
$null = $grey | Measure-VoxelStack; $t.Measure = $c.Elapsed.TotalSeconds; $c.Restart()
$small = $grey | Resize-VoxelStack -Factor 2; $t.Resize = $c.Elapsed.TotalSeconds; $c.Restart()
$phases = $small | Invoke-Trinarization -VolumeFraction (1 - 0.125 - 0.001953125), 0.001953125, 0.125
$f = $phases | Measure-VoxelStack
$iv = $phases | Measure-IntrinsicVolume -Phase AM
$p = $phases | Get-Particle -Phase AM; $t.Rest = $c.Elapsed.TotalSeconds
$hwm = [long](((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -split '\s+')[1]) * 1024
"RESULT {0} {1} {2} {3} {4} {5} {6} {7}" -f $grey.VoxelCount, $t.Import, $t.Measure, $t.Resize, $t.Rest, $hwm, $p.Count, $grey.IsFileBacked
'@
$childPath = Join-Path $Work 'child.ps1'
Set-Content -LiteralPath $childPath -Value $child
$exe = [Environment]::ProcessPath
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }

'| G voxels | write raw s | import s (Mvox/s) | read pass s (Mvox/s) | down-sample s (Mvox/s) | rest on 1/8 s | total Mvox/s | peak RSS MiB | RSS bytes/voxel | particles | load |'
'|---|---|---|---|---|---|---|---|---|---|---|'
foreach ($g in $GVoxels) {
    $depth = 256 * $g
    $raw = Join-Path $Work "v$g.raw"
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Write-PeriodicRaw $raw 2048 2048 $depth
    $write = $clock.Elapsed.TotalSeconds
    $env:DOTNET_GCHeapHardLimit = '0x40000000'; $env:MICROMORPH_SCRATCH = $scratch
    try { $out = & $exe @prefix -NoProfile -NonInteractive -File $childPath -Raw $raw -Depth $depth -Manifest $manifest 2>&1 | ForEach-Object { "$_" } }
    finally { $env:DOTNET_GCHeapHardLimit = $null; $env:MICROMORPH_SCRATCH = $null }
    $line = $out | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1
    if (-not $line) { throw "The child failed: $($out -join "`n")" }
    $r = $line.Split(' ')
    $n = [double]$r[1]; $imp = [double]$r[2]; $mea = [double]$r[3]; $res = [double]$r[4]; $rest = [double]$r[5]; $hwm = [double]$r[6]
    $mv = { param($s) ($n / $s / 1e6).ToString('F0', [cultureinfo]::InvariantCulture) }
    $load = (Get-Content /proc/loadavg).Split(' ')[0]
    '| {0} | {1:F0} | {2:F1} ({3}) | {4:F1} ({5}) | {6:F1} ({7}) | {8:F1} | {9} | {10:F0} | {11:F3} | {12} | {13} |' -f $g, $write, $imp, (& $mv $imp), $mea, (& $mv $mea), $res, (& $mv $res), $rest, (& $mv ($imp + $mea + $res + $rest)), ($hwm / 1MB), ($hwm / $n), $r[7], $load
    Remove-Item -LiteralPath $raw -ErrorAction SilentlyContinue
}
Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue

<#
.SYNOPSIS
    One task of a Slurm job array: measures its share of a folder of volumes with MicroMorph and
    writes the rows to <OutputFolder>/task-<id>.csv.

.DESCRIPTION
    Run by measure.sbatch (see submit.sh and README.md in this folder). The volumes of -Path are
    sorted by name (ordinal, so every node sorts alike whatever its locale); task k of n takes the
    files k, k + n, k + 2n, ... (with one task per file, file k). For each: read, name the phases
    (-Phase for labelled volumes, else Otsu trinarization) and measure the intrinsic volumes of every
    phase (volume fraction, surface density, integral of mean curvature, Euler density).

    The CSV uses the invariant culture (decimal points) and is written under a temporary name and
    renamed, so the merge never reads half a file and a re-run task replaces its own file.

.PARAMETER Path
    The folder of volumes (as the compute nodes see it).

.PARAMETER Filter
    Which files are volumes (default *.tif*).

.PARAMETER OutputFolder
    Where task-<id>.csv goes (created if needed).

.PARAMETER TaskId
    This task's index, 0 to TaskCount - 1 (default: $env:SLURM_ARRAY_TASK_ID).

.PARAMETER TaskCount
    The number of tasks in the array (default: $env:SLURM_ARRAY_TASK_COUNT, else 1).

.PARAMETER ModulePath
    MicroMorph's manifest, or 'MicroMorph' to import it from PSModulePath.

.PARAMETER Phase
    Labels to names for labelled volumes, as "label=name" pairs separated by commas
    ("0=Pore,85=NMC,170=CBD"); empty: Otsu trinarization of grey values.

.PARAMETER VoxelSize
    Voxel edge length in -Unit; 0 keeps each file's own.

.PARAMETER Unit
    Length unit of -VoxelSize (default µm).

.PARAMETER ThrottleLimit
    Worker threads per measurement (measure.sbatch passes SLURM_CPUS_PER_TASK; 0: all cores).

.EXAMPLE
    pwsh -File Measure-SlurmTask.ps1 -Path /scratch/tomograms -OutputFolder /scratch/results -TaskId 3 -TaskCount 100 -Phase '0=Pore,85=NMC,170=CBD'
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $Filter = '*.tif*',
    [Parameter(Mandatory)] [string] $OutputFolder,
    [int] $TaskId = $(if ($env:SLURM_ARRAY_TASK_ID) { [int] $env:SLURM_ARRAY_TASK_ID } else { 0 }),
    [int] $TaskCount = $(if ($env:SLURM_ARRAY_TASK_COUNT) { [int] $env:SLURM_ARRAY_TASK_COUNT } else { 1 }),
    [string] $ModulePath = 'MicroMorph',
    [string] $Phase = '',
    [double] $VoxelSize = 0,
    [string] $Unit = 'µm',
    [ValidateRange(0, 1024)]
    [int] $ThrottleLimit = 0
)

$ErrorActionPreference = 'Stop'
if ($TaskCount -lt 1 -or $TaskId -lt 0 -or $TaskId -ge $TaskCount) { throw "Task $TaskId of $TaskCount does not exist (0 <= TaskId < TaskCount)." }
Import-Module $ModulePath

[string[]] $all = @(Get-ChildItem -LiteralPath $Path -Filter $Filter -File | ForEach-Object FullName)
[Array]::Sort($all, [StringComparer]::Ordinal)
$mine = @(for ($i = $TaskId; $i -lt $all.Count; $i += $TaskCount) { $all[$i] })
$invariant = [cultureinfo]::InvariantCulture
$labels = @{}
foreach ($pair in ($Phase -split ',' | Where-Object { $_.Trim() })) {
    $label, $name = $pair -split '=', 2
    $labels[[int]::Parse($label.Trim(), $invariant)] = $name.Trim()
}
$threads = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
$calibration = if ($VoxelSize -gt 0) { @{ VoxelSize = $VoxelSize; Unit = $Unit } } else { @{} }
$job = if ($env:SLURM_ARRAY_JOB_ID) { $env:SLURM_ARRAY_JOB_ID } else { 'local' }
Write-Host "Task $TaskId of $TaskCount (job $job) on $([System.Net.Dns]::GetHostName()): $($mine.Count) of $($all.Count) volume(s)"

$rows = foreach ($file in $mine) {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $stack = Import-VoxelStack -LiteralPath $file @calibration
    $phases = if ($labels.Count) { $stack | ConvertTo-PhaseImage -Phase $labels } else { $stack | Invoke-Trinarization -Method Otsu @threads }
    $results = @($phases | Measure-IntrinsicVolume @threads)
    $seconds = $clock.Elapsed.TotalSeconds
    Write-Host ("  {0}: {1} x {2} x {3}, {4:F1} s" -f (Split-Path $file -Leaf), $stack.Width, $stack.Height, $stack.Depth, $seconds)
    foreach ($r in $results) {
        # Numbers as invariant round-trip text: the tables of all nodes merge into one, whatever their locale.
        [pscustomobject][ordered]@{
            File                 = $file
            Task                 = $TaskId
            Host                 = [System.Net.Dns]::GetHostName()
            Phase                = $r.Phase
            VolumeFraction       = $r.VolumeFraction.ToString('R', $invariant)
            SurfaceDensity       = $r.SurfaceDensity.ToString('R', $invariant)
            MeanCurvatureDensity = $r.MeanCurvatureDensity.ToString('R', $invariant)
            EulerDensity         = $r.EulerDensity.ToString('R', $invariant)
            Unit                 = $r.Unit
            Seconds              = $seconds.ToString('F3', $invariant)
        }
    }
}

New-Item -ItemType Directory -Force -Path $OutputFolder | Out-Null
$target = Join-Path $OutputFolder ('task-{0:D5}.csv' -f $TaskId)
$temporary = "$target.$PID.tmp"
if ($rows) {
    $rows | Export-Csv -LiteralPath $temporary -NoTypeInformation -Encoding utf8
}
else {
    # A task without files (more tasks than volumes) still says it ran.
    Set-Content -LiteralPath $temporary -Value '"File","Task","Host","Phase","VolumeFraction","SurfaceDensity","MeanCurvatureDensity","EulerDensity","Unit","Seconds"' -Encoding utf8
}
Move-Item -LiteralPath $temporary -Destination $target -Force
Write-Host "Wrote $target"

<#
.SYNOPSIS
    The merge step of the Slurm example: gathers the task-<id>.csv files of a job array into one
    table, results.csv, and names every volume that has no results.

.DESCRIPTION
    submit.sh runs it as a job that depends on the whole array (afterok); it can also be run by hand
    on the login node, e.g. after re-running failed tasks (sbatch --array=17,42 ... measure.sbatch).
    A volume measured twice (a task re-run after a partial failure) keeps its newest rows. The
    script ends with an error, and a non-zero exit code, when any volume of -Path is missing.

.PARAMETER Path
    The folder of volumes that was measured (to check that every one has results).

.PARAMETER Filter
    Which files are volumes (default *.tif*).

.PARAMETER OutputFolder
    The results folder of the array (holds task-*.csv; results.csv goes here too).

.PARAMETER PassThru
    Returns the merged rows (numbers as doubles) for scripts and tests.

.EXAMPLE
    pwsh -File Merge-SlurmResults.ps1 -Path /scratch/tomograms -OutputFolder /scratch/results
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $Filter = '*.tif*',
    [Parameter(Mandatory)] [string] $OutputFolder,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
$invariant = [cultureinfo]::InvariantCulture
$numbers = 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity', 'Seconds'

$parts = @(Get-ChildItem -LiteralPath $OutputFolder -Filter 'task-*.csv' -File | Sort-Object LastWriteTimeUtc)
$byFile = [ordered]@{}
foreach ($part in $parts) {
    foreach ($group in (Import-Csv -LiteralPath $part.FullName | Group-Object File)) {
        $byFile[$group.Name] = $group.Group   # a later task file replaces an earlier one's rows
    }
}

[string[]] $expected = @(Get-ChildItem -LiteralPath $Path -Filter $Filter -File | ForEach-Object FullName)
[Array]::Sort($expected, [StringComparer]::Ordinal)
$missing = @($expected | Where-Object { -not $byFile.Contains($_) })

$rows = foreach ($file in $expected) {
    foreach ($row in @($byFile[$file] | Where-Object { $_ })) {
        $typed = [ordered]@{}
        foreach ($p in $row.PSObject.Properties) {
            $typed[$p.Name] = if ($p.Name -in $numbers) { [double]::Parse($p.Value, $invariant) } elseif ($p.Name -eq 'Task') { [int] $p.Value } else { $p.Value }
        }
        [pscustomobject]$typed
    }
}
$rows = @($rows)

$results = Join-Path $OutputFolder 'results.csv'
$rows | ForEach-Object {
    $row = [ordered]@{}
    foreach ($p in $_.PSObject.Properties) { $row[$p.Name] = if ($p.Value -is [double]) { $p.Value.ToString('R', $invariant) } else { $p.Value } }
    [pscustomobject]$row
} | Export-Csv -LiteralPath $results -NoTypeInformation -Encoding utf8

Write-Host "$($expected.Count - $missing.Count) of $($expected.Count) volume(s) from $($parts.Count) task file(s) -> $results"
$rows | Group-Object Phase | ForEach-Object {
    $fractions = @($_.Group.VolumeFraction)
    $mean = ($fractions | Measure-Object -Average).Average
    $sd = if ($fractions.Count -gt 1) { [math]::Sqrt((($fractions | ForEach-Object { ($_ - $mean) * ($_ - $mean) }) | Measure-Object -Sum).Sum / ($fractions.Count - 1)) } else { 0.0 }
    [pscustomobject]@{
        Phase          = $_.Name
        Volumes        = $fractions.Count
        VolumeFraction = $mean.ToString('F5', $invariant)
        StdDev         = $sd.ToString('F5', $invariant)
    }
} | Format-Table -AutoSize | Out-Host

if ($PassThru) { $rows }
if ($missing) {
    Write-Error "No results for $($missing.Count) volume(s) (failed or unfinished tasks): $($missing -join ', ')" -ErrorAction Continue
    exit 1
}

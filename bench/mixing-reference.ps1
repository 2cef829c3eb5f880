<#
.SYNOPSIS
The random-mixture table of docs/methods/mixing-quality.md (issue 22): the paper's Schmahl index
(000 Eq. 6) of completely random mixtures and its per-map spread against the cutout size N and the
coverage, and MicroMorph's reference-normalised index (ReferenceIndex) with both reference methods.

.DESCRIPTION
Maps: New-AggregateMap's simulator, about 450 disk particles of diameter 10 px in a disk envelope
(like the audit in issue 22), species independent with number fraction 0.5, monodisperse unless
-Cv. Coverage is the covered fraction of the envelope: overlapping disks (a Boolean model with
lambda a = -ln(1 - coverage)) or non-overlapping ones (random sequential adsorption, summed area =
coverage). Each map is measured at N = 5, 10, 25, 50, 100 with 150 cutouts; the reference uses
-Simulations random mixtures per map, by relabelling the map's particles ("Relabel") and, with the
particles stripped, by matched maps ("Matched"). Prints a markdown table; about 2-4 min on 2 cores.

.EXAMPLE
dotnet pwsh -NoProfile -File bench/mixing-reference.ps1 -Maps 40 -Simulations 20

The docs' monodisperse table (106 s at load 9-16 on 2 cores).

.EXAMPLE
dotnet pwsh -NoProfile -Command "& bench/mixing-reference.ps1 -Maps 24 -Simulations 20 -Cv 0.25 -N 5,25,100"

The polydisperse table (82 s). A list for -N needs -Command: -File passes "5,25,100" as one string.
#>
param(
    [int]$Maps = 40,
    [int]$Simulations = 20,
    [double]$Cv = 0,
    [int]$Particles = 450,
    [int[]]$N = @(5, 10, 25, 50, 100)
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../MicroMorph.psd1')
$d = 10
$cells = @(
    @{ Coverage = 0.15; Overlap = $true }, @{ Coverage = 0.29; Overlap = $true }, @{ Coverage = 0.49; Overlap = $true }, @{ Coverage = 0.68; Overlap = $true },
    @{ Coverage = 0.15; Overlap = $false }, @{ Coverage = 0.30; Overlap = $false }, @{ Coverage = 0.45; Overlap = $false })
$sizes = [MicroMorph.Core.Mixing.PrimaryParticleSizes]::new($d, $d, $Cv * $d, $Cv * $d)
$inv = [cultureinfo]::InvariantCulture
"Load before: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -join ' ')"
''
'| coverage | overlap | N | paper index mean +/- SE | per-map SD | ReferenceIndex (Relabel) mean +/- SE | ReferenceIndex (Matched) mean +/- SE |'
'|---|---|---|---|---|---|---|'
$sw = [Diagnostics.Stopwatch]::StartNew()
foreach ($cell in $cells) {
    $lam = if ($cell.Overlap) { -[math]::Log(1 - $cell.Coverage) } else { $cell.Coverage }
    $area = [math]::PI / 4 * $d * $d * (1 + $Cv * $Cv)
    $radius = [math]::Sqrt($Particles * $area / $lam / [math]::PI)
    $size = [int][math]::Round(2 * $radius + $d)
    $rows = @{}
    foreach ($k in $N) { $rows[$k] = [Collections.Generic.List[object]]::new() }
    foreach ($i in 1..$Maps) {
        $p = [MicroMorph.Core.Mixing.AggregateMapParameters]@{
            Width = $size; Height = $size; ParticleCount = $Particles; CarbonDiameter = $d; SilicaDiameter = $d
            CarbonDiameterSpread = $Cv * $d; SilicaDiameterSpread = $Cv * $d; CarbonParticleFraction = 0.5
            AllowOverlap = $cell.Overlap; Seed = 7000 + $i
        }
        $map = [MicroMorph.Core.Mixing.AggregateMapSimulator]::Generate($p, $null)
        $bare = [MicroMorph.Core.Mixing.AggregateMap]::new($map.Width, $map.Height, $map.GetClasses(), 1, 'px', '')
        $o = [MicroMorph.Core.Mixing.SchmahlIndexOptions]@{ Sizes = $sizes; ParticleCounts = [int[]]$N; Seed = $i; ReferenceSimulations = $Simulations }
        $relabel = [MicroMorph.Core.Mixing.SchmahlIndexAnalysis]::Compute($map, $o, $null)
        $matched = [MicroMorph.Core.Mixing.SchmahlIndexAnalysis]::Compute($bare, $o, $null)
        for ($j = 0; $j -lt $N.Count; $j++) {
            $rows[$N[$j]].Add([pscustomobject]@{ Paper = $relabel[$j].SchmahlIndex; Relabel = $relabel[$j].ReferenceIndex; Matched = $matched[$j].ReferenceIndex })
        }
    }

    foreach ($k in $N) {
        $stats = foreach ($name in 'Paper', 'Relabel', 'Matched') {
            $m = $rows[$k] | Measure-Object $name -Average -StandardDeviation
            , @($m.Average, $m.StandardDeviation, ($m.StandardDeviation / [math]::Sqrt($m.Count)))
        }
        [string]::Format($inv, '| {0:P0} | {1} | {2} | {3:F3} +/- {4:F3} | {5:F3} | {6:F3} +/- {7:F3} | {8:F3} +/- {9:F3} |',
            $cell.Coverage, ($cell.Overlap ? 'yes' : 'no'), $k, $stats[0][0], $stats[0][2], $stats[0][1], $stats[1][0], $stats[1][2], $stats[2][0], $stats[2][2])
    }
}
''
"$Maps maps per row, $Simulations simulated mixtures per map, cv $Cv; $([math]::Round($sw.Elapsed.TotalSeconds)) s; load after: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -join ' ')"

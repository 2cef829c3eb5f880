<#
.SYNOPSIS
    The mixing quality of hetero-aggregates after Buchheiser et al. (000): Schmahl index, the
    inter-aggregate measures psi_P, psi_MAS, psi_comb, and the correlation coefficient function.

.DESCRIPTION
    Simulates three "process conditions" with New-AggregateMap, -Count maps each: finely
    dispersed aggregates (species in 200 small clusters per map), segregated ones (3 large
    clusters) and a completely random mixture (-Arrangement Random, Schmahl index about 1 by
    construction); carbon particles of 8 nm and silica particles of 6 nm on 1 nm pixels. Then, as
    in the paper:
    1. the variance of the local carbon concentration against the cutout size for one map of each
       (Figs. 3, 4; single pixels give the unmixed bound of Eq. 4),
    2. the Schmahl index at N = 25 with 150 cutouts and the inter-aggregate measures (Section 3.3),
    3. the mean correlation coefficient function with its Eq. 14 fit (Fig. 7, Table 1),
    4. the Eq. 14 fit applied to the paper's own Table 1 curves (KB and C65), which must give
       their parameters back,
    5. the pictures of Figs. 5-7.
    Real maps come in through Import-AggregateMap (two files per aggregate, or an RGB composite).
    Writes mixing-summary.csv (invariant culture) and PNG pictures to -OutputFolder.

        dotnet pwsh ./examples/Mixing-Quality.ps1 -OutputFolder ./out

.PARAMETER OutputFolder
    Where the CSV and the pictures go (created if needed; default ./out).

.PARAMETER Count
    Maps per process condition (default 10).

.PARAMETER PassThru
    Returns one object with the maps, the variance curves, the Schmahl indices, the mixing
    measures and correlation functions of each condition, the Table 1 refit and the files
    written, for scripts and tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Mixing-Quality.ps1 -Count 20

.EXAMPLE
    (./examples/Mixing-Quality.ps1 -PassThru).Summary | Format-Table Condition, MeanSchmahlIndex, PsiCombined
#>
[CmdletBinding()]
param(
    [string] $OutputFolder = 'out',
    [ValidateRange(2, 1000)]
    [int] $Count = 10,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture
$sizes = @{ CarbonDiameter = 8; SilicaDiameter = 6 }
$common = @{ Size = 384; CarbonParticleFraction = 0.6; Coverage = 0.4; Count = $Count }

Write-Host "== 1. Simulated aggregates: $Count finely dispersed, $Count segregated and $Count random maps"
$conditions = [ordered]@{
    dispersed  = New-AggregateMap @sizes @common -Arrangement Segregated -ClusterCount 200 -Seed 1 -Name Dispersed
    segregated = New-AggregateMap @sizes @common -Arrangement Segregated -ClusterCount 3 -Seed 101
    random     = New-AggregateMap @sizes @common -Arrangement Random -Seed 201
}
$conditions.Values | ForEach-Object { $_[0] } | Out-Host

Write-Host '== 2. Variance of the local carbon concentration against the cutout size (Figs. 3, 4)'
$curve = $conditions.Values | ForEach-Object { $_[0] } |
    Get-SchmahlIndex @sizes -ParticleCount 1, 5, 10, 25, 60 -IncludeSinglePixel -SampleCount 120 -Seed 7
$conditionOf = @{}
foreach ($name in $conditions.Keys) { $conditionOf[$conditions[$name][0].Name] = $name }
$curve | Format-Table @{ Name = 'Condition'; Expression = { $conditionOf[$_.Name] } },
    @{ Name = 'N'; Expression = { $_.ParticleCount } },
    @{ Name = 'Side (px)'; Expression = { $_.CutoutSide.ToString('F1', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Variance'; Expression = { $_.Variance.ToString('F5', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Eq. 4 (unmixed)'; Expression = { $_.MaxVariance.ToString('F5', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Eq. 5 (random)'; Expression = { $_.MinVariance.ToString('F5', $invariant) }; Alignment = 'Right' } |
    Out-Host

Write-Host '== 3. Schmahl index at N = 25 (150 cutouts), the inter-aggregate measures (Section 3.3) and the Eq. 14 fit'
$results = foreach ($name in $conditions.Keys) {
    $maps = $conditions[$name]
    $indices = $maps | Get-SchmahlIndex @sizes -ParticleCount 25 -SampleCount 150 -Seed 1
    [pscustomobject]@{
        Condition   = $name
        Indices     = $indices
        Quality     = $indices | Measure-MixingQuality
        Correlation = $maps | Get-ConcentrationCorrelation -MaxDistance 60 -Bandwidth 1.5 -Average -Fit
    }
}
$summary = foreach ($r in $results) {
    $q = $r.Quality; $fit = $r.Correlation.Fit
    [pscustomobject]@{
        Condition              = $r.Condition
        Aggregates             = $q.AggregateCount
        MeanCarbonFraction     = $q.MeanCarbonFraction
        CarbonFractionVariance = $q.CarbonFractionVariance
        PsiP                   = $q.PsiP
        MeanSchmahlIndex       = $q.MeanSchmahlIndex
        SchmahlIndexVariance   = $q.SchmahlIndexVariance
        PsiM                   = $q.PsiM
        PsiCombined            = $q.PsiCombined
        S1                     = $fit.S1
        S2                     = $fit.S2
        Nu                     = $fit.Nu
        Lambda                 = $fit.Lambda
        RSquared               = $fit.RSquared
    }
}
$show = { param($property, $format) @{ Name = $property; Expression = { $_.$property.ToString($format, [cultureinfo]::InvariantCulture) }.GetNewClosure(); Alignment = 'Right' } }
$summary | Format-Table Condition, (& $show MeanSchmahlIndex F3), (& $show PsiP F3), (& $show PsiM F3), (& $show PsiCombined F3) | Out-Host
if ($summary | Where-Object MeanSchmahlIndex -GE 1) {
    Write-Host 'psi_MAS and psi_comb are undefined (NaN) when the mean Schmahl index reaches 1: Eq. 11 divides by M (1 - M).'
}
$summary | Format-Table Condition, (& $show S1 F2), (& $show S2 F2), (& $show Nu F2), (& $show Lambda F2), (& $show RSquared F4) | Out-Host

$csv = Join-Path $OutputFolder 'mixing-summary.csv'
$culture = [cultureinfo]::CurrentCulture
try {
    # Full precision with a decimal point, whatever the session's culture.
    [cultureinfo]::CurrentCulture = $invariant
    $summary | Export-Csv -Path $csv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
}
finally { [cultureinfo]::CurrentCulture = $culture }

Write-Host '== 4. The Eq. 14 fit on the paper''s own curves: Table 1 (KB and C65) sampled at h = 0..200 nm'
# R(h) = lambda sinc(h / s1) + (1 - lambda) exp(-(h / s2)^nu), sinc(x) = sin(pi x) / (pi x) (Eq. 14).
$table1 = @(
    [pscustomobject]@{ Type = 'KB'; S1 = 5.13; S2 = 9.34; Nu = 0.86; Lambda = 0.13 }
    [pscustomobject]@{ Type = 'C65'; S1 = 9.93; S2 = 4.70; Nu = 1.19; Lambda = 0.22 }
)
$distances = [double[]](0..200)
$refit = foreach ($p in $table1) {
    $correlations = [double[]]@(foreach ($h in $distances) {
            $x = [math]::PI * $h / $p.S1
            $sinc = if ($h -eq 0) { 1.0 } else { [math]::Sin($x) / $x }
            $p.Lambda * $sinc + (1 - $p.Lambda) * [math]::Exp(-[math]::Pow($h / $p.S2, $p.Nu))
        })
    # The least-squares fit that Get-ConcentrationCorrelation -Fit uses, on a given curve.
    $fit = [MicroMorph.Core.Mixing.CorrelationModel]::Fit($distances, $correlations)
    [pscustomobject]@{ Type = $p.Type; Paper = $p; S1 = $fit.S1; S2 = $fit.S2; Nu = $fit.Nu; Lambda = $fit.Lambda; RSquared = $fit.RSquared }
}
$refit | Format-Table Type,
    @{ Name = 's1 (paper)'; Expression = { '{0} ({1})' -f $_.S1.ToString('F3', $invariant), $_.Paper.S1.ToString('F2', $invariant) }; Alignment = 'Right' },
    @{ Name = 's2 (paper)'; Expression = { '{0} ({1})' -f $_.S2.ToString('F3', $invariant), $_.Paper.S2.ToString('F2', $invariant) }; Alignment = 'Right' },
    @{ Name = 'nu (paper)'; Expression = { '{0} ({1})' -f $_.Nu.ToString('F3', $invariant), $_.Paper.Nu.ToString('F2', $invariant) }; Alignment = 'Right' },
    @{ Name = 'lambda (paper)'; Expression = { '{0} ({1})' -f $_.Lambda.ToString('F3', $invariant), $_.Paper.Lambda.ToString('F2', $invariant) }; Alignment = 'Right' } |
    Out-Host

Write-Host '== 5. Pictures'
$files = @(
    foreach ($r in $results) {
        $r.Indices | Export-MixingPlot -Path (Join-Path $OutputFolder "schmahl-histogram-$($r.Condition).png") -Title "Schmahl index, $($r.Condition)" -Force -PassThru
        $r.Correlation | Export-MixingPlot -Path (Join-Path $OutputFolder "correlation-$($r.Condition).png") -Title "R(h), $($r.Condition)" -Force -PassThru
    }
    $results.Indices | Export-MixingPlot -Path (Join-Path $OutputFolder 'schmahl-heatmap.png') -Kind Heatmap -Title 'Schmahl index against carbon fraction, all conditions' -Force -PassThru
    Get-Item -LiteralPath $csv
)
$files | Format-Table Name, Length -AutoSize | Out-Host
Write-Host "Pictures and mixing-summary.csv are in $OutputFolder"

if ($PassThru) {
    [pscustomobject]@{
        Maps          = $conditions
        VarianceCurve = $curve
        Conditions    = $results
        Summary       = $summary
        Table1Refit   = $refit
        Files         = $files
    }
}

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
       beside MicroMorph's random-mixture reference (ReferenceIndex: 1 = random mixture on the map's
       own geometry; the paper's index of a random mixture is 1.05-1.6, not 1),
    3. the mean correlation coefficient function with its Eq. 14 fit (Fig. 7, Table 1),
    4. the Eq. 14 fit applied to the paper's own Table 1 curves (KB and C65), which must give
       their parameters back,
    5. the paper's figures from the simulated maps (the paper's own maps are not published; the
       dispersed maps stand in for its C65 type, the segregated ones for KB):
       000-Fig3a-variance.png, 000-Fig4a-variance.png  variance against N for six maps
       000-Fig3b/3c-map-*.png, 000-Fig4b/4c-map.png    maps (carbon green, SiO2 pink, scale bar)
       000-Fig5a-histogram.png                         Schmahl index histograms of both types, overlaid
       000-Fig6a/6b-heatmap-<type>.png                 Schmahl index against carbon fraction
       000-Fig7-correlation.png and .svg               R(h) with the Eq. 14 fits
    Real maps come in through Import-AggregateMap (two files per aggregate, or an RGB composite).
    Writes mixing-summary.csv (invariant culture) and the pictures to -OutputFolder.

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
    Get-SchmahlIndex @sizes -ParticleCount 1, 5, 10, 25, 60 -IncludeSinglePixel -SampleCount 120 -Seed 7 -ReferenceSimulations 20 -WarningAction SilentlyContinue
$conditionOf = @{}
foreach ($name in $conditions.Keys) { $conditionOf[$conditions[$name][0].Name] = $name }
$curve | Format-Table @{ Name = 'Condition'; Expression = { $conditionOf[$_.Name] } },
    @{ Name = 'N'; Expression = { $_.ParticleCount } },
    @{ Name = 'Side (px)'; Expression = { $_.CutoutSide.ToString('F1', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Variance'; Expression = { $_.Variance.ToString('F5', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Eq. 4 (unmixed)'; Expression = { $_.MaxVariance.ToString('F5', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Eq. 5 (random)'; Expression = { $_.MinVariance.ToString('F5', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Random here'; Expression = { $_.ReferenceVariance.ToString('F5', $invariant) }; Alignment = 'Right' } |
    Out-Host
Write-Host ('"Random here" is MicroMorph''s reference (not in the paper): the cutout variance of completely random mixtures ' +
    'simulated on each map''s own particles (ReferenceVariance); Eq. 5 assumes N whole, non-overlapping particles per cutout.')

Write-Host '== 3. Schmahl index at N = 25 (150 cutouts), the inter-aggregate measures (Section 3.3) and the Eq. 14 fit'
$results = foreach ($name in $conditions.Keys) {
    $maps = $conditions[$name]
    # -ReferenceSimulations: MicroMorph's geometry-aware random-mixture reference beside the paper's index (20 here
    # for speed; the default is 40). -WarningAction: the warning that random mixtures score above 1 is shown below.
    $indices = $maps | Get-SchmahlIndex @sizes -ParticleCount 25 -SampleCount 150 -Seed 1 -ReferenceSimulations 20 -WarningAction SilentlyContinue
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
        PsiIndexSource         = $q.PsiIndexSource
        MeanReferenceIndex     = $q.MeanReferenceIndex
        RandomMixtureIndex     = ($r.Indices | Measure-Object RandomMixtureSchmahlIndex -Average).Average
        S1                     = $fit.S1
        S2                     = $fit.S2
        Nu                     = $fit.Nu
        Lambda                 = $fit.Lambda
        RSquared               = $fit.RSquared
    }
}
$show = { param($property, $format) @{ Name = $property; Expression = { $_.$property.ToString($format, [cultureinfo]::InvariantCulture) }.GetNewClosure(); Alignment = 'Right' } }
$summary | Format-Table Condition, (& $show MeanSchmahlIndex F3), (& $show PsiP F3), (& $show PsiM F3), (& $show PsiCombined F3) | Out-Host
Write-Host ('The paper''s index of a completely random mixture is not 1 on these maps: RandomMixtureIndex is what a random ' +
    'mixture scores on each map''s geometry (overlaps, cut particles, finite aggregates). MeanReferenceIndex is MicroMorph''s ' +
    'reference-normalised index: 1 = random mixture, 0 = segregated.')
$summary | Format-Table Condition, (& $show MeanSchmahlIndex F3), (& $show RandomMixtureIndex F3), (& $show MeanReferenceIndex F3), PsiIndexSource | Out-Host
if ($summary | Where-Object PsiIndexSource -NE 'Paper') {
    Write-Host ('Where the mean paper index reaches 1, Eq. 11 (which divides by M (1 - M)) uses the reference-normalised ' +
        'indices capped to [0, 1] instead (PsiIndexSource), so psi_MAS and psi_comb stay defined.')
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

Write-Host '== 5. The figures of the paper (Figs. 3-7), drawn from the simulated maps'
# The paper's maps (six C65 and six KB scans for Figs. 3-4, 50 and 30 for Figs. 5-6) are not
# published; the finely dispersed maps stand in for C65, the segregated ones for KB. Each figure has
# the paper's axes and quantities; its numbers are those of the simulated maps.

# Writes an AggregateMap as a picture in the paper's colours (carbon green, SiO2 pink, overlapping
# pixels grey, background white) with a scale bar in the map's unit, through a phase image.
function Export-AggregatePicture($Map, [string] $File) {
    $raw = Join-Path ([System.IO.Path]::GetTempPath()) "micromorph-map-$([guid]::NewGuid()).raw"
    [System.IO.File]::WriteAllBytes($raw, $Map.GetClasses())
    try {
        Import-VoxelStack -Path $raw -Dimensions $Map.Width, $Map.Height -DataType UInt8 -VoxelSize $Map.PixelSize -Unit $Map.Unit |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Background'; 1 = 'Carbon'; 2 = 'SiO₂'; 3 = 'Carbon and SiO₂' } `
                -Color @{ Background = '#FFFFFF'; Carbon = '#009E73'; 'SiO₂' = '#CC79A7'; 'Carbon and SiO₂' = '#808080' } |
            Export-VoxelSlice -Path (Join-Path $OutputFolder $File) -Scale 2 -ScaleBar -Legend -Force -PassThru
    }
    finally { Remove-Item -LiteralPath $raw -ErrorAction SilentlyContinue }
}

# Figs. 3a and 4a: the variance s2_intra of the local carbon concentration over 120 cutouts against the
# number N of primary particles per cutout, for six maps of one type. N = 0 is the single-pixel cutout,
# whose variance is the map's unmixed bound (Eq. 4); with growing N the variance falls towards the
# random-mixing bound (Eq. 5), and for segregated maps it stays high over a wide range of N.
$figureCounts = 1, 2, 5, 10, 25, 40, 60, 100
$figureCurves = [ordered]@{}
foreach ($name in 'dispersed', 'segregated') {
    $figureCurves[$name] = $conditions[$name] | Select-Object -First 6 |
        Get-SchmahlIndex @sizes -ParticleCount $figureCounts -IncludeSinglePixel -SampleCount 120 -Seed 7 -ReferenceSimulations 0 -WarningAction SilentlyContinue
}
$files = @(
    foreach ($entry in @(
            @{ Name = 'dispersed'; Figure = 'Fig3a'; Title = 'Six finely dispersed maps (cf. Fig. 3a, C65)' }
            @{ Name = 'segregated'; Figure = 'Fig4a'; Title = 'Six segregated maps (cf. Fig. 4a, KB)' })) {
        $figureCurves[$entry.Name] | Export-LinePlot -Path (Join-Path $OutputFolder "000-$($entry.Figure)-variance.png") -X ParticleCount -Y Variance -GroupBy Name `
            -Title $entry.Title -XLabel 'Primary particles per cutout N (0: single pixel)' -YLabel 'Variance of the local carbon concentration' -Force -PassThru
    }

    # Figs. 3b, 3c: the dispersed maps with the lowest and the highest variance at N = 60 (the paper's
    # Map2, homogeneous, and Map6, with a cluster of silica).
    $at60 = $figureCurves['dispersed'] | Where-Object ParticleCount -EQ 60 | Sort-Object Variance
    Export-AggregatePicture ($conditions['dispersed'] | Where-Object Name -EQ $at60[0].Name) '000-Fig3b-map-lowest-variance.png'
    Export-AggregatePicture ($conditions['dispersed'] | Where-Object Name -EQ $at60[-1].Name) '000-Fig3c-map-highest-variance.png'
    # Figs. 4b, 4c: the two segregated maps whose variances at N = 25 are closest (the paper: 0.14 and
    # 0.15 at different carbon contents P = 0.77 and 0.92).
    $at25 = @($figureCurves['segregated'] | Where-Object ParticleCount -EQ 25 | Sort-Object Variance)
    $pair = 0
    for ($i = 1; $i -lt $at25.Count - 1; $i++) {
        if ($at25[$i + 1].Variance - $at25[$i].Variance -lt $at25[$pair + 1].Variance - $at25[$pair].Variance) { $pair = $i }
    }
    Export-AggregatePicture ($conditions['segregated'] | Where-Object Name -EQ $at25[$pair].Name) '000-Fig4b-map.png'
    Export-AggregatePicture ($conditions['segregated'] | Where-Object Name -EQ $at25[$pair + 1].Name) '000-Fig4c-map.png'

    # Fig. 5a: the histograms of the Schmahl index M_AS at N = 25 (150 cutouts per map) of both types in
    # one plot, over one another, as the paper overlays C65 and KB. Each index is tagged with its
    # condition (a note property, Type) and -GroupBy Type draws one translucent histogram per type.
    $fig5a = @($results | Where-Object Condition -NE 'random' | ForEach-Object {
            $type = $_.Condition
            $_.Indices | Add-Member -NotePropertyName Type -NotePropertyValue $type -Force -PassThru
        })
    $fig5a | Export-MixingPlot -Path (Join-Path $OutputFolder '000-Fig5a-histogram.png') -GroupBy Type -Title 'Schmahl index of the dispersed and the segregated maps (cf. Fig. 5a)' -Force -PassThru
    # Fig. 6: heatmaps of the Schmahl index against the carbon fraction P of each map, mean marked x
    # (6a C65-like, 6b KB-like).
    foreach ($entry in @(@{ Name = 'dispersed'; Panel = 'Fig6a' }, @{ Name = 'segregated'; Panel = 'Fig6b' })) {
        ($results | Where-Object Condition -EQ $entry.Name).Indices |
            Export-MixingPlot -Path (Join-Path $OutputFolder "000-$($entry.Panel)-heatmap-$($entry.Name).png") -Kind Heatmap -Title "Schmahl index and carbon fraction of the $($entry.Name) maps (cf. Fig. $($entry.Panel.Substring(3)))" -Force -PassThru
    }
    # Fig. 7: the averaged correlation coefficient function R(h) of each type with its Eq. 14 fit
    # (dashed); also as SVG, a vector figure for a paper.
    foreach ($extension in 'png', 'svg') {
        ($results | Where-Object Condition -NE 'random').Correlation |
            Export-MixingPlot -Path (Join-Path $OutputFolder "000-Fig7-correlation.$extension") -Title 'Correlation coefficient function of the carbon concentration (cf. Fig. 7)' -Force -PassThru
    }
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
        FigureCurves  = $figureCurves
        Histogram     = $fig5a
        Files         = $files
    }
}

<#
.SYNOPSIS
    The mixing quality of hetero-aggregates after Buchheiser et al. (000): Schmahl index, the
    inter-aggregate measures psi_P, psi_MAS, psi_comb, and the correlation coefficient function.

.DESCRIPTION
    Simulates two "process conditions" with New-AggregateMap: finely dispersed aggregates (species
    in 200 small clusters per map) and segregated ones (3 large clusters), 10 maps each; a
    completely random mixture (-Arrangement Random) would give a Schmahl index of about 1,
    carbon particles of 8 nm and silica particles of 6 nm on 1 nm pixels. Then, as in the paper:
    1. the variance of the local carbon concentration against the cutout size for one map of each
       (Figs. 3, 4; single pixels give Eq. 4),
    2. the Schmahl index at N = 25 with 150 cutouts and the inter-aggregate measures (Section 3.3),
    3. the mean correlation coefficient function with its Eq. 14 fit (Fig. 7, Table 1),
    4. the pictures of Figs. 5-7.
    Real maps come in through Import-AggregateMap (two files per aggregate, or an RGB composite).
    Writes mixing-summary.csv and PNG pictures to -OutputFolder.

    dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Mixing-Quality.ps1
.PARAMETER OutputFolder
    Where the CSV and the pictures go (created if needed; default ./out).
.PARAMETER Count
    Maps per process condition (default 10).
#>
param(
    [string] $OutputFolder = 'out',
    [int] $Count = 10
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName
$inv = [cultureinfo]::InvariantCulture
$sizes = @{ CarbonDiameter = 8; SilicaDiameter = 6 }

"== 1. Simulated aggregates: $Count finely dispersed and $Count segregated maps"
$mixed = New-AggregateMap -Size 384 @sizes -CarbonParticleFraction 0.6 -Coverage 0.4 -Arrangement Segregated -ClusterCount 200 -Count $Count -Seed 1
$segregated = New-AggregateMap -Size 384 @sizes -CarbonParticleFraction 0.6 -Coverage 0.4 -Arrangement Segregated -ClusterCount 3 -Count $Count -Seed 101
$mixed[0]
$segregated[0]

"`n== 2. Variance of the local carbon concentration against the cutout size (Figs. 3, 4)"
$curve = @($mixed[0]; $segregated[0]) |
    Get-SchmahlIndex @sizes -ParticleCount 1, 5, 10, 25, 60 -IncludeSinglePixel -SampleCount 120 -Seed 7
$curve | ForEach-Object { [string]::Format($inv, '{0,-16} N = {1,3}  side {2,6:F1} px  variance {3:F5}  (Eq. 4: {4:F5}, Eq. 5: {5:F5})', $_.Name, $_.ParticleCount, $_.CutoutSide, $_.Variance, $_.MaxVariance, $_.MinVariance) }

"`n== 3. Schmahl index at N = 25 (150 cutouts) and the inter-aggregate measures (Section 3.3)"
$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add('Condition,Aggregates,MeanCarbonFraction,CarbonFractionVariance,PsiP,MeanSchmahlIndex,SchmahlIndexVariance,PsiM,PsiCombined,S1,S2,Nu,Lambda,RSquared')
$all = [System.Collections.Generic.List[object]]::new()
foreach ($condition in @(@{ Name = 'dispersed'; Maps = $mixed }, @{ Name = 'segregated'; Maps = $segregated })) {
    $indices = $condition.Maps | Get-SchmahlIndex @sizes -ParticleCount 25 -SampleCount 150 -Seed 1
    $quality = $indices | Measure-MixingQuality
    $correlation = $condition.Maps | Get-ConcentrationCorrelation -MaxDistance 60 -Bandwidth 1.5 -Average -Fit
    $fit = $correlation.Fit
    [string]::Format($inv, '{0,-11} mean M_AS {1:F3}  psi_P {2:F3}  psi_MAS {3:F3}  psi_comb {4:F3}   Eq. 14: s1 {5:F2} s2 {6:F2} nu {7:F2} lambda {8:F2} (R2 {9:F4})',
        $condition.Name, $quality.MeanSchmahlIndex, $quality.PsiP, $quality.PsiM, $quality.PsiCombined, $fit.S1, $fit.S2, $fit.Nu, $fit.Lambda, $fit.RSquared)
    $lines.Add([string]::Format($inv, '{0},{1},{2:R},{3:R},{4:R},{5:R},{6:R},{7:R},{8:R},{9:R},{10:R},{11:R},{12:R},{13:R}',
        $condition.Name, $quality.AggregateCount, $quality.MeanCarbonFraction, $quality.CarbonFractionVariance, $quality.PsiP,
        $quality.MeanSchmahlIndex, $quality.SchmahlIndexVariance, $quality.PsiM, $quality.PsiCombined, $fit.S1, $fit.S2, $fit.Nu, $fit.Lambda, $fit.RSquared))
    $indices | Export-MixingPlot ([System.IO.Path]::Combine($OutputFolder, "schmahl-histogram-$($condition.Name).png")) -Title "Schmahl index, $($condition.Name)" -Force
    $correlation | Export-MixingPlot ([System.IO.Path]::Combine($OutputFolder, "correlation-$($condition.Name).png")) -Title "R(h), $($condition.Name)" -Force
    $indices | ForEach-Object { $all.Add($_) }
}
[System.IO.File]::WriteAllLines([System.IO.Path]::Combine($OutputFolder, 'mixing-summary.csv'), $lines)

"`n== 4. Pictures"
$all | Export-MixingPlot ([System.IO.Path]::Combine($OutputFolder, 'schmahl-heatmap.png')) -Kind Heatmap -Title 'Schmahl index against carbon fraction, both conditions' -Force -PassThru |
    ForEach-Object { 'Heatmap: ' + $_.FullName }
'Summary: ' + [System.IO.Path]::Combine($OutputFolder, 'mixing-summary.csv')

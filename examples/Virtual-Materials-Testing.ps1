<#
.SYNOPSIS
    Virtual materials testing with the carbon-binder model (Gräfensteiner et al., 001 Section 3.4):
    vary the amount of graphite, generate realizations, measure them, draw Fig. 8a-d.

.DESCRIPTION
    For each graphite intensity lambda_X of Table 3 (2.21e-11 ... 1.09e-10 per nm^3, all other
    parameters from Table 2), draws -Realizations realizations of the model
    Xi = Xi1 u (Xi2 n Xi3^c) in a cube of -Size voxels of -VoxelSize nm, merges graphite and
    carbon-binder into the solid phase, and measures for solid and pore: the volume fraction, the
    constrictivity (intrusion along z) and the mean geodesic tortuosity (along z); the graphite
    fraction of each realization is kept beside Miles' V1 of its intensity (Eq. 10) and the
    paper's Table 3 value. Beside them it gives the M-factor approximation of Eq. 28,
    M^ = eps^2.1939 / tau^5.0152 (b = 0). The M-factor itself (Eq. 27) comes from a conduction solve
    along z (Measure-EffectiveTortuosity): for the solid with graphite conductivity 1 and
    carbon-binder 0.01, for the pores with 1. Measure-MFactorRegression then fits Eq. 28 (b = 0)
    over all structures and Eq. 29 per phase. Writes study.csv (one row per realization and phase,
    invariant culture) and the pictures of Fig. 8, 001-Fig8a-volume-fraction.png,
    001-Fig8b-constrictivity.png, 001-Fig8c-tortuosity.png and 001-Fig8d-m-factor.png (also as .svg),
    into -OutputFolder.

    The paper used five realizations of 200^3 voxels of 80 nm (16 um). The defaults (one realization
    of 96^3 voxels of 80 nm) take about a minute; for the paper's setting:
        dotnet pwsh ./examples/Virtual-Materials-Testing.ps1 -Size 200 -Realizations 5

.PARAMETER Size
    Edge of the cubic window in voxels (default 96).

.PARAMETER VoxelSize
    Voxel edge in nm (default 80, the paper's coarsest resolution).

.PARAMETER Realizations
    Realizations per graphite intensity (default 1; the paper: 5).

.PARAMETER Tolerance
    Relative residual at which the conduction solves stop (default 1e-4; tau_eff converges faster
    than the residual).

.PARAMETER OutputFolder
    Where the table and the pictures go (created if needed; default ./out).

.PARAMETER PassThru
    Returns one object with every realization's descriptors, the means per graphite level (the
    lines of Fig. 8), the Eq. 28 and Eq. 29 fits and the files written, for scripts and tests.
    Without it the script only shows its results.

.EXAMPLE
    ./examples/Virtual-Materials-Testing.ps1 -Size 64

.EXAMPLE
    (./examples/Virtual-Materials-Testing.ps1 -PassThru).Means | Where-Object Phase -EQ Pore | Format-Table V1, Tortuosity, MFactor
#>
[CmdletBinding()]
param(
    [ValidateRange(16, 1024)]
    [int] $Size = 96,
    [double] $VoxelSize = 80,
    [ValidateRange(1, 100)]
    [int] $Realizations = 1,
    [double] $Tolerance = 1e-4,
    [string] $OutputFolder = 'out',
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture

# Table 3: lambda_X per nm^3 and the paper's V1.
$table3 = @(
    @{ Intensity = 2.21e-11; PaperV1 = 0.0381 }, @{ Intensity = 3.55e-11; PaperV1 = 0.0605 }
    @{ Intensity = 4.93e-11; PaperV1 = 0.0830 }, @{ Intensity = 6.36e-11; PaperV1 = 0.1057 }
    @{ Intensity = 7.81e-11; PaperV1 = 0.1283 }, @{ Intensity = 9.33e-11; PaperV1 = 0.1512 }
    @{ Intensity = 1.09e-10; PaperV1 = 0.1744 }
)

Write-Host "== Carbon-binder model, Table 2 parameters, $Size^3 voxels of $VoxelSize nm, $Realizations realization(s) per graphite level"
$rows = foreach ($level in $table3) {
    $lambda = $level.Intensity
    # Miles' formula (Eq. 10) for the graphite grains of Table 2 (half-axis shapes 205 and 3944, rate 1.971 per nm).
    $v1 = (Get-BooleanModelDensity -Intensity $lambda -HalfAxisShape 205, 3944 -HalfAxisRate 1.971).VolumeFraction
    for ($k = 1; $k -le $Realizations; $k++) {
        # The same seed for every level: only the graphite changes between levels (common random numbers).
        $model = New-CarbonBinderModel -Size $Size -VoxelSize $VoxelSize -GraphiteIntensity $lambda -Seed $k
        $graphite = ($model | Measure-VoxelStack | Where-Object Phase -EQ 'Graphite').VolumeFraction
        $solid = $model | Merge-Phase -Phase CBD, Graphite -Name Solid
        $fractions = $solid | Measure-VoxelStack
        $constrictivity = $solid | Measure-Constrictivity -Direction Z
        $tortuosity = $solid | Measure-GeodesicTortuosity -Direction Z
        # Eq. 27 by a conduction solve: graphite 100 times more conductive than the carbon-binder domain.
        $m = @{
            Solid = ($model | Measure-EffectiveTortuosity -Conductivity @{ Graphite = 1; CBD = 0.01 } -Direction Z -Tolerance $Tolerance).MFactor
            Pore  = ($model | Measure-EffectiveTortuosity -Phase Pore -Direction Z -Tolerance $Tolerance).MFactor
        }
        foreach ($phase in 'Solid', 'Pore') {
            $epsilon = ($fractions | Where-Object Phase -EQ $phase).VolumeFraction
            $tau = ($tortuosity | Where-Object Phase -EQ $phase).Mean
            [pscustomobject]@{
                GraphiteIntensity = $lambda
                V1                = $v1
                PaperV1           = $level.PaperV1
                GraphiteFraction  = $graphite
                Realization       = $k
                Phase             = $phase
                VolumeFraction    = $epsilon
                Constrictivity    = ($constrictivity | Where-Object Phase -EQ $phase).Constrictivity
                Tortuosity        = $tau
                # Eq. 28 with the paper's a = 2.1939, b = 0, c = 5.0152.
                MFactorEstimate   = [math]::Pow($epsilon, 2.1939) / [math]::Pow($tau, 5.0152)
                MFactor           = $m[$phase]
            }
        }
    }
}

# Means over realizations, one row per level and phase (the lines of Fig. 8).
$means = $rows | Group-Object GraphiteIntensity, Phase | ForEach-Object {
    $set = $_.Group
    $mean = @{}
    $range = @{}
    foreach ($name in 'GraphiteFraction', 'VolumeFraction', 'Constrictivity', 'Tortuosity', 'MFactorEstimate', 'MFactor') {
        $stats = $set | Measure-Object -Property $name -Average -Minimum -Maximum
        $mean[$name] = $stats.Average
        $range[$name] = $stats
    }
    [pscustomobject]@{
        V1               = $set[0].V1
        PaperV1          = $set[0].PaperV1
        GraphiteFraction = $mean.GraphiteFraction
        Phase            = $set[0].Phase
        VolumeFraction   = $mean.VolumeFraction
        Constrictivity   = $mean.Constrictivity
        Tortuosity       = $mean.Tortuosity
        MFactorEstimate  = $mean.MFactorEstimate
        MFactor          = $mean.MFactor
        # The error bars of Fig. 8: minimum and maximum over the realizations.
        VolumeFractionMin = $range.VolumeFraction.Minimum
        VolumeFractionMax = $range.VolumeFraction.Maximum
        ConstrictivityMin = $range.Constrictivity.Minimum
        ConstrictivityMax = $range.Constrictivity.Maximum
        TortuosityMin     = $range.Tortuosity.Minimum
        TortuosityMax     = $range.Tortuosity.Maximum
    }
} | Sort-Object V1, { $_.Phase -ne 'Solid' }

$column = { param($label, $property) @{ Name = $label; Expression = { $_.$property.ToString('F4', [cultureinfo]::InvariantCulture) }.GetNewClosure(); Alignment = 'Right' } }
$means | Format-Table (& $column 'V1' V1), (& $column 'V1 paper' PaperV1), Phase,
    (& $column 'Epsilon' VolumeFraction), (& $column 'Beta' Constrictivity), (& $column 'Tau' Tortuosity),
    (& $column 'M^' MFactorEstimate), (& $column 'M' MFactor) | Out-Host

# Eq. 28 refitted (b = 0) over every structure of both phases, and Eq. 29 per phase (paper: a = 2.1939, c = 5.0152;
# solid c1 = 0.5588, c0 = -0.02061; pore c1 = -1.874, c0 = 0.4556).
$fit = $rows | Measure-MFactorRegression -FixConstrictivityExponent
Write-Host ([string]::Format($invariant, 'Eq. 28 over {0} structures: a = {1:F4}, c = {2:F4}, R^2 = {3:F4} (paper: a = 2.1939, c = 5.0152)', $fit.Count, $fit.A, $fit.C, $fit.RSquared))
$linear = [ordered]@{}
foreach ($phase in 'Solid', 'Pore') {
    $linear[$phase] = $rows | Where-Object Phase -EQ $phase | Measure-MFactorRegression -FixConstrictivityExponent
    Write-Host ([string]::Format($invariant, 'Eq. 29 for {0}: c1 = {1:F4}, c0 = {2:F5}, R^2 = {3:F4}', $phase, $linear[$phase].C1, $linear[$phase].C0, $linear[$phase].LinearRSquared))
}

$csv = Join-Path $OutputFolder 'study.csv'
$culture = [cultureinfo]::CurrentCulture
try {
    # Full precision with a decimal point, whatever the session's culture.
    [cultureinfo]::CurrentCulture = $invariant
    $rows | Export-Csv -Path $csv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
}
finally { [cultureinfo]::CurrentCulture = $culture }
Write-Host "Table: $csv"

# Fig. 8 of the paper: the descriptors of solid (graphite + carbon-binder) and pores against the
# graphite volume fraction V1 (Miles' formula for the Table 3 intensity), one line per phase. The
# paper's lines are means of five realizations with min-max error bars and add the tomographic data as
# disks; this example draws the mean of -Realizations realizations, with min-max error bars when there
# are several (none with the default of one), and has no tomographic data.
$plots = @(
    @{ File = '001-Fig8a-volume-fraction.png'; Y = 'VolumeFraction'; Label = 'Volume fraction ε'; Figure = 'Fig. 8a' }
    @{ File = '001-Fig8b-constrictivity.png'; Y = 'Constrictivity'; Label = 'Constrictivity β'; Figure = 'Fig. 8b' }
    @{ File = '001-Fig8c-tortuosity.png'; Y = 'Tortuosity'; Label = 'Mean geodesic tortuosity τ'; Figure = 'Fig. 8c' }
)
$files = @(
    Get-Item -LiteralPath $csv
    foreach ($p in $plots) {
        $range = if ($Realizations -gt 1) { @{ YLower = "$($p.Y)Min"; YUpper = "$($p.Y)Max"; IntervalLabel = "Minimum to maximum of $Realizations realizations" } } else { @{} }
        $means | Export-LinePlot @range -Path (Join-Path $OutputFolder $p.File) -X V1 -Y $p.Y -GroupBy Phase -Title "$($p.Label) against the graphite fraction (cf. $($p.Figure))" -XLabel 'Graphite volume fraction V₁' -YLabel $p.Label -Force -PassThru
    }
    # Fig. 8d: M (Eq. 27, conduction solve), M^ (Eq. 28, paper's coefficients) and M~ (Eq. 29, fitted here)
    # per phase; also as SVG, a vector figure for a paper. The legend spells M^ and M~ out: the figure
    # text has no combining accents.
    $fig8d = foreach ($m in $means) {
        [pscustomobject]@{ V1 = $m.V1; M = $m.MFactor; Series = "$($m.Phase): M, conduction solve (Eq. 27)" }
        [pscustomobject]@{ V1 = $m.V1; M = $m.MFactorEstimate; Series = "$($m.Phase): M estimated from ε and τ (Eq. 28)" }
        [pscustomobject]@{ V1 = $m.V1; M = $linear[$m.Phase].Linear.Predict($m.V1); Series = "$($m.Phase): M linear in V₁ (Eq. 29)" }
    }
    foreach ($extension in 'png', 'svg') {
        $fig8d | Export-LinePlot -Path (Join-Path $OutputFolder "001-Fig8d-m-factor.$extension") -X V1 -Y M -GroupBy Series -Title 'M-factor against the graphite fraction (cf. Fig. 8d)' -XLabel 'Graphite volume fraction V₁' -YLabel 'M-factor M' -Force -PassThru
    }
)
$files | Where-Object Extension -In '.png', '.svg' | ForEach-Object { Write-Host "Figure: $($_.FullName)" }

if ($PassThru) {
    [pscustomobject]@{
        Structures = $rows
        Means      = $means
        PowerLaw   = $fit
        Linear     = $linear
        Files      = $files
    }
}

<#
.SYNOPSIS
    Virtual materials testing with the carbon-binder model (Gräfensteiner et al., 001 Section 3.4):
    vary the amount of graphite, generate realizations, measure them, draw Fig. 8a-d.

.DESCRIPTION
    For each graphite intensity lambda_X of Table 3 (2.21e-11 ... 1.09e-10 per nm^3, all other
    parameters from Table 2), draws -Realizations realizations of the model
    Xi = Xi1 u (Xi2 n Xi3^c) in a cube of -Size voxels of -VoxelSize nm, merges graphite and
    carbon-binder into the solid phase, and measures for solid and pore: the volume fraction, the
    constrictivity (intrusion along z) and the mean geodesic tortuosity (along z). Beside them it
    gives the M-factor approximation of Eq. 28, M^ = eps^2.1939 / tau^5.0152 (b = 0), and Miles' V1 of
    each intensity next to the paper's Table 3 value. The M-factor itself (Eq. 27) comes from a
    conduction solve along z (Measure-EffectiveTortuosity): for the solid with graphite conductivity 1
    and carbon-binder 0.01, for the pores with 1. Measure-MFactorRegression then fits Eq. 28 (b = 0)
    over all structures and Eq. 29 per phase. Writes study.csv and the pictures
    fig8a-volume-fraction.png, fig8b-constrictivity.png, fig8c-tortuosity.png and
    fig8d-m-factor.png into -OutputFolder.

    The paper used five realizations of 200^3 voxels of 80 nm (16 um). The defaults (one realization
    of 96^3 voxels of 80 nm) run in well under a minute; for the paper's setting:
        dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Virtual-Materials-Testing.ps1 -Size 200 -Realizations 5
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
#>
param(
    [int] $Size = 96,
    [double] $VoxelSize = 80,
    [int] $Realizations = 1,
    [double] $Tolerance = 1e-4,
    [string] $OutputFolder = 'out'
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName
$inv = [cultureinfo]::InvariantCulture

# Table 3: lambda_X per nm^3 and the paper's V1.
$table3 = @(
    @(2.21e-11, 0.0381), @(3.55e-11, 0.0605), @(4.93e-11, 0.0830), @(6.36e-11, 0.1057),
    @(7.81e-11, 0.1283), @(9.33e-11, 0.1512), @(1.09e-10, 0.1744)
)

"== Carbon-binder model, Table 2 parameters, $Size^3 voxels of $VoxelSize nm, $Realizations realization(s) per graphite level"
$rows = foreach ($level in $table3) {
    $lambda = $level[0]
    $v1 = (Get-BooleanModelDensity -Intensity $lambda -HalfAxisShape 205, 3944 -HalfAxisRate 1.971).VolumeFraction
    for ($k = 1; $k -le $Realizations; $k++) {
        # The same seed for every level: only the graphite changes between levels (common random numbers).
        $model = New-CarbonBinderModel -Size $Size -VoxelSize $VoxelSize -GraphiteIntensity $lambda -Seed $k
        $solid = $model | Merge-Phase -Phase CBD, Graphite -Name Solid
        $fraction = @{}; $solid | Measure-VoxelStack | ForEach-Object { $fraction[$_.Phase] = $_.VolumeFraction }
        $beta = @{}; $solid | Measure-Constrictivity -Direction Z | ForEach-Object { $beta[$_.Phase] = $_.Constrictivity }
        $tau = @{}; $solid | Measure-GeodesicTortuosity -Direction Z | ForEach-Object { $tau[$_.Phase] = $_.Mean }
        # Eq. 27 by a conduction solve: graphite 100 times more conductive than the carbon-binder domain.
        $m = @{}
        $m['Solid'] = ($model | Measure-EffectiveTortuosity -Conductivity @{ Graphite = 1; CBD = 0.01 } -Direction Z -Tolerance $Tolerance).MFactor
        $m['Pore'] = ($model | Measure-EffectiveTortuosity -Phase Pore -Direction Z -Tolerance $Tolerance).MFactor
        foreach ($phase in 'Solid', 'Pore') {
            [pscustomobject]@{
                GraphiteIntensity = $lambda
                V1                = $v1
                PaperV1           = $level[1]
                Realization       = $k
                Phase             = $phase
                VolumeFraction    = $fraction[$phase]
                Constrictivity    = $beta[$phase]
                Tortuosity        = $tau[$phase]
                # Eq. 28 with the paper's a = 2.1939, b = 0, c = 5.0152.
                MFactorEstimate   = [math]::Pow($fraction[$phase], 2.1939) / [math]::Pow($tau[$phase], 5.0152)
                MFactor           = $m[$phase]
            }
        }
    }
}

# Means over realizations, one row per level and phase (the lines of Fig. 8).
$means = foreach ($level in $table3) {
    foreach ($phase in 'Solid', 'Pore') {
        $set = @($rows | Where-Object { $_.GraphiteIntensity -eq $level[0] -and $_.Phase -eq $phase })
        # (Measure-Object is not in the engine's core cmdlets: sum by hand.)
        $avg = { param($name) $sum = 0.0; foreach ($r in $set) { $sum += $r.$name }; $sum / $set.Count }
        [pscustomobject]@{
            V1             = $set[0].V1
            PaperV1        = $set[0].PaperV1
            Phase          = $phase
            VolumeFraction = & $avg VolumeFraction
            Constrictivity = & $avg Constrictivity
            Tortuosity     = & $avg Tortuosity
            MFactorEstimate = & $avg MFactorEstimate
            MFactor        = & $avg MFactor
        }
    }
}

# A text table (objects with more than four properties would be listed, and Format-Table is not in the engine).
'{0,-8} {1,-8} {2,-6} {3,8} {4,8} {5,8} {6,8} {7,8}' -f 'V1', 'V1 paper', 'Phase', 'Epsilon', 'Beta', 'Tau', 'M^', 'M'
foreach ($m in $means) {
    [string]::Format($inv, '{0,-8:F4} {1,-8:F4} {2,-6} {3,8:F4} {4,8:F4} {5,8:F4} {6,8:F4} {7,8:F4}', $m.V1, $m.PaperV1, $m.Phase, $m.VolumeFraction, $m.Constrictivity, $m.Tortuosity, $m.MFactorEstimate, $m.MFactor)
}

# Eq. 28 refitted (b = 0) over every structure of both phases, and Eq. 29 per phase (paper: a = 2.1939, c = 5.0152;
# solid c1 = 0.5588, c0 = -0.02061; pore c1 = -1.874, c0 = 0.4556).
$fit = $rows | Measure-MFactorRegression -FixConstrictivityExponent
[string]::Format($inv, 'Eq. 28 over {0} structures: a = {1:F4}, c = {2:F4}, R^2 = {3:F4}', $fit.Count, $fit.A, $fit.C, $fit.RSquared)
$linear = @{}
foreach ($phase in 'Solid', 'Pore') {
    $linear[$phase] = $rows | Where-Object { $_.Phase -eq $phase } | Measure-MFactorRegression -FixConstrictivityExponent
    [string]::Format($inv, 'Eq. 29 for {0}: c1 = {1:F4}, c0 = {2:F5}, R^2 = {3:F4}', $phase, $linear[$phase].C1, $linear[$phase].C0, $linear[$phase].LinearRSquared)
}

$csv = [System.IO.Path]::Combine($OutputFolder, 'study.csv')
$lines = @('GraphiteIntensity,V1,Realization,Phase,VolumeFraction,Constrictivity,Tortuosity,MFactorEstimate,MFactor')
$lines += foreach ($r in $rows) {
    [string]::Format($inv, '{0:G4},{1:F5},{2},{3},{4:F5},{5:F5},{6:F5},{7:F5},{8:F5}', $r.GraphiteIntensity, $r.V1, $r.Realization, $r.Phase, $r.VolumeFraction, $r.Constrictivity, $r.Tortuosity, $r.MFactorEstimate, $r.MFactor)
}
[System.IO.File]::WriteAllLines($csv, $lines)
"Table: $csv"

$plots = @(
    @('fig8a-volume-fraction.png', 'VolumeFraction', 'Volume fraction'),
    @('fig8b-constrictivity.png', 'Constrictivity', 'Constrictivity'),
    @('fig8c-tortuosity.png', 'Tortuosity', 'Mean geodesic tortuosity')
)
foreach ($p in $plots) {
    $file = $means | Export-LinePlot -Path ([System.IO.Path]::Combine($OutputFolder, $p[0])) -X V1 -Y $p[1] -GroupBy Phase -XLabel 'Graphite volume fraction V1' -YLabel $p[2] -Force -PassThru
    "Figure: $($file.FullName)"
}

# Fig. 8d: M (Eq. 27, conduction solve), M^ (Eq. 28, paper's coefficients) and M~ (Eq. 29, fitted here) per phase.
$fig8d = foreach ($m in $means) {
    [pscustomobject]@{ V1 = $m.V1; M = $m.MFactor; Series = "$($m.Phase) M" }
    [pscustomobject]@{ V1 = $m.V1; M = $m.MFactorEstimate; Series = "$($m.Phase) M^ (Eq. 28)" }
    [pscustomobject]@{ V1 = $m.V1; M = $linear[$m.Phase].Linear.Predict($m.V1); Series = "$($m.Phase) M fit (Eq. 29)" }
}
$file = $fig8d | Export-LinePlot -Path ([System.IO.Path]::Combine($OutputFolder, 'fig8d-m-factor.png')) -X V1 -Y M -GroupBy Series -XLabel 'Graphite volume fraction V1' -YLabel 'M-factor' -Force -PassThru
"Figure: $($file.FullName)"

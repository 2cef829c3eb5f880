<#
.SYNOPSIS
    The morphological descriptors of Gräfensteiner et al. (001, Sections 3.3-3.4) and Prifling et
    al. (002, Section 5.1) for all three phases of a real NMC cathode, in one table.

.DESCRIPTION
    Uses the shipped sample examples/data/electrode.tiff (TauFactor's 256^3 NMC cathode, voxel
    100/256 µm). For each phase: volume fraction, surface density, Euler density, constrictivity
    with RMax and RMin, mean geodesic tortuosity through the electrode (z), and the effective
    tortuosity and M-factor of a conduction solve through it (001 Eq. 27; the figure TauFactor
    publishes for this sample, 2.0772 for the pore phase); then the centred two-point coverage of
    the carbon-binder domain and a profile of its fraction along z.
    Writes the table to descriptors.csv (one row per phase, invariant culture) in -OutputFolder, and
    the figures of Prifling et al. (002) for this electrode: 002-Fig6-phase-size-distribution.png
    (continuous phase size distribution), 002-Fig7-intrusion.png (simulated mercury intrusion) and
    002-Fig10-phase-profile.png and .svg (volume fraction of each phase along z).

    Lengths are in µm: surface density in 1/µm, Euler density in 1/µm^3, RMax and RMin in µm.
    The three conduction solves take most of the time (about a minute on two cores; -Factor 2
    makes everything about eight times faster).

        dotnet pwsh ./examples/Electrode-Descriptors.ps1 -OutputFolder ./out

.PARAMETER Path
    The electrode to analyse (default: the shipped sample).

.PARAMETER OutputFolder
    Where descriptors.csv and the figures go (created if needed; default ./out).

.PARAMETER Factor
    Down-sampling factor before the descriptors (1 = full resolution; default 1).

.PARAMETER PassThru
    Returns one object with the descriptor table, the cmdlets' result objects and the CSV file,
    for scripts and tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Electrode-Descriptors.ps1 -Factor 2

.EXAMPLE
    (./examples/Electrode-Descriptors.ps1 -PassThru).Descriptors | Where-Object Phase -EQ Pore
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'data' 'electrode.tiff'),
    [string] $OutputFolder = 'out',
    [ValidateRange(1, 16)]
    [int] $Factor = 1,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture

$electrode = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm' |
    ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
if ($Factor -gt 1) { $electrode = $electrode | Resize-VoxelStack -Factor $Factor -Method Subsample }
Write-Host "Electrode: $($electrode.Dimensions) voxels of $($electrode.VoxelSize)"

# One result per phase from each cmdlet, looked up by phase name below.
$intrinsic = $electrode | Measure-IntrinsicVolume
$constrictivity = $electrode | Measure-Constrictivity -Direction Z
$tortuosity = $electrode | Measure-GeodesicTortuosity -Direction Z
$effective = $electrode | Measure-EffectiveTortuosity -Direction Z

$descriptors = foreach ($phase in $electrode.Phases.Name) {
    $v = $intrinsic | Where-Object Phase -EQ $phase
    $c = $constrictivity | Where-Object Phase -EQ $phase
    $t = $tortuosity | Where-Object Phase -EQ $phase
    $e = $effective | Where-Object Phase -EQ $phase
    [pscustomobject]@{
        Phase                 = $phase
        VolumeFraction        = $v.VolumeFraction
        SurfaceDensity        = $v.SurfaceDensity
        EulerDensity          = $v.EulerDensity
        RMax                  = $c.RMax
        RMin                  = $c.RMin
        Constrictivity        = $c.Constrictivity
        GeodesicTortuosity    = $t.Mean
        InletPercolating      = $t.PercolatingFraction
        EffectiveTortuosity   = $e.EffectiveTortuosity
        MFactor               = $e.MFactor
        ThroughConnected      = $e.PercolatingFraction
        Unit                  = $v.Unit
    }
}

# On screen one column per phase (as a paper's table), so that it fits 80 columns.
$rows = @(
    @{ Label = 'Volume fraction'; Property = 'VolumeFraction'; Format = 'F5' }
    @{ Label = 'Surface density (1/µm)'; Property = 'SurfaceDensity'; Format = 'F4' }
    @{ Label = 'Euler density (1/µm^3)'; Property = 'EulerDensity'; Format = 'F5' }
    @{ Label = 'RMax (µm)'; Property = 'RMax'; Format = 'F3' }
    @{ Label = 'RMin (µm)'; Property = 'RMin'; Format = 'F3' }
    @{ Label = 'Constrictivity'; Property = 'Constrictivity'; Format = 'F4' }
    @{ Label = 'Mean geodesic tortuosity (z)'; Property = 'GeodesicTortuosity'; Format = 'F4' }
    @{ Label = 'Percolating inlet voxels'; Property = 'InletPercolating'; Format = 'F4' }
    @{ Label = 'Effective tortuosity (z)'; Property = 'EffectiveTortuosity'; Format = 'F4' }
    @{ Label = 'M-factor (z)'; Property = 'MFactor'; Format = 'F4' }
    @{ Label = 'Through-connected (z)'; Property = 'ThroughConnected'; Format = 'F4' }
)
$rows | ForEach-Object {
    $row = [ordered]@{ Descriptor = $_.Label }
    foreach ($d in $descriptors) { $row[$d.Phase] = $d.($_.Property).ToString($_.Format, $invariant) }
    [pscustomobject]$row
} | Format-Table -Property (@('Descriptor') + @($descriptors.Phase | ForEach-Object {
        $name = [string]$_
        @{ Name = $name; Expression = { $_.$name }.GetNewClosure(); Alignment = 'Right' }
    })) | Out-Host

if ($Factor -eq 1 -and (Split-Path -Leaf $Path) -eq 'electrode.tiff') {
    Write-Host 'TauFactor publishes for this sample (z = its first array axis): tortuosity factor of the pores 2.0772,'
    Write-Host 'D_eff/D_0 = 0.2166, through-connected fractions 0.9989 / 0.9611 / 0.9740 (pore / NMC / CBD).'
}

# The CSV keeps full precision with a decimal point, whatever the session's culture.
$csv = Join-Path $OutputFolder 'descriptors.csv'
$culture = [cultureinfo]::CurrentCulture
try {
    [cultureinfo]::CurrentCulture = $invariant
    $descriptors | Export-Csv -Path $csv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
}
finally { [cultureinfo]::CurrentCulture = $culture }
Write-Host "Descriptors written to $csv"

Write-Host 'Centred two-point coverage of the CBD (along z, first points; C(0) = V (1 - V)):'
$coverage = $electrode | Measure-TwoPointCoverage -Phase CBD -MaxDistance 3 -Centered
$coverage.AlongZ | Where-Object X -LE 1.6 |
    Select-Object @{ Name = "Distance ($($coverage.Unit))"; Expression = { $_.X.ToString('F3', $invariant) } },
        @{ Name = 'C(h) - V^2'; Expression = { $_.Y.ToString('F5', $invariant) } } |
    Format-Table | Out-Host

Write-Host 'CBD fraction along z (every 32nd slice of the full-resolution volume):'
$cbdProfile = $electrode | Measure-PhaseProfile -Phase CBD -Axis Z
$every = [math]::Max(1, [int][math]::Round(32 / $Factor))
$cbdProfile | Where-Object { $_.Slice % $every -eq 0 } | Out-Host

# Figures of Prifling et al. (002, Section 5.1) for this electrode. The paper compares a single-layer
# (solid curves) and a two-layer cathode (dashed) in three panels per figure; this sample is one
# electrode, so each figure has one curve per phase in one panel.
$unit = $electrode.VoxelSize.Unit
$files = @(
    # Fig. 6: the continuous phase size distribution CPSD(r) of each phase: the fraction of the phase
    # covered by balls of radius at least r that fit inside it.
    $constrictivity | Get-DescriptorCurve -Curve PoreSizeDistribution |
        Export-LinePlot -Path (Join-Path $OutputFolder '002-Fig6-phase-size-distribution.png') -X Radius -Y CoveredFraction -GroupBy Phase `
            -Title 'Continuous phase size distribution (cf. Fig. 6)' -XLabel "Radius r ($unit)" -YLabel 'Covered fraction of the phase' -Force -PassThru
    # Fig. 7: simulated mercury intrusion into each phase from the z = 0 face: the fraction of the
    # phase that balls of radius at least r reach through the phase.
    $constrictivity | Get-DescriptorCurve -Curve IntrusionCurve |
        Export-LinePlot -Path (Join-Path $OutputFolder '002-Fig7-intrusion.png') -X Radius -Y IntrudedFraction -GroupBy Phase `
            -Title 'Simulated mercury intrusion from z = 0 (cf. Fig. 7)' -XLabel "Radius r ($unit)" -YLabel 'Intruded fraction of the phase' -Force -PassThru
)
# Fig. 10: the volume fraction of each phase slice by slice along z. The paper plots it against the
# distance to the separator; which face of this sample faced the separator is not recorded, so the
# axis is the position z. (The text of 002 also cites "Figure 10" for the lithiation curves, which are
# its Fig. 11: a half-cell simulation MicroMorph cannot do yet, see issue 23.)
$profiles = $electrode | Measure-PhaseProfile -Axis Z
$files += foreach ($extension in 'png', 'svg') {
    $profiles | Export-LinePlot -Path (Join-Path $OutputFolder "002-Fig10-phase-profile.$extension") -X Position -Y VolumeFraction -GroupBy Phase `
        -Title 'Volume fraction of each phase along z (cf. Fig. 10)' -XLabel "Position z ($unit)" -YLabel 'Volume fraction' -Force -PassThru
}
$files | ForEach-Object { Write-Host "Figure: $($_.FullName)" }

if ($PassThru) {
    [pscustomobject]@{
        Dimensions          = $electrode.Dimensions
        VoxelSize           = $electrode.VoxelSize
        Descriptors         = $descriptors
        IntrinsicVolumes    = $intrinsic
        Constrictivity      = $constrictivity
        GeodesicTortuosity  = $tortuosity
        EffectiveTortuosity = $effective
        TwoPointCoverage    = $coverage
        Profile             = $cbdProfile
        Profiles            = $profiles
        Table               = Get-Item -LiteralPath $csv
        Files               = $files
    }
}

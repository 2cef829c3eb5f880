<#
.SYNOPSIS
    The morphological descriptors of Gräfensteiner et al. (001, Section 3.3) and Prifling et al.
    (002, Section 5.1) for all three phases of a real NMC cathode, in one table.

.DESCRIPTION
    Uses the shipped sample examples/data/electrode.tiff (TauFactor's 256^3 NMC cathode, voxel
    100/256 µm). For each phase: volume fraction, surface density, Euler density, constrictivity
    with RMax and RMin, and mean geodesic tortuosity through the electrode (z); then the centred
    two-point coverage of the carbon-binder domain and a profile of its fraction along z.
    Writes the table as CSV text (invariant culture) to -OutputFolder.

    dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Electrode-Descriptors.ps1
.PARAMETER Path
    The electrode to analyse (default: the shipped sample).
.PARAMETER OutputFolder
    Where descriptors.csv goes (created if needed; default ./out).
.PARAMETER Factor
    Down-sampling factor before the slower descriptors (1 = full resolution; default 1).
#>
param(
    [string] $Path = [System.IO.Path]::Combine($PSScriptRoot, 'data', 'electrode.tiff'),
    [string] $OutputFolder = 'out',
    [int] $Factor = 1
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName
$inv = [cultureinfo]::InvariantCulture

$electrode = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm' |
    ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
if ($Factor -gt 1) { $electrode = $electrode | Resize-VoxelStack -Factor $Factor -Method Subsample }
"Electrode: $($electrode.Dimensions) voxels of $($electrode.VoxelSize)"

$intrinsic = @{}; $electrode | Measure-IntrinsicVolume | ForEach-Object { $intrinsic[$_.Phase] = $_ }
$constrictivity = @{}; $electrode | Measure-Constrictivity -Direction Z | ForEach-Object { $constrictivity[$_.Phase] = $_ }
$tortuosity = @{}; $electrode | Measure-GeodesicTortuosity -Direction Z | ForEach-Object { $tortuosity[$_.Phase] = $_ }

$rows = foreach ($phase in $electrode.Phases) {
    $n = $phase.Name
    [pscustomobject]@{
        Phase              = $n
        VolumeFraction     = $intrinsic[$n].VolumeFraction.ToString('F5', $inv)
        'SurfaceDensity/µm' = $intrinsic[$n].SurfaceDensity.ToString('F4', $inv)
        'EulerDensity/µm3'  = $intrinsic[$n].EulerDensity.ToString('F5', $inv)
        'RMax/µm'          = $constrictivity[$n].RMax.ToString('F3', $inv)
        'RMin/µm'          = $constrictivity[$n].RMin.ToString('F3', $inv)
        Constrictivity     = $constrictivity[$n].Constrictivity.ToString('F4', $inv)
        GeodesicTortuosity = $tortuosity[$n].Mean.ToString('F4', $inv)
        Percolating        = $tortuosity[$n].PercolatingFraction.ToString('F4', $inv)
    }
}
$rows | Out-Default

# CSV by hand (Export-Csv is not in the core engine): invariant numbers, header from the first row.
$names = $rows[0].PSObject.Properties.Name
$lines = @(($names -join ',')) + @($rows | ForEach-Object { $r = $_; ($names | ForEach-Object { $r.$_ }) -join ',' })
$csv = [System.IO.Path]::Combine($OutputFolder, 'descriptors.csv')
[System.IO.File]::WriteAllLines($csv, [string[]] $lines)
"Descriptors written to $csv"

'Centred two-point coverage of the CBD (along z, first points):'
$c = $electrode | Measure-TwoPointCoverage -Phase CBD -MaxDistance 3 -Centered
$c.AlongZ | Where-Object { $_.X -le 1.6 } | ForEach-Object { '  {0,6} µm  {1,9}' -f $_.X.ToString('F3', $inv), $_.Y.ToString('F5', $inv) }

'CBD fraction along z (every 32nd slice):'
$electrode | Measure-PhaseProfile -Phase CBD -Axis Z | Where-Object { $_.Slice % (32 / $Factor) -eq 0 } |
    ForEach-Object { '  z = {0,7} µm  {1}' -f $_.Position.ToString('F2', $inv), $_.VolumeFraction.ToString('F4', $inv) }

<#
.SYNOPSIS
    The virtual impedance experiment of Prifling et al. (002, Section 4): blocking-electrolyte impedance
    spectra of one electrode trinarized three ways, with the electrode tortuosity factor tau_e and the
    ionic resistance R_ion per method, and the CBD's effective transport parameter gamma varied.

.DESCRIPTION
    Starts from the shipped sample examples/data/electrode.tiff (TauFactor's 256^3 NMC cathode, voxel
    100/256 µm; by default a -Size^3 cube of it at the separator face, with -Full the whole volume) seen
    as a grey volume: its labels (pore 0, NMC 85, CBD 170) are averaged over blocks of
    -Factor^3 voxels and smoothed with a Gaussian of -Sigma voxels, which mixes the phases at their
    boundaries as a tomogram's partial volumes do. Three trinarizations of this grey volume (002 Section
    3: global thresholds matching the volume fractions, multi-level Otsu, k-means on neighbourhood
    features) become phase images (Pore, NMC, CBD in grey order), and Measure-ElectrodeImpedance runs on
    each: first with the CBD inert (TauFactor's set-up: pore conductive, NMC capacitive), then with the
    CBD carrying electrolyte at each -Gamma (002 Eq. 3; 0.06-0.24 in Table 3) and half of its interface
    with the NMC capacitive (002 Eq. 5), in physical units (1 S/m, 10 µF/cm2) at the same frequencies.
    002 reports that the trinarizations give very similar spectra.

    Writes impedance.csv (one row per method and gamma: tau_e, its continuum limit, the through-pore
    tortuosity, R_ion) and spectra.csv (one row per method, gamma and frequency: Frequency in Hz, ZReal
    and ZImag in Ohm cm2), nyquist.png (Export-ImpedancePlot: -Im Z against Re Z on equal axes, one line
    per method and gamma; the 45-degree transmission-line part at high frequency turns into the vertical
    capacitive line at low frequency) and bode.png (|Z| and phase against frequency) to -OutputFolder.

    Each impedance run is one solve per frequency plus two or three; the twelve runs take about
    half a minute with the defaults (a 128^3 crop averaged to 64^3) and about ten minutes with -Full
    (the whole volume averaged to 128^3) on two cores.

        dotnet pwsh ./examples/Electrode-Impedance.ps1 -OutputFolder ./out

.PARAMETER Path
    The labelled electrode to start from (default: the shipped sample).

.PARAMETER OutputFolder
    Where impedance.csv and spectra.csv go (created if needed; default ./out).

.PARAMETER Size
    Edge of the cube cropped from the labelled volume at the separator face (z = 0) before averaging
    (default 128; ignored with -Full).

.PARAMETER Full
    Uses the whole labelled volume (256^3) instead of the -Size crop.

.PARAMETER Factor
    Block size of the averaging that makes the grey volume (default 2).

.PARAMETER Sigma
    Standard deviation of the Gaussian smoothing, in voxels of the averaged volume (default 0.7).

.PARAMETER Method
    The trinarization methods to compare (default Threshold, Otsu, KMeans).

.PARAMETER Gamma
    Relative ionic conductivities of the CBD to try (default 0.06, 0.12, 0.24, the range of 002 Table 3).

.PARAMETER PointsPerDecade
    Frequencies per decade of the spectra (default 2).

.PARAMETER PassThru
    Returns one object with the phase images, the results, the tables and the files, for scripts and
    tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Electrode-Impedance.ps1 -Full

.EXAMPLE
    (./examples/Electrode-Impedance.ps1 -PassThru).Summary | Where-Object Gamma -EQ 0.12
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'data' 'electrode.tiff'),
    [string] $OutputFolder = 'out',
    [ValidateRange(16, 256)]
    [int] $Size = 128,
    [switch] $Full,
    [ValidateRange(1, 8)]
    [int] $Factor = 2,
    [ValidateRange(0.1, 5)]
    [double] $Sigma = 0.7,
    [ValidateSet('Threshold', 'Otsu', 'KMeans')]
    [string[]] $Method = @('Threshold', 'Otsu', 'KMeans'),
    [ValidateNotNullOrEmpty()]
    [double[]] $Gamma = @(0.06, 0.12, 0.24),
    [ValidateRange(1, 10)]
    [int] $PointsPerDecade = 2,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture

# The grey volume: block means of the labels, then a Gaussian (sigma in µm = voxels x voxel size).
$stack = Import-VoxelStack -Path $Path -VoxelSize (100 / 256) -Unit 'µm'
if (-not $Full) {
    $edge = [math]::Min($Size, [math]::Min($stack.Width, [math]::Min($stack.Height, $stack.Depth)))
    $stack = $stack | Select-VoxelRegion -Origin 0, 0, 0 -Size $edge, $edge, $edge
}
if ($Factor -gt 1) { $stack = $stack | Resize-VoxelStack -Factor $Factor -Method Mean }
$grey = $stack | Invoke-VoxelFilter -Filter Gaussian -Sigma ($Sigma * $stack.VoxelSize.X)
Write-Host "Grey volume: $($grey.Dimensions) voxels of $($grey.VoxelSize)"

# Three trinarizations; the phases in grey order (pore 0 < NMC 85 < CBD 170 in this sample), with
# TauFactor's published volume fractions where the method takes them.
$names = 'Pore', 'NMC', 'CBD'
$fractions = 0.44992, 0.40047, 0.14962
$images = [ordered]@{}
foreach ($m in $Method) {
    $images[$m] = switch ($m) {
        'Threshold' { $grey | Invoke-Trinarization -Method Threshold -VolumeFraction $fractions -PhaseName $names }
        'Otsu' { $grey | Invoke-Trinarization -Method Otsu -PhaseName $names }
        'KMeans' { $grey | Invoke-Trinarization -Method KMeans -VolumeFraction $fractions -PhaseName $names -Seed 1 }
    }
}

# Physical parameters: 1 S/m (1 M LiPF6 in carbonates), 0.1 F/m2 = 10 µF/cm2.
$cell = @{ ElectrolyteConductivity = 1.0; DoubleLayerCapacitance = 0.1 }
$results = [System.Collections.Generic.List[object]]::new()
$frequencies = $null
foreach ($name in $images.Keys) {
    $image = $images[$name]
    foreach ($g in @(0.0) + $Gamma) {
        $call = @{ ReactivePhase = 'NMC' } + $cell
        if ($g -eq 0) {
            $call.Electrolyte = @{ Pore = 1 }
        }
        else {
            $call.Electrolyte = @{ Pore = 1; CBD = $g }
            $call.InterfaceFraction = @{ CBD = 0.5 }
        }
        # The first run sets the frequency grid (its default, in Hz); the others reuse it.
        if ($frequencies) { $call.Frequency = $frequencies } else { $call.PointsPerDecade = $PointsPerDecade }
        $r = $image | Measure-ElectrodeImpedance @call
        if (-not $frequencies) { $frequencies = [double[]]@($r.Spectrum.Frequency) }
        $results.Add([pscustomobject]@{ Method = $name; Gamma = $g; Result = $r })
    }
}

$summary = foreach ($row in $results) {
    $r = $row.Result
    [pscustomobject]@{
        Method                   = $row.Method
        Gamma                    = $row.Gamma
        Electrolyte              = $r.Phase
        VolumeFraction           = $r.VolumeFraction
        ElectrodeTortuosity      = $r.ElectrodeTortuosity
        ElectrodeTortuosityLimit = $r.ElectrodeTortuosityLimit
        ThroughTortuosity        = $r.ThroughTortuosity
        IonicResistance          = $r.IonicResistance
        Unit                     = $r.ImpedanceUnit
    }
}
Write-Host 'tau_e, the through-pore tortuosity and R_ion per trinarization and CBD gamma (gamma 0: CBD inert)'
$summary | Select-Object Method, Gamma,
    @{ Name = 'TauE'; Expression = { $_.ElectrodeTortuosity.ToString('F3', $invariant) } },
    @{ Name = 'TauThrough'; Expression = { $_.ThroughTortuosity.ToString('F3', $invariant) } },
    @{ Name = 'RIon'; Expression = { $_.IonicResistance.ToString('G4', $invariant) } }, Unit |
    Format-Table | Out-Host

$spectra = foreach ($row in $results) {
    $row.Result | Get-DescriptorCurve | Select-Object @{ Name = 'Method'; Expression = { $row.Method } }, @{ Name = 'Gamma'; Expression = { $row.Gamma } }, Frequency, ZReal, ZImag, Unit
}
$summaryCsv = Join-Path $OutputFolder 'impedance.csv'
$spectraCsv = Join-Path $OutputFolder 'spectra.csv'
# The CSVs keep full precision with a decimal point, whatever the session's culture.
$culture = [cultureinfo]::CurrentCulture
try {
    [cultureinfo]::CurrentCulture = $invariant
    $summary | Export-Csv -LiteralPath $summaryCsv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
    $spectra | Export-Csv -LiteralPath $spectraCsv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
}
finally { [cultureinfo]::CurrentCulture = $culture }
# The Nyquist plot (002 Section 4's symmetric cell under blocking conditions; equal axes) and the Bode plot.
$nyquistPng = Join-Path $OutputFolder 'nyquist.png'
$bodePng = Join-Path $OutputFolder 'bode.png'
$labels = @($results | ForEach-Object { if ($_.Gamma -eq 0) { "$($_.Method), CBD inert" } else { "$($_.Method), CBD γ $($_.Gamma.ToString($invariant))" } })
$results.Result | Export-ImpedancePlot -Path $nyquistPng -Label $labels -Title 'Nyquist plot of the blocking electrode' -Force
$results.Result | Export-ImpedancePlot -Path $bodePng -Kind Bode -Label $labels -Title 'Bode plot of the blocking electrode' -Force
Write-Host "Table:   $summaryCsv"
Write-Host "Spectra: $spectraCsv"
Write-Host "Nyquist: $nyquistPng"
Write-Host "Bode:    $bodePng"

if ($PassThru) {
    [pscustomobject]@{
        Dimensions = $grey.Dimensions
        VoxelSize  = $grey.VoxelSize
        Images     = $images
        Results    = $results.ToArray()
        Summary    = @($summary)
        Spectra    = @($spectra)
        Frequency  = $frequencies
        Files      = @(Get-Item -LiteralPath $summaryCsv, $spectraCsv, $nyquistPng, $bodePng)
    }
}

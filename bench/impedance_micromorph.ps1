# MicroMorph's Measure-ElectrodeImpedance on one labelled TIFF volume at TauFactor's frequencies; prints one
# JSON line. Usage: dotnet pwsh -File bench/impedance_micromorph.ps1 PATH COND_LABEL REAC_LABEL [FREQUENCIES...]
# (dimensionless angular frequencies, TauFactor's; default: tau_e and one placeholder frequency; with the environment
# variable SPECTRUM=default the cmdlet's default 4-per-decade spectrum).
param([string] $Path, [int] $Conductive, [int] $Reactive, [Parameter(ValueFromRemainingArguments)] [double[]] $AngularFrequency)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../MicroMorph.psd1')
# Phases by label (ConvertTo-PhaseImage names every label the volume holds; the other labels are inert).
$image = Import-VoxelStack -Path $Path
if ($image -isnot [MicroMorph.Core.Imaging.PhaseImage]) { $image = $image | ConvertTo-PhaseImage }
$clock = [Diagnostics.Stopwatch]::StartNew()
$call = @{ Electrolyte = @{ "$Conductive" = 1 }; ReactivePhase = "$Reactive"; NoThroughTortuosity = $true }
# Without frequencies: one placeholder at a high frequency (charged within a few voxels, a cheap solve); tau_e and R_ion come anyway.
# SPECTRUM=default: the cmdlet's default grid (4 points per decade from omega_0 / 10).
if ($AngularFrequency) { $call.AngularFrequency = $AngularFrequency } elseif ($env:SPECTRUM -ne 'default') { $call.AngularFrequency = 1e-2 }
$r = $image | Measure-ElectrodeImpedance @call
$seconds = $clock.Elapsed.TotalSeconds
[ordered]@{
    tool           = 'micromorph'
    tau_e          = $r.ElectrodeTortuosity
    tau_e_limit    = $r.ElectrodeTortuosityLimit
    r_ion          = $r.IonicResistance
    omega_0        = $r.CharacteristicFrequency
    frequency      = @($r.Spectrum.Frequency)
    z_real         = @($r.Spectrum.ZReal)
    z_imag         = @($r.Spectrum.ZImag)
    iterations     = $r.Iterations
    seconds        = $seconds
    peak_rss_mib   = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
} | ConvertTo-Json -Compress

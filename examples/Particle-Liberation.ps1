<#
.SYNOPSIS
    The particle-discrete workflow of Englisch et al. (004, Sections 2.3.2-2.3.4, 3.4, 3.5) on a
    generated particle system: labelling, watershed, per-particle composition, liberation degree
    overall and per size class, the grain-volume table and the representativeness of the volume.

.DESCRIPTION
    Generates balls of calcite, dolomite and talc in a matrix (some intergrown, some touching),
    labels the particles (connected components, 26 neighbours), separates touching particles by a
    marker-based watershed on the distance map, measures every particle, computes the liberation
    degree of each mineral (Eq. 1, free above 0.99) and per particle-volume class (Eq. 2, Fig. 10),
    writes the grain-over-particle-volume table of calcite (Fig. 11), and checks the size
    distribution over 8 sub-volumes (Fig. 12). Writes CSV tables (invariant culture), the label
    volume (TIFF, for inspection in Fiji) and the figures to -OutputFolder: 004-Fig10-liberation.png,
    004-Fig11-grain-volume.png (every calcite grain and their mean over particle volume) and
    004-Fig12-representativeness.png and .svg.

        dotnet pwsh ./examples/Particle-Liberation.ps1 -OutputFolder ./out

.PARAMETER OutputFolder
    Where the files go (created if needed; default ./out).

.PARAMETER Size
    Edge of the generated cube in voxels (default 96).

.PARAMETER Seed
    Seed of the particle system (default 4).

.PARAMETER PassThru
    Returns one object with the generated image, the particles, their measurements, the
    liberation and representativeness results and the files written, for scripts and tests.
    Without it the script only shows its results.

.EXAMPLE
    ./examples/Particle-Liberation.ps1 -Size 128 -Seed 11

.EXAMPLE
    (./examples/Particle-Liberation.ps1 -PassThru).Liberation | Format-Table Phase, LiberationDegree
#>
[CmdletBinding()]
param(
    [string] $OutputFolder = 'out',
    [ValidateRange(32, 1024)]
    [int] $Size = 96,
    [long] $Seed = 4,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$invariant = [cultureinfo]::InvariantCulture

# Writes objects as CSV with a decimal point, whatever the session's culture.
function Export-InvariantCsv([string] $Path) {
    $culture = [cultureinfo]::CurrentCulture
    try {
        [cultureinfo]::CurrentCulture = $invariant
        $input | Export-Csv -Path $Path -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
    }
    finally { [cultureinfo]::CurrentCulture = $culture }
    Get-Item -LiteralPath $Path
}

# A Nano-CT-like volume: voxel 0.1 µm, particles of 0.25-0.6 µm radius.
$image = New-ParticleSystem $Size -ParticleCount ([int]($Size * $Size * $Size / 2500)) -Radius 0.25, 0.6 -VoxelSize 0.1 -Unit 'µm' `
    -PhaseName Calcite, Dolomite, Talc -IntergrownFraction 0.3 -TouchingFraction 0.25 -Seed $Seed
Write-Host "Generated: $($image.Dimensions) voxels of $($image.VoxelSize), $($image.Metadata['ParticleCount']) balls"

# Section 2.3.2: connected components, then the watershed separates touching particles.
$labelled = $image | Get-Particle -Phase Calcite, Dolomite, Talc
$particles = $labelled | Split-Particle
Write-Host "Connected components: $($labelled.Count); after the watershed: $($particles.Count) particles"
$files = @($particles.Labels | Export-VoxelStack -Path (Join-Path $OutputFolder 'particle-labels.tif') -Force -PassThru)

# Sections 2.3.1 and 3.4: size and composition of every particle (Fig. 9 uses the dominant phase).
$measured = $particles | Measure-Particle
$files += $measured | Select-Object Label, Volume, EquivalentDiameter, SurfaceArea, TouchesBorder, DominantPhase, DominantFraction,
    @{ Name = 'CalciteFraction'; Expression = { $_.Share('Calcite').VolumeFraction } },
    @{ Name = 'CalciteGrains'; Expression = { $_.Share('Calcite').GrainCount } } |
    Export-InvariantCsv (Join-Path $OutputFolder 'particles.csv')
$mostlyOne = @($measured | Where-Object DominantFraction -GT 0.5).Count
Write-Host "Particles predominantly of one mineral: $mostlyOne of $($measured.Count)"

# Section 2.3.4: liberation degree overall (Eq. 1) and per particle-volume class (Eq. 2).
$classes = 0, 0.1, 0.3, 0.6, 1.2, 3
$liberation = $particles | Measure-Liberation -Phase Calcite, Dolomite, Talc -SizeClass $classes
$liberation | Format-Table Phase,
    @{ Name = 'LD (Eq. 1)'; Expression = { $_.LiberationDegree.ToString('F3', $invariant) }; Alignment = 'Right' },
    @{ Name = "Free ($($liberation[0].Unit)^3)"; Expression = { $_.FreeVolume.ToString('F3', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Intergrown'; Expression = { $_.IntergrownVolume.ToString('F3', $invariant) }; Alignment = 'Right' },
    ParticleCount, FreeParticleCount | Out-Host
$perClass = foreach ($r in $liberation) {
    foreach ($c in $r.SizeClasses) {
        [pscustomobject]@{
            Phase             = $r.Phase
            LowerVolume       = $c.LowerBound
            UpperVolume       = $c.UpperBound
            Particles         = $c.ParticleCount
            FreeParticles     = $c.FreeParticleCount
            FreeVolume        = $c.FreeVolume
            IntergrownVolume  = $c.IntergrownVolume
            LiberationDegree  = $c.LiberationDegree
        }
    }
}
Write-Host 'Liberation degree per particle-volume class (Eq. 2, Fig. 10; volumes in µm^3):'
$perClass | Format-Table Phase,
    @{ Name = 'Volume class'; Expression = { '[{0}, {1})' -f $_.LowerVolume.ToString($invariant), $_.UpperVolume.ToString($invariant) } },
    Particles, FreeParticles,
    @{ Name = 'LD (Eq. 2)'; Expression = { $_.LiberationDegree.ToString('F3', $invariant) }; Alignment = 'Right' } | Out-Host
$files += $perClass | Export-InvariantCsv (Join-Path $OutputFolder 'liberation.csv')
# Fig. 10: the volume-specific liberation degree per particle-volume class, one line per mineral.
$files += $liberation | Export-DescriptorPlot -Path (Join-Path $OutputFolder '004-Fig10-liberation.png') -Title 'Volume-specific liberation degree (cf. Fig. 10)' -Force -PassThru

# Fig. 11: every calcite grain against the volume of its particle.
$calcite = $liberation | Where-Object Phase -EQ 'Calcite'
$files += $calcite.Grains | Select-Object ParticleLabel, ParticleVolume, GrainVolume, @{ Name = 'CalciteFraction'; Expression = { $_.PhaseFraction } } |
    Export-InvariantCsv (Join-Path $OutputFolder 'calcite-grains.csv')
# The paper's Fig. 11 maps every saxolite (calcite) grain over the volume of its particle, with the mean
# grain volume per particle volume as a red curve and its error as a grey band; a grain on the diagonal
# is a whole particle (liberated), and the farther the mean lies below it, the lower the liberation.
# Here: the mean calcite grain volume and its standard error in quarter-decade classes of the particle
# volume (classes with at least two grains), against the class's mean particle volume, on log-log axes
# with the diagonal, the standard error as a grey band, over the cloud of single grains (small
# translucent markers, -ScatterSeries) as in the paper.
$grainClasses = @($calcite.Grains | Group-Object { [math]::Floor(4 * [math]::Log10($_.ParticleVolume)) } | Sort-Object { [int]$_.Name } |
    Where-Object Count -GE 2 | ForEach-Object {
        $g = $_.Group
        $mean = ($g.GrainVolume | Measure-Object -Average).Average
        $sd = [math]::Sqrt((($g.GrainVolume | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Sum).Sum) / ($g.Count - 1))
        [pscustomobject]@{
            LowerVolume     = [math]::Pow(10, [int]$_.Name / 4)
            UpperVolume     = [math]::Pow(10, ([int]$_.Name + 1) / 4)
            ParticleVolume  = ($g.ParticleVolume | Measure-Object -Average).Average
            Grains          = $g.Count
            MeanGrainVolume = $mean
            StandardError   = $sd / [math]::Sqrt($g.Count)
        }
    })
$fig11 = @(
    # Each grain, with an interval of no width (drawn as none): Export-LinePlot reads -YLower/-YUpper from every row.
    $calcite.Grains | ForEach-Object {
        [pscustomobject]@{ ParticleVolume = $_.ParticleVolume; GrainVolume = $_.GrainVolume; Lower = $_.GrainVolume; Upper = $_.GrainVolume; Series = 'Calcite grains' }
    }
    $grainClasses | ForEach-Object {
        [pscustomobject]@{ ParticleVolume = $_.ParticleVolume; GrainVolume = $_.MeanGrainVolume; Lower = $_.MeanGrainVolume - $_.StandardError; Upper = $_.MeanGrainVolume + $_.StandardError; Series = 'Mean calcite grain volume' }
    }
    # The diagonal across the whole cloud.
    $calcite.Grains.ParticleVolume | Measure-Object -Minimum -Maximum | ForEach-Object { $_.Minimum, $_.Maximum } | ForEach-Object {
        [pscustomobject]@{ ParticleVolume = $_; GrainVolume = $_; Lower = $_; Upper = $_; Series = 'Grain = particle (liberated)' }
    }
)
$volumeUnit = "$($calcite.Unit)³"
$files += $fig11 | Export-LinePlot -Path (Join-Path $OutputFolder '004-Fig11-grain-volume.png') -X ParticleVolume -Y GrainVolume -GroupBy Series -LogX -LogY `
    -ScatterSeries 'Calcite grains' -YLower Lower -YUpper Upper -Band -IntervalLabel '± standard error' `
    -Title 'Calcite grain volume over particle volume (cf. Fig. 11)' -XLabel "Particle volume ($volumeUnit)" -YLabel "Grain volume ($volumeUnit)" -Force -PassThru

# Section 3.5 / Fig. 12: is the volume representative? Size distribution over 8 equal pieces.
$representativeness = $particles | Measure-Representativeness -PieceCount 8 -SizeClass 0.4, 0.6, 0.8, 1.0, 1.2, 1.4
Write-Host "Equivalent diameter over $($representativeness.PieceCount) pieces of $($representativeness.PieceSize) voxels (Fig. 12):"
$representativeness.SizeClasses | Format-Table @{ Name = "d ($($representativeness.Unit))"; Expression = { '[{0}, {1})' -f $_.LowerBound.ToString('F1', $invariant), $_.UpperBound.ToString('F1', $invariant) } },
    @{ Name = 'Mean frequency'; Expression = { $_.MeanFrequency.ToString('F3', $invariant) }; Alignment = 'Right' },
    @{ Name = 'Standard error'; Expression = { $_.StandardError.ToString('F3', $invariant) }; Alignment = 'Right' },
    @{ Name = '95% interval'; Expression = { '{0} .. {1}' -f $_.ConfidenceLower.ToString('F3', $invariant), $_.ConfidenceUpper.ToString('F3', $invariant) }; Alignment = 'Right' } |
    Out-Host
# Fig. 12: the mean frequency of each size class over the sub-volumes, ± one standard error as error
# bars and the 95% confidence interval in grey (the paper: 60 Nano-CT-sized pieces of the Micro-CT
# volume; here 8 pieces of the generated volume). Also as SVG, a vector figure for a paper.
$files += foreach ($extension in 'png', 'svg') {
    $representativeness | Export-DescriptorPlot -Path (Join-Path $OutputFolder "004-Fig12-representativeness.$extension") -Title "Size-class frequencies over $($representativeness.PieceCount) sub-volumes (cf. Fig. 12)" -Force -PassThru
}
Write-Host "Wrote $(($files.Name | Sort-Object) -join ', ') to $OutputFolder"

if ($PassThru) {
    [pscustomobject]@{
        Image              = $image
        ComponentCount     = $labelled.Count
        Particles          = $particles
        Measurements       = $measured
        SizeClassEdges     = $classes
        Liberation         = $liberation
        Representativeness = $representativeness
        GrainClasses       = $grainClasses
        Figure11           = $fig11
        Files              = $files
    }
}

<#
.SYNOPSIS
    The particle-discrete workflow of Englisch et al. (004, Sections 2.3.2-2.3.4, 3.4, 3.5) on a
    generated particle system: labelling, watershed, per-particle composition, liberation degree
    overall and per size class, the grain-volume table and the representativeness of the volume.

.DESCRIPTION
    Generates balls of calcite, dolomite and talc in a matrix (some intergrown, some touching),
    labels the particles (connected components, 26 neighbours), separates touching particles by a
    marker-based watershed on the distance map, measures every particle, computes the liberation
    degree of each mineral (Eq. 1, free above 0.99) and per volume class (Eq. 2, Fig. 10), writes the
    grain-over-particle-volume table of calcite (Fig. 11), and checks the size distribution over
    8 sub-volumes (Fig. 12). Writes CSV text (invariant culture), two PNG plots and the label volume
    (TIFF, for inspection in Fiji) to -OutputFolder.

    dotnet run -c Release --project src/MicroMorph.Shell -- -File examples/Particle-Liberation.ps1
.PARAMETER OutputFolder
    Where the files go (created if needed; default ./out).
.PARAMETER Size
    Edge of the generated cube in voxels (default 96).
.PARAMETER Seed
    Seed of the particle system (default 4).
#>
param(
    [string] $OutputFolder = 'out',
    [int] $Size = 96,
    [long] $Seed = 4
)

$ErrorActionPreference = 'Stop'
$OutputFolder = [System.IO.Directory]::CreateDirectory($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputFolder)).FullName
$inv = [cultureinfo]::InvariantCulture

# A Nano-CT-like volume: voxel 0.1 µm, particles of 0.25-0.6 µm radius.
$image = New-ParticleSystem $Size -ParticleCount ([int]($Size * $Size * $Size / 2500)) -Radius 0.25, 0.6 -VoxelSize 0.1 -Unit 'µm' `
    -PhaseName Calcite, Dolomite, Talc -IntergrownFraction 0.3 -TouchingFraction 0.25 -Seed $Seed
"Generated: $($image.Dimensions) voxels of $($image.VoxelSize), $($image.Metadata['ParticleCount']) balls"

# Section 2.3.2: connected components, then the watershed separates touching particles.
$labelled = $image | Get-Particle -Phase Calcite, Dolomite, Talc
$particles = $labelled | Split-Particle
"Connected components: $($labelled.Count); after the watershed: $($particles.Count) particles"
$particles.Labels | Export-VoxelStack -Path ([System.IO.Path]::Combine($OutputFolder, 'particle-labels.tif')) -Force

# Sections 2.3.1 and 3.4: size and composition of every particle (Fig. 9 uses the dominant phase).
$measured = $particles | Measure-Particle
$lines = @('Label,Volume,EquivalentDiameter,SurfaceArea,TouchesBorder,DominantPhase,DominantFraction,CalciteFraction,CalciteGrains')
$lines += $measured | ForEach-Object {
    $c = $_.Share('Calcite')
    [string]::Format($inv, '{0},{1:G6},{2:G6},{3:G6},{4},{5},{6:F4},{7:F4},{8}', $_.Label, $_.Volume, $_.EquivalentDiameter, $_.SurfaceArea, $_.TouchesBorder, $_.DominantPhase, $_.DominantFraction, $c.VolumeFraction, $c.GrainCount)
}
[System.IO.File]::WriteAllLines([System.IO.Path]::Combine($OutputFolder, 'particles.csv'), [string[]]$lines)
$mostlyOne = @($measured | Where-Object { $_.DominantFraction -gt 0.5 }).Count
"Particles predominantly of one mineral: $mostlyOne of $($measured.Count)"

# Section 2.3.4: liberation degree overall (Eq. 1) and per particle-volume class (Eq. 2).
$classes = 0, 0.1, 0.3, 0.6, 1.2, 3
$liberation = $particles | Measure-Liberation -Phase Calcite, Dolomite, Talc -SizeClass $classes
$liberation | ForEach-Object { [string]::Format($inv, '{0,-9} LD = {1:F3}  free {2:F3} µm³, intergrown {3:F3} µm³', $_.Phase, $_.LiberationDegree, $_.FreeVolume, $_.IntergrownVolume) }
$lines = @('Phase,LowerVolume,UpperVolume,Particles,FreeParticles,FreeVolume,IntergrownVolume,LiberationDegree')
$lines += foreach ($r in $liberation) {
    foreach ($c in $r.SizeClasses) {
        [string]::Format($inv, '{0},{1},{2},{3},{4},{5:G6},{6:G6},{7:F4}', $r.Phase, $c.LowerBound, $c.UpperBound, $c.ParticleCount, $c.FreeParticleCount, $c.FreeVolume, $c.IntergrownVolume, $c.LiberationDegree)
    }
}
[System.IO.File]::WriteAllLines([System.IO.Path]::Combine($OutputFolder, 'liberation.csv'), [string[]]$lines)
$liberation | Export-DescriptorPlot -Path ([System.IO.Path]::Combine($OutputFolder, 'liberation.png')) -Force

# Fig. 11: every calcite grain against the volume of its particle.
$calcite = $liberation | Where-Object { $_.Phase -eq 'Calcite' }
$lines = @('ParticleLabel,ParticleVolume,GrainVolume,CalciteFraction')
$lines += $calcite.Grains | ForEach-Object { [string]::Format($inv, '{0},{1:G6},{2:G6},{3:F4}', $_.ParticleLabel, $_.ParticleVolume, $_.GrainVolume, $_.PhaseFraction) }
[System.IO.File]::WriteAllLines([System.IO.Path]::Combine($OutputFolder, 'calcite-grains.csv'), [string[]]$lines)

# Section 3.5 / Fig. 12: is the volume representative? Size distribution over 8 equal pieces.
$representativeness = $particles | Measure-Representativeness -PieceCount 8 -SizeClass 0.4, 0.6, 0.8, 1.0, 1.2, 1.4
$representativeness.SizeClasses | ForEach-Object {
    [string]::Format($inv, 'd in [{0:F1}, {1:F1}) µm: mean frequency {2:F3} +- {3:F3} (95%: {4:F3} .. {5:F3})', $_.LowerBound, $_.UpperBound, $_.MeanFrequency, $_.StandardError, $_.ConfidenceLower, $_.ConfidenceUpper)
}
$representativeness | Export-DescriptorPlot -Path ([System.IO.Path]::Combine($OutputFolder, 'representativeness.png')) -Force
"Wrote particles.csv, liberation.csv, calcite-grains.csv, liberation.png, representativeness.png and particle-labels.tif to $OutputFolder"

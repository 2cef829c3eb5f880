# examples/Particle-Liberation.ps1 as a guarded lab workflow (seed 004, Englisch et al.). The test
# counts, with plain PowerShell over the label and phase voxels the example produced, how much of
# each mineral every particle holds, and derives from those counts the liberation degree overall
# (Eq. 1: free when a mineral holds more than 0.99 of its particle) and per particle-volume class
# (Eq. 2); the representativeness statistics are recomputed from the per-piece frequencies
# (mean, standard error s / sqrt(k), 95% interval with Student's t for k - 1 = 7 degrees of freedom).
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Particle-Liberation @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result
    $script:VoxelVolume = 0.001   # (0.1 µm)^3

    # Label and phase voxels as arrays, through raw exports in the test's own folder.
    $Run.Particles.Labels | Export-VoxelStack -Path (Join-Path $TestDrive 'check-labels.raw')
    $Run.Image | Export-VoxelStack -Path (Join-Path $TestDrive 'check-phases.raw')
    $labelBytes = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'check-labels.raw'))
    $script:Labels = [uint32[]]::new($labelBytes.Length / 4)
    [System.Buffer]::BlockCopy($labelBytes, 0, $Labels, 0, $labelBytes.Length)
    $script:Phases = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'check-phases.raw'))

    # Voxels of each phase (1 Calcite, 2 Dolomite, 3 Talc) in each particle: Count[label * 4 + phase].
    $script:ParticleCount = [int]$Run.Particles.Count
    $script:Count = [long[]]::new(($ParticleCount + 1) * 4)
    $script:PhaseTotal = [long[]]::new(4)
    $script:MaxLabel = 0
    for ($i = 0; $i -lt $Phases.Length; $i++) {
        $PhaseTotal[$Phases[$i]]++
        $label = $Labels[$i]
        if ($label -ne 0) {
            if ($label -gt $MaxLabel) { $MaxLabel = $label }
            $Count[$label * 4 + $Phases[$i]]++
        }
    }

    # Eqs. 1-2 from the counts, for one phase and the particles whose volume lies in [Lower, Upper).
    function Get-ExpectedLiberation([int] $Phase, [double] $Lower = 0, [double] $Upper = [double]::PositiveInfinity) {
        $free = 0L; $intergrown = 0L; $particles = 0; $freeParticles = 0
        for ($p = 1; $p -le $ParticleCount; $p++) {
            $n = $Count[$p * 4 + $Phase]
            if ($n -eq 0) { continue }
            $volume = $Count[$p * 4] + $Count[$p * 4 + 1] + $Count[$p * 4 + 2] + $Count[$p * 4 + 3]
            if ($volume * $VoxelVolume -lt $Lower -or $volume * $VoxelVolume -ge $Upper) { continue }
            $particles++
            if ($n / $volume -gt 0.99) { $free += $n; $freeParticles++ } else { $intergrown += $n }
        }
        [pscustomobject]@{
            FreeVolume        = $free * $VoxelVolume
            IntergrownVolume  = $intergrown * $VoxelVolume
            LiberationDegree  = if ($free + $intergrown -gt 0) { $free / ($free + $intergrown) } else { [double]::NaN }
            ParticleCount     = $particles
            FreeParticleCount = $freeParticles
        }
    }
    $script:PhaseLabel = @{ Calcite = 1; Dolomite = 2; Talc = 3 }
}

Describe 'Particle-Liberation on a generated particle system' {
    It 'returns one result object; the watershed labels every particle voxel and no matrix voxel' {
        @($Run).Count | Should -Be 1
        $Run.Image.Dimensions | Should -Be '96 x 96 x 96'
        $Run.Particles.Count | Should -BeGreaterOrEqual $Run.ComponentCount   # it only splits
        $Run.Measurements.Count | Should -Be $ParticleCount
        # Labels 1..Count, each in use; matrix voxels carry no label and every mineral voxel one.
        $MaxLabel | Should -Be $ParticleCount
        for ($p = 1; $p -le $ParticleCount; $p++) {
            $Count[$p * 4 + 1] + $Count[$p * 4 + 2] + $Count[$p * 4 + 3] | Should -BeGreaterThan 0
            $Count[$p * 4 + 0] | Should -Be 0
        }
        foreach ($phase in 1, 2, 3) {
            $inParticles = 0L
            for ($p = 1; $p -le $ParticleCount; $p++) { $inParticles += $Count[$p * 4 + $phase] }
            $inParticles | Should -Be $PhaseTotal[$phase]
        }
    }

    It 'measures each particle''s volume and calcite share from its voxels' {
        foreach ($m in $Run.Measurements) {
            $p = $m.Label
            $voxels = $Count[$p * 4 + 1] + $Count[$p * 4 + 2] + $Count[$p * 4 + 3]
            $m.VoxelCount | Should -Be $voxels
            $m.Volume | Should -BeCloseTo ($voxels * $VoxelVolume) -RelativeTolerance 1e-9
            $m.Share('Calcite').VolumeFraction | Should -BeCloseTo ($Count[$p * 4 + 1] / $voxels) -RelativeTolerance 1e-9 -AbsoluteTolerance 1e-15
        }
    }

    It 'gives the liberation degree of <_> by Eq. 1 (free above 0.99 of the particle)' -ForEach 'Calcite', 'Dolomite', 'Talc' {
        $phase = $_
        $expected = Get-ExpectedLiberation $PhaseLabel[$phase]
        $result = $Run.Liberation | Where-Object Phase -EQ $phase
        $result.Threshold | Should -Be 0.99
        $result.ParticleCount | Should -Be $expected.ParticleCount
        $result.FreeParticleCount | Should -Be $expected.FreeParticleCount
        $result.FreeVolume | Should -BeCloseTo $expected.FreeVolume -RelativeTolerance 1e-9
        $result.IntergrownVolume | Should -BeCloseTo $expected.IntergrownVolume -RelativeTolerance 1e-9
        $result.LiberationDegree | Should -BeCloseTo $expected.LiberationDegree -RelativeTolerance 1e-9
        # Free plus intergrown is all of the mineral (every voxel of it lies in a particle).
        $result.FreeVolume + $result.IntergrownVolume | Should -BeCloseTo ($PhaseTotal[$PhaseLabel[$phase]] * $VoxelVolume) -RelativeTolerance 1e-9
    }

    It 'gives the liberation degree of <_> per particle-volume class by Eq. 2' -ForEach 'Calcite', 'Dolomite', 'Talc' {
        $phase = $_
        $edges = $Run.SizeClassEdges
        $classes = ($Run.Liberation | Where-Object Phase -EQ $phase).SizeClasses
        $classes.Count | Should -Be ($edges.Count - 1)
        for ($k = 0; $k -lt $classes.Count; $k++) {
            $expected = Get-ExpectedLiberation $PhaseLabel[$phase] $edges[$k] $edges[$k + 1]
            $c = $classes[$k]
            $c.LowerBound, $c.UpperBound | Should -Be $edges[$k], $edges[$k + 1]
            $c.ParticleCount | Should -Be $expected.ParticleCount
            $c.FreeParticleCount | Should -Be $expected.FreeParticleCount
            $c.FreeVolume | Should -BeCloseTo $expected.FreeVolume -RelativeTolerance 1e-9 -AbsoluteTolerance 1e-12
            $c.IntergrownVolume | Should -BeCloseTo $expected.IntergrownVolume -RelativeTolerance 1e-9 -AbsoluteTolerance 1e-12
            if ($expected.ParticleCount -eq 0) { [double]::IsNaN($c.LiberationDegree) | Should -BeTrue -Because 'Eq. 2 is 0/0 for an empty class' }
            else { $c.LiberationDegree | Should -BeCloseTo $expected.LiberationDegree -RelativeTolerance 1e-9 }
        }
    }

    It 'lists every calcite grain against the volume of its particle (Fig. 11)' {
        $grains = ($Run.Liberation | Where-Object Phase -EQ 'Calcite').Grains
        $byParticle = $grains | Group-Object ParticleLabel
        # Every particle with calcite appears, and its grains add up to its calcite.
        $byParticle.Count | Should -Be (Get-ExpectedLiberation 1).ParticleCount
        foreach ($g in $byParticle) {
            $p = [int]$g.Name
            $volume = $Count[$p * 4 + 1] + $Count[$p * 4 + 2] + $Count[$p * 4 + 3]
            ($g.Group.GrainVolume | Measure-Object -Sum).Sum | Should -BeCloseTo ($Count[$p * 4 + 1] * $VoxelVolume) -RelativeTolerance 1e-9
            $g.Group | ForEach-Object { $_.ParticleVolume | Should -BeCloseTo ($volume * $VoxelVolume) -RelativeTolerance 1e-9 }
        }
    }

    It 'reports the size distribution over 8 pieces with mean, standard error and Student-t 95% interval' {
        $r = $Run.Representativeness
        $r.PieceCount | Should -Be 8
        $r.PiecesX * $r.PiecesY * $r.PiecesZ | Should -Be 8
        $r.Frequencies.Count | Should -Be 8
        $tQuantile = 2.364624251592785   # t(0.975, 7 degrees of freedom)
        $r.SizeClasses.Count | Should -Be 5
        foreach ($piece in $r.Frequencies) {
            ($piece | Measure-Object -Sum).Sum | Should -BeCloseTo 1 -AbsoluteTolerance 1e-9 -Because 'the frequencies of a piece are fractions of its particles in the class range'
        }
        for ($k = 0; $k -lt 5; $k++) {
            $values = [double[]]@($r.Frequencies | ForEach-Object { $_[$k] })
            $mean = ($values | Measure-Object -Average).Average
            $sd = [math]::Sqrt((($values | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Sum).Sum) / 7)
            $c = $r.SizeClasses[$k]
            $c.MeanFrequency | Should -BeCloseTo $mean -RelativeTolerance 1e-9
            $c.StandardError | Should -BeCloseTo ($sd / [math]::Sqrt(8)) -RelativeTolerance 1e-9
            $c.ConfidenceLower | Should -BeCloseTo ($mean - $tQuantile * $sd / [math]::Sqrt(8)) -RelativeTolerance 1e-9 -AbsoluteTolerance 1e-12
            $c.ConfidenceUpper | Should -BeCloseTo ($mean + $tQuantile * $sd / [math]::Sqrt(8)) -RelativeTolerance 1e-9
        }
    }

    It 'writes the CSV tables with invariant numbers' {
        $particles = Import-Csv -LiteralPath (Join-Path $TestDrive 'particles.csv')
        $particles.Count | Should -Be $ParticleCount
        Test-InvariantNumberColumn $particles 'Volume', 'EquivalentDiameter', 'SurfaceArea', 'DominantFraction', 'CalciteFraction' | Should -BeTrue
        $particles | ForEach-Object { [double]::Parse($_.Volume, [cultureinfo]::InvariantCulture) } | Should -Be $Run.Measurements.Volume
        $liberation = Import-Csv -LiteralPath (Join-Path $TestDrive 'liberation.csv')
        $liberation.Count | Should -Be 15   # 3 minerals x 5 volume classes
        Test-InvariantNumberColumn $liberation 'LowerVolume', 'UpperVolume', 'FreeVolume', 'IntergrownVolume', 'LiberationDegree' | Should -BeTrue
        $grains = Import-Csv -LiteralPath (Join-Path $TestDrive 'calcite-grains.csv')
        $grains.Count | Should -Be ($Run.Liberation | Where-Object Phase -EQ 'Calcite').Grains.Count
        Test-InvariantNumberColumn $grains 'ParticleVolume', 'GrainVolume', 'CalciteFraction' | Should -BeTrue
    }

    It 'writes the label volume as a TIFF that reads back voxel-identical, and the figures (Figs. 10-12) as complete PNG files, Fig. 12 also as SVG' {
        $tif = Import-VoxelStack -Path (Join-Path $TestDrive 'particle-labels.tif')
        $tif.Dimensions | Should -Be '96 x 96 x 96'
        $tif | Export-VoxelStack -Path (Join-Path $TestDrive 'check-tif.raw')
        [System.Linq.Enumerable]::SequenceEqual([System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'check-tif.raw')), [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'check-labels.raw'))) | Should -BeTrue
        foreach ($name in '004-Fig10-liberation.png', '004-Fig11-grain-volume.png', '004-Fig12-representativeness.png') {
            # The default figure size, 900 x 560 at scale 1.
            $png = Get-PngSize (Join-Path $TestDrive $name)
            "$name $($png.Width) x $($png.Height)" | Should -Be "$name 900 x 560"
        }
        $text = Get-SvgText (Join-Path $TestDrive '004-Fig12-representativeness.svg')
        $text | Should -Contain 'Equivalent spherical diameter (µm)'
        $text | Should -Contain '95% confidence interval'
        $Run.Files.Name | Sort-Object | Should -Be '004-Fig10-liberation.png', '004-Fig11-grain-volume.png', '004-Fig12-representativeness.png', '004-Fig12-representativeness.svg',
            'calcite-grains.csv', 'liberation.csv', 'particle-labels.tif', 'particles.csv'
    }

    It 'draws in Fig. 11 the mean calcite grain volume per particle-volume class, never above the diagonal' {
        # Recomputed from the voxel counts: per quarter decade of particle volume, the calcite grains of
        # the particles in it (one grain per connected calcite region of a particle; their volumes add
        # up to the particle's calcite), their mean and standard error s / sqrt(n).
        $grains = ($Run.Liberation | Where-Object Phase -EQ 'Calcite').Grains
        $classes = $Run.GrainClasses
        $classes.Count | Should -BeGreaterThan 2
        $classes.Grains | Measure-Object -Sum | ForEach-Object Sum | Should -BeLessOrEqual $grains.Count
        foreach ($c in $classes) {
            $inClass = @($grains | Where-Object { $_.ParticleVolume -ge $c.LowerVolume -and $_.ParticleVolume -lt $c.UpperVolume })
            $inClass.Count | Should -Be $c.Grains
            $mean = ($inClass.GrainVolume | Measure-Object -Average).Average
            $c.MeanGrainVolume | Should -BeCloseTo $mean -RelativeTolerance 1e-9
            $sd = [math]::Sqrt((($inClass.GrainVolume | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Sum).Sum) / ($inClass.Count - 1))
            $c.StandardError | Should -BeCloseTo ($sd / [math]::Sqrt($inClass.Count)) -RelativeTolerance 1e-9 -AbsoluteTolerance 1e-15
            # A grain lies inside its particle: the mean grain volume never exceeds the mean particle volume.
            $c.MeanGrainVolume | Should -BeLessOrEqual ($c.ParticleVolume + 1e-12)
            $c.ParticleVolume | Should -BeGreaterOrEqual $c.LowerVolume
            $c.ParticleVolume | Should -BeLessThan $c.UpperVolume
        }
    }

    It 'draws in Fig. 11 every calcite grain as a cloud under the class means, and the diagonal' {
        $grains = ($Run.Liberation | Where-Object Phase -EQ 'Calcite').Grains
        $rows = $Run.Figure11
        ($rows.Series | Select-Object -Unique) | Should -Be 'Calcite grains', 'Mean calcite grain volume', 'Grain = particle (liberated)'
        $cloud = @($rows | Where-Object Series -EQ 'Calcite grains')
        $cloud.Count | Should -Be $grains.Count
        ($cloud | ForEach-Object { '{0}/{1}' -f $_.ParticleVolume, $_.GrainVolume } | Sort-Object) |
            Should -Be ($grains | ForEach-Object { '{0}/{1}' -f $_.ParticleVolume, $_.GrainVolume } | Sort-Object)
        # A grain is part of its particle: no point of the cloud lies above the diagonal.
        $cloud | Where-Object { $_.GrainVolume -gt $_.ParticleVolume * (1 + 1e-12) } | Should -BeNullOrEmpty
        # Drawn as the example draws it (here as SVG): one marker per grain, class mean and diagonal end, one per
        # legend entry; the grains have no line, the means and the diagonal do; the band's entry names its series.
        $rows | Export-LinePlot -Path (Join-Path $TestDrive 'fig11.svg') -X ParticleVolume -Y GrainVolume -GroupBy Series -LogX -LogY `
            -ScatterSeries 'Calcite grains' -YLower Lower -YUpper Upper -Band -IntervalLabel '± standard error' -ErrorAction Stop
        $svg = [xml](Get-Content -LiteralPath (Join-Path $TestDrive 'fig11.svg') -Raw)
        $svg.SelectNodes('//*[local-name()="ellipse"]').Count | Should -Be ($grains.Count + $Run.GrainClasses.Count + 2 + 3)
        $colour = { param($i) $c = [MicroMorph.Core.Plotting.PlotStyle]::SeriesColors[$i]; '#{0:X2}{1:X2}{2:X2}' -f $c.R, $c.G, $c.B }
        $strokes = @($svg.SelectNodes('//*[local-name()="path"]') | ForEach-Object { $_.GetAttribute('stroke') })
        $strokes | Should -Not -Contain (& $colour 0)
        $strokes | Should -Contain (& $colour 1)
        Get-SvgText (Join-Path $TestDrive 'fig11.svg') | Should -Contain 'Mean calcite grain volume: ± standard error'
    }

    It 'draws in Fig. 12 for every size class a 95% interval that holds the mean and the standard-error bar' {
        foreach ($c in $Run.Representativeness.SizeClasses) {
            $c.ConfidenceLower | Should -BeLessOrEqual ($c.MeanFrequency - $c.StandardError + 1e-12)
            $c.ConfidenceUpper | Should -BeGreaterOrEqual ($c.MeanFrequency + $c.StandardError - 1e-12)
            $c.MeanFrequency | Should -BeGreaterOrEqual 0
            $c.MeanFrequency | Should -BeLessOrEqual 1
        }
        # The class means add up to 1: every particle of a piece falls into one class.
        ($Run.Representativeness.SizeClasses.MeanFrequency | Measure-Object -Sum).Sum | Should -BeCloseTo 1 -AbsoluteTolerance 1e-9
    }

    It 'shows its tables within 80 columns and never with a decimal comma' {
        $Shown.Tables.Count | Should -BeGreaterThan 0
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'returns nothing without -PassThru, and the same seed gives the same liberation' {
        (Invoke-Example Particle-Liberation @{ OutputFolder = Join-Path $TestDrive 'again' }).Result | Should -BeNullOrEmpty
        (Get-FileHash (Join-Path $TestDrive 'again/liberation.csv')).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive 'liberation.csv')).Hash
    }
}

# examples/Quickstart.ps1 as a guarded lab workflow: it runs once on the shipped electrode, and its
# numbers are checked against TauFactor's published figures (../shared/reference/taufactor/README.md),
# the definitions of 001 Section 3.3 and counts made here with plain PowerShell.
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Quickstart @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result
    $script:VoxelEdge = 100 / 256
}

Describe 'Quickstart on the shipped electrode' -Tag Slow {
    It 'returns one result object with -PassThru' {
        @($Run).Count | Should -Be 1
        $Run.Dimensions | Should -Be '256 x 256 x 256'
        $Run.VoxelSize.X | Should -Be $VoxelEdge
        $Run.VoxelSize.Unit | Should -Be 'µm'
    }

    It 'reproduces TauFactor''s published volume fractions to all five digits' {
        # TauFactor: pore 0.44992, NMC 0.40047, CBD 0.14962 (half a unit of the last digit).
        $Run.PhaseFractions.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        $Run.PhaseFractions.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -AbsoluteTolerance 5e-6
        ($Run.PhaseFractions.VoxelCount | Measure-Object -Sum).Sum | Should -Be (256 * 256 * 256)
    }

    It 'reports phase volumes in µm^3 of the 100 µm box' {
        # Volume = voxel count x (100/256 µm)^3; the three phases fill the (100 µm)^3 box.
        foreach ($f in $Run.PhaseFractions) {
            $f.Volume | Should -BeCloseTo ($f.VoxelCount * [math]::Pow($VoxelEdge, 3)) -RelativeTolerance 1e-12
        }
        ($Run.PhaseFractions.Volume | Measure-Object -Sum).Sum | Should -BeCloseTo 1e6 -RelativeTolerance 1e-12
    }

    It 'keeps every second voxel along each axis when down-sampling by 2 (001 Section 3.3)' {
        $Run.CoarseDimensions | Should -Be '128 x 128 x 128'
        $Run.CoarseVoxelSize.X | Should -Be (2 * $VoxelEdge)
        # Count the labels at even coordinates of the original with plain PowerShell, on its raw
        # bytes (x fastest, then y, then z).
        Import-VoxelStack -Path $ElectrodePath | Export-VoxelStack -Path (Join-Path $TestDrive 'original.raw')
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'original.raw'))
        $bytes.Length | Should -Be (256 * 256 * 256)
        $counts = [long[]]::new(256)
        for ($z = 0; $z -lt 256; $z += 2) {
            for ($y = 0; $y -lt 256; $y += 2) {
                $row = ($z * 256 + $y) * 256
                for ($x = 0; $x -lt 256; $x += 2) { $counts[$bytes[$row + $x]]++ }
            }
        }
        $Run.CoarseFractions.VoxelCount | Should -Be $counts[0], $counts[85], $counts[170]
        $Run.CoarseFractions.VolumeFraction | Should -BeCloseTo ($counts[0] / 2097152), ($counts[85] / 2097152), ($counts[170] / 2097152) -RelativeTolerance 1e-12
    }

    It 'gives constrictivities that obey the definition beta = (r_min / r_max)^2 of 001 Section 3.3' {
        $Run.Constrictivity.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        foreach ($c in $Run.Constrictivity) {
            $c.RMin | Should -BeGreaterThan 0
            $c.RMin | Should -Not -BeGreaterThan $c.RMax
            $c.Constrictivity | Should -BeCloseTo ([math]::Pow($c.RMin / $c.RMax, 2)) -RelativeTolerance 1e-9
        }
        # Measured at the coarse resolution, so their volume fractions are the coarse ones.
        $Run.Constrictivity.VolumeFraction | Should -BeCloseTo $Run.CoarseFractions.VolumeFraction -RelativeTolerance 1e-12
    }

    It 'gives mean geodesic tortuosities of at least 1 (001 Section 3.3: paths no shorter than the thickness)' {
        $Run.GeodesicTortuosity.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        foreach ($t in $Run.GeodesicTortuosity) {
            $t.Direction | Should -Be 'Z'
            $t.Minimum | Should -Not -BeLessThan 1
            $t.Mean | Should -Not -BeLessThan $t.Minimum
            $t.PercolatingFraction | Should -BeGreaterThan 0
            $t.PercolatingFraction | Should -Not -BeGreaterThan 1
        }
    }

    It 'measures intrinsic volumes at full resolution with TauFactor''s volume fractions' {
        $Run.IntrinsicVolumes.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        $Run.IntrinsicVolumes.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -AbsoluteTolerance 5e-6
    }

    It 'puts each surface density between TauFactor''s isotropic face count and its marching cubes' {
        # TauFactor, per voxel length: face counting 0.30684 / 0.14610 / 0.34223 overestimates an
        # isotropic surface by the factor 3/2 (the mean |cos| of a random normal on three axes), so
        # face / 1.5 estimates the true area (allowed 10 % low for digitisation); marching cubes
        # without smoothing 0.22268 / 0.10418 / 0.25400 overestimates voxel staircases (upper bound).
        $perVoxel = $Run.IntrinsicVolumes.SurfaceDensity | ForEach-Object { $_ * $VoxelEdge }
        $face = 0.30684, 0.14610, 0.34223
        $marchingCubes = 0.22268, 0.10418, 0.25400
        for ($i = 0; $i -lt 3; $i++) {
            $perVoxel[$i] | Should -BeGreaterThan (0.9 * $face[$i] / 1.5)
            $perVoxel[$i] | Should -BeLessThan $marchingCubes[$i]
        }
        # The same order as both TauFactor estimates: CBD > Pore > NMC.
        $perVoxel[2] | Should -BeGreaterThan $perVoxel[0]
        $perVoxel[0] | Should -BeGreaterThan $perVoxel[1]
    }

    It 'gives R_ion = tau_e L / (epsilon kappa) for the 64^3 crop (50 µm, 1 S/m; Nguyen et al. 2020)' {
        $r = $Run.Impedance
        $r.ImpedanceUnit | Should -Be 'Ohm cm2'
        $r.ElectrodeTortuosity | Should -BeGreaterThan 1
        $r.ElectrodeTortuosity | Should -BeLessThan 10
        $r.IonicResistance | Should -BeCloseTo ($r.ElectrodeTortuosityLimit * 0.005 / ($r.VolumeFraction * 0.01)) -RelativeTolerance 1e-9
    }

    It 'writes the promised pictures as complete PNG files' {
        $Run.Pictures.Name | Should -Be 'electrode-grey.png', 'electrode-phases.png', 'electrode-cpsd.png'
        $Run.Pictures | ForEach-Object { $_.DirectoryName | Should -Be ([System.IO.Path]::GetFullPath($TestDrive)) }
        $grey = Get-PngSize (Join-Path $TestDrive 'electrode-grey.png')
        $grey.Width, $grey.Height | Should -Be 256, 256
        $phases = Get-PngSize (Join-Path $TestDrive 'electrode-phases.png')
        $phases.Width, $phases.Height | Should -Be 512, 512   # -Scale 2
        $plot = Get-PngSize (Join-Path $TestDrive 'electrode-cpsd.png')
        $plot.Width | Should -BeGreaterThan 100
        $plot.Height | Should -BeGreaterThan 100
    }

    It 'shows the TauFactor comparison with a decimal point in any culture, within 80 columns' {
        $Shown.Tables.Count | Should -Be 10
        $Shown.Text | Should -Match 'Pore\s+0\.44992\s+0\.44992\s+True'
        $Shown.Text | Should -Match 'NMC\s+0\.40047\s+0\.40047\s+True'
        $Shown.Text | Should -Match 'CBD\s+0\.14962\s+0\.14962\s+True'
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'returns nothing without -PassThru (it only shows) and still writes its pictures' {
        $again = Invoke-Example Quickstart @{ OutputFolder = Join-Path $TestDrive 'again' }
        $again.Result | Should -BeNullOrEmpty
        $again.Tables.Count | Should -Be 10
        Test-Path (Join-Path $TestDrive 'again/electrode-phases.png') | Should -BeTrue
    }
}

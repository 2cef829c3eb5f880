# examples/Electrode-Descriptors.ps1 as a guarded lab workflow: the descriptor table of the shipped
# electrode at full resolution, checked against TauFactor's published figures for this volume
# (../shared/reference/taufactor/README.md: volume fractions, pore tortuosity factor, D_eff/D_0,
# through-connected fractions), the definitions of 001 (Section 3.3, Eq. 27) and analytic identities
# of the two-point coverage and the phase profile.
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Electrode-Descriptors @{ OutputFolder = $TestDrive; PassThru = $true }
    $script:Run = $Shown.Result
    $script:ByPhase = @{}
    $Run.Descriptors | ForEach-Object { $ByPhase[$_.Phase] = $_ }
}

Describe 'Electrode-Descriptors on the shipped electrode' -Tag Slow {
    It 'returns one result object with one descriptor row per phase' {
        @($Run).Count | Should -Be 1
        $Run.Dimensions | Should -Be '256 x 256 x 256'
        $Run.Descriptors.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        $Run.Descriptors.Unit | Should -Be 'µm', 'µm', 'µm'
    }

    It 'reproduces TauFactor''s published volume fractions' {
        $Run.Descriptors.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -AbsoluteTolerance 5e-6
    }

    It 'reproduces TauFactor''s tortuosity factor of the pore phase through the electrode (2.0772)' {
        # TauFactor 2: Solver(img == 0) along the first array axis (the TIFF pages, z here): 2.0772 at
        # conv 1e-3, 2.0776 at its default; the same convention (potentials on the outer faces).
        $ByPhase.Pore.EffectiveTortuosity | Should -BeCloseTo 2.0772 -RelativeTolerance 1e-3
        # and its effective diffusivity D_eff / D_0 = eps / tau = 0.2166 (the M-factor of 001 Eq. 27)
        $ByPhase.Pore.MFactor | Should -BeCloseTo 0.2166 -RelativeTolerance 1e-3
    }

    It 'reproduces TauFactor''s through-connected fractions (face connectivity) of all three phases' {
        # TauFactor: pore 0.9989, NMC 0.9611, CBD 0.9740 (four published digits).
        $Run.Descriptors.ThroughConnected | Should -BeCloseTo 0.9989, 0.9611, 0.9740 -AbsoluteTolerance 1e-4
    }

    It 'gives the M-factor of 001 Eq. 27, M = epsilon / tau_eff, for every phase' {
        foreach ($d in $Run.Descriptors) {
            $d.MFactor | Should -BeCloseTo ($d.VolumeFraction / $d.EffectiveTortuosity) -RelativeTolerance 1e-9
            $d.EffectiveTortuosity | Should -BeGreaterThan 1
        }
        $Run.EffectiveTortuosity | ForEach-Object { $_.Converged | Should -BeTrue }
    }

    It 'gives constrictivities beta = (r_min / r_max)^2 in [0, 1] and mean geodesic tortuosities >= 1 (001 Section 3.3)' {
        foreach ($d in $Run.Descriptors) {
            $d.Constrictivity | Should -BeCloseTo ([math]::Pow($d.RMin / $d.RMax, 2)) -RelativeTolerance 1e-9
            $d.Constrictivity | Should -BeGreaterThan 0
            $d.Constrictivity | Should -Not -BeGreaterThan 1
            $d.GeodesicTortuosity | Should -Not -BeLessThan 1
        }
    }

    It 'starts the centred two-point coverage of the CBD at V (1 - V) and lets it decay' {
        # C(0) - V^2 = V - V^2 for any set, with TauFactor's V = 0.14962.
        $points = $Run.TwoPointCoverage.AlongZ
        $points[0].X | Should -Be 0
        $points[0].Y | Should -BeCloseTo (0.14962 * (1 - 0.14962)) -RelativeTolerance 1e-4
        for ($i = 1; $i -lt 5; $i++) { $points[$i].Y | Should -BeLessThan $points[$i - 1].Y }
        $points[1].X | Should -BeCloseTo (100 / 256) -RelativeTolerance 1e-12
    }

    It 'profiles the CBD slice by slice along z, averaging to its volume fraction' {
        $Run.Profile.Count | Should -Be 256
        $Run.Profile[0].Position | Should -BeCloseTo (0.5 * 100 / 256) -RelativeTolerance 1e-12
        $Run.Profile[255].Position | Should -BeCloseTo (255.5 * 100 / 256) -RelativeTolerance 1e-12
        # Equal slices: the mean of the slice fractions is the volume fraction (TauFactor 0.14962).
        ($Run.Profile.VolumeFraction | Measure-Object -Average).Average | Should -BeCloseTo 0.14962 -AbsoluteTolerance 5e-6
    }

    It 'writes the figures of 002 (Figs. 6, 7, 10) as complete PNG files of the default size, Fig. 10 also as SVG' {
        $Run.Files.Name | Should -Be '002-Fig6-phase-size-distribution.png', '002-Fig7-intrusion.png', '002-Fig10-phase-profile.png', '002-Fig10-phase-profile.svg'
        foreach ($p in $Run.Files | Where-Object Extension -EQ '.png') {
            $size = Get-PngSize $p.FullName
            "$($p.Name) $($size.Width) x $($size.Height)" | Should -Be "$($p.Name) 900 x 560"
        }
        $text = Get-SvgText (Join-Path $TestDrive '002-Fig10-phase-profile.svg')
        $text | Should -Contain 'Position z (µm)'
        $text | Should -Contain 'Volume fraction'
        foreach ($phase in 'Pore', 'NMC', 'CBD') { $text | Should -Contain $phase }
    }

    It 'draws in Figs. 6 and 7 curves that fall from 1 with the radius, the intrusion never above the CPSD' {
        # 002 Section 5.1: CPSD(r) is the fraction of the phase covered by balls of radius >= r inside it;
        # intrusion from one face reaches only part of that, so intrusion(r) <= CPSD(r) at every r.
        foreach ($c in $Run.Constrictivity) {
            $cpsd = $c.PoreSizeDistribution
            $intrusion = $c.IntrusionCurve
            $cpsd[0].Y | Should -BeCloseTo 1 -AbsoluteTolerance 1e-12
            for ($i = 1; $i -lt $cpsd.Count; $i++) { $cpsd[$i].Y | Should -Not -BeGreaterThan $cpsd[$i - 1].Y }
            $cpsd[-1].Y | Should -BeLessThan 0.01
            $compared = 0
            foreach ($q in $intrusion) {
                $at = $cpsd | Where-Object { [math]::Abs($_.X - $q.X) -lt 1e-9 }
                if ($at) { $q.Y | Should -Not -BeGreaterThan ($at.Y + 1e-12) -Because "$($c.Phase) at r = $($q.X)"; $compared++ }
            }
            $compared | Should -BeGreaterThan 3 -Because 'both curves are sampled at the same radii'

        }
        # Intrusion at the smallest radius reaches what is connected to the inlet face: for the CBD,
        # TauFactor's through-connected fraction 0.9740 is a lower bound.
        (($Run.Constrictivity | Where-Object Phase -EQ 'CBD').IntrusionCurve[0].Y) | Should -BeGreaterOrEqual 0.9740
    }

    It 'draws in Fig. 10 slice fractions that add up to 1 and average to TauFactor''s volume fractions' {
        $Run.Profiles.Count | Should -Be (3 * 256)
        $Run.Profiles | Group-Object Slice | ForEach-Object {
            ($_.Group.VolumeFraction | Measure-Object -Sum).Sum | Should -BeCloseTo 1 -AbsoluteTolerance 1e-12
        }
        $expected = @{ Pore = 0.44992; NMC = 0.40047; CBD = 0.14962 }
        foreach ($phase in $expected.Keys) {
            (($Run.Profiles | Where-Object Phase -EQ $phase).VolumeFraction | Measure-Object -Average).Average | Should -BeCloseTo $expected[$phase] -AbsoluteTolerance 5e-6
        }
    }

    It 'shows its tables within 80 columns and never with a decimal comma' {
        $Shown.Text | Should -Match 'Effective tortuosity \(z\)\s+2\.077\d\s'
        $Shown.Tables.Count | Should -BeGreaterThan 0
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $Shown.Tables -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
    }

    It 'writes descriptors.csv with invariant numbers that read back to the table' {
        $Run.Table.FullName | Should -Be (Join-Path ([System.IO.Path]::GetFullPath($TestDrive)) 'descriptors.csv')
        $rows = Import-Csv -LiteralPath $Run.Table.FullName
        $rows.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        $numeric = 'VolumeFraction', 'SurfaceDensity', 'EulerDensity', 'RMax', 'RMin', 'Constrictivity', 'GeodesicTortuosity', 'InletPercolating', 'EffectiveTortuosity', 'MFactor', 'ThroughConnected'
        Test-InvariantNumberColumn $rows $numeric | Should -BeTrue
        foreach ($c in $numeric) {
            $rows.$c | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) } | Should -Be $Run.Descriptors.$c
        }
    }
}

# Measure-ElectrodeImpedance: the blocking-electrolyte impedance of an electrode (002 Section 4; Nguyen et al.
# 2020) checked against the de Levie transmission line computed here in PowerShell (straight cylindrical pores
# with reactive walls), the physical units, the spectrum as exportable rows, the warnings and the error contract.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A 12 x 12 cross-section with one voxelised cylinder (radius 2.6, 24 voxels, 24 wall faces per slice) of
    # label 0 along z through label 1; label 2 fills the cylinder from slice $PoreLength on.
    function New-PoreSlab([int] $Length, [int] $PoreLength = $Length) {
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(12, 12, $Length, 'UInt8')
        foreach ($z in 0..($Length - 1)) { foreach ($y in 0..11) { foreach ($x in 0..11) {
            $inside = ($x - 5.5) * ($x - 5.5) + ($y - 5.5) * ($y - 5.5) -le 2.6 * 2.6
            $s.SetValue($x, $y, $z, $(if (-not $inside) { 1 } elseif ($z -lt $PoreLength) { 0 } else { 2 }))
        } } }
        $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(2, 'µm')
        $s | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'AM'; 2 = 'CBD' } -ErrorAction Stop
    }

    # The de Levie line: Z = sqrt(R Zc) coth(L sqrt(R / Zc)), Zc = 1 / (i omega C).
    function Get-TransmissionLine([double] $R, [double] $C, [double] $L, [double] $Omega) {
        $zc = [Numerics.Complex]::One / [Numerics.Complex]::new(0, $Omega * $C)
        $k = [Numerics.Complex]::Sqrt($R / $zc) * $L
        $e = [Numerics.Complex]::Exp(-2 * $k)
        [Numerics.Complex]::Sqrt($R * $zc) * (1 + $e) / (1 - $e)
    }

    $Slab = New-PoreSlab 64
}

Describe 'Measure-ElectrodeImpedance' {
    It 'matches the transmission line of straight pores within 1 % over four decades' {
        # Per pore and voxel length: R = 1 / 24, C = 24 faces; omega_c = 1 / (R C L^2).
        $omegaC = 1.0 / ((1.0 / 24) * 24 * 64 * 64)
        $omegas = foreach ($k in 0..8) { $omegaC * [Math]::Pow(10, -2 + $k / 2) }
        $r = $Slab | Measure-ElectrodeImpedance -Electrolyte @{ Pore = 1 } -ReactivePhase AM -AngularFrequency $omegas -Tolerance 1e-8 -ErrorAction Stop
        $r.Spectrum.Count | Should -Be 9
        $r.ImpedanceUnit | Should -Be 'h/sigma'
        for ($k = 0; $k -lt 9; $k++) {
            # Per unit electrode area: the pore's impedance times the 144 faces of the cross-section.
            $expected = (Get-TransmissionLine (1.0 / 24) 24 64 $omegas[$k]) * 144
            $actual = [Numerics.Complex]::new($r.Spectrum[$k].ZReal, $r.Spectrum[$k].ZImag)
            ($actual - $expected).Magnitude / $expected.Magnitude | Should -BeLessThan 0.01
        }
        # R_ion = R L per pore; a straight pore has tau_e -> 1 and tau_eff = 1.
        $r.IonicResistance | Should -BeCloseTo (144 * 64 / 24.0) -RelativeTolerance 1e-3
        $r.ElectrodeTortuosityLimit | Should -BeCloseTo 1.0 -AbsoluteTolerance 1e-3
        $r.ThroughTortuosity | Should -BeCloseTo 1.0 -AbsoluteTolerance 1e-4
        $r.VolumeFraction | Should -BeCloseTo (24 / 144.0) -AbsoluteTolerance 1e-12
    }

    It 'gives Ohm cm2 and Hz with the electrolyte conductivity and double-layer capacitance' {
        # 2 µm voxels, 1 S/m, 0.1 F/m2: R' = 1 / (kappa 24 h^2), C' = C_dl 24 h, L = 64 h.
        $h = 2e-6
        $rp = 1 / (24 * $h * $h); $cp = 0.1 * 24 * $h; $l = 64 * $h
        $fc = 1 / (2 * [Math]::PI * $rp * $cp * $l * $l)
        $r = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -Frequency ($fc / 10), $fc, ($fc * 10) -ErrorAction Stop
        $r.ImpedanceUnit | Should -Be 'Ohm cm2'
        $r.FrequencyUnit | Should -Be 'Hz'
        $r.Spectrum[1].Frequency | Should -BeCloseTo $fc -RelativeTolerance 1e-9
        $expected = (Get-TransmissionLine $rp $cp $l (2 * [Math]::PI * $fc)) * (144 * $h * $h * 1e4)
        $actual = [Numerics.Complex]::new($r.Spectrum[1].ZReal, $r.Spectrum[1].ZImag)
        ($actual - $expected).Magnitude / $expected.Magnitude | Should -BeLessThan 0.01
        $r.IonicResistance | Should -BeCloseTo ($rp * $l * 144 * $h * $h * 1e4) -RelativeTolerance 2e-3
    }

    It 'writes the spectrum as rows with Frequency, ZReal, ZImag and Unit that survive Export-Csv' {
        $r = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 2 -NoThroughTortuosity -ErrorAction Stop
        $rows = $r | Get-DescriptorCurve
        @($rows).Count | Should -Be $r.Spectrum.Count
        $rows[0].PSObject.Properties.Name | Should -Be 'Source', 'Phase', 'Direction', 'Curve', 'Frequency', 'ZReal', 'ZImag', 'Unit'
        $rows[0].Curve | Should -Be 'Spectrum'
        $rows[0].Unit | Should -Be 'Ohm cm2'
        $csv = Join-Path $TestDrive 'spectrum.csv'
        $rows | Export-Csv -LiteralPath $csv
        $back = Import-Csv -LiteralPath $csv
        [double]::Parse($back[-1].ZReal, [cultureinfo]::CurrentCulture) | Should -Be $rows[-1].ZReal
        # Frequencies ascend; the imaginary part is capacitive (negative) and shrinks with frequency.
        $f = $r.Spectrum | ForEach-Object Frequency
        $f | Should -Be ($f | Sort-Object)
        $r.Spectrum | ForEach-Object { $_.ZImag | Should -BeLessThan 0 }
        [Math]::Abs($r.Spectrum[-1].ZImag) | Should -BeLessThan ([Math]::Abs($r.Spectrum[0].ZImag))
        # Shown as a table with the key columns (both parts of Z) at 80 columns.
        $table = $rows | Show-AsConsole -Width 80
        $table | Should -Match 'Phase\s+Frequency\s+ZReal\s+ZImag\s+Unit'
        $table -split '\r?\n' | Where-Object Length -GT 80 | Should -BeNullOrEmpty
        # The whole result exports with the spectrum as one readable cell.
        $r | Export-Csv -LiteralPath (Join-Path $TestDrive 'result.csv')
        (Import-Csv -LiteralPath (Join-Path $TestDrive 'result.csv')).Spectrum | Should -Match '^\d+ points, Frequency .* Hz$'
    }

    It 'lets the CBD carry electrolyte with its gamma and interface fraction' {
        # The same slab with the cylinder filled by CBD: one line with R = 1 / (gamma A), C = f P.
        $cbd = New-PoreSlab 64 -PoreLength 0
        $omega = 1e-3
        $r = $cbd | Measure-ElectrodeImpedance @{ CBD = 0.12 } AM -InterfaceFraction @{ CBD = 0.5 } -AngularFrequency $omega -ErrorAction Stop
        $r.Phase | Should -Be 'CBD'
        # Dimensionless units use the highest conductivity given (here 0.12) as sigma.
        $expected = (Get-TransmissionLine (1.0 / 24) (0.5 * 24) 64 $omega) * 144
        $actual = [Numerics.Complex]::new($r.Spectrum[0].ZReal, $r.Spectrum[0].ZImag)
        ($actual - $expected).Magnitude / $expected.Magnitude | Should -BeLessThan 0.01
        # Pore over the first half of the cylinder, CBD over the second: more resistive than pore alone, less than CBD alone.
        $mixed = New-PoreSlab 64 -PoreLength 32 | Measure-ElectrodeImpedance @{ Pore = 1; CBD = 0.12 } AM -AngularFrequency $omega -ErrorAction Stop
        $mixed.Phase | Should -Be 'Pore+CBD'
        $pore = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency $omega -ErrorAction Stop
        $mixed.IonicResistance | Should -BeGreaterThan $pore.IonicResistance
        $mixed.IonicResistance | Should -BeLessThan ($r.IonicResistance / 0.12)
        $mixed.ThroughTortuosity | Should -BeGreaterThan 1.5
    }

    It 'warns that pores ending short of the current collector have no through path, and still gives Z' {
        $short = New-PoreSlab 32 -PoreLength 24
        $r = $short | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        [double]::IsPositiveInfinity($r.ThroughTortuosity) | Should -BeTrue
        $warnings.Message | Should -Match 'does not percolate'
        $expected = (Get-TransmissionLine (1.0 / 24) 24 24 1e-3) * 144
        ([Numerics.Complex]::new($r.Spectrum[0].ZReal, $r.Spectrum[0].ZImag) - $expected).Magnitude / $expected.Magnitude | Should -BeLessThan 0.01
    }

    It 'reports the solver with -Verbose' {
        $text = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 -NoThroughTortuosity -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $summary = $text | Select-Object -Last 1
        $summary | Should -Match 'COCG with a multigrid preconditioner: 3 complex solves'
        $summary | Should -Match 'iterations \(\d+\.\d per solve\)'
        $summary | Should -Match 'tau_e = \d'
    }

    It 'shows tau_e, the through-pore tau and R_ion in its table at 80 columns' {
        $text = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 -ErrorAction Stop | Show-AsConsole -Width 80
        $text | Should -Match 'Phase\s+Direction\s+ElectrodeTortuosity\s+ThroughTortuosity\s+IonicResistance'
        $text | Should -Match 'Pore\s+Z\s+0\.9\d{3}\s+1\.0000\s+384\.\d+ h/sigma'
    }

    It 'stops within 3 seconds on Stop (Ctrl+C) and leaves the session usable' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$volume = New-BooleanModel -Size 80 -Intensity 0.004 -Radius 3 -Seed 1").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript('$volume | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -Tolerance 1e-12 -PointsPerDecade 10 -ThrottleLimit 1')
            $handle = $ps.BeginInvoke()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while ($ps.Streams.Progress.Count -eq 0 -and -not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 30) {
                Start-Sleep -Milliseconds 20
            }
            $handle.IsCompleted | Should -BeFalse -Because 'the measurement should still be running when it is stopped'
            $clock.Restart()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -like 'UnexpectedError*' } | Should -BeNullOrEmpty
            $ps.Commands.Clear()
            $after = $ps.AddScript('$volume | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8 | Measure-VoxelStack -Phase Pore').Invoke()
            $after.Count | Should -Be 1
        }
        finally {
            $ps.Dispose()
        }
    }

    Context 'bad input' {
        It 'reports <Case> as <ErrorId> and writes nothing' -ForEach @(
            @{ Case = 'a frequency that is not a number'; Arguments = @{ AngularFrequency = [double]::NaN }; ErrorId = 'InvalidFrequency' }
            @{ Case = 'a negative frequency'; Arguments = @{ AngularFrequency = -1 }; ErrorId = 'InvalidFrequency' }
            @{ Case = 'a frequency beyond the voxel resolution'; Arguments = @{ AngularFrequency = 1e6 }; ErrorId = 'FrequencyTooHigh' }
            @{ Case = 'a vanishing frequency'; Arguments = @{ AngularFrequency = 1e-40 }; ErrorId = 'FrequencyTooLow' }
            @{ Case = 'Hz without physical parameters'; Arguments = @{ Frequency = 100 }; ErrorId = 'PhysicalParametersRequired' }
            @{ Case = 'a capacitance that is not a number'; Arguments = @{ ElectrolyteConductivity = 1; DoubleLayerCapacitance = [double]::NaN }; ErrorId = 'InvalidCapacitance' }
            @{ Case = 'an unknown reactive phase'; Arguments = @{ ReactivePhase = 'NMC' }; ErrorId = 'PhaseNotFound' }
            @{ Case = 'a conductivity that is not a number'; Arguments = @{ Electrolyte = @{ Pore = 'much' } }; ErrorId = 'InvalidConductivity' }
            @{ Case = 'an interface fraction above 1'; Arguments = @{ InterfaceFraction = @{ Pore = 2 } }; ErrorId = 'InvalidInterfaceFraction' }
            @{ Case = 'an interface fraction for a phase without electrolyte'; Arguments = @{ InterfaceFraction = @{ CBD = 0.5 } }; ErrorId = 'InterfaceFractionWithoutElectrolyte' }
            @{ Case = 'the reactive phase named as electrolyte'; Arguments = @{ Electrolyte = @{ AM = 1 } }; ErrorId = 'PhaseBothElectrolyteAndReactive' }
        ) {
            $call = @{ Electrolyte = @{ Pore = 1 }; ReactivePhase = 'AM' }
            foreach ($key in $Arguments.Keys) { $call[$key] = $Arguments[$key] }
            $r = Invoke-UserCommand { $Slab | Measure-ElectrodeImpedance @call }
            $r.ErrorId | Should -Contain $ErrorId
            $r.Output | Should -BeNullOrEmpty
        }

        It 'refuses a grey VoxelStack with the module''s WrongInputType message' {
            $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
            $r = Invoke-UserCommand { $grey | Measure-ElectrodeImpedance @{ Pore = 1 } AM }
            $r.ErrorId | Should -Contain 'ParameterArgumentTransformationError'
            $r.Errors[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
            $r.Errors[0].Exception.Message | Should -Match 'needs a PhaseImage'
        }

        It 'completes -ReactivePhase with the phases of the image' {
            $line = 'Measure-ElectrodeImpedance -InputObject $Slab -Electrolyte @{ Pore = 1 } -ReactivePhase '
            $offered = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            foreach ($name in 'Pore', 'AM', 'CBD') { $offered | Should -Contain $name }
        }

        It 'refuses pores walled off from the active material (NoReactiveInterface)' {
            # Pore (x < 2), a CBD wall (x = 2, 3), AM (x > 3): the pore touches no AM.
            $w = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'UInt8')
            foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 2..5) { $w.SetValue($x, $y, $z, $(if ($x -lt 4) { 2 } else { 1 })) } } }
            $walled = $w | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'AM'; 2 = 'CBD' }
            $r = Invoke-UserCommand { $walled | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 }
            $r.ErrorId | Should -Contain 'NoReactiveInterface'
            $r.Output | Should -BeNullOrEmpty
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'UInt8')
            foreach ($z in 0..5) { foreach ($y in 0..5) { foreach ($x in 3..5) { $s.SetValue($x, $y, $z, 2) } } }
            $noAm = $s | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'AM'; 2 = 'CBD' }
            (Invoke-UserCommand { $noAm | Measure-ElectrodeImpedance @{ Pore = 1 } AM }).ErrorId | Should -Contain 'NoReactiveInterface'
        }

        It 'refuses electrolyte that does not reach the separator face (ElectrolyteNotConnected)' {
            $s = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 6, 6, 'UInt8')
            foreach ($z in 2..5) { foreach ($y in 0..5) { foreach ($x in 0..2) { $s.SetValue($x, $y, $z, 0) } } }
            foreach ($z in 0..1) { foreach ($y in 0..5) { foreach ($x in 0..5) { $s.SetValue($x, $y, $z, 1) } } }
            foreach ($z in 2..5) { foreach ($y in 0..5) { foreach ($x in 3..5) { $s.SetValue($x, $y, $z, 1) } } }
            $img = $s | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'AM' }
            $r = Invoke-UserCommand { $img | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 }
            $r.ErrorId | Should -Contain 'ElectrolyteNotConnected'
            $r.Output | Should -BeNullOrEmpty
        }
    }
}

# Export-ImpedancePlot: the Nyquist plot's equal axes read back from the SVG's markers (their pixel positions
# against the spectrum's numbers), the Bode plot of two spectra, and the error contract.
Describe 'Export-ImpedancePlot' {
    BeforeAll {
        $cell = @{ ElectrolyteConductivity = 1; DoubleLayerCapacitance = 0.1; NoThroughTortuosity = $true; ErrorAction = 'Stop' }
        $script:Pores = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -PointsPerDecade 2 @cell
        $script:Frequencies = [double[]]@($Pores.Spectrum.Frequency)
        $script:Plain = $Slab | Measure-ElectrodeImpedance @{ Pore = 1 } AM -AngularFrequency 1e-3 -NoThroughTortuosity -ErrorAction Stop
        $script:Filled = New-PoreSlab 64 -PoreLength 0 | Measure-ElectrodeImpedance @{ CBD = 0.25 } AM -InterfaceFraction @{ CBD = 0.5 } -Frequency $Frequencies @cell
    }

    It 'draws the Nyquist plot with one unit of -Im Z as long as one unit of Re Z, from the origin' {
        $svg = Join-Path $TestDrive 'nyquist.svg'
        $Pores | Export-ImpedancePlot -Path $svg -Force
        $text = Get-Content -LiteralPath $svg -Raw
        # The first series' markers, in spectrum order (ascending frequency).
        # The capacitive line's top (the lowest frequencies) may be cut, once Re Z is widened to twice its range:
        # the markers drawn are those of the highest frequencies, and the rest lie above the top.
        # (The legend's marker comes last.)
        $all = @([regex]::Matches($text, '<ellipse fill="#0072B2" cx="([-\d.]+)" cy="([-\d.]+)"'))
        $marks = @($all | Select-Object -First ($all.Count - 1))
        $marks.Count | Should -BeGreaterOrEqual 4
        $marks.Count | Should -BeLessOrEqual $Pores.Spectrum.Count
        $cut = $Pores.Spectrum.Count - $marks.Count
        $px = @($marks | ForEach-Object { [double]::Parse($_.Groups[1].Value, [cultureinfo]::InvariantCulture) })
        $py = @($marks | ForEach-Object { [double]::Parse($_.Groups[2].Value, [cultureinfo]::InvariantCulture) })
        # The line follows the spectrum in frequency order (not sorted by Re Z).
        $re = @($Pores.Spectrum.ZReal | Select-Object -Skip $cut); $im = @($Pores.Spectrum | Select-Object -Skip $cut | ForEach-Object { -$_.ZImag })
        $last = $marks.Count - 1
        # Pixels per unit along each axis (first to last point: both parts change by a large amount).
        $perX = ($px[$last] - $px[0]) / ($re[$last] - $re[0])
        $perY = - ($py[$last] - $py[0]) / ($im[$last] - $im[0])
        $perX | Should -BeGreaterThan 0
        $perY | Should -BeCloseTo $perX -RelativeTolerance 0.01
        # Re Z = 0 lies at the left edge of the data area (the clip rectangle).
        $left = [double]::Parse([regex]::Match($text, '<rect x="([-\d.]+)"').Groups[1].Value, [cultureinfo]::InvariantCulture)
        ($px[0] - $re[0] * $perX) | Should -BeCloseTo $left -RelativeTolerance 0 -AbsoluteTolerance 3
        $text | Should -Match 'Re Z \(Ω cm²\)'
    }

    It 'draws a Bode plot of two labelled spectra (|Z| solid, phase dashed on a right axis) as PNG' {
        $png = Join-Path $TestDrive 'bode.png'
        $file = $Pores, $Filled | Export-ImpedancePlot -Path $png -Kind Bode -Label 'pores', 'CBD gamma 0.25' -Force -PassThru
        $file.Name | Should -Be 'bode.png'
        $size = Get-PngSize $png
        $size.Width, $size.Height | Should -Be 900, 560
        $svg = Join-Path $TestDrive 'bode.svg'
        $Pores, $Filled | Export-ImpedancePlot -Path $svg -Kind Bode -Label 'pores', 'CBD gamma 0.25' -Force
        $text = Get-Content -LiteralPath $svg -Raw
        $text | Should -Match 'Frequency f \(Hz\)'
        $text | Should -Match 'Phase −arg Z \(°\), dashed'
        $text | Should -Match 'CBD gamma 0.25'
    }

    It 'reports <Case> as <ErrorId> and writes nothing' -ForEach @(
        @{ Case = 'a volume piped in'; ErrorId = 'NotAnImpedanceResult'; Run = { $Slab | Export-ImpedancePlot -Path (Join-Path $TestDrive 'bad1.png') } }
        @{ Case = 'one label for two spectra'; ErrorId = 'LabelCountMismatch'; Run = { $Pores, $Filled | Export-ImpedancePlot -Path (Join-Path $TestDrive 'bad2.png') -Label one } }
        @{ Case = 'physical and dimensionless spectra together'; ErrorId = 'MixedImpedanceUnits'; Run = {
            $Pores, $Plain | Export-ImpedancePlot -Path (Join-Path $TestDrive 'bad3.png') } }
        @{ Case = '-EqualAspect on a log axis (Export-LinePlot)'; ErrorId = 'EqualAspectNeedsLinearAxes'; Run = { [pscustomobject]@{ X = 1; Y = 2 } | Export-LinePlot -Path (Join-Path $TestDrive 'bad4.png') -X X -Y Y -LogX -EqualAspect } }
    ) {
        $r = Invoke-UserCommand $Run
        $r.ErrorId | Should -Contain $ErrorId
        Get-ChildItem -LiteralPath $TestDrive -Filter 'bad*' | Should -BeNullOrEmpty
    }
}

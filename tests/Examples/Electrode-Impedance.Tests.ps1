# examples/Electrode-Impedance.ps1 as a guarded lab workflow: blocking-electrolyte impedance spectra of the
# shipped electrode (a 96^3 crop at the separator face as a grey volume averaged over 2^3 blocks: 48^3) trinarized three ways, with the CBD inert and
# carrying electrolyte at two gammas. Checked against properties the physics fixes, read from the CSV files
# with plain PowerShell: R_ion = tau_e L / (epsilon kappa) (Nguyen et al. 2020), R_ion falls as the CBD
# conducts better (the ionic resistance is monotone in the conductances), the spectrum turns from the
# 45-degree line of a transmission line at high frequency to a capacitive line at low frequency.
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $script:Shown = Invoke-Example Electrode-Impedance @{ OutputFolder = $TestDrive; Size = 96; Factor = 2; Method = 'Threshold', 'Otsu', 'KMeans'; Gamma = 0.06, 0.24; PointsPerDecade = 1; PassThru = $true }
    $script:Run = $Shown.Result
    $script:Summary = Import-Csv -LiteralPath (Join-Path $TestDrive 'impedance.csv')
    $script:Spectra = Import-Csv -LiteralPath (Join-Path $TestDrive 'spectra.csv')
    function Get-Number([string] $Text) { [double]::Parse($Text, [cultureinfo]::InvariantCulture) }
}

Describe 'Electrode-Impedance on the shipped electrode' -Tag Slow {
    It 'returns one row per method and gamma, CBD inert first' {
        $Run.Dimensions | Should -Be '48 x 48 x 48'
        @($Summary).Count | Should -Be 9
        $Summary.Method | Should -Be 'Threshold', 'Threshold', 'Threshold', 'Otsu', 'Otsu', 'Otsu', 'KMeans', 'KMeans', 'KMeans'
        $Summary | ForEach-Object { Get-Number $_.Gamma } | Should -Be 0, 0.06, 0.24, 0, 0.06, 0.24, 0, 0.06, 0.24
        $Summary.Electrolyte | Should -Be 'Pore', 'Pore+CBD', 'Pore+CBD', 'Pore', 'Pore+CBD', 'Pore+CBD', 'Pore', 'Pore+CBD', 'Pore+CBD'
        Test-InvariantNumberColumn $Summary 'VolumeFraction', 'ElectrodeTortuosity', 'ElectrodeTortuosityLimit', 'ThroughTortuosity', 'IonicResistance' | Should -BeTrue
        Test-InvariantNumberColumn $Spectra 'Frequency', 'ZReal', 'ZImag' | Should -BeTrue
    }

    It 'writes the Nyquist and Bode plots of the nine spectra, with -Im Z positive (capacitive) at every frequency' {
        $Run.Files.Name | Should -Be 'impedance.csv', 'spectra.csv', 'nyquist.png', 'bode.png'
        # (A Nyquist plot is 700 px wide by default, for its equal axes; a Bode plot 900.)
        foreach ($plot in @{ Name = 'nyquist.png'; Width = 700 }, @{ Name = 'bode.png'; Width = 900 }) {
            $size = Get-PngSize (Join-Path $TestDrive $plot.Name)
            $size.Width | Should -Be $plot.Width
            $size.Height | Should -Be 560
        }
        $Spectra | ForEach-Object { Get-Number $_.ZImag | Should -BeLessThan 0 }
    }

    It 'gives R_ion = tau_e L / (epsilon kappa) in Ohm cm2 (37.5 µm thick, 1 S/m)' {
        foreach ($row in $Summary) {
            $row.Unit | Should -Be 'Ohm cm2'
            $expected = (Get-Number $row.ElectrodeTortuosityLimit) * 0.00375 / ((Get-Number $row.VolumeFraction) * 0.01)
            Get-Number $row.IonicResistance | Should -BeCloseTo $expected -RelativeTolerance 1e-9
            Get-Number $row.ElectrodeTortuosityLimit | Should -BeGreaterThan 1
            Get-Number $row.ThroughTortuosity | Should -BeGreaterThan 1
        }
    }

    It 'lowers R_ion as the CBD conducts better' {
        foreach ($method in 'Threshold', 'Otsu', 'KMeans') {
            $rows = @($Summary | Where-Object Method -EQ $method)
            (Get-Number $rows[2].IonicResistance) | Should -BeLessThan (Get-Number $rows[1].IonicResistance)
        }
    }

    It 'writes every spectrum at the same frequencies, from capacitive to the 45-degree line' {
        $frequencies = @($Spectra | Where-Object { $_.Method -eq 'Threshold' -and $_.Gamma -eq '0' } | ForEach-Object { Get-Number $_.Frequency })
        $frequencies.Count | Should -BeGreaterThan 3
        @($Spectra).Count | Should -Be (9 * $frequencies.Count)
        foreach ($group in $Spectra | Group-Object Method, Gamma) {
            $f = @($group.Group | ForEach-Object { Get-Number $_.Frequency })
            $f | Should -Be $frequencies
            $first = $group.Group[0]; $last = $group.Group[-1]
            $first.Unit | Should -Be 'Ohm cm2'
            # Lowest frequency: mostly capacitive; highest: near the transmission line's 45 degrees.
            -(Get-Number $first.ZImag) / (Get-Number $first.ZReal) | Should -BeGreaterThan 3
            -(Get-Number $last.ZImag) / (Get-Number $last.ZReal) | Should -BeLessThan 1.6
            -(Get-Number $last.ZImag) / (Get-Number $last.ZReal) | Should -BeGreaterThan 0.5
        }
    }
}

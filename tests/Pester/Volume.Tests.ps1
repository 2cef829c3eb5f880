# Volume utilities (Measure-VoxelStack, ConvertTo-PhaseImage, Select-VoxelRegion, Resize-VoxelStack
# and the format views) on small volumes built here, checked against hand-computed values.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    # A command that fails fails its test; the error cases ask for -ErrorAction SilentlyContinue.
    $ErrorActionPreference = 'Stop'
}

Describe 'Volume utilities' {
    BeforeEach {
        # A 4 x 3 x 2 UInt16 stack with v = x + 10 y + 100 z: mean 61.5 (mean x 1.5, y 1, z 0.5), sum 24 * 61.5.
        $ramp = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt16')
        foreach ($z in 0..1) { foreach ($y in 0..2) { foreach ($x in 0..3) { $ramp.SetValue($x, $y, $z, $x + 10 * $y + 100 * $z) } } }

        # Labels: z = 0 all 0; z = 1 half 1 (x < 2) and half 2.
        $labels = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 2, 'UInt8')
        foreach ($y in 0..2) { foreach ($x in 0..3) { $labels.SetValue($x, $y, 1, $(if ($x -lt 2) { 1 } else { 2 })) } }

        $phaseTable = @{ 0 = 'Pore'; 1 = 'CBD'; 2 = 'AM' }
    }

    Context 'Measure-VoxelStack' {
        It 'gives exact statistics of a grey-value stack' {
            $stats = $ramp | Measure-VoxelStack
            $stats | Should -BeOfType ([MicroMorph.Core.Processing.VoxelStatistics])
            $stats.Count | Should -Be 24
            $stats.Minimum | Should -Be 0
            $stats.Maximum | Should -Be 123
            $stats.Mean | Should -BeCloseTo 61.5 -RelativeTolerance 0 -AbsoluteTolerance 1e-12
            $stats.Sum | Should -Be 1476

            # The sample standard deviation, computed independently from its definition.
            $values = foreach ($z in 0..1) { foreach ($y in 0..2) { foreach ($x in 0..3) { $x + 10 * $y + 100 * $z } } }
            $mean = ($values | Measure-Object -Average).Average
            $squares = ($values | ForEach-Object { ($_ - $mean) * ($_ - $mean) } | Measure-Object -Sum).Sum
            $stats.StandardDeviation | Should -BeCloseTo ([Math]::Sqrt($squares / ($values.Count - 1))) -RelativeTolerance 0 -AbsoluteTolerance 1e-10
        }

        It 'selects phases by name (any case) or by label, in label order' {
            $labels | ConvertTo-PhaseImage -Phase $phaseTable | Measure-VoxelStack -Phase am, 1 |
                ForEach-Object Phase | Should -Be 'CBD', 'AM'
        }
    }

    Context 'ConvertTo-PhaseImage' {
        It 'names the labels, and Measure-VoxelStack gives the phase fractions' {
            $fractions = $labels | ConvertTo-PhaseImage -Phase $phaseTable | Measure-VoxelStack
            $fractions | Should -BeOfType ([MicroMorph.Core.Processing.PhaseFraction])
            $fractions.Phase | Should -Be 'Pore', 'CBD', 'AM'
            $fractions.VoxelCount | Should -Be 12, 6, 6
            $fractions[0].VolumeFraction | Should -BeCloseTo 0.5 -RelativeTolerance 0 -AbsoluteTolerance 1e-15
            $fractions[2].VolumeFraction | Should -BeCloseTo 0.25 -RelativeTolerance 0 -AbsoluteTolerance 1e-15
        }

        It 'refuses a label that the phase table does not name, and names the label' {
            $out = $labels | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'CBD' } -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'LabelNotInPhaseTable'
            $err[0].Exception.Message | Should -Match '\b2\b'
        }

        It 'refuses values that are not labels' {
            $float = [MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 1, 'Float32')
            $float.SetValue(0, 0, 0, 0.5)
            $out = $float | ConvertTo-PhaseImage -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'ValueIsNotALabel'
        }
    }

    Context 'Select-VoxelRegion' {
        It 'crops the right voxels' {
            $crop = $ramp | Select-VoxelRegion -Origin 1, 1, 1 -Size 2, 2, 1
            $crop.Width, $crop.Height, $crop.Depth | Should -Be 2, 2, 1
            $crop.GetValue(0, 0, 0) | Should -Be 111
            $crop.GetValue(1, 1, 0) | Should -Be 122
        }

        It 'refuses a region that reaches outside the volume' {
            $out = $ramp | Select-VoxelRegion -Origin 3, 0, 0 -Size 2, 2, 2 -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'RegionOutsideVolume'
        }
    }

    Context 'Resize-VoxelStack' {
        It 'averages blocks (rounding half away from zero) and scales the voxel size' {
            $ramp.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(20, 'nm')
            $small = $ramp | Resize-VoxelStack -Factor 2 -WarningVariable cropped -WarningAction SilentlyContinue
            # Height 3 is not a multiple of 2: the row y = 2 is left out (no partial block, which
            # would claim 2 x 20 nm for 20 nm of sample), and a warning says so.
            $small.Width, $small.Height, $small.Depth | Should -Be 2, 1, 1
            "$cropped" | Should -Match 'y = 2'
            # Block x 0-1, y 0-1, z 0-1: mean of x + 10y + 100z = 0.5 + 5 + 50 = 55.5 -> 56.
            $small.GetValue(0, 0, 0) | Should -Be 56
            # Block x 2-3: 2.5 + 5 + 50 = 57.5 -> 58.
            $small.GetValue(1, 0, 0) | Should -Be 58
            $small.VoxelSize.X | Should -Be 40
            $small.VoxelSize.Unit | Should -BeExactly 'nm'
        }

        It 'keeps every second voxel with -Method Subsample' {
            $small = $ramp | Resize-VoxelStack -Factor 2 -Method Subsample -WarningAction SilentlyContinue
            $small.GetValue(0, 0, 0) | Should -Be 0
            $small.GetValue(1, 0, 0) | Should -Be 2
        }

        It 'refuses to average labels' {
            $out = $labels | ConvertTo-PhaseImage | Resize-VoxelStack -Factor 2 -Method Mean -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Get-ErrorId $err | Should -Be 'MeanOfLabels'
        }
    }

    Context 'Format views' {
        It 'show volumes and measurements with the invariant decimal point, without escape codes' {
            # The premise: the suite formats in the test culture (de-DE by default, where 0.5 shows as 0,5).
            $culture = if ($env:MICROMORPH_TEST_CULTURE) { $env:MICROMORPH_TEST_CULTURE } else { 'de-DE' }
            [cultureinfo]::CurrentCulture.Name | Should -Be $culture -Because 'tests/Invoke-PesterSuite.ps1 runs the suite in the test culture'
            if ($culture -eq 'de-DE') { (0.5).ToString() | Should -Be '0,5' }

            $labels.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
            $phases = $labels | ConvertTo-PhaseImage -Phase $phaseTable

            $image = $phases | Show-AsConsole
            $image | Should -BeLike '*Dimensions*'
            $image | Should -BeLike '*4 x 3 x 2*'
            $image | Should -BeLike '*0.5 µm*'
            $image | Should -BeLike '*0 Pore, 1 CBD, 2 AM*'

            $fractions = $phases | Measure-VoxelStack | Show-AsConsole
            $fractions | Should -Match 'Phase\s+Label\s+VoxelCount\s+VolumeFraction'
            $fractions | Should -Match 'Pore\s+0\s+12\s+0\.50000'
            $image + $fractions | Should -Not -Match '\e\['

            $stats = $ramp | Measure-VoxelStack | Show-AsConsole
            $stats | Should -Match 'Count\s+Minimum\s+Maximum\s+Mean'
            $stats | Should -Match '24\s+0\s+123\s+61\.5\s'
        }
    }
}

# Measure-VoxelHistogram: the grey-value histogram of a VoxelStack (like Fiji's Histogram) with Otsu
# and volume-fraction thresholds marked; its bins export as clean CSV rows; bad ranges are refused.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $Electrode = Import-VoxelStack -Path $ElectrodePath -ErrorAction Stop
    # TauFactor's volume fractions of the electrode's phases at grey values 0, 85 and 170, in voxels of 256^3.
    $Expected = @{ 0 = 7548361; 85 = 6718710; 170 = 2510145 }
}

Describe 'Measure-VoxelHistogram' {
    It 'counts the electrode''s three grey values in one bin each, as TauFactor''s fractions' -Tag Slow {
        $h = $Electrode | Measure-VoxelHistogram -ErrorAction Stop
        $h.Bins.Count | Should -Be 256
        $h.Count | Should -Be ([long] 256 * 256 * 256)
        $h.NaNCount | Should -Be 0
        foreach ($value in 0, 85, 170) {
            $bin = $h.Bins | Where-Object { $_.LowerEdge -le $value -and $value -lt $_.UpperEdge }
            $bin.Count | Should -Be $Expected[$value]
        }
        ($h.Bins | Measure-Object Count -Sum).Sum | Should -Be $h.Count
        ($h.Bins | Where-Object Count -gt 0).Count | Should -Be 3
    }

    It 'marks the volume-fraction thresholds at the grey values that split the phases' -Tag Slow {
        $n = [double] (256 * 256 * 256)
        $h = $Electrode | Measure-VoxelHistogram -VolumeFraction ($Expected[0] / $n), ($Expected[85] / $n), ($Expected[170] / $n) -Otsu 3 -ErrorAction Stop
        $fraction = $h.Thresholds | Where-Object Method -eq 'VolumeFraction'
        $fraction.Value | Should -Be 85, 170
        $otsu = @($h.Thresholds | Where-Object Method -eq 'Otsu')
        $otsu.Count | Should -Be 2
        # Any Otsu cut between the occupied grey values separates the three phases.
        $otsu[0].Value | Should -BeGreaterOrEqual 0
        $otsu[0].Value | Should -BeLessThan 85
        $otsu[1].Value | Should -BeGreaterOrEqual 85
        $otsu[1].Value | Should -BeLessThan 170
    }

    It 'accepts fractions rounded as published (TauFactor''s sum to 1.00001)' -Tag Slow {
        $h = $Electrode | Measure-VoxelHistogram -VolumeFraction 0.44992, 0.40047, 0.14962 -ErrorAction Stop
        ($h.Thresholds | Where-Object Method -eq 'VolumeFraction').Value | Should -Be 85, 170
        $trinarized = $Electrode | Invoke-Trinarization -Method Threshold -VolumeFraction 0.44992, 0.40047, 0.14962 -PhaseName Pore, NMC, CBD -ErrorAction Stop
        # Exact fractions (ties split in raster order): class ends at round(cumulative fraction x N), the last takes the rest.
        $n = 256 * 256 * 256
        $end0 = [Math]::Round(0.44992 * $n, [MidpointRounding]::ToEven)
        $end1 = [Math]::Round((0.44992 + 0.40047) * $n, [MidpointRounding]::ToEven)
        ($trinarized | Measure-VoxelStack).VoxelCount | Should -Be $end0, ($end1 - $end0), ($n - $end1)
        # A sum that is off by more than rounding is still refused.
        $r = Invoke-UserCommand { $Electrode | Measure-VoxelHistogram -VolumeFraction 0.45, 0.40, 0.16 }
        $r.ErrorId | Should -Contain 'InvalidVolumeFractions'
    }

    It 'exports its bins as clean CSV rows that read back' {
        $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 2, 'Float32')
        $grey.SetValue(0, 0, 0, 0.25); $grey.SetValue(1, 0, 0, 0.75); $grey.SetValue(2, 0, 0, 1.5); $grey.SetValue(3, 0, 0, [float]::NaN)
        $h = $grey | Measure-VoxelHistogram -BinCount 3 -ErrorAction Stop
        $h.NaNCount | Should -Be 1
        $h.Count | Should -Be 31
        $h.Bins.Count | Should -Be 3
        $h.Bins[0].Count | Should -Be 29   # 28 zeros and 0.25 in [0, 0.5)
        $h.Bins[1].Count | Should -Be 1    # 0.75
        $h.Bins[2].Count | Should -Be 1    # 1.5, the maximum, in the closed last bin
        $file = Join-Path $TestDrive 'bins.csv'
        $h.Bins | Export-Csv -LiteralPath $file -Delimiter ',' -NoTypeInformation
        $text = Get-Content -Raw -LiteralPath $file
        $text | Should -Not -Match 'System\.'
        $back = Import-Csv -LiteralPath $file -Delimiter ','
        $back.Count | Should -Be 3
        @($back[0].PSObject.Properties.Name) | Should -Be 'LowerEdge', 'UpperEdge', 'Center', 'Count', 'Fraction'
        # Export-Csv writes numbers in the session's culture (de-DE here); they read back in it.
        for ($i = 0; $i -lt 3; $i++) {
            [double]::Parse($back[$i].LowerEdge, [cultureinfo]::CurrentCulture) | Should -Be $h.Bins[$i].LowerEdge
            [double]::Parse($back[$i].UpperEdge, [cultureinfo]::CurrentCulture) | Should -Be $h.Bins[$i].UpperEdge
            [long] $back[$i].Count | Should -Be $h.Bins[$i].Count
            [double]::Parse($back[$i].Fraction, [cultureinfo]::CurrentCulture) | Should -Be $h.Bins[$i].Fraction
        }
    }

    It 'refuses a bad bin count and a minimum not below the maximum with clear errors' {
        $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 2, 'UInt16')
        { $grey | Measure-VoxelHistogram -BinCount 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        $err = $null
        $grey | Measure-VoxelHistogram -Minimum 5 -Maximum 5 -ErrorAction SilentlyContinue -ErrorVariable err
        Get-ErrorId $err | Should -Be 'InvalidHistogramRange'
        $err[0].Exception.Message | Should -Match 'minimum \(5\) must be below the maximum \(5\)'
        $grey | Measure-VoxelHistogram -Minimum 7 -Maximum 2 -ErrorAction SilentlyContinue -ErrorVariable err
        Get-ErrorId $err | Should -Be 'InvalidHistogramRange'
    }
}

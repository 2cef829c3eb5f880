# Issue 18, defects 2, 3 and 11: volumes have a content-aware identity (Compare-Object, -eq),
# Compare-VoxelStack compares them voxel by voxel, Resize-VoxelStack keeps the physical extent,
# and scripts reach slices through array-returning members (spans cannot be called from PowerShell).
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'
    $electrode = Import-VoxelStack -Path $ElectrodePath -VoxelSize 0.390625 -Unit µm
    $phases = @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
}

Describe 'Volume identity' {
    It 'Compare-Object reports two different crops of the same size as different' {
        $a = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 64, 64, 64
        $b = $electrode | Select-VoxelRegion -Origin 64, 0, 0 -Size 64, 64, 64
        # The premise: same kind, size, type and voxel size, so the old text form was the same.
        $a.Dimensions | Should -Be $b.Dimensions
        $a.VoxelSize | Should -Be $b.VoxelSize

        $diff = @(Compare-Object $a $b)
        $diff.Count | Should -Be 2
        $diff.SideIndicator | Sort-Object | Should -Be '<=', '=>'
        "$a" | Should -Not -Be "$b"
        $a -eq $b | Should -BeFalse
        $a | Should -Not -Be $b
    }

    It 'Compare-Object reports two equal volumes (made separately) as equal' {
        $a = $electrode | Select-VoxelRegion -Origin 16, 16, 16 -Size 32, 32, 32
        $b = $electrode | Select-VoxelRegion -Origin 16, 16, 16 -Size 32, 32, 32
        [object]::ReferenceEquals($a, $b) | Should -BeFalse
        Compare-Object $a $b | Should -BeNullOrEmpty
        (Compare-Object $a $b -IncludeEqual).SideIndicator | Should -Be '=='
        $a -eq $b | Should -BeTrue
        $b | Should -Be $a
        $a.ContentHash | Should -Match '^[0-9a-f]{16}$'
        "$a" | Should -BeLike "*#$($a.ContentHash.Substring(0, 8))"
    }

    It 'changes identity when a voxel is set, and back when it is restored' {
        $a = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8
        $b = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8
        $hash = $b.ContentHash
        $old = $b.GetValue(3, 4, 5)
        $b.SetValue(3, 4, 5, 255 - $old)
        $b.ContentHash | Should -Not -Be $hash
        $a -eq $b | Should -BeFalse
        $b.SetValue(3, 4, 5, $old)
        $b.ContentHash | Should -Be $hash
        $a -eq $b | Should -BeTrue
    }

    It 'a different voxel size or phase table makes a different volume' {
        $a = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8
        $b = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8
        $b.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'µm')
        $a -eq $b | Should -BeFalse
        $p = $a | ConvertTo-PhaseImage -Phase $phases
        $q = $a | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'AM'; 170 = 'CBD' }
        $p -eq $q | Should -BeFalse
    }
}

Describe 'Compare-VoxelStack' {
    It 'counts the differing voxels and the largest difference of grey stacks' {
        # 6 x 5 x 3 UInt16 ramps; the second gets changes at known places.
        $a = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 3, 'UInt16')
        $b = [MicroMorph.Core.Imaging.VoxelStack]::new(6, 5, 3, 'UInt16')
        foreach ($z in 0..2) {
            $values = foreach ($i in 0..29) { $i + 100 * $z }
            $a.SetSliceArray($z, $values)
            $b.SetSliceArray($z, $values)
        }
        $b.SetValue(0, 0, 0, 1000)     # |1000 - 0| = 1000
        $b.SetValue(5, 4, 2, 229 - 7)  # |222 - 229| = 7
        $b.SetValue(2, 2, 1, 114)      # was 2 + 6 * 2 + 100 = 114: no change

        $r = $b | Compare-VoxelStack $a
        $r | Should -BeOfType ([MicroMorph.Core.Processing.VolumeComparisonResult])
        $r.VoxelCount | Should -Be 90
        $r.DifferingVoxels | Should -Be 2
        $r.DifferingFraction | Should -Be (2 / 90)
        $r.MaximumAbsoluteDifference | Should -Be 1000
        $r.Identical | Should -BeFalse
        $r.Phases | Should -BeNullOrEmpty
        (Compare-VoxelStack -ReferenceObject $a -DifferenceObject $a).Identical | Should -BeTrue
    }

    It 'counts per phase what a change of labels lost and gained, against counts made here' {
        $crop = $electrode | Select-VoxelRegion -Origin 100, 100, 100 -Size 24, 24, 6
        $p = $crop | ConvertTo-PhaseImage -Phase $phases
        $q = $crop | ConvertTo-PhaseImage -Phase $phases
        # Relabel the CBD of the first two slices as pore.
        foreach ($z in 0, 1) {
            $labels = $q.GetLabelArray($z)
            $q.SetSliceArray($z, [byte[]]@(foreach ($l in $labels) { if ($l -eq 170) { 0 } else { $l } }))
        }

        # Independent counts: loop over every voxel of both images.
        $count = @{}; $other = @{}; $lost = @{}; $gained = @{}; $differing = 0
        foreach ($z in 0..5) {
            $x = $p.GetLabelArray($z); $y = $q.GetLabelArray($z)
            for ($i = 0; $i -lt $x.Length; $i++) {
                $count[$x[$i]]++; $other[$y[$i]]++
                if ($x[$i] -ne $y[$i]) { $differing++; $lost[$x[$i]]++; $gained[$y[$i]]++ }
            }
        }
        $differing | Should -BeGreaterThan 0 -Because 'the crop holds carbon binder in its first slices'

        $r = $q | Compare-VoxelStack $p
        $r.DifferingVoxels | Should -Be $differing
        $r.MaximumAbsoluteDifference | Should -Be 170
        $r.Phases.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        foreach ($row in $r.Phases) {
            $row.ReferenceVoxels | Should -Be ([long]$count[$row.Label])
            $row.DifferenceVoxels | Should -Be ([long]$other[$row.Label])
            $row.LostVoxels | Should -Be ([long]$lost[$row.Label])
            $row.GainedVoxels | Should -Be ([long]$gained[$row.Label])
            $row.ReferenceFraction | Should -Be ([long]$count[$row.Label] / (24 * 24 * 6))
        }
    }

    It 'refuses volumes of different dimensions with VolumeDimensionsDiffer' {
        $a = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8')
        $b = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 5, 'UInt8')
        $r = Invoke-UserCommand { $b | Compare-VoxelStack $a }
        $r.Output | Should -BeNullOrEmpty
        $r.ErrorId | Should -Be 'VolumeDimensionsDiffer'
        "$($r.Errors[0])" | Should -Match '4 x 4 x 4 against 4 x 4 x 5'
    }

    It 'shows its result within 80 columns' {
        $a = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8')
        $text = $a | Compare-VoxelStack $a | Show-AsConsole -Width 80
        $text | Should -Match 'True\s+0\s+0\s+0'
        foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'Resize-VoxelStack keeps the physical extent' {
    It 'crops 256 voxels to 85 blocks of 3 and says which voxels it left out' {
        $r = $electrode | Resize-VoxelStack -Factor 3 -WarningVariable cropped -WarningAction SilentlyContinue
        $r.Width, $r.Height, $r.Depth | Should -Be 85, 85, 85
        $r.VoxelSize.X | Should -Be (3 * 0.390625)
        # The extent covered is that of the first 255 voxels, never more than the sample's 100 µm.
        $r.Width * $r.VoxelSize.X | Should -Be (255 * 0.390625)
        $r.Width * $r.VoxelSize.X * $r.Height * $r.VoxelSize.Y * $r.Depth * $r.VoxelSize.Z | Should -BeLessOrEqual ([math]::Pow(100, 3))
        $cropped.Count | Should -Be 1
        "$cropped" | Should -Match 'x = 255'
        "$cropped" | Should -Match 'z = 255'
        "$cropped" | Should -Match ([string](16777216 - 255 * 255 * 255))
    }

    It 'gives block means of whole blocks only' {
        # 5 voxels along x, factor 2: blocks (0,1) and (2,3); voxel 4 is left out.
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(5, 1, 1, 'UInt8')
        $v.SetSliceArray(0, @(10, 20, 30, 40, 250))
        $r = $v | Resize-VoxelStack -Factor 2, 1, 1 -WarningAction SilentlyContinue
        $r.GetSliceArray(0) | Should -Be 15, 35
    }

    It 'does not warn when the factor divides the size' {
        $r = $electrode | Resize-VoxelStack -Factor 4 -WarningVariable cropped
        $r.Width | Should -Be 64
        $cropped | Should -BeNullOrEmpty
    }

    It 'refuses a factor larger than the size with DownsamplingFactorTooLarge' -TestCases @(
        @{ Factor = 300 }
        @{ Factor = 1, 1, 257 }
    ) {
        $r = Invoke-UserCommand { $electrode | Resize-VoxelStack -Factor $Factor -WarningAction SilentlyContinue }
        $r.Output | Should -BeNullOrEmpty
        $r.ErrorId | Should -Be 'DownsamplingFactorTooLarge'
        "$($r.Errors[0])" | Should -Match 'larger than'
    }

    It 'refuses a z factor on a 2D image and says how to resize it' {
        $image = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 1, 'UInt8')
        $r = Invoke-UserCommand { $image | Resize-VoxelStack -Factor 2, 2, 2 }
        $r.ErrorId | Should -Be 'DownsamplingFactorTooLarge'
        "$($r.Errors[0])" | Should -Match 'give one factor'
        ($image | Resize-VoxelStack -Factor 2).Dimensions | Should -Be '4 x 4 x 1'
    }
}

Describe 'Slices from a script' {
    It 'GetSliceArray returns a new array of the data type''s element type' {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(3, 2, 2, 'UInt16')
        $v.SetValue(2, 1, 1, 65535)
        $slice = $v.GetSliceArray(1)
        $slice.GetType() | Should -Be ([uint16[]])
        $slice.Length | Should -Be 6
        $slice[1 * 3 + 2] | Should -Be 65535
        # A copy: changing it does not change the volume.
        $slice[0] = 7
        $v.GetValue(0, 0, 1) | Should -Be 0
        ([MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 1, 'Float32')).GetSliceArray(0).GetType() | Should -Be ([single[]])
    }

    It 'GetLabelArray returns the labels of a phase image as bytes' {
        $p = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 4, 4, 1 | ConvertTo-PhaseImage -Phase $phases
        $labels = $p.GetLabelArray(0)
        $labels.GetType() | Should -Be ([byte[]])
        $labels | ForEach-Object { $_ | Should -BeIn 0, 85, 170 }
    }

    It 'SetSliceArray writes a slice from a PowerShell array and refuses values that do not fit' {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 1, 'UInt8')
        $v.SetSliceArray(0, @(1, 2, 3, 4))
        $v.GetValue(1, 1, 0) | Should -Be 4
        { $v.SetSliceArray(0, @(1, 2, 3, 256)) } | Should -Throw '*cannot be stored in a UInt8 voxel*'
        { $v.SetSliceArray(0, @(1, 2, 3)) } | Should -Throw '*4 voxels*3 elements*'
    }

    It 'the span members stay uncallable, which is why the array members exist' {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 1, 'UInt8')
        { $v.GetSliceBytes(0) } | Should -Throw '*ByRef-like*'
    }
}

# The particle cmdlets (004): Get-Particle (labelling), Split-Particle (watershed of touching
# particles), Measure-Particle, Measure-Liberation, Measure-Representativeness with its picture,
# and New-ParticleSystem, on a scene whose answers are known by construction.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Two overlapping balls of radii 8 and 6 (calcite) and a separate 4 x 4 x 4 block half calcite,
    # half talc; voxel 0.5 um (so the block is 8 um^3, each half 4 um^3).
    $v = [MicroMorph.Core.Imaging.VoxelStack]::new(48, 24, 24, 'UInt8')
    foreach ($z in 0..23) { foreach ($y in 0..23) { foreach ($x in 0..47) {
                $a = ($x - 10) * ($x - 10) + ($y - 12) * ($y - 12) + ($z - 12) * ($z - 12)
                $b = ($x - 22) * ($x - 22) + ($y - 12) * ($y - 12) + ($z - 12) * ($z - 12)
                if ($a -le 64 -or $b -le 36) { $v.SetValue($x, $y, $z, 1) } } } }
    foreach ($z in 2..5) { foreach ($y in 2..5) { foreach ($x in 40..43) { $v.SetValue($x, $y, $z, $(if ($x -lt 42) { 1 } else { 2 })) } } }
    $v.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'um')
    $image = $v | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite'; 2 = 'Talc' }
}

Describe 'Get-Particle, Split-Particle and Measure-Particle' {
    It 'labels, splits and measures the scene through the pipeline' {
        ($image | Get-Particle -Phase Calcite, Talc).Count | Should -Be 2 -Because 'the balls overlap'
        ($image | Get-Particle -Phase Calcite, Talc | Split-Particle).Count | Should -Be 3
        $measured = $image | Get-Particle -Phase Calcite, Talc -Connectivity 6 | Split-Particle | Measure-Particle
        $measured.Count | Should -Be 3
        $block = $measured | Where-Object VoxelCount -eq 64
        @($block).Count | Should -Be 1
        $block.Share('Talc').VolumeFraction | Should -Be 0.5
        $block.Volume | Should -Be (64 * 0.125)
        $block.Unit | Should -Be 'um'
        ($measured | Where-Object VoxelCount -ne 64 | ForEach-Object { $_.Share('Calcite').VolumeFraction }) | Should -Be 1, 1
    }

    It 'shows particle images, measurements and liberation in their views' {
        $p = $image | Get-Particle -Phase Calcite, Talc
        $p | Show-AsConsole -Width 200 | Should -Match 'Dimensions\s+Count\s+Connectivity'
        $p | Measure-Particle | Show-AsConsole -Width 200 | Should -Match 'Label\s+Voxels\s+Volume\s+Diameter'
        $liberation = $p | Measure-Liberation -Phase Calcite | Show-AsConsole -Width 200
        $liberation | Should -Match 'Phase\s+LiberationDegree\s+FreeVolume'
        $liberation | Should -Match 'Calcite\s+0\.\d{4}'
    }
}

Describe 'Measure-Liberation and Measure-Representativeness' {
    It 'gives the liberation of the scene by phase and size class' {
        $results = $image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 10, 1000
        $results.Phase | Should -Be 'Calcite', 'Talc'
        # The merged balls are free calcite; the block holds 32 voxels of each.
        $calcite = $results[0]
        $calcite.IntergrownVolume | Should -Be (32 * 0.125)
        $calcite.LiberationDegree | Should -BeGreaterThan 0.9
        $calcite.SizeClasses[0].LiberationDegree | Should -Be 0.0 -Because 'the block (8 um^3) is the only particle below 10 um^3'
        $calcite.SizeClasses[1].LiberationDegree | Should -Be 1.0
        $results[1].LiberationDegree | Should -Be 0.0
        $calcite.Grains.Count | Should -Be 2
    }

    It 'measures representativeness and draws its picture with the standard errors and 95% intervals (Fig. 12)' {
        $r = $image | Get-Particle -Phase Calcite, Talc | Measure-Representativeness -PieceCount 2 -SizeClass 0, 3, 10
        $r.PieceCount | Should -Be 2
        $r.SizeClasses.Count | Should -Be 2
        $r | Export-DescriptorPlot -Path TestDrive:\repr.png -Width 600 -Height 400 -ErrorAction Stop
        $size = Get-PngSize (Join-Path $TestDrive 'repr.png')
        $size.Width, $size.Height | Should -Be 600, 400
        $r | Export-DescriptorPlot -Path TestDrive:\repr.svg -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'repr.svg')
        # The unit as the data carry it ('um' here), mixed case; the intervals in the legend.
        $text | Should -Contain 'Equivalent spherical diameter (um)'
        $text | Should -Contain 'Frequency (fraction of particles)'
        $text | Should -Contain '95% confidence interval'
        $text | Should -Contain '± standard error'
    }

    It 'draws the liberation degree per particle-volume class with the volume unit cubed' {
        $results = $image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite, Talc -SizeClass 0, 10, 1000
        $results | Export-DescriptorPlot -Path TestDrive:\liberation.svg -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'liberation.svg')
        $text | Should -Contain 'Particle volume (um³)'
        $text | Should -Contain 'Liberation degree'
        @($text | Where-Object { $_ -like 'Calcite (overall *' }).Count | Should -Be 1
        # Classes spanning decades (0-10, 10-1000 um^3) go on a logarithmic axis, labelled with the values.
        $text | Should -Contain '10'
        $text | Should -Contain '100'
        # Without size classes there is nothing per class to draw.
        $image | Get-Particle -Phase Calcite | Measure-Liberation -Phase Calcite |
            Export-DescriptorPlot -Path TestDrive:\none.png -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'NoSizeClasses'
        Test-Path -LiteralPath (Join-Path $TestDrive 'none.png') | Should -BeFalse
    }
}

Describe 'New-ParticleSystem' {
    It 'gives the same voxels for the same -Seed at any -ThrottleLimit' {
        $a = New-ParticleSystem 40 -ParticleCount 20 -Radius 2, 4 -Seed 5 -VoxelSize 0.5 -Unit um
        $b = New-ParticleSystem 40 -ParticleCount 20 -Radius 2, 4 -Seed 5 -VoxelSize 0.5 -Unit um -ThrottleLimit 1
        $a.Phases.Name | Should -Be 'Matrix', 'Calcite', 'Dolomite', 'Talc'
        $b.Dimensions | Should -Be $a.Dimensions
        (Compare-Segmentation $a $b).Agreement | Should -Be 1
    }
}

Describe 'Bad particle input' {
    It 'reports <ErrorId> for <Case>' -ForEach @(
        @{ ErrorId = 'EmptyParticleMask'; Case = 'a phase without voxels'; Command = {
                [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite' } | Get-Particle -Phase Calcite } }
        @{ ErrorId = 'PhaseNotFound'; Case = 'a phase the image lacks'; Command = { $image | Get-Particle -Phase Gold } }
        @{ ErrorId = 'PhaseImageSizeMismatch'; Case = 'a phase image of another size'; Command = {
                $other = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8') | ConvertTo-PhaseImage -Phase @{ 0 = 'Matrix'; 1 = 'Calcite' }
                $image | Get-Particle -Phase Calcite, Talc | Measure-Particle -PhaseImage $other } }
        @{ ErrorId = 'SizeClassesNotIncreasing'; Case = 'size-class bounds that do not increase'; Command = {
                $image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite -SizeClass 0, 5, 5 } }
        @{ ErrorId = 'TooManyPieces'; Case = 'more pieces than the image can be cut into'; Command = {
                $image | Get-Particle -Phase Calcite, Talc | Measure-Representativeness -PieceCount 1000003 -SizeClass 0, 5 } }
        @{ ErrorId = 'InvalidLiberationThreshold'; Case = 'a liberation threshold above 1'; Command = {
                $image | Get-Particle -Phase Calcite, Talc | Measure-Liberation -Phase Calcite -Threshold 1.5 } }
    ) {
        (Invoke-UserCommand $Command).ErrorId | Should -Contain $ErrorId
    }
}

# Export-DescriptorPlot: a figure of descriptor results through ScottPlot, as PNG (-Width x -Height
# pixels times -Scale) or SVG (text as text, labels in mixed case with the data's unit), chosen by
# the extension of -Path; any other extension is refused before anything is written. The writer
# etiquette (no overwrite without -Force) and the refusal of results of different kinds.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A square 8 x 8 pore channel along z through a 16^3 box (no voxel size: the unit is 'voxel').
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(16, 16, 16, 'UInt8')
    foreach ($z in 0..15) { foreach ($y in 4..11) { foreach ($x in 4..11) { $l.SetValue($x, $y, $z, 1) } } }
    $p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } -ErrorAction Stop
    $Channel = $p | Measure-Constrictivity -Phase Pore

    # A Boolean model with voxels of 0.05 µm, so the results carry the unit µm.
    $Model = New-BooleanModel -Size 24 -Intensity 0.004 -Radius 3 -Seed 1 -VoxelSize 0.05 -Unit µm
    $Micrometres = $Model | Measure-Constrictivity -WarningAction SilentlyContinue
}

Describe 'Export-DescriptorPlot' {
    It 'writes a PNG of <Width> x <Height> pixels at scale <Scale>' -ForEach @(
        @{ Width = 640; Height = 400; Scale = 1 }
        @{ Width = 400; Height = 300; Scale = 2 }
        @{ Width = 500; Height = 320; Scale = 1.5 }
    ) {
        $path = Join-Path $TestDrive "plot-$Width-$Scale.png"
        $file = $Channel | Export-DescriptorPlot -Path $path -Width $Width -Height $Height -Scale $Scale -PassThru -ErrorAction Stop
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be $path
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be ([math]::Round($Width * $Scale))
        $size.Height | Should -Be ([math]::Round($Height * $Scale))
    }

    It 'writes the documented default size, 900 x 560, and does not overwrite it without -Force' {
        $Channel | Export-DescriptorPlot -Path TestDrive:\default.png -ErrorAction Stop
        $size = Get-PngSize (Join-Path $TestDrive 'default.png')
        $size.Width, $size.Height | Should -Be 900, 560
        $Channel | Export-DescriptorPlot -Path TestDrive:\default.png -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'OutputExists'
        $Channel | Export-DescriptorPlot -Path TestDrive:\default.png -Force -Width 300 -ErrorAction Stop
        (Get-PngSize (Join-Path $TestDrive 'default.png')).Width | Should -Be 300
    }

    It 'draws the axis labels: ink in the bottom strip (x label) and in the left strip (y label)' {
        $Micrometres | Export-DescriptorPlot -Path TestDrive:\labels.png -ErrorAction Stop
        $path = Join-Path $TestDrive 'labels.png'
        # Tick labels end above the bottom 4% and right of the left 3% (see LinePlot.Tests.ps1, which
        # compares with blank labels); what is there is the axis label.
        Get-PngInk $path 0 0.96 1 1 | Should -BeGreaterThan 60 -Because 'the x label "Radius r (µm)" is drawn under the plot'
        Get-PngInk $path 0 0 0.03 1 | Should -BeGreaterThan 60 -Because 'the y label is drawn left of the plot'
    }

    It 'writes SVG with the labels as text, in mixed case with the unit as the data carry it' {
        $file = $Micrometres | Export-DescriptorPlot -Path TestDrive:\cpsd.svg -PassThru -ErrorAction Stop
        $file.Extension | Should -Be '.svg'
        $text = Get-SvgText $file.FullName
        $text | Should -Contain 'Radius r (µm)'
        $text | Should -Contain "Fraction of the phase's volume"
        $text | Should -Contain 'Pore: CPSD'
        $text | Should -Contain 'Solid: intrusion'
        $text | Should -Not -Contain 'RADIUS (µM)'
        ($text -join ' ') | Should -Not -MatchExactly 'µM'
        $svg = [xml](Get-Content -LiteralPath $file.FullName -Raw)
        $svg.DocumentElement.width | Should -Be '900'
        $svg.DocumentElement.height | Should -Be '560'

        # The unit of a volume without a voxel size is the voxel.
        $Channel | Export-DescriptorPlot -Path TestDrive:\voxel.svg -ErrorAction Stop
        Get-SvgText (Join-Path $TestDrive 'voxel.svg') | Should -Contain 'Radius r (voxel)'
    }

    It 'refuses the extension <Name> (UnsupportedPlotFormat) and writes nothing' -ForEach @(
        @{ Name = 'plot.jpg' }, @{ Name = 'plot.tif' }, @{ Name = 'plot' }, @{ Name = 'plot.png.txt' }
    ) {
        $before = @(Get-ChildItem -LiteralPath $TestDrive -Force | ForEach-Object Name)
        $Channel | Export-DescriptorPlot -Path (Join-Path $TestDrive $Name) -Force -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Be 'UnsupportedPlotFormat'
        $err[0].Exception.Message | Should -Match '\.png or \.svg'
        @(Get-ChildItem -LiteralPath $TestDrive -Force | ForEach-Object Name) | Should -Be $before
    }

    It 'refuses results of different kinds (MixedPlotInputs) and writes nothing' {
        $before = Get-ChildItem -LiteralPath $TestDrive -Force | ForEach-Object Name
        @($p | Measure-Constrictivity -Phase Pore) + @($p | Measure-GeodesicTortuosity -Phase Pore) |
            Export-DescriptorPlot -Path TestDrive:\mixed.png -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'MixedPlotInputs'
        Test-Path -LiteralPath (Join-Path $TestDrive 'mixed.png') | Should -BeFalse
        # No temporary file left behind either.
        Get-ChildItem -LiteralPath $TestDrive -Force | ForEach-Object Name | Should -Be $before
    }

    It 'plots tortuosity and two-point coverage with their own labels' {
        $p | Measure-GeodesicTortuosity -Phase Pore | Export-DescriptorPlot -Path TestDrive:\tau.svg -ErrorAction Stop
        Get-SvgText (Join-Path $TestDrive 'tau.svg') | Should -Contain 'Geodesic tortuosity τ'
        $Model | Measure-TwoPointCoverage -Phase Solid -Centered -MaxDistance 0.5 | Export-DescriptorPlot -Path TestDrive:\c.svg -ErrorAction Stop
        $text = Get-SvgText (Join-Path $TestDrive 'c.svg')
        $text | Should -Contain 'Distance h (µm)'
        $text | Where-Object { $_ -like 'Centred two-point coverage C(h)*' } | Should -Not -BeNullOrEmpty
    }
}

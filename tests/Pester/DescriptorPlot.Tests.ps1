# Export-DescriptorPlot: a PNG figure of descriptor results (here Measure-Constrictivity's pore size
# distributions) of the requested size; the writer etiquette (no overwrite without -Force) and the
# refusal of results of different kinds in one figure.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # A square 8 x 8 pore channel along z through a 16^3 box.
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(16, 16, 16, 'UInt8')
    foreach ($z in 0..15) { foreach ($y in 4..11) { foreach ($x in 4..11) { $l.SetValue($x, $y, $z, 1) } } }
    $p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Solid'; 1 = 'Pore' } -ErrorAction Stop
}

Describe 'Export-DescriptorPlot' {
    It 'writes a PNG of the requested size and does not overwrite it without -Force' {
        $file = $p | Measure-Constrictivity | Export-DescriptorPlot -Path TestDrive:\plot.png -Width 640 -Height 400 -PassThru -ErrorAction Stop
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.Exists | Should -BeTrue
        $file.FullName | Should -Be (Join-Path $TestDrive 'plot.png')
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be 640
        $size.Height | Should -Be 400
        # MicroMorph reads it back as a picture of that size too.
        $picture = Import-VoxelStack TestDrive:\plot.png -Channel Green -ErrorAction Stop
        $picture.Width | Should -Be 640
        $picture.Height | Should -Be 400

        $p | Measure-Constrictivity | Export-DescriptorPlot -Path TestDrive:\plot.png -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'OutputExists'
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
}

# Issue 18, defect 6: a derived volume carries its own description. A 32^3 crop of the 256^3
# electrode exported to HDF5 or MetaImage used to say Tiff.PageCount = 256 and
# Tiff.ImageDescription = {"shape": [256, 256, 256]}; now the source's metadata is filed under
# 'Source.' and the steps are listed in 'Derived'.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    # The metadata entries that describe the volume itself (not its source).
    function Get-OwnMetadata($Volume) {
        $Volume.Metadata.GetEnumerator() | Where-Object { -not $_.Key.StartsWith('Source.') }
    }

    $electrode = Import-VoxelStack -LiteralPath $ElectrodePath
    $crop = $electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 32, 32, 32
}

Describe 'Provenance of derived volumes' {
    AfterEach {
        Get-ChildItem -LiteralPath $TestDrive -Force | Remove-Item -Recurse -Force
    }

    It 'the electrode as read describes its file' {
        $electrode.Metadata['Tiff.PageCount'] | Should -Be '256'
        $electrode.Metadata['Tiff.ImageDescription'] | Should -Be '{"shape": [256, 256, 256]}'
        $electrode.Metadata.ContainsKey('Derived') | Should -BeFalse
    }

    It 'a crop files the source''s entries under Source. and records the crop' {
        $crop.Metadata.ContainsKey('Tiff.PageCount') | Should -BeFalse
        $crop.Metadata.ContainsKey('Tiff.ImageDescription') | Should -BeFalse
        $crop.Metadata['Source.Tiff.PageCount'] | Should -Be '256'
        $crop.Metadata['Source.Tiff.ImageDescription'] | Should -Be '{"shape": [256, 256, 256]}'
        $crop.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32'
        $crop.Source | Should -BeLike '*electrode.tiff `[crop 0,0,0 +32x32x32`]'
    }

    It 'a crop exported to <Extension> and read back does not claim 256 pages or shape 256' -ForEach @(
        @{ Extension = 'h5' }, @{ Extension = 'mhd' }, @{ Extension = 'tif' }
    ) {
        $path = Join-Path $TestDrive "crop.$Extension"
        $crop | Export-VoxelStack -LiteralPath $path
        $back = Import-VoxelStack -LiteralPath $path

        $back.Depth | Should -Be 32
        $own = @(Get-OwnMetadata $back)
        $own | Where-Object { $_.Key -eq 'Tiff.PageCount' -and $_.Value -eq '256' } | Should -BeNullOrEmpty
        $own | Where-Object { $_.Value -like '*256, 256, 256*' } | Should -BeNullOrEmpty
        $back.Metadata['Source.Tiff.PageCount'] | Should -Be '256'
        $back.Metadata['Source.Tiff.ImageDescription'] | Should -Be '{"shape": [256, 256, 256]}'
        $back.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32'
    }

    It 'a TIFF of a crop describes itself with its own page count' {
        $path = Join-Path $TestDrive 'crop.tif'
        $crop | Export-VoxelStack -LiteralPath $path
        (Import-VoxelStack -LiteralPath $path).Metadata['Tiff.PageCount'] | Should -Be '32'
    }

    It 'conversion, merging and resizing each record their step, in order' {
        $merged = $crop |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
            Merge-Phase -Phase NMC, CBD -Name Solid
        $merged.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32; phases 0=Pore, 85=NMC, 170=CBD; merge NMC, CBD as Solid'
        $merged.Metadata['Source.Tiff.PageCount'] | Should -Be '256'
        @(Get-OwnMetadata $merged).Key | Should -Be 'Derived'

        $half = $crop | Resize-VoxelStack -Factor 2 -Method Mean
        $half.Width, $half.Height, $half.Depth | Should -Be 16, 16, 16
        $half.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32; Mean 2x2x2'
        $half.Metadata.ContainsKey('Tiff.PageCount') | Should -BeFalse
    }

    It 'a filter keeps its own record and files the source''s under Source.' {
        $smooth = $crop | Invoke-VoxelFilter -Filter Gaussian -Sigma 1
        $smooth.Metadata.ContainsKey('Filter.Gaussian') | Should -BeTrue
        $smooth.Metadata.ContainsKey('Tiff.PageCount') | Should -BeFalse
        $smooth.Metadata['Source.Tiff.PageCount'] | Should -Be '256'
        $smooth.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32'

        # A crop of the filtered volume files the filter's record under Source. too.
        $again = $smooth | Select-VoxelRegion -Origin 8, 8, 8 -Size 8, 8, 8
        $again.Metadata.ContainsKey('Filter.Gaussian') | Should -BeFalse
        $again.Metadata.ContainsKey('Source.Filter.Gaussian') | Should -BeTrue
        $again.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32; crop 8,8,8 +8x8x8'
    }

    It 'a phase image read from its file is not derived: its metadata stays its own' {
        $path = Join-Path $TestDrive 'phases.tif'
        $crop | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } | Export-VoxelStack -LiteralPath $path
        $image = Import-VoxelStack -LiteralPath $path
        $image | Should -BeOfType ([MicroMorph.Core.Imaging.PhaseImage])
        $image.Metadata['Tiff.PageCount'] | Should -Be '32'
        $image.Metadata.ContainsKey('Source.Tiff.Format') | Should -BeTrue
        $image.Metadata['Derived'] | Should -BeExactly 'crop 0,0,0 +32x32x32; phases 0=Pore, 85=NMC, 170=CBD'
    }
}

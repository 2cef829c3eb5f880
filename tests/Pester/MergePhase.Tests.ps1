# Merge-Phase: joins phases of a phase image into one new phase (taking the lowest label and all
# their voxels) in a new image, leaving the input unchanged; refuses unknown phases and taken names.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # Rows y = 0, 1 are CBD (label 2), row y = 2 is graphite (label 5), the rest pore, in an 8^3 box.
    $l = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
    foreach ($z in 0..7) { foreach ($x in 0..7) { $l.SetValue($x, 0, $z, 2); $l.SetValue($x, 1, $z, 2); $l.SetValue($x, 2, $z, 5) } }
    $p = $l | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 2 = 'CBD'; 5 = 'Graphite' } -ErrorAction Stop
}

Describe 'Merge-Phase' {
    It 'gives the merged phase the lowest label and all the voxels of its parts' {
        $merged = $p | Merge-Phase -Phase Graphite, CBD -Name Solid -ErrorAction Stop
        @($merged).Count | Should -Be 1
        $merged.Phases | ForEach-Object ToString | Should -Be '0 Pore', '2 Solid'
        $labels = foreach ($z in 0..7) { foreach ($y in 0..7) { foreach ($x in 0..7) { $merged.GetLabel($x, $y, $z) } } }
        $labels | Select-Object -Unique | Sort-Object | Should -Be 0, 2
        @($labels | Where-Object { $_ -eq 2 }).Count | Should -Be (3 * 8 * 8)
        # The input is unchanged.
        $p.Phases.Count | Should -Be 3
        $p.GetLabel(0, 2, 0) | Should -Be 5
    }

    It 'refuses <Case> (<ErrorId>)' -ForEach @(
        @{ Case = 'an unknown phase'; Phase = 'Graphite', 'Binder'; Name = 'Solid'; ErrorId = 'PhaseNotFound' }
        @{ Case = 'the name of a phase that remains'; Phase = 'Graphite', 'CBD'; Name = 'Pore'; ErrorId = 'DuplicatePhaseName' }
    ) {
        $p | Merge-Phase -Phase $Phase -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain $ErrorId
    }
}

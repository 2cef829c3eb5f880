# What a newcomer gets wrong on the first day (issue 18, items 4, 8, 9 and 10): the wrong object piped
# in, a phase that does not percolate, -Verbose, and a -Path that names a file with wildcard characters.
# Each answer must say what happened and what to do, in MicroMorph's words.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # An 8 x 8 x 8 grey stack (uncalibrated) and a labelled 8 x 8 x 8 scene, voxel 0.5 um:
    #   label 1 (Solid) fills the slices z < 5 (touches the inlet face z = 0, not the outlet face z = 7);
    #   label 2 (Rod) is a 2 x 2 column along z at x, y in 0..1 (reaches both z faces);
    #   label 0 (Pore) is the rest.
    $grey = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
    $labels = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
    foreach ($z in 0..7) { foreach ($y in 0..7) { foreach ($x in 0..7) {
                $grey.SetValue($x, $y, $z, ($x + $y + $z) * 10)
                $label = if ($x -lt 2 -and $y -lt 2) { 2 } elseif ($z -lt 5) { 1 } else { 0 }
                $labels.SetValue($x, $y, $z, $label) } } }
    $labels.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(0.5, 'um')
    $scene = $labels | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Solid'; 2 = 'Rod' }

    # The one error a command reports for piped input, as a user at the prompt sees it.
    function Get-PipedError([scriptblock] $Command) {
        $run = Invoke-UserCommand $Command
        $run.Output | Should -BeNullOrEmpty
        @($run.Errors).Count | Should -Be 1
        $run.Errors[0]
    }

    # The verbose lines of a command (stream 4 merged into the output).
    function Get-VerboseText([scriptblock] $Command) {
        (& $Command 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n"
    }
}

Describe 'The wrong object piped in (item 4)' {
    It '<Name>: a grey VoxelStack gets a MicroMorph error that says to pipe it through ConvertTo-PhaseImage' -ForEach @(
        @{ Name = 'Measure-EffectiveTortuosity'; Command = { $grey | Measure-EffectiveTortuosity } }
        @{ Name = 'Measure-Constrictivity'; Command = { $grey | Measure-Constrictivity } }
    ) {
        $e = Get-PipedError $Command
        # PowerShell reports a failed transformation under its own id; ours is the inner exception's.
        Get-ErrorId @($e) | Should -Be 'ParameterArgumentTransformationError'
        $e.Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $e.TargetObject | Should -Be $grey
        $e.Exception.Message | Should -Match 'VoxelStack \(8 x 8 x 8 UInt8\)'
        $e.Exception.Message | Should -Match 'needs a PhaseImage'
        $e.Exception.Message | Should -Match 'ConvertTo-PhaseImage'
        $e.Exception.Message | Should -Match 'Invoke-Trinarization'
    }

    It 'the same message for -InputObject given by name' {
        $run = Invoke-UserCommand { Measure-Constrictivity -InputObject $grey }
        $run.ErrorId | Should -Be 'ParameterArgumentTransformationError'
        $run.Errors[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $run.Errors[0].Exception.Message | Should -Match 'ConvertTo-PhaseImage'
    }

    It 'a path string into Measure-VoxelStack says to import it first' {
        $e = Get-PipedError { 'sample.tif' | Measure-VoxelStack }
        $e.Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $e.TargetObject | Should -Be 'sample.tif'
        $e.Exception.Message | Should -Match "'sample\.tif' is a path, not a volume"
        $e.Exception.Message | Should -Match "Import-VoxelStack -LiteralPath 'sample\.tif'"
    }

    It 'any other object is named, with what the command takes: <Name>' -ForEach @(
        @{ Name = 'a hashtable'; Bad = { @{ Phase = 'Pore' } }; Passed = 'The input Hashtable is not a volume' }
        @{ Name = 'an array given by name'; Bad = { , @($scene, $scene) }; Passed = 'The input Object\[\] holds 2 objects; -InputObject takes one at a time' }
    ) {
        $bad = & $Bad
        $run = Invoke-UserCommand { Measure-VoxelStack -InputObject $bad }
        $run.Errors[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $run.Errors[0].Exception.Message | Should -Match $Passed
    }

    It 'a volume that went through serialization (a job, a remote session) is named as such' {
        $deserialized = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($scene))
        $e = Get-PipedError { $deserialized | Measure-Constrictivity }
        $e.Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $e.Exception.Message | Should -Match 'deserialized PhaseImage'
    }

    It 'a Get-Particle result into a phase cmdlet says to pipe its .PhaseImage' {
        $particles = $scene | Get-Particle -Phase Rod
        $e = Get-PipedError { $particles | Measure-EffectiveTortuosity -Phase Rod }
        $e.Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $e.Exception.Message | Should -Match '\.PhaseImage'
    }

    It 'a phase image into a particle cmdlet says to run Get-Particle first' {
        $e = Get-PipedError { $scene | Measure-Particle }
        $e.Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $e.Exception.Message | Should -Match 'Get-Particle'
    }

    It 'a Get-Particle result into Export-VoxelStack exports its label volume' {
        # One particle: the rod (2 x 2 x 8 voxels at x, y < 2), label 1; 0 elsewhere.
        $particles = $scene | Get-Particle -Phase Rod
        $particles.Count | Should -Be 1
        $path = Join-Path $TestDrive 'particles.tif'
        $particles | Export-VoxelStack -Path $path
        $back = Import-VoxelStack -LiteralPath $path
        $back.DataType | Should -Be 'UInt32'
        $back.Dimensions | Should -Be '8 x 8 x 8'
        $stats = $back | Measure-VoxelStack
        $stats.Maximum | Should -Be 1
        $stats.Sum | Should -Be 32
        $back.GetValue(1, 1, 7) | Should -Be 1
        $back.GetValue(2, 1, 7) | Should -Be 0
    }

    It 'the right objects still bind and the documented types are unchanged' {
        ($scene | Measure-VoxelStack -Phase Rod).VoxelCount | Should -Be 32
        (Get-Command Measure-EffectiveTortuosity).Parameters['InputObject'].ParameterType | Should -Be ([MicroMorph.Core.Imaging.PhaseImage])
        (Get-Command Export-VoxelStack).Parameters['InputObject'].ParameterType | Should -Be ([MicroMorph.Core.Imaging.Volume])
    }
}

Describe 'A phase that does not percolate (item 8)' {
    It 'all three cmdlets warn in the same words: <Name>' -ForEach @(
        @{ Name = 'Measure-Constrictivity' }
        @{ Name = 'Measure-EffectiveTortuosity' }
        @{ Name = 'Measure-GeodesicTortuosity' }
    ) {
        # Solid fills z < 5: joined to the inlet face z = 0, not to the outlet face z = 7.
        $result = $scene | & $Name -Phase Solid -Direction Z -WarningVariable warnings -WarningAction SilentlyContinue
        @($result).Count | Should -Be 1
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match "^The phase 'Solid' does not percolate along Z: "
    }

    It 'Measure-Constrictivity says so even when RMin is not 0 (most of the phase is reached from the inlet)' {
        # Solid fills z < 5 completely: all of it is reached from z = 0, none of it reaches z = 7.
        $r = $scene | Measure-Constrictivity -Phase Solid -Direction Z -WarningVariable warnings -WarningAction SilentlyContinue
        $r.Percolates | Should -BeFalse
        $r.RMin | Should -BeGreaterThan 0
        $warnings[0].Message | Should -Match 'describe only the part reached from the inlet'
    }

    It 'Measure-Constrictivity does not warn for a phase that percolates: <Phase> along <Direction>' -ForEach @(
        @{ Phase = 'Rod'; Direction = 'Z' }
        @{ Phase = 'Solid'; Direction = 'X' }
        @{ Phase = 'Solid'; Direction = 'Y' }
    ) {
        $r = $scene | Measure-Constrictivity -Phase $Phase -Direction $Direction -WarningVariable warnings
        $r.Percolates | Should -BeTrue
        $warnings | Should -BeNullOrEmpty
    }

    It 'Measure-Constrictivity warns for a phase joined to both faces in one direction but not the other' {
        # Pore lies at z >= 5: it reaches the outlet face z = 7 but not the inlet face z = 0.
        $r = $scene | Measure-Constrictivity -Phase Pore -Direction Z, X -WarningVariable warnings -WarningAction SilentlyContinue
        ($r | Where-Object Direction -EQ 'Z').Percolates | Should -BeFalse
        ($r | Where-Object Direction -EQ 'X').Percolates | Should -BeTrue
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match "^The phase 'Pore' does not percolate along Z: "
    }
}

Describe '-Verbose says what was read, decided and solved (item 9)' {
    It 'Import-VoxelStack: format, dimensions, page count, compression, data type, voxel size and its source' {
        $path = Join-Path $TestDrive 'verbose.tif'
        $scene | Export-VoxelStack -Path $path
        $text = Get-VerboseText { Import-VoxelStack -Path $path -Verbose }
        $text | Should -Match 'as TIFF'
        $text | Should -Match 'Read 8 x 8 x 8 voxels of UInt8'
        $text | Should -Match 'Tiff\.PageCount = 8'
        $text | Should -Match 'Tiff\.Compression = '
        $text | Should -Match 'Voxel size 0\.5 (um|µm): read from the file'
        $text | Should -Match 'phase table: 0 Pore, 1 Solid, 2 Rod'

        $text = Get-VerboseText { Import-VoxelStack -Path $path -VoxelSize 2 -Unit nm -Verbose }
        $text | Should -Match 'Voxel size 2 nm: from -VoxelSize/-Unit \(the file gave 0\.5 (um|µm)\)'
    }

    It 'ConvertTo-PhaseImage: the table used and the voxels of each label' {
        # Rod: 2 x 2 x 8 = 32 voxels; Solid: (64 - 4) x 5 = 300; Pore: 512 - 332 = 180.
        $text = Get-VerboseText { $labels | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Solid'; 2 = 'Rod' } -Verbose }
        $text | Should -Match '0 = Pore, 1 = Solid, 2 = Rod'
        $text | Should -Match '3 label\(s\) present: 0 \(Pore\): 180 voxels, 35\.16 %, 1 \(Solid\): 300 voxels, 58\.59 %, 2 \(Rod\): 32 voxels, 6\.25 %'
    }

    It 'Measure-EffectiveTortuosity: unknowns, iterations, residual and time' {
        # The rod is a straight 2 x 2 channel: 32 unknowns, tau_eff = 1.
        $text = Get-VerboseText { $scene | Measure-EffectiveTortuosity -Phase Rod -Verbose }
        $text | Should -Match "Conduction through 'Rod' along Z"
        $text | Should -Match '32 unknowns'
        $text | Should -Match 'conjugate gradient: \d+ iterations, relative residual \d\.\d\dE[-+]\d+ \(tolerance 1\.00E-006\), converged'
        $text | Should -Match 'tau_eff = (1|0\.99999\d*|1\.00000\d*),'
        $text | Should -Match '\d+\.\d\d s\.$'
    }

    It 'Measure-Constrictivity: RMax, RMin, percolation and time' {
        $text = Get-VerboseText { $scene | Measure-Constrictivity -Phase Rod -Verbose }
        $text | Should -Match "Constrictivity of 'Rod' along Z"
        $text | Should -Match 'RMax = [\d.]+ um'
        $text | Should -Match 'RMin = [\d.]+ um'
        $text | Should -Match 'reaches the outlet face'
        $text | Should -Match '\d+\.\d\d s\.$'
    }
}

Describe 'A -Path with wildcard characters that names an existing file (item 10)' {
    BeforeAll {
        $bracketed = Join-Path $TestDrive 'sample[1].tif'
        $scene | Export-VoxelStack -LiteralPath $bracketed
    }

    It 'Import-VoxelStack -Path reports PathNotFound with the -LiteralPath hint' {
        $run = Invoke-UserCommand { Import-VoxelStack -Path $bracketed }
        $run.ErrorId | Should -Be 'PathNotFound'
        $run.Output | Should -BeNullOrEmpty
        $message = $run.Errors[0].Exception.Message
        $message | Should -Match 'wildcard'
        $message | Should -BeLikeExactly "*Use -LiteralPath '$([WildcardPattern]::Escape($bracketed))'*"
        $message | Should -BeLikeExactly "*$([WildcardPattern]::Escape([WildcardPattern]::Escape($bracketed)))*"
    }

    It 'the hint works: -LiteralPath reads the file' {
        (Import-VoxelStack -LiteralPath $bracketed).Dimensions | Should -Be '8 x 8 x 8'
    }

    It 'a wildcard path that names nothing keeps the plain message' {
        $run = Invoke-UserCommand { Import-VoxelStack -Path (Join-Path $TestDrive 'nothing[2].tif') }
        $run.ErrorId | Should -Be 'PathNotFound'
        $run.Errors[0].Exception.Message | Should -Not -Match 'LiteralPath'
    }
}

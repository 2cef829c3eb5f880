# The etiquette of every cmdlet that writes files (those with SupportsShouldProcess): -WhatIf writes
# nothing, an existing file is refused (OutputExists) and left unchanged unless -Force, -PassThru returns
# the FileInfo of each file written, a missing folder or a folder as the target gives a clear error,
# PowerShell paths (relative, TestDrive:, wildcard characters) mean what they mean in pwsh, and no
# refused, failed or stopped write leaves a file or a temporary file (".name.xxxxxxxx.tmp") behind.
BeforeDiscovery {
    . $PSScriptRoot/TestSetup.ps1
    $script:Writers = @(Get-Command -Module MicroMorph | Where-Object { $_.Parameters.ContainsKey('WhatIf') } | ForEach-Object Name | Sort-Object)
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    $Volume = New-BooleanModel -Size 8 -Intensity 0.004 -Radius 3 -Seed 1
    $FloatVolume = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 4, 'Float32')
    $Descriptors = $Volume | Measure-Constrictivity
    $Impedance = $Volume | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -AngularFrequency 1e-2 -NoThroughTortuosity
    $Schmahl = New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 6 -Count 2 -Seed 3 |
        Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 5 -SampleCount 10 -Seed 1
    $phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(20, 20, 4, 5, 0.35, 12, [MicroMorph.Core.Parallelism.ComputeOptions]::Default)
    $labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($phantom.Item2, [int[]]@(1))
    $Classifier = New-VoxelClassifier $phantom.Item1 $labels -Feature GaussianSmoothing -Sigma 1 -Dimensions 2 -TreeCount 2 -Seed 1

    # A new empty folder under TestDrive for one test.
    function New-TestFolder {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
        $dir
    }

    # Everything in a folder, hidden (dot) files included: the writers' temporary files are dot files.
    function Get-FolderContent([string] $Folder) {
        @(Get-ChildItem -LiteralPath $Folder -Force -Recurse | ForEach-Object Name | Sort-Object)
    }

    # Runs a writer row on its input with -Path and extra parameters; errors come back in the output.
    function Invoke-Writer([hashtable] $Row, [string] $Path, [hashtable] $Extra = @{}) {
        $ErrorActionPreference = 'Continue' # non-terminating errors stay non-terminating (the runner sets Stop)
        $parameters = $Row.Parameters.Clone()
        foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
        & $Row.Input | & $Row.Command -Path $Path @parameters
    }

    function Split-Output($Output) {
        @{
            Errors  = @($Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Objects = @($Output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        }
    }
}

Describe 'Writers' {
    # One row per way of writing: the files that appear for -Path <folder>/out.<Extension>, and a bad input that must fail cleanly.
    $rows = @(
        @{ Command = 'Export-VoxelStack'; Format = 'TIFF'; Extension = 'tif'; Input = { $Volume }; Parameters = @{}; Files = @('out.tif')
            Failure = 'an HDF5 dataset path that is not one'; FailureId = 'InvalidHdf5DatasetPath'; FailInput = { $Volume }; FailParameters = @{ Format = 'Hdf5'; Dataset = '/' } }
        @{ Command = 'Export-VoxelStack'; Format = 'MetaImage'; Extension = 'mhd'; Input = { $Volume }; Parameters = @{}; Files = @('out.mhd', 'out.raw')
            Failure = 'an unknown extension'; FailureId = 'UnknownOutputFormat'; FailInput = { $Volume }; FailParameters = @{}; FailExtension = 'xyz' }
        @{ Command = 'Export-VoxelStack'; Format = 'PNG slices'; Extension = 'png'; Input = { $Volume }; Parameters = @{}; Files = @(0..7 | ForEach-Object { 'out_{0:D4}.png' -f $_ })
            Failure = 'a Float32 volume'; FailureId = 'FormatCannotHoldDataType'; FailInput = { $FloatVolume }; FailParameters = @{} }
        @{ Command = 'Export-VoxelStack'; Format = 'HDF5'; Extension = 'h5'; Input = { $Volume }; Parameters = @{ Dataset = '/volume' }; Files = @('out.h5')
            Failure = 'the root as dataset'; FailureId = 'InvalidHdf5DatasetPath'; FailInput = { $Volume }; FailParameters = @{ Dataset = '/' } }
        @{ Command = 'Export-VoxelSlice'; Format = 'PNG'; Extension = 'png'; Input = { $Volume }; Parameters = @{ Scale = 4 }; Files = @('out.png')
            Failure = 'a slice outside the volume'; FailureId = 'SliceOutOfRange'; FailInput = { $Volume }; FailParameters = @{ Slice = 99 } }
        @{ Command = 'Export-DescriptorPlot'; Format = 'PNG'; Extension = 'png'; Input = { $Descriptors }; Parameters = @{}; Files = @('out.png')
            Failure = 'strings piped in'; FailureId = 'NotAPlottableResult'; FailInput = { 'not', 'results' }; FailParameters = @{} }
        @{ Command = 'Export-LinePlot'; Format = 'PNG'; Extension = 'png'; Input = { 1..4 | ForEach-Object { [pscustomobject]@{ X = $_; Y = $_ * $_ } } }; Parameters = @{ X = 'X'; Y = 'Y' }; Files = @('out.png')
            Failure = 'a value that is not a number'; FailureId = 'NonNumericPlotValue'; FailInput = { [pscustomobject]@{ X = 'one'; Y = 1 } }; FailParameters = @{ X = 'X'; Y = 'Y' } }
        @{ Command = 'Export-MixingPlot'; Format = 'PNG'; Extension = 'png'; Input = { $Schmahl }; Parameters = @{}; Files = @('out.png')
            Failure = 'a volume piped in'; FailureId = 'NotAPlottableResult'; FailInput = { $Volume }; FailParameters = @{} }
        @{ Command = 'Export-DescriptorPlot'; Format = 'SVG'; Extension = 'svg'; Input = { $Descriptors }; Parameters = @{}; Files = @('out.svg')
            Failure = 'an extension that is neither png nor svg'; FailureId = 'UnsupportedPlotFormat'; FailInput = { $Descriptors }; FailParameters = @{}; FailExtension = 'jpg' }
        @{ Command = 'Export-LinePlot'; Format = 'SVG'; Extension = 'svg'; Input = { 1..4 | ForEach-Object { [pscustomobject]@{ X = $_; Y = $_ * $_ } } }; Parameters = @{ X = 'X'; Y = 'Y' }; Files = @('out.svg')
            Failure = 'no positive value on a log axis'; FailureId = 'NothingToPlot'; FailInput = { [pscustomobject]@{ X = 0; Y = 1 } }; FailParameters = @{ X = 'X'; Y = 'Y'; LogX = $true } }
        @{ Command = 'Export-ImpedancePlot'; Format = 'PNG'; Extension = 'png'; Input = { $Impedance }; Parameters = @{ Kind = 'Bode' }; Files = @('out.png')
            Failure = 'a volume piped in'; FailureId = 'NotAnImpedanceResult'; FailInput = { $Volume }; FailParameters = @{} }
        @{ Command = 'Export-MixingPlot'; Format = 'SVG'; Extension = 'svg'; Input = { $Schmahl }; Parameters = @{ Kind = 'Heatmap' }; Files = @('out.svg')
            Failure = 'an extension that is neither png nor svg'; FailureId = 'UnsupportedPlotFormat'; FailInput = { $Schmahl }; FailParameters = @{}; FailExtension = 'pdf' }
        @{ Command = 'Export-VoxelClassifier'; Format = 'mmclf'; Extension = 'mmclf'; Input = { $Classifier }; Parameters = @{}; Files = @('out.mmclf')
            Failure = 'a folder as the target'; FailureId = 'OutputIsDirectory'; FailInput = { $Classifier }; FailParameters = @{}; FailIsFolder = $true }
    )

    It 'has a row for every cmdlet with SupportsShouldProcess: <Writer>' -ForEach @($Writers | ForEach-Object { @{ Writer = $_; Covered = @($rows.Command) } }) {
        $Covered | Should -Contain $Writer
    }

    Context '<Command> (<Format>)' -ForEach $rows {
        It '-WhatIf writes nothing and returns nothing' {
            $dir = New-TestFolder
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ WhatIf = $true; PassThru = $true } 2>&1)
            $out.Errors | Should -BeNullOrEmpty
            $out.Objects | Should -BeNullOrEmpty
            Get-FolderContent $dir | Should -BeNullOrEmpty
        }

        It 'writes <Files> and nothing else; -PassThru returns the FileInfo of each' {
            $dir = New-TestFolder
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ PassThru = $true } 2>&1)
            $out.Errors | Should -BeNullOrEmpty
            Get-FolderContent $dir | Should -Be ($Files | Sort-Object)
            $out.Objects | ForEach-Object { $_ | Should -BeOfType [System.IO.FileInfo] }
            @($out.Objects.FullName | Sort-Object) | Should -Be @($Files | ForEach-Object { Join-Path $dir $_ } | Sort-Object)
            $out.Objects | ForEach-Object { $_.Exists | Should -BeTrue; $_.Length | Should -BeGreaterThan 0 }
        }

        It 'returns nothing without -PassThru' {
            $dir = New-TestFolder
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") 2>&1)
            $out.Errors | Should -BeNullOrEmpty
            $out.Objects | Should -BeNullOrEmpty
            Get-FolderContent $dir | Should -Be ($Files | Sort-Object)
        }

        It 'refuses an existing <Files> with OutputExists, leaves it unchanged and writes nothing else' {
            $dir = New-TestFolder
            $existing = Join-Path $dir $Files[-1]
            Set-Content -LiteralPath $existing -Value 'an earlier result' -NoNewline
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ PassThru = $true } 2>&1)
            Get-ErrorId $out.Errors | Should -Be 'OutputExists'
            $out.Errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            $out.Errors[0].Exception.Message | Should -Match '-Force'
            $out.Objects | Should -BeNullOrEmpty
            Get-Content -LiteralPath $existing -Raw | Should -Be 'an earlier result'
            Get-FolderContent $dir | Should -Be (Split-Path $existing -Leaf)
        }

        It '-WhatIf leaves an existing file unchanged' {
            $dir = New-TestFolder
            $existing = Join-Path $dir $Files[0]
            Set-Content -LiteralPath $existing -Value 'an earlier result' -NoNewline
            $null = Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ WhatIf = $true; Force = $true } 2>&1
            Get-Content -LiteralPath $existing -Raw | Should -Be 'an earlier result'
            Get-FolderContent $dir | Should -Be (Split-Path $existing -Leaf)
        }

        It '-WhatIf without -Force on an existing file reports OutputExists, as the write itself would' {
            $dir = New-TestFolder
            $existing = Join-Path $dir $Files[0]
            Set-Content -LiteralPath $existing -Value 'an earlier result' -NoNewline
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ WhatIf = $true } 2>&1)
            Get-ErrorId $out.Errors | Should -Be 'OutputExists'
            Get-Content -LiteralPath $existing -Raw | Should -Be 'an earlier result'
        }

        It '-Force overwrites an existing file' {
            $dir = New-TestFolder
            $existing = Join-Path $dir $Files[0]
            Set-Content -LiteralPath $existing -Value 'an earlier result' -NoNewline
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ Force = $true; PassThru = $true } 2>&1)
            $out.Errors | Should -BeNullOrEmpty
            Get-Content -LiteralPath $existing -Raw | Should -Not -Be 'an earlier result'
            Get-FolderContent $dir | Should -Be ($Files | Sort-Object)
            $out.Objects.FullName | Should -Contain $existing
        }

        It 'a path in a missing folder gives OutputDirectoryNotFound naming the folder, and creates nothing' {
            $dir = New-TestFolder
            $missing = Join-Path $dir 'missing'
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $missing "out.$Extension") @{ PassThru = $true; Force = $true } 2>&1)
            Get-ErrorId $out.Errors | Should -Be 'OutputDirectoryNotFound'
            $out.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $out.Errors[0].Exception.Message | Should -BeLike "*$missing*"
            Test-Path -LiteralPath $missing | Should -BeFalse
            Get-FolderContent $dir | Should -BeNullOrEmpty
        }

        It 'a folder as the target gives OutputIsDirectory, also with -Force' {
            $dir = New-TestFolder
            $folderTarget = Join-Path $dir $Files[0]
            New-Item -ItemType Directory -Path $folderTarget | Out-Null
            $out = Split-Output @(Invoke-Writer $_ (Join-Path $dir "out.$Extension") @{ Force = $true } 2>&1)
            Get-ErrorId $out.Errors | Should -Be 'OutputIsDirectory'
            Test-Path -LiteralPath $folderTarget -PathType Container | Should -BeTrue
            Get-FolderContent $dir | Should -Be (Split-Path $folderTarget -Leaf)
        }

        It 'a write that fails (<Failure>) gives <FailureId> and leaves no file and no temporary file' {
            $dir = New-TestFolder
            $extension = if ($_['FailExtension']) { $_['FailExtension'] } else { $Extension }
            $target = Join-Path $dir "out.$extension"
            if ($_['FailIsFolder']) { New-Item -ItemType Directory -Path $target | Out-Null }
            $failing = @{ Command = $Command; Input = $FailInput; Parameters = $FailParameters }
            $out = Split-Output @(Invoke-Writer $failing $target @{ Force = $true; PassThru = $true } 2>&1)
            Get-ErrorId $out.Errors | Should -Be $FailureId
            $out.Objects | Should -BeNullOrEmpty
            if ($_['FailIsFolder']) { Get-FolderContent $dir | Should -Be "out.$extension" } else { Get-FolderContent $dir | Should -BeNullOrEmpty }
        }

        It 'resolves a relative path against the PowerShell location' {
            $dir = New-TestFolder
            Push-Location -LiteralPath $dir
            try { $out = Split-Output @(Invoke-Writer $_ "./out.$Extension" 2>&1) } finally { Pop-Location }
            $out.Errors | Should -BeNullOrEmpty
            Get-FolderContent $dir | Should -Be ($Files | Sort-Object)
        }

        It 'takes a TestDrive: path and writes a name with wildcard characters literally' {
            $dir = New-TestFolder
            $drivePath = 'TestDrive:/' + (Split-Path $dir -Leaf) + "/out[1].$Extension"
            $out = Split-Output @(Invoke-Writer $_ $drivePath @{ PassThru = $true } 2>&1)
            $out.Errors | Should -BeNullOrEmpty
            Get-FolderContent $dir | Should -Be ($Files | ForEach-Object { $_ -replace '^out', 'out[1]' } | Sort-Object)
        }
    }
}

Describe 'Stop (Ctrl+C) during Export-VoxelStack' {
    # A 64 MiB volume is written in a second PowerShell instance; Stop() is called as soon as its
    # temporary file appears, so the write is stopped half way.
    It 'leaves neither <Name> nor a temporary file (<Format>)' -ForEach @(
        @{ Format = 'TIFF'; Name = 'big.tif' }
        @{ Format = 'HDF5'; Name = 'big.h5' }
        @{ Format = 'PNG slices'; Name = 'big.png' }
    ) {
        $dir = New-TestFolder
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$v = [MicroMorph.Core.Imaging.VoxelStack]::new(256, 256, 1024, 'UInt8')").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript("`$v | Export-VoxelStack -Path '$(Join-Path $dir $Name)'")
            $handle = $ps.BeginInvoke()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while (-not (Get-ChildItem -LiteralPath $dir -Force -Filter '*.tmp') -and -not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 20) {
                Start-Sleep -Milliseconds 5
            }
            $handle.IsCompleted | Should -BeFalse -Because 'the write should be under way when it is stopped'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Get-FolderContent $dir | Should -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'What -PassThru shows' {
    It 'the FileInfo of Export-VoxelStack -PassThru shows its size as Get-Item does' {
        $dir = New-TestFolder
        $file = $Volume | Export-VoxelStack -Path (Join-Path $dir 'shown.tif') -PassThru
        $shown = $file | Out-String -Width 120
        $shown | Should -Match "\b$($file.Length)\b" -Because "Get-Item shows:`n$(Get-Item -LiteralPath $file.FullName | Out-String -Width 120)"
    }
}

Describe 'A file name the file system takes' {
    It 'Export-VoxelStack writes a 250-character file name (the temporary name must not be longer than the system allows)' {
        $ErrorActionPreference = 'Continue'
        $dir = New-TestFolder
        $name = ('v' * 246) + '.tif'
        $probe = Join-Path $dir $name
        try { [System.IO.File]::WriteAllText($probe, 'probe'); Remove-Item -LiteralPath $probe }
        catch { Set-ItResult -Skipped -Because "this file system does not take a $($name.Length)-character name"; return }
        $out = Split-Output @($Volume | Export-VoxelStack -Path $probe -PassThru 2>&1)
        $out.Errors | ForEach-Object { $_.Exception.Message } | Should -BeNullOrEmpty
        Get-FolderContent $dir | Should -Be $name
    }
}

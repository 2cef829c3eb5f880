# Results across process and machine boundaries (issue 24): what PowerShell's serializer (Start-Job,
# Invoke-Command, Export-Clixml) makes of MicroMorph's objects, and PowerShell remoting over SSH
# against a throwaway sshd on 127.0.0.1 (LoopbackSsh.ps1). A result from another process renders
# through the module's view (the Deserialized. type names in MicroMorph.format.ps1xml) exactly as the
# local one; a volume crosses as its description (dimensions, voxel size, source path, content hash),
# never as its voxels, and handed to a cmdlet it says how to get the voxels back. Every view's round
# trip is checked in Formatting.Tests.ps1; here the mechanics and the SSH transport.
#
# The SSH part needs OpenSSH (sshd, ssh, ssh-keygen). .ci/run installs openssh-server and sets
# MICROMORPH_REQUIRE_SSH=1, so there it must run; elsewhere it is skipped with the reason when
# OpenSSH is missing. Measured 12 s on 2 cores at load 6, 30 s at load 10-19: sshd start, one session
# (pwsh start + module import on the far side), one Invoke-Command -HostName.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    . $PSScriptRoot/LoopbackSsh.ps1
    $Serializer = [System.Management.Automation.PSSerializer]
    # What a job or a remote session hands back: the object serialized at the default depth and read again.
    function ConvertTo-Deserialized($InputObject) { $Serializer::Deserialize($Serializer::Serialize($InputObject)) }
    $Phases = @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
    $Edge = 100 / 256
}

Describe 'The format views name their Deserialized twins' {
    It 'every view also selects the Deserialized. twin of each MicroMorph type it selects' {
        $format = [xml](Get-Content -Raw (Join-Path $RepositoryRoot 'module/MicroMorph.format.ps1xml'))
        $views = @($format.Configuration.ViewDefinitions.View)
        $views.Count | Should -BeGreaterThan 30
        $missing = foreach ($view in $views) {
            $names = @($view.ViewSelectedBy.TypeName)
            foreach ($name in $names | Where-Object { $_ -like 'MicroMorph.*' }) {
                if ("Deserialized.$name" -notin $names) { "$($view.Name) (Deserialized.$name)" }
            }
        }
        $missing | Should -BeNullOrEmpty -Because 'a result received from Start-Job or Invoke-Command must render like the local one: add <TypeName>Deserialized.…</TypeName> to the view'
    }
}

Describe 'A volume crosses a process boundary as its description, never as its voxels' {
    BeforeAll {
        $ErrorActionPreference = 'Stop'
        $electrode = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize $Edge -Unit µm
        $phaseImage = $electrode | ConvertTo-PhaseImage -Phase $Phases
    }

    It 'a 16 MiB VoxelStack serializes to a few kilobytes with its dimensions, voxel size, source and content hash' {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $xml = $Serializer::Serialize($electrode)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $xml.Length | Should -BeLessThan 8KB
        $back = $Serializer::Deserialize($xml)
        $back.PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroMorph.Core.Imaging.VoxelStack'
        $back.Width, $back.Height, $back.Depth | Should -Be 256, 256, 256
        $back.DataType | Should -Be 'UInt8'
        $back.Source | Should -Be $ElectrodePath
        $back.ContentHash | Should -Be $electrode.ContentHash
        $back.SizeMiB | Should -Be 16
        "$($back.VoxelSize)" | Should -Be "$($electrode.VoxelSize)"
        # A fixed list (MicroMorph.types.ps1xml, SerializationMethod SpecificProperties): no property
        # added to the volume types later can carry voxels out of the process.
        $back.PSObject.Properties.Name | Sort-Object | Should -Be @(
            'ByteCount', 'ContentHash', 'DataType', 'Depth', 'Dimensions', 'Height', 'IsFileBacked', 'Metadata',
            'ShortContentHash', 'SizeMiB', 'Source', 'VoxelCount', 'VoxelSize', 'Width' | Sort-Object)
    }

    It 'renders through the VoxelStack and PhaseImage views like the live volume' {
        foreach ($volume in $electrode, $phaseImage) {
            (ConvertTo-Deserialized $volume | Show-AsConsole -Width 80) | Should -Be ($volume | Show-AsConsole -Width 80)
        }
    }

    It 'a deserialized PhaseImage keeps its phase names' {
        $back = ConvertTo-Deserialized $phaseImage
        @($back.Phases) | Should -Be '0 Pore', '85 NMC', '170 CBD'
    }

    It 'handed to a cmdlet, says WrongInputType and how to read the voxels again from its source' {
        $back = ConvertTo-Deserialized $phaseImage
        $r = Invoke-UserCommand { $back | Measure-VoxelStack }
        $r.Output | Should -BeNullOrEmpty
        $r.Errors[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
        $message = $r.Errors[0].Exception.InnerException.Message
        $message | Should -Match 'deserialized PhaseImage'
        $message | Should -Match ([regex]::Escape("Import-VoxelStack -LiteralPath '$ElectrodePath'"))
    }

    It 'a result of a measurement round-trips with the same numbers, bit for bit' {
        $local = @($phaseImage | Measure-IntrinsicVolume)
        $back = @($local | ForEach-Object { ConvertTo-Deserialized $_ })
        $back.Count | Should -Be 3
        for ($i = 0; $i -lt 3; $i++) {
            foreach ($name in 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity') {
                $back[$i].$name | Should -BeExactly $local[$i].$name
            }
        }
        ($back | Show-AsConsole -Width 80) | Should -Be ($local | Show-AsConsole -Width 80)
    }
}

Describe 'Results saved with Export-Clixml' {
    It 'read back with Import-Clixml, render as the live results and keep their numbers' {
        $ErrorActionPreference = 'Stop'
        $image = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize $Edge -Unit µm | ConvertTo-PhaseImage -Phase $Phases
        $results = @($image | Measure-IntrinsicVolume) + @($image | Measure-VoxelStack)
        $file = Join-Path $TestDrive 'results.clixml'
        @($image) + $results | Export-Clixml -LiteralPath $file
        (Get-Item -LiteralPath $file).Length | Should -BeLessThan 64KB -Because 'the volume is saved as its description'
        $back = @(Import-Clixml -LiteralPath $file)
        $back.Count | Should -Be (1 + $results.Count)
        $back[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroMorph.Core.Imaging.PhaseImage'
        ($back[1..($back.Count - 1)] | Show-AsConsole -Width 80) | Should -Be ($results | Show-AsConsole -Width 80)
        $back[1].SurfaceDensity | Should -BeExactly $results[0].SurfaceDensity
    }
}

Describe 'Results received from another process feed Get-DescriptorCurve and the plot cmdlets' {
    BeforeAll {
        $ErrorActionPreference = 'Stop'
        $pores = New-BooleanModel -Size 24 -Intensity 0.032 -Radius 1.5 -Seed 1 -VoxelSize 0.5 -Unit µm
        $script:Live = @{
            Constrictivity = $pores | Measure-Constrictivity -Phase Pore
            TwoPoint       = $pores | Measure-TwoPointCoverage -Phase Solid -MaxDistance 3
            Geodesic       = $pores | Measure-GeodesicTortuosity -Phase Pore
            Impedance      = $pores | Measure-ElectrodeImpedance @{ Pore = 1 } Solid -ElectrolyteConductivity 1 -DoubleLayerCapacitance 0.1 -PointsPerDecade 1
        }
    }

    It 'Get-DescriptorCurve gives the same rows, bit for bit, from a deserialized <_> result' -ForEach 'Constrictivity', 'TwoPoint', 'Geodesic', 'Impedance' {
        $result = $Live[$_]
        $back = ConvertTo-Deserialized $result
        $back.PSObject.TypeNames[0] | Should -BeLike 'Deserialized.MicroMorph.Core.*'
        $expected = @($result | Get-DescriptorCurve | ConvertTo-Csv)
        $expected.Count | Should -BeGreaterThan 3
        @($back | Get-DescriptorCurve | ConvertTo-Csv) | Should -Be $expected
    }

    It 'Export-DescriptorPlot and Export-ImpedancePlot draw deserialized results as they draw the live ones' {
        $fromLive = Join-Path $TestDrive 'live.svg'; $fromBack = Join-Path $TestDrive 'back.svg'
        # (Skia numbers the clip paths of an SVG with a counter that runs on between pictures.)
        $same = { param($a, $b) ((Get-Content -Raw -LiteralPath $a) -replace 'cl_[0-9a-f]+', 'cl') | Should -Be ((Get-Content -Raw -LiteralPath $b) -replace 'cl_[0-9a-f]+', 'cl') }
        $Live.Constrictivity | Export-DescriptorPlot -Path $fromLive -Force
        ConvertTo-Deserialized $Live.Constrictivity | Export-DescriptorPlot -Path $fromBack -Force
        & $same $fromBack $fromLive
        $Live.Impedance | Export-ImpedancePlot -Path $fromLive -Force
        ConvertTo-Deserialized $Live.Impedance | Export-ImpedancePlot -Path $fromBack -Force
        & $same $fromBack $fromLive
    }

    It 'a deserialized object that is not a result keeps its error (NoDescriptorCurve)' {
        $r = Invoke-UserCommand { ConvertTo-Deserialized ([pscustomobject]@{ A = 1 }) | Get-DescriptorCurve }
        $r.ErrorId | Should -Contain 'NoDescriptorCurve'
    }
}

Describe 'Invoke-Command -HostName over SSH (a loopback sshd on 127.0.0.1)' {
    BeforeAll {
        $ErrorActionPreference = 'Stop'
        $Ssh = Start-LoopbackSshd -Folder $TestDrive
        $Session = $null
        if ($Ssh.Available) {
            $parameters = $Ssh.SessionParameters
            $Session = New-PSSession @parameters
            # The far side finds the module by path (here the same checkout; on a lab machine its own installation).
            $RemoteModule = Invoke-Command -Session $Session -ArgumentList $ModuleManifest -ScriptBlock {
                param($manifest)
                Import-Module $manifest
                [pscustomobject]@{ Pid = $PID; Version = (Get-Module MicroMorph).Version.ToString(); Commands = @(Get-Command -Module MicroMorph).Count }
            }
        }
        $SkipReason = if (-not $Ssh.Available) { $Ssh.Reason }
    }

    AfterAll {
        if ($Session) { Remove-PSSession -Session $Session }
        Stop-LoopbackSshd $Ssh
    }

    It 'listens on 127.0.0.1 only and imports MicroMorph by path in a separate pwsh' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        Get-Content -LiteralPath (Join-Path $Ssh.Folder 'sshd_config') | Should -Contain 'ListenAddress 127.0.0.1'
        $RemoteModule.Pid | Should -Not -Be $PID
        $RemoteModule.Version | Should -Be (Get-Module MicroMorph).Version.ToString()
        $RemoteModule.Commands | Should -Be @(Get-Command -Module MicroMorph).Count
    }

    It 'returns results rendered by the module''s view, as the local ones are' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $measure = { param($path, $edge, $phases) Import-VoxelStack -LiteralPath $path -VoxelSize $edge -Unit µm | ConvertTo-PhaseImage -Phase $phases | Measure-IntrinsicVolume }
        $local = @(& $measure $ElectrodePath $Edge $Phases)
        $remote = @(Invoke-Command -Session $Session -ScriptBlock $measure -ArgumentList $ElectrodePath, $Edge, $Phases)
        $remote.Count | Should -Be 3
        $remote[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroMorph.Core.Descriptors.IntrinsicVolumeResult'
        $remote[0].PSComputerName | Should -Be '127.0.0.1'
        # TauFactor's published fractions for the sample, computed on the far side.
        $remote.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -RelativeTolerance 1e-4
        for ($i = 0; $i -lt 3; $i++) { $remote[$i].SurfaceDensity | Should -BeExactly $local[$i].SurfaceDensity }

        # The table the user sees: the view's columns and digits, plus PSComputerName, which
        # PowerShell adds to remote objects; without it (-HideComputerName) the very same text.
        $hidden = @(Invoke-Command -Session $Session -ScriptBlock $measure -ArgumentList $ElectrodePath, $Edge, $Phases -HideComputerName)
        $localText = $local | Show-AsConsole -Width 80
        ($hidden | Show-AsConsole -Width 80) | Should -Be $localText
        $remoteText = $remote | Show-AsConsole -Width 120
        $remoteText | Should -Match 'Phase\s+VolumeFraction\s+SurfaceDensity\s+MeanCurvatureDensity\s+EulerDensity\s+Unit\s+PSComputerName'
        foreach ($line in ($localText -split '\r?\n' | Where-Object { $_ -match '^(Pore|NMC|CBD) ' })) {
            $remoteText | Should -Match ([regex]::Escape($line.TrimEnd()) + '\s+127\.0\.0\.1')
        }
    }

    It 'sends paths and receives a volume only as its description' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $remote = Invoke-Command -Session $Session -ArgumentList $ElectrodePath -ScriptBlock { param($path) Import-VoxelStack -LiteralPath $path }
        $remote.PSObject.TypeNames[0] | Should -Be 'Deserialized.MicroMorph.Core.Imaging.VoxelStack'
        $remote.Source | Should -Be $ElectrodePath
        $remote.ContentHash | Should -Be (Import-VoxelStack -LiteralPath $ElectrodePath).ContentHash
        $remote.PSObject.Methods.Name | Should -Not -Contain 'GetSliceArray'
        $r = Invoke-UserCommand { $remote | Measure-VoxelStack }
        $r.Errors[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType'
    }

    It 'a MicroMorph error on the far side arrives with its ErrorId' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $missing = Join-Path $TestDrive 'no-such-volume.tif'
        $r = Invoke-UserCommand { Invoke-Command -Session $Session -ArgumentList $missing -ScriptBlock { param($path) Import-VoxelStack -LiteralPath $path } }
        $r.Output | Should -BeNullOrEmpty
        $r.ErrorId | Should -Be 'PathNotFound'
        $r.Errors[0].OriginInfo.PSComputerName | Should -Be '127.0.0.1'
    }

    It 'Invoke-Command -HostName without a session: connects, measures and disconnects' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $parameters = $Ssh.SessionParameters
        $fractions = Invoke-Command @parameters -ArgumentList $ModuleManifest, $ElectrodePath, $Phases -ScriptBlock {
            param($manifest, $path, $phases)
            Import-Module $manifest
            Import-VoxelStack -LiteralPath $path | ConvertTo-PhaseImage -Phase $phases | Measure-VoxelStack
        }
        $fractions.Phase | Should -Be 'Pore', 'NMC', 'CBD'
        $fractions.VolumeFraction | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -RelativeTolerance 1e-4
    }
}

Describe 'docs/scaling-out.md' {
    BeforeAll {
        $Page = Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'docs/scaling-out.md')
    }

    It 'its PowerShell blocks parse and call only commands that exist here' {
        $blocks = [regex]::Matches($Page, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }
        $blocks.Count | Should -BeGreaterOrEqual 2
        foreach ($block in $blocks) {
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($block, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because $block
            $commands = $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true) | ForEach-Object { $_.GetCommandName() } | Where-Object { $_ -and $_ -notmatch '^\.|/' }
            $commands | Where-Object { -not (Get-Command $_ -ErrorAction Ignore) } | Should -BeNullOrEmpty -Because $block
        }
    }

    It 'gives the subsystem line and wrapper the tests use (-sshs -NoLogo -NoProfile)' {
        $Page | Should -Match 'Subsystem powershell /usr/bin/pwsh -sshs -NoLogo -NoProfile'
        $Page | Should -Match 'pwsh\.dll -sshs -NoLogo -NoProfile'
        Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot 'LoopbackSsh.ps1') | Should -Match ([regex]::Escape('-sshs -NoLogo -NoProfile'))
    }

    It 'is linked from the README and the about topic' {
        Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'README.md') | Should -Match ([regex]::Escape('(docs/scaling-out.md)'))
        Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'docs/about_MicroMorph.md') | Should -Match ([regex]::Escape('docs/scaling-out.md'))
    }
}

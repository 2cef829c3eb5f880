# examples/Measure-Folder-AcrossHosts.ps1 as a guarded lab workflow: a folder of four tomograms (the
# z-quarters of the shipped electrode) measured on 'localhost' (a background pwsh) and, when OpenSSH is
# here, on localhost plus an SSH host (the loopback sshd of LoopbackSsh.ps1). Checked independently:
# each file's volume fractions against its voxels counted with .NET from a raw copy, the mean over the
# quarters against TauFactor's published fractions, and a host that cannot be reached and a file that
# cannot be read named in errors while the other rows are kept. Measured 24-28 s on 2 cores at load 10-18
# (three runs, most of it starting pwsh processes).
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    . $PSScriptRoot/../Pester/LoopbackSsh.ps1
    $ErrorActionPreference = 'Stop'

    $Folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tomograms')
    # Expected fractions of each quarter: its labels counted in a raw copy (plain .NET string counting).
    $Expected = New-ElectrodeQuarterFolder -Folder $Folder.FullName -Prefix quarter -RawFolder $TestDrive
    $Csv = Join-Path $TestDrive 'all.csv'
    $Shown = Invoke-Example Measure-Folder-AcrossHosts @{ Path = $Folder.FullName; OutFile = $Csv; PassThru = $true; ThrottleLimit = 2 }
    $Rows = @($Shown.Result)
}

Describe 'Measure-Folder-AcrossHosts on localhost' {
    It 'measures every file once and gathers one table: 4 files x 3 phases' {
        $Rows.Count | Should -Be 12
        ($Rows | ForEach-Object { "$($_.File)|$($_.Phase)" } | Sort-Object -Unique).Count | Should -Be 12
        $Rows.Via | Sort-Object -Unique | Should -Be 'localhost'
        $Rows.Unit | Sort-Object -Unique | Should -Be 'µm'
    }

    It 'has each file''s volume fractions as its voxels counted independently' {
        foreach ($row in $Rows) {
            $row.VolumeFraction | Should -BeCloseTo $Expected["$($row.File)|$($row.Phase)"] -RelativeTolerance 1e-12
        }
    }

    It 'averages to TauFactor''s published fractions for the whole sample (equal quarters)' {
        foreach ($phase in @{ Pore = 0.44992; NMC = 0.40047; CBD = 0.14962 }.GetEnumerator()) {
            $mean = ($Rows | Where-Object Phase -EQ $phase.Key | Measure-Object VolumeFraction -Average).Average
            $mean | Should -BeCloseTo $phase.Value -RelativeTolerance 1e-4
        }
    }

    It 'shows the table with decimal points under de-DE and writes an invariant CSV' {
        $Shown.Text | Should -Match 'quarter0\.tif\s+localhost\s+CBD'
        Get-DecimalComma $Shown.Text | Should -BeNullOrEmpty
        $csv = @(Import-Csv -LiteralPath $Csv)
        $csv.Count | Should -Be 12
        Test-InvariantNumberColumn $csv 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity' | Should -BeTrue
    }
}

Describe 'Measure-Folder-AcrossHosts on localhost and an SSH host' {
    BeforeAll {
        $Ssh = Start-LoopbackSshd -Folder $TestDrive
        $SkipReason = if (-not $Ssh.Available) { $Ssh.Reason }
    }
    AfterAll { Stop-LoopbackSshd $Ssh }

    It 'deals the files out to both hosts and gets the same numbers' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $run = Invoke-Example Measure-Folder-AcrossHosts @{
            Path = $Folder.FullName; HostName = 'localhost', '127.0.0.1'; Port = $Ssh.Port; KeyFilePath = $Ssh.KeyFilePath
            SshOption = $Ssh.SessionParameters.Options; UserName = $Ssh.UserName; PassThru = $true; ThrottleLimit = 1
        }
        $rows = @($run.Result)
        $rows.Count | Should -Be 12
        # Round robin: quarters 0 and 2 on localhost, 1 and 3 over SSH.
        ($rows | Where-Object Via -EQ '127.0.0.1' | ForEach-Object { Split-Path $_.File -Leaf } | Sort-Object -Unique) | Should -Be 'quarter1.tif', 'quarter3.tif'
        ($rows | Where-Object Via -EQ 'localhost' | ForEach-Object { Split-Path $_.File -Leaf } | Sort-Object -Unique) | Should -Be 'quarter0.tif', 'quarter2.tif'
        for ($i = 0; $i -lt 12; $i++) {
            $rows[$i].File | Should -Be $Rows[$i].File
            $rows[$i].SurfaceDensity | Should -BeExactly $Rows[$i].SurfaceDensity
            $rows[$i].EulerDensity | Should -BeExactly $Rows[$i].EulerDensity
        }
    }

    It 'names a host it cannot reach and a file it cannot read, and keeps the other rows' {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        # quarter0 and zz-broken go to localhost, quarter1 to a port where nothing listens.
        $mixed = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'mixed')
        Copy-Item -LiteralPath (Join-Path $Folder 'quarter0.tif'), (Join-Path $Folder 'quarter1.tif') -Destination $mixed
        [System.IO.File]::WriteAllBytes((Join-Path $mixed 'zz-broken.tif'), [byte[]](0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0xFF, 0x7F))
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $deadPort = $closed.LocalEndpoint.Port; $closed.Stop()
        $r = Invoke-UserCommand {
            Invoke-Example Measure-Folder-AcrossHosts @{
                Path = $mixed.FullName; HostName = 'localhost', '127.0.0.1'; Port = $deadPort; KeyFilePath = $Ssh.KeyFilePath
                SshOption = $Ssh.SessionParameters.Options; PassThru = $true; ThrottleLimit = 1
            }
        }
        $rows = @($r.Output.Result)
        $rows.Count | Should -Be 3
        $rows.File | Sort-Object -Unique | Split-Path -Leaf | Should -Be 'quarter0.tif'
        $rows.Via | Sort-Object -Unique | Should -Be 'localhost'
        $messages = ($r.Errors | ForEach-Object { "$_" }) -join "`n"
        $messages | Should -Match 'zz-broken\.tif'
        $messages | Should -Match 'failed.*127\.0\.0\.1'
    }
}

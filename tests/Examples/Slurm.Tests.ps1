# examples/slurm (a Slurm job array and its merge step) without a cluster: the scripts' syntax (bash -n,
# the PowerShell parser, #SBATCH lines before the first command), submit.sh against a stand-in sbatch
# that records its arguments, measure.sbatch run by bash as Slurm would run it (the SLURM_* variables
# set here, `pwsh` a shim for the pinned pwsh; the second task in-process), and the merge: every volume once, its
# fractions as its voxels counted independently, the mean over the quarters TauFactor's figures, and a
# missing task named. Measured 11-20 s on 2 cores at load 7-18 (one task process).
BeforeAll {
    . $PSScriptRoot/../Pester/TestSetup.ps1
    . $PSScriptRoot/ExampleHelpers.ps1
    $ErrorActionPreference = 'Stop'
    $Slurm = Join-Path $RepositoryRoot 'examples/slurm'
    $Bash = Get-Command bash -CommandType Application -ErrorAction Ignore | Select-Object -First 1 -ExpandProperty Source
    $NoBash = if (-not $Bash) { 'bash is not on PATH' }

    # A folder of four volumes: the z-quarters of the sample, with their fractions counted in raw copies.
    $VolumeFolder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tomograms')).FullName
    $Expected = New-ElectrodeQuarterFolder -Folder $VolumeFolder -Prefix q -RawFolder $TestDrive

    # Stand-ins on PATH: `pwsh` runs the pwsh running these tests; `sbatch` records its arguments.
    $Bin = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'bin')).FullName
    $process = [Environment]::ProcessPath
    $pwshLine = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { "'$process' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$process'" }
    Set-Content -LiteralPath (Join-Path $Bin 'pwsh') -Value "#!/bin/sh`nexec $pwshLine `"`$@`"`n" -NoNewline
    Set-Content -LiteralPath (Join-Path $Bin 'sbatch') -NoNewline -Value @'
#!/bin/sh
# Records one submission per line (arguments separated by tabs) and answers as sbatch --parsable does.
printf '%s\t' "$@" >> "$SBATCH_LOG"; printf '\n' >> "$SBATCH_LOG"
echo "$((4000 + $(wc -l < "$SBATCH_LOG")));testcluster"

'@
    if ($Bash) { & chmod 755 (Join-Path $Bin 'pwsh') (Join-Path $Bin 'sbatch') }

    # The merge's summary table goes to the host; the tests read its rows and files instead.
    function Out-Host { param([Parameter(ValueFromPipeline)] $InputObject) process { } }

    # Runs a bash script with extra environment variables and the stand-ins first on PATH.
    function Invoke-Bash([string] $Script, [string[]] $Arguments = @(), [hashtable] $Environment = @{}) {
        $saved = @{}
        $Environment.PATH = "$Bin$([IO.Path]::PathSeparator)$env:PATH"
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, [string] $Environment[$name]) }
        try {
            $output = & $Bash $Script @Arguments 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $output -join "`n" }
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
}

Describe 'The Slurm example''s scripts' {
    It '<_> has no bash syntax errors (bash -n)' -ForEach 'submit.sh', 'measure.sbatch' {
        if ($NoBash) { Set-ItResult -Skipped -Because $NoBash; return }
        $out = & $Bash -n (Join-Path $Slurm $_) 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$out"
    }

    It '<_> parses as PowerShell' -ForEach 'Measure-SlurmTask.ps1', 'Merge-SlurmResults.ps1' {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Slurm $_), [ref] $null, [ref] $errors)
        $errors | Should -BeNullOrEmpty
    }

    It 'measure.sbatch has its #SBATCH lines before the first command (sbatch reads no further)' {
        $lines = Get-Content -LiteralPath (Join-Path $Slurm 'measure.sbatch')
        $lines[0] | Should -Be '#!/bin/bash'
        $firstCommand = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l.Trim() -and -not $l.TrimStart().StartsWith('#') })
        $directives = @($lines | Select-String '^#SBATCH ' | ForEach-Object LineNumber)
        $directives.Count | Should -BeGreaterOrEqual 4
        $directives | ForEach-Object { $_ - 1 | Should -BeLessThan $firstCommand }
        $lines | Should -Contain '#SBATCH --cpus-per-task=8'
    }

    It 'the folder README documents the scripts and is linked from docs/scaling-out.md' {
        $readme = Get-Content -Raw -LiteralPath (Join-Path $Slurm 'README.md')
        foreach ($name in 'submit.sh', 'measure.sbatch', 'Measure-SlurmTask.ps1', 'Merge-SlurmResults.ps1') { $readme | Should -Match ([regex]::Escape($name)) }
        Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'docs/scaling-out.md') | Should -Match 'examples/slurm'
    }
}

Describe 'The Slurm example run without a cluster' {
    BeforeAll {
        $Output = Join-Path $TestDrive 'results'
        $SbatchLog = Join-Path $TestDrive 'sbatch.log'
        $common = @{ INPUT = $VolumeFolder; OUTPUT = $Output; SCRIPTS = $Slurm; PHASES = '0=Pore,85=NMC,170=CBD'; VOXEL_SIZE = 100 / 256; UNIT = 'µm'; MICROMORPH = $ModuleManifest }
        if (-not $NoBash) {
            $Submit = Invoke-Bash (Join-Path $Slurm 'submit.sh') @($VolumeFolder, $Output) @{ SBATCH_LOG = $SbatchLog; USER = 'tester' }
            # The array: two tasks over the four volumes. Task 0 as Slurm runs it (bash measure.sbatch with the
            # SLURM_* variables, a pwsh process); task 1 straight through Measure-SlurmTask.ps1 here, to save a process.
            $environment = $common.Clone()
            $environment.SLURM_ARRAY_JOB_ID = '4001'; $environment.SLURM_ARRAY_TASK_ID = 0; $environment.TASK_COUNT = 2; $environment.SLURM_CPUS_PER_TASK = 1
            $Tasks = @(
                Invoke-Bash (Join-Path $Slurm 'measure.sbatch') -Environment $environment
                [pscustomobject]@{
                    ExitCode = 0
                    Text     = (& (Join-Path $Slurm 'Measure-SlurmTask.ps1') -Path $VolumeFolder -OutputFolder $Output -TaskId 1 -TaskCount 2 -ModulePath $ModuleManifest `
                            -Phase '0=Pore,85=NMC,170=CBD' -VoxelSize (100 / 256) -ThrottleLimit 1 6>&1 | ForEach-Object { "$_" }) -join "`n"
                }
            )
        }
    }

    It 'submit.sh submits an array of one task per volume and a merge job after it (afterok)' {
        if ($NoBash) { Set-ItResult -Skipped -Because $NoBash; return }
        $Submit.ExitCode | Should -Be 0 -Because $Submit.Text
        $calls = @(Get-Content -LiteralPath $SbatchLog | ForEach-Object { , ($_.TrimEnd("`t") -split "`t") })
        $calls.Count | Should -Be 2
        $calls[0] | Should -Contain '--array=0-3%20'
        $calls[0] | Should -Contain (Join-Path $Slurm 'measure.sbatch')
        ($calls[0] | Where-Object { $_ -like '--export=*' }) | Should -Match "INPUT=$([regex]::Escape($VolumeFolder)),.*TASK_COUNT=4"
        $calls[1] | Should -Contain '--dependency=afterok:4001'
        ($calls[1] | Where-Object { $_ -like '--wrap=*' }) | Should -Match 'Merge-SlurmResults\.ps1'
        $Submit.Text | Should -Match 'array job 4001 \(4 tasks\) and merge job 4002'
    }

    It 'each task measures its share and writes its task CSV' {
        if ($NoBash) { Set-ItResult -Skipped -Because $NoBash; return }
        foreach ($t in $Tasks) { $t.ExitCode | Should -Be 0 -Because $t.Text }
        $Tasks[0].Text | Should -Match 'Task 0 of 2 \(job 4001\).*2 of 4 volume'
        (Import-Csv (Join-Path $Output 'task-00000.csv')).File | Sort-Object -Unique | Split-Path -Leaf | Should -Be 'q0.tif', 'q2.tif'
        (Import-Csv (Join-Path $Output 'task-00001.csv')).File | Sort-Object -Unique | Split-Path -Leaf | Should -Be 'q1.tif', 'q3.tif'
    }

    It 'the merge gathers every volume once, with fractions as its voxels counted independently' {
        if ($NoBash) { Set-ItResult -Skipped -Because $NoBash; return }
        $rows = @(& (Join-Path $Slurm 'Merge-SlurmResults.ps1') -Path $VolumeFolder -OutputFolder $Output -PassThru 6>$null | Where-Object { $_ -isnot [string] })
        $rows.Count | Should -Be 12
        foreach ($row in $rows) { $row.VolumeFraction | Should -BeCloseTo $Expected["$($row.File)|$($row.Phase)"] -RelativeTolerance 1e-12 }
        foreach ($phase in @{ Pore = 0.44992; NMC = 0.40047; CBD = 0.14962 }.GetEnumerator()) {
            ($rows | Where-Object Phase -EQ $phase.Key | Measure-Object VolumeFraction -Average).Average | Should -BeCloseTo $phase.Value -RelativeTolerance 1e-4
        }
        $csv = @(Import-Csv (Join-Path $Output 'results.csv'))
        $csv.Count | Should -Be 12
        Test-InvariantNumberColumn $csv 'VolumeFraction', 'SurfaceDensity', 'MeanCurvatureDensity', 'EulerDensity' | Should -BeTrue
    }

    It 'the merge names the volumes of a failed task and fails' {
        if ($NoBash) { Set-ItResult -Skipped -Because $NoBash; return }
        $partial = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'partial')).FullName
        Copy-Item -LiteralPath (Join-Path $Output 'task-00000.csv') -Destination $partial
        $r = Invoke-UserCommand { & (Join-Path $Slurm 'Merge-SlurmResults.ps1') -Path $VolumeFolder -OutputFolder $partial 6>$null }
        $LASTEXITCODE | Should -Be 1
        ($r.Errors | ForEach-Object { "$_" }) -join "`n" | Should -Match 'No results for 2 volume.*q1\.tif.*q3\.tif'
    }
}

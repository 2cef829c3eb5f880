#!/usr/bin/env pwsh

<#
.SYNOPSIS
    MicroMorph's task runner: build, help, tests, the main job, layout, package, benchmarks, fuzzing.

.DESCRIPTION
    Run it with the pinned PowerShell from the tool manifest (.config/dotnet-tools.json):

        dotnet tool restore                       # once: PowerShell 7.6.10 as a local tool
        dotnet pwsh ./build.ps1                   # Build (the default task)
        dotnet pwsh ./build.ps1 Quickstart        # the main job on the shipped sample, pictures in ./out
        dotnet pwsh ./build.ps1 Test              # all tests; ends with "N passed, N failed"

    Tasks:
      Build       dotnet build of the solution (Release): the module lands in module/bin.
      Help        compiles docs/ (PlatyPS-schema markdown) to module/en-US (MAML, about topic).
      Test        Build, then the core tests (xunit) and the Pester suite (tests/Invoke-PesterSuite.ps1)
                  in a fresh pwsh under de-DE; prints one line "N passed, N failed" summed over both.
      Quickstart  Build, then examples/Quickstart.ps1 on the shipped electrode (pictures in ./out).
      Layout      Build, then the module as users install it in out/MicroMorph (manifest, binaries,
                  format/types, help, examples and the sample).
      Package     Layout, then a .nupkg in out/packages published with PSResourceGet to a local
                  folder repository (install it with Install-PSResource, see the README).
      Bench       the side-by-side benchmarks against the peer tools (bench/compare-*.sh; needs the
                  Debian peers, see bench/RESULTS.md). -BenchName picks some, e.g. descriptors, strong;
                  then bench/update-results-table.py writes the current table atop bench/RESULTS.md.
      Fuzz        a fuzz campaign against the file readers (tests/Fuzzing) for -FuzzSeconds (default
                  600) with campaign seed -FuzzSeed: mutated TIFF, PNG, HDF5, MetaImage files and slice
                  folders, one child process per batch under a time and memory watchdog. Results and
                  reproducers in out/fuzz; fails when it finds a defect. See docs/development/fuzzing.md.

.EXAMPLE
    dotnet pwsh ./build.ps1 Test -TestName '*Import*'
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -BenchName descriptors, tiff-import
.EXAMPLE
    dotnet pwsh ./build.ps1 Fuzz -FuzzSeconds 900 -FuzzSeed 7
#>
[CmdletBinding()]
param(
    # The tasks to run, in order (default: Build). See the description for what each does.
    [ValidateSet('Build', 'Help', 'Test', 'Quickstart', 'Layout', 'Package', 'Bench', 'Fuzz')]
    [string[]] $Task = @('Build'),

    # The build configuration (Release by default: the descriptor tests run real volumes).
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test: only Pester tests and xunit tests whose full name matches this wildcard.
    [string] $TestName,

    # Test: skip the Pester tests with these tags (e.g. Slow).
    [string[]] $ExcludeTag,

    # Bench: which bench/compare-<name>.sh to run (default: all).
    [string[]] $BenchName,

    # Fuzz: the campaign's time budget in seconds.
    [ValidateRange(1, 86400)]
    [int] $FuzzSeconds = 600,

    # Fuzz: the campaign seed (the same seed gives the same cases).
    [int] $FuzzSeed = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$results = Join-Path $root 'TestResults'
$layout = Join-Path $root 'out/MicroMorph'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
# Plain text in logs and redirected output (CI): no colour escapes in the tables.
if ([Console]::IsOutputRedirected) { $PSStyle.OutputRendering = 'PlainText' }

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

# The pwsh running this script, to start a fresh session of the same version (`dotnet pwsh` runs pwsh.dll under dotnet).
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { , @($process, (Join-Path $PSHOME 'pwsh.dll')) } else { , @($process) }
}

# The counters of a VSTest TRX file: passed and failed.
function Read-TrxCounters([string] $Path) {
    $counters = ([xml](Get-Content -Raw -LiteralPath $Path)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int] $counters.passed; Failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted }
}

$built = $false
$tasks = [ordered]@{
    Build      = {
        if ($script:built) { return }
        Invoke-Native dotnet @('build', "$root/MicroMorph.slnx", '-c', $Configuration, '-nologo', '-v', 'q', '-clp:NoSummary')
        $script:built = $true
    }
    Help       = {
        Invoke-Native dotnet @('run', '--project', "$root/tools/MicroMorph.HelpCompiler", '-c', $Configuration, '--', "$root/docs", "$root/module/en-US")
        # Get-Help reads <ModuleBase>/en-US: beside the repository's manifest too (the build copies it as well).
        New-Item -ItemType Directory "$root/en-US" -Force | Out-Null
        Copy-Item "$root/module/en-US/*" "$root/en-US" -Force
    }
    Test       = {
        try { & $tasks.Build }
        catch {
            Write-Host $_ -ForegroundColor Red
            '0 passed, 1 failed'
            $script:exitCode = 1
            return
        }
        Remove-Item $results -Recurse -Force -ErrorAction Ignore
        $passed = 0
        $failed = 0

        # The core (science and I/O) on xunit.
        $xunit = @('test', "$root/tests/MicroMorph.Core.Tests", '-c', $Configuration, '--no-build', '--logger', 'trx;LogFileName=Core.trx', '--results-directory', $results)
        if ($TestName) { $xunit += @('--filter', "FullyQualifiedName~$($TestName.Trim('*'))") }
        & dotnet @xunit
        $trx = Join-Path $results 'Core.trx'
        if (Test-Path $trx) {
            $c = Read-TrxCounters $trx
            $passed += $c.Passed
            $failed += $c.Failed
            # A test host that crashed after some tests leaves no failure behind but a non-zero exit: count it.
            if ($LASTEXITCODE -ne 0 -and $c.Failed -eq 0) { $failed++ }
        }
        else {
            Write-Host "The core tests produced no results (exit $LASTEXITCODE)." -ForegroundColor Red
            $failed++
        }

        # Everything a PowerShell user sees, on Pester, in a fresh session of this pwsh.
        $pwsh = Get-PwshCommand
        $pester = @('-NoProfile', '-NonInteractive', '-File', "$root/tests/Invoke-PesterSuite.ps1", '-ResultFolder', $results)
        if ($TestName) { $pester += @('-FullName', $TestName) }
        if ($ExcludeTag) { $pester += @('-ExcludeTag', ($ExcludeTag -join ',')) }
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) @pester
        $summary = Join-Path $results 'Pester-summary.json'
        if (Test-Path $summary) {
            $s = Get-Content -Raw $summary | ConvertFrom-Json
            $passed += $s.Passed
            $failed += $s.Failed
        }
        else {
            Write-Host "The Pester suite produced no results (exit $LASTEXITCODE)." -ForegroundColor Red
            $failed++
        }

        "$passed passed, $failed failed"
        if ($failed -gt 0) { $script:exitCode = 1 }
    }
    Quickstart = {
        & $tasks.Build
        Import-Module "$root/MicroMorph.psd1" -Force
        & "$root/examples/Quickstart.ps1" -OutputFolder (Join-Path $root 'out')
    }
    Layout     = {
        & $tasks.Build
        # The module as users install it (the same script the install test uses).
        & "$root/tools/Copy-ModuleLayout.ps1" -Destination $layout -Root $root | Out-Null
        Write-Host "Module laid out in $layout"
    }
    Package    = {
        & $tasks.Layout
        # PSResourceGet packs the laid-out module into a .nupkg in a local folder repository.
        $feed = Join-Path $root 'out/packages'
        New-Item -ItemType Directory $feed -Force | Out-Null
        Get-ChildItem $feed -Filter 'MicroMorph.*.nupkg' | Remove-Item
        $name = 'MicroMorphBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $name -Uri $feed -Trusted
        try { Publish-PSResource -Path $layout -Repository $name -SkipDependenciesCheck }
        finally { Unregister-PSResourceRepository -Name $name }
        Get-ChildItem $feed -Filter 'MicroMorph.*.nupkg' | ForEach-Object { Write-Host "Package: $($_.FullName)" }
    }
    Bench      = {
        $scripts = Get-ChildItem "$root/bench" -Filter 'compare-*.sh' |
            Where-Object { -not $BenchName -or $_.BaseName.Substring(8) -in $BenchName }
        if (-not $scripts) { throw "No bench/compare-<name>.sh matches '$($BenchName -join ', ')'." }
        foreach ($s in $scripts) {
            Write-Host "== bench: $($s.Name)" -ForegroundColor Cyan
            Invoke-Native bash @($s.FullName)
        }
        # The scripts that write bench/results/*.tsv (compare-strong.sh) feed the current table at the top of RESULTS.md.
        Invoke-Native /usr/bin/python3 @("$root/bench/update-results-table.py")
        Write-Host 'Record the figures in bench/RESULTS.md (machine, date, same-run ratios).'
    }
    Fuzz       = {
        $project = "$root/tests/Fuzzing/MicroMorph.Fuzzing"
        Invoke-Native dotnet @('build', $project, '-c', $Configuration, '-nologo', '-v', 'q', '-clp:NoSummary')
        $out = Join-Path $root 'out/fuzz'
        & dotnet "$project/bin/$Configuration/net10.0/MicroMorph.Fuzzing.dll" campaign --seconds $FuzzSeconds --seed $FuzzSeed --parallel ([Environment]::ProcessorCount) --out $out
        if ($LASTEXITCODE -ne 0) {
            Write-Host "Defects found: reproducers in $out/reproducers (add them to tests/Fuzzing/corpus once fixed)." -ForegroundColor Red
            $script:exitCode = 1
        }
        Write-Host "Record the figures of $out/summary.md in docs/development/fuzzing.md."
    }
}

$exitCode = 0
foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & $tasks[$name]
}
exit $exitCode

#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Runs MicroMorph's Pester suite in this pwsh: the user-level tests (tests/Pester), the guarded
    examples (tests/Examples) and the lab template (examples/LabWorkflow.Tests.ps1).

.DESCRIPTION
    Imports the pinned Pester by path from the NuGet global packages folder (restoring
    tests/Pester/Pester.Restore.csproj first if it is not there), switches the session to the test
    culture (de-DE unless MICROMORPH_TEST_CULTURE says otherwise: the decimal comma breaks code that
    forgets the invariant culture), runs the suite against the module at -ModulePath, writes an
    NUnit report and a summary (passed, failed, skipped) into -ResultFolder, and exits with the number
    of failed tests (0 when all pass).

    The module must be built first (dotnet pwsh ./build.ps1 Build); ./build.ps1 Test does both.

.EXAMPLE
    dotnet pwsh ./tests/Invoke-PesterSuite.ps1 -Path ./tests/Pester/Volume.Tests.ps1
.EXAMPLE
    dotnet pwsh ./tests/Invoke-PesterSuite.ps1 -ExcludeTag Slow
#>
[CmdletBinding()]
param(
    # Test files or folders (default: the whole suite).
    [string[]] $Path = @(
        (Join-Path $PSScriptRoot 'Pester'),
        (Join-Path $PSScriptRoot 'Examples'),
        (Join-Path $PSScriptRoot '../examples/LabWorkflow.Tests.ps1')
    ),

    # Only tests whose full name matches one of these wildcards.
    [string[]] $FullName,

    [string[]] $Tag,

    [string[]] $ExcludeTag,

    # The module manifest the tests import (the repository's by default; the laid-out one to test a package).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../MicroMorph.psd1'),

    [string] $ResultFolder = (Join-Path $PSScriptRoot '../TestResults'),

    [string] $Culture = $(if ($env:MICROMORPH_TEST_CULTURE) { $env:MICROMORPH_TEST_CULTURE } else { 'de-DE' }),

    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Output = 'Normal'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

. (Join-Path $PSScriptRoot 'Pester/Import-PinnedPester.ps1')
Import-PinnedPester

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
if (-not (Test-Path -LiteralPath (Join-Path (Split-Path $ModulePath) 'module/bin/MicroMorph.PowerShell.dll'))) {
    throw "The module at $ModulePath is not built: run 'dotnet pwsh ./build.ps1 Build' first."
}

# The test files import the module from here (tests/Pester/TestSetup.ps1); the lab template uses the one loaded.
$env:MICROMORPH_TEST_MODULE = $ModulePath
Import-Module $ModulePath -Global
$env:MICROMORPH_TEST_CULTURE = $Culture
[cultureinfo]::CurrentCulture = [cultureinfo]::GetCultureInfo($Culture)
[cultureinfo]::CurrentUICulture = [cultureinfo]::GetCultureInfo($Culture)

New-Item -ItemType Directory -Force -Path $ResultFolder | Out-Null
$ResultFolder = (Resolve-Path -LiteralPath $ResultFolder).ProviderPath

$configuration = New-PesterConfiguration
# `pwsh -File` passes a list as one comma-separated string.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { Test-Path -LiteralPath $_ })
$Tag = @($Tag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$FullName = @($FullName | Where-Object { $_ })
if (-not $Path) { throw 'No test files: -Path names nothing that exists.' }
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Output
# No colour escapes in CI logs and redirected output.
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultFolder 'Pester.xml'
if ($FullName) { $configuration.Filter.FullName = $FullName }
if ($Tag) { $configuration.Filter.Tag = $Tag }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }

$result = Invoke-Pester -Configuration $configuration

# A container that failed to run (a syntax error, a throwing BeforeAll outside any test) counts as a failure.
$failedContainers = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$failedBlocks = @($result.FailedBlocks | Where-Object { $_.Tests.Count -eq 0 -or @($_.Tests | Where-Object Result -eq 'Failed').Count -eq 0 }).Count
$summary = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $failedContainers + $failedBlocks
    Skipped = $result.SkippedCount
    NotRun  = $result.NotRunCount
    Culture = $Culture
    Pester  = (Get-Module Pester).Version.ToString()
}
$summary | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $ResultFolder 'Pester-summary.json') -Encoding utf8NoBOM
"Pester: $($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
exit [Math]::Min($summary.Failed, 255)

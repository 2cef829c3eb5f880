#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds MicroMorph, regenerates its help and runs the tests.
.EXAMPLE
    ./build.ps1                 # Build, Help, Test
.EXAMPLE
    ./build.ps1 Help            # only regenerate module/en-US from docs/
.EXAMPLE
    ./build.ps1 Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Help', 'Test', 'Layout', 'Package')]
    [string[]] $Task = @('Build', 'Help', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out/MicroMorph'

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

$tasks = [ordered]@{
    Build   = {
        Invoke-Native dotnet @('build', "$root/MicroMorph.slnx", '-c', $Configuration)
    }
    Help    = {
        # PlatyPS where installed; otherwise the project's own converter (same schema, same MAML).
        if (Get-Module -ListAvailable -Name platyPS) {
            Import-Module platyPS
            New-ExternalHelp -Path "$root/docs" -OutputPath "$root/module/en-US" -Force | Out-Null
        }
        else {
            Invoke-Native dotnet @('run', '--project', "$root/tools/MicroMorph.HelpCompiler", '--', "$root/docs", "$root/module/en-US")
        }
    }
    Test    = {
        Invoke-Native dotnet @('test', "$root/MicroMorph.slnx", '-c', $Configuration)
    }
    Layout  = {
        # The module as users install it: manifest, format/types, binaries and help (Get-Help reads <ModuleBase>/en-US).
        Remove-Item $out -Recurse -Force -ErrorAction Ignore
        New-Item -ItemType Directory "$out/module/bin", "$out/en-US" -Force | Out-Null
        Copy-Item "$root/MicroMorph.psd1" $out
        Copy-Item "$root/module/*.ps1xml" "$out/module"
        Copy-Item "$root/module/bin/*" "$out/module/bin" -Recurse
        Copy-Item "$root/module/en-US/*" "$out/en-US"
        Write-Host "Module laid out in $out"
    }
    Package = {
        & $tasks.Layout
        $zip = Join-Path $root 'out/MicroMorph.zip'
        Compress-Archive -Path $out -DestinationPath $zip -Force
        Write-Host "Package: $zip"
    }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & $tasks[$name]
}

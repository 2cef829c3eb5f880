<#
.SYNOPSIS
    Lays out the built module as users install it: <Destination>/MicroMorph.psd1 with module/bin
    (binaries), module/*.ps1xml (format and types), en-US (help: Get-Help reads <ModuleBase>/en-US),
    and examples/ (the scripts, the lab template, its assertion and the shipped sample data).
.DESCRIPTION
    Used by `build.ps1 Layout` and by the install test (tests/Pester/Install.Tests.ps1), so that the
    test installs exactly what the package holds. The module must be built first.
#>
param(
    [Parameter(Mandatory)] [string] $Destination,
    [string] $Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).ProviderPath
)
$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath (Join-Path $Root 'module/bin/MicroMorph.PowerShell.dll'))) {
    throw "The module is not built: run 'dotnet pwsh ./build.ps1 Build' first."
}
Remove-Item -LiteralPath $Destination -Recurse -Force -ErrorAction Ignore
New-Item -ItemType Directory (Join-Path $Destination 'module/bin'), (Join-Path $Destination 'en-US'), (Join-Path $Destination 'examples') -Force | Out-Null
Copy-Item (Join-Path $Root 'MicroMorph.psd1'), (Join-Path $Root 'README.md') $Destination
Copy-Item (Join-Path $Root 'module/*.ps1xml') (Join-Path $Destination 'module')
Copy-Item (Join-Path $Root 'module/bin/*') (Join-Path $Destination 'module/bin') -Recurse -Exclude 'en-US'
Copy-Item (Join-Path $Root 'module/en-US/*') (Join-Path $Destination 'en-US')
Copy-Item (Join-Path $Root 'examples/*') (Join-Path $Destination 'examples') -Recurse
Get-Item -LiteralPath $Destination

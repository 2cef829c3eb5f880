# Imports the Pester version pinned in Pester.Restore.csproj by path from the NuGet global packages
# folder, restoring it with dotnet first when it is missing (a fresh machine). No gallery, no install.
function Import-PinnedPester {
    $project = Join-Path $PSScriptRoot 'Pester.Restore.csproj'
    $version = ([xml](Get-Content -Raw -LiteralPath $project)).Project.ItemGroup.PackageDownload |
        Where-Object Include -EQ 'Pester' | ForEach-Object { $_.Version.Trim('[', ']') }
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    }
    $manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        dotnet restore $project | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore $project failed: Pester $version could not be restored from NuGet." }
    }
    if (-not (Test-Path -LiteralPath $manifest)) { throw "Pester $version was restored but $manifest is missing." }
    Import-Module $manifest -Force -Global
}

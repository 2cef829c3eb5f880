# Installing as users install modules: the laid-out module (tools/Copy-ModuleLayout.ps1, what
# `build.ps1 Package` packs) is published with PSResourceGet to a local folder repository, saved from
# there into a temporary module path, and autoloaded by name in a fresh pwsh.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $layout = Join-Path $TestDrive 'layout/MicroMorph'
    $feed = New-Item -ItemType Directory (Join-Path $TestDrive 'feed')
    $modules = New-Item -ItemType Directory (Join-Path $TestDrive 'modules')
    & (Join-Path $RepositoryRoot 'tools/Copy-ModuleLayout.ps1') -Destination $layout -Root $RepositoryRoot | Out-Null

    $repository = 'MicroMorphTest-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repository -Uri $feed.FullName -Trusted
    $version = (Import-PowerShellDataFile $ModuleManifest).ModuleVersion
}

AfterAll {
    Unregister-PSResourceRepository -Name $repository -ErrorAction Ignore
}

Describe 'Publish, install and autoload through PSResourceGet' {
    It 'publishes the laid-out module as a .nupkg to a local repository' {
        Publish-PSResource -Path $layout -Repository $repository -SkipDependenciesCheck
        Get-ChildItem $feed -Filter *.nupkg | ForEach-Object Name | Should -Be "MicroMorph.$version.nupkg"
        $found = Find-PSResource -Name MicroMorph -Repository $repository
        $found.Version.ToString() | Should -Be $version
        $found.Type | Should -Be 'Module'
    }

    It 'installs from there into a module path' {
        Save-PSResource -Name MicroMorph -Repository $repository -Path $modules.FullName -TrustRepository
        $installed = Join-Path $modules "MicroMorph/$version"
        Join-Path $installed 'MicroMorph.psd1' | Should -Exist
        Join-Path $installed 'module/bin/MicroMorph.PowerShell.dll' | Should -Exist
        Join-Path $installed 'en-US/MicroMorph.PowerShell.dll-Help.xml' | Should -Exist
        Join-Path $installed 'examples/data/electrode.tiff' | Should -Exist
        Join-Path $installed 'examples/LabWorkflow.Tests.ps1' | Should -Exist
    }

    It 'autoloads by name in a fresh pwsh: a cmdlet runs, Get-Help is full, the sample is found' {
        $run = Invoke-ChildPwsh -Environment @{ PSModulePath = $modules.FullName + [IO.Path]::PathSeparator + $env:PSModulePath } -Command @'
$ErrorActionPreference = 'Stop'
'LOADED BEFORE: ' + [bool](Get-Module MicroMorph)
$sample = Join-Path (Get-Module MicroMorph -ListAvailable).ModuleBase 'examples/data/electrode.tiff'
$fractions = Import-VoxelStack $sample | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } | Measure-VoxelStack
'LOADED FROM: ' + (Get-Module MicroMorph).ModuleBase
'PORE: ' + ($fractions | Where-Object Phase -EQ Pore).VolumeFraction.ToString('F5', [cultureinfo]::InvariantCulture)
'SYNOPSIS: ' + (Get-Help Measure-Constrictivity).Synopsis
'EXAMPLES: ' + @((Get-Help Measure-Constrictivity -Examples).examples.example).Count
'ABOUT: ' + ((Get-Help about_MicroMorph | Out-String) -match 'SHORT DESCRIPTION')
'@
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Output | Should -Contain 'LOADED BEFORE: False'
        $run.Output | Should -Contain "LOADED FROM: $(Join-Path $modules "MicroMorph/$version")"
        $run.Output | Should -Contain 'PORE: 0.44992'   # TauFactor's published pore fraction of the sample
        ($run.Output | Where-Object { $_ -like 'SYNOPSIS: *' }) | Should -Match 'constrictivity'
        ($run.Output | Where-Object { $_ -like 'EXAMPLES: *' }) | Should -Not -Be 'EXAMPLES: 0'
        $run.Output | Should -Contain 'ABOUT: True'
    }
}

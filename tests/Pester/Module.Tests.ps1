# The module as PowerShell sees it: the manifest, its exports and their output types.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'The MicroMorph module' {
    It 'has a manifest that passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $ModuleManifest
        $info.Name | Should -Be 'MicroMorph'
        $info.PowerShellVersion | Should -Be ([version] '7.4')
    }

    It 'exports exactly the cmdlets the manifest lists, and every compiled cmdlet' {
        $exported = (Get-Module MicroMorph).ExportedCmdlets.Keys | Sort-Object
        $listed = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport | Sort-Object
        $compiled = (Get-Module MicroMorph).ImplementingAssembly.GetTypes() |
            ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object
        $exported | Should -Be $listed
        $compiled | Should -Be $exported
        $exported | Should -Contain 'Import-VoxelStack'
        $exported | Should -Contain 'Export-VoxelStack'
    }

    It 'declares an OutputType on every cmdlet' {
        Get-Command -Module MicroMorph | Where-Object { $_.OutputType.Count -eq 0 } | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It 'runs the suite in the test culture (the premise of the culture checks)' {
        $expected = if ($env:MICROMORPH_TEST_CULTURE) { $env:MICROMORPH_TEST_CULTURE } else { 'de-DE' }
        [cultureinfo]::CurrentCulture.Name | Should -Be $expected
        if ($expected -eq 'de-DE') { (0.5).ToString() | Should -Be '0,5' }
    }
}

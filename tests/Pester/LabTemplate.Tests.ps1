# The lab template (examples/LabWorkflow.Tests.ps1) runs as part of this suite; here: that it fails
# the way a lab needs when a measured value leaves its tolerance, and names expected, actual and tolerance.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $template = Join-Path $RepositoryRoot 'examples/LabWorkflow.Tests.ps1'
}

Describe 'The lab template' {
    It 'fails with a readable message when a reference value is out of tolerance' {
        # A lab whose reference says 0.46 for the pore fraction (the sample has 0.44992).
        $broken = Join-Path $TestDrive 'LabWorkflow.Tests.ps1'
        (Get-Content -Raw $template).Replace("Phase = 'Pore'; Expected = 0.44992", "Phase = 'Pore'; Expected = 0.46") | Set-Content $broken
        $pester = (Get-Module Pester).Path
        $run = Invoke-ChildPwsh -Command @"
Import-Module '$pester'
Import-Module '$ModuleManifest'
`$r = Invoke-Pester -Path '$broken' -ExcludeTagFilter Slow -PassThru -Output None
`$r.Failed | ForEach-Object { 'FAILED: ' + `$_.ExpandedName + ' | ' + `$_.ErrorRecord[0].Exception.Message }
'COUNTS: {0} passed, {1} failed' -f `$r.PassedCount, `$r.FailedCount
"@
        $run.Text | Should -Match 'COUNTS: 3 passed, 1 failed'
        $failure = $run.Output | Where-Object { $_ -like 'FAILED:*' }
        $failure | Should -Be ('FAILED: has the volume fraction of Pore that TauFactor reports (0.46) | ' +
            'Expected because TauFactor publishes five digits, 0.46 within a relative tolerance of 0.01 % (0.459954 to 0.460046), but got 0.449917 (2.19 % off).')
    }

    It 'uses only the module loaded or found by name, and sample paths under its ModuleBase' {
        $text = Get-Content -Raw $template
        $text | Should -Match "\`$ErrorActionPreference = 'Stop'"
        $text | Should -Match '\(Get-Module MicroMorph\)\.ModuleBase'
        $text | Should -Not -Match '\.\./|\$PSScriptRoot'
    }
}

# Progress of long measurements as a user's console shows it: one parent activity per run with an
# overall percentage from the first moments that never goes back, a child record per declared stage
# (ParentActivityId = the parent), a bounded number of records, and a Completed record at the end.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    # The shipped electrode (256^3) and a crop, large enough for the runs to take a few seconds.
    $script:Electrode = Import-VoxelStack -Path $ElectrodePath |
        ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
    $script:Crop = $Electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 128, 128, 128

    # Runs one command on an image in its own PowerShell and records every progress record with the
    # time it arrived (polled from this thread, so no handler runs on the command's thread).
    function Get-ProgressTrace([string] $Command, $Image) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand($Command).AddParameter('InputObject', $Image).AddParameter('Phase', 'Pore')
            $arrivals = [System.Collections.Generic.List[double]]::new()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $handle = $ps.BeginInvoke()
            while (-not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 300) {
                while ($arrivals.Count -lt $ps.Streams.Progress.Count) { $arrivals.Add($clock.Elapsed.TotalSeconds) }
                Start-Sleep -Milliseconds 5
            }
            $output = $ps.EndInvoke($handle)
            $wall = $clock.Elapsed.TotalSeconds
            while ($arrivals.Count -lt $ps.Streams.Progress.Count) { $arrivals.Add($wall) }
            [pscustomobject]@{
                Output   = @($output)
                Records  = @($ps.Streams.Progress)
                Arrivals = $arrivals.ToArray()
                Wall     = $wall
            }
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Progress of a long measurement' -Tag Slow -ForEach @(
    @{ Command = 'Measure-EffectiveTortuosity'; Activity = 'Effective tortuosity of Pore along Z'; Size = 256 }
    @{ Command = 'Measure-Constrictivity'; Activity = 'Constrictivity of Pore along Z'; Size = 256 }
) {
    BeforeAll {
        $script:Trace = Get-ProgressTrace $Command $(if ($Size -eq 128) { $Crop } else { $Electrode })
        $script:Parent = @($Trace.Records | Where-Object { $_.ParentActivityId -eq -1 })
        $script:Children = @($Trace.Records | Where-Object { $_.ParentActivityId -ne -1 })
    }

    It '<Command> returns its result and reports progress' {
        $Trace.Output.Count | Should -Be 1
        $Trace.Wall | Should -BeGreaterThan 1 -Because 'the run must be long enough to need progress'
        $Parent.Count | Should -BeGreaterThan 1
    }

    It '<Command> shows one parent activity from its first moments' {
        @($Parent.ActivityId | Select-Object -Unique).Count | Should -Be 1
        @($Parent.Activity | Select-Object -Unique) | Should -Be $Activity
        $Trace.Records[0].ParentActivityId | Should -Be -1 -Because 'the parent comes first'
        # From the first second (the pump ticks every 250 ms), or within a fifth of a run slowed by a loaded machine.
        $Trace.Arrivals[0] | Should -BeLessThan ([Math]::Max(1.0, 0.2 * $Trace.Wall)) -Because 'the first record arrives in the first second of the run'
    }

    It '<Command> never lowers the overall percentage' {
        $percent = @($Parent | Where-Object RecordType -EQ 'Processing' | ForEach-Object PercentComplete)
        for ($i = 1; $i -lt $percent.Count; $i++) {
            $percent[$i] | Should -BeGreaterOrEqual $percent[$i - 1] -Because "record $i follows $($percent[$i - 1]) %"
        }
        $percent[-1] | Should -BeGreaterThan 50 -Because 'the last stages run after half of the run'
    }

    It '<Command> reports its stages as child records of the parent' {
        $Children.Count | Should -BeGreaterThan 0
        $Children | ForEach-Object { $_.ParentActivityId | Should -Be $Parent[0].ActivityId }
        $Children | ForEach-Object { $_.ActivityId | Should -Not -Be $Parent[0].ActivityId }
        @($Children | Where-Object RecordType -EQ 'Processing' | ForEach-Object Activity | Select-Object -Unique).Count |
            Should -BeGreaterThan 1 -Because 'several stages are seen'
        # The parent's status names the stage and where it lies among the stages.
        @($Parent | Where-Object RecordType -EQ 'Processing' | Where-Object StatusDescription -Match '\(\d+ of \d+\)').Count |
            Should -BeGreaterThan 0
    }

    It '<Command> ends with Completed records' {
        $Trace.Records[-1].RecordType | Should -Be 'Completed'
        $Trace.Records[-1].ActivityId | Should -Be $Parent[0].ActivityId
        @($Children | Where-Object RecordType -EQ 'Completed').Count | Should -Be 1
    }

    It '<Command> writes records at a bounded rate' {
        # At most one parent and one child record per quarter second, plus the two Completed records.
        $Trace.Records.Count | Should -BeLessOrEqual ([math]::Ceiling($Trace.Wall / 0.25) * 2 + 2)
    }
}

Describe 'Progress of a short run' {
    It 'writes no progress for a run shorter than the first tick' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'").Invoke()
            $ps.Commands.Clear()
            $small = $Electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8
            # Warm the command first so that loading and JIT do not count as the run.
            $null = $ps.AddCommand('Measure-VoxelStack').AddParameter('InputObject', $small).Invoke()
            $ps.Streams.ClearStreams()
            $null = $ps.Invoke()
            $ps.Streams.Progress.Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}

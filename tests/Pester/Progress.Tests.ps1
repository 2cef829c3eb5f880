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

    # Runs one command on an image (-Phase Pore), or with the given parameters, in its own PowerShell and
    # records every progress record, and with -Verbose every verbose record, with the time it arrived
    # (polled from this thread, so no handler runs on the command's thread).
    function Get-ProgressTrace([string] $Command, $Image, [hashtable] $Parameters, [switch] $Verbose) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'").Invoke()
            $ps.Commands.Clear()
            if ($Parameters) {
                $null = $ps.AddCommand($Command).AddParameters($Parameters)
            }
            else {
                $null = $ps.AddCommand($Command).AddParameter('InputObject', $Image).AddParameter('Phase', 'Pore')
            }
            if ($Verbose) { $null = $ps.AddParameter('Verbose') }
            $arrivals = [System.Collections.Generic.List[double]]::new()
            $verboseArrivals = [System.Collections.Generic.List[double]]::new()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $handle = $ps.BeginInvoke()
            while (-not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 300) {
                while ($arrivals.Count -lt $ps.Streams.Progress.Count) { $arrivals.Add($clock.Elapsed.TotalSeconds) }
                while ($verboseArrivals.Count -lt $ps.Streams.Verbose.Count) { $verboseArrivals.Add($clock.Elapsed.TotalSeconds) }
                Start-Sleep -Milliseconds 5
            }
            $output = $ps.EndInvoke($handle)
            $wall = $clock.Elapsed.TotalSeconds
            while ($arrivals.Count -lt $ps.Streams.Progress.Count) { $arrivals.Add($wall) }
            while ($verboseArrivals.Count -lt $ps.Streams.Verbose.Count) { $verboseArrivals.Add($wall) }
            [pscustomobject]@{
                Output          = @($output)
                Records         = @($ps.Streams.Progress)
                Arrivals        = $arrivals.ToArray()
                Verbose         = @($ps.Streams.Verbose)
                VerboseArrivals = $verboseArrivals.ToArray()
                Errors          = @($ps.Streams.Error)
                Wall            = $wall
            }
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Progress of a long measurement' -Tag Slow -ForEach @(
    @{ Command = 'Measure-EffectiveTortuosity'; Activity = 'Effective tortuosity of Pore along Z'; Size = 256; Parameters = $null }
    @{ Command = 'Measure-Constrictivity'; Activity = 'Constrictivity of Pore along Z'; Size = 256; Parameters = $null }
    # The fits and the classifier (issue 18): one parent from the first second, stages as children.
    @{ Command = 'Optimize-BooleanModel'; Activity = 'Calibrating Boolean model'; Parameters = {
            # 384^3 voxels, so that measuring the densities (the first stage) outlasts the first tick.
            @{ InputObject = New-BooleanModel -Size 384 -Intensity 2e-4 -Radius 6 -Seed 1; Phase = 'Solid'; GrainShape = 'Spheroid'; MonteCarloSamples = 5000; Seed = 1 } } }
    # The full electrode on one thread with the coverage to 120 voxels: since the two-point coverage became one
    # padded correlation (issue 21), the default fit of the whole electrode took only 0.53 s in a clean-clone run,
    # too soon to need progress; this takes 2-5 s.
    @{ Command = 'Optimize-GaussianExcursionSet'; Activity = 'Calibrating a Gaussian excursion set to CBD'; Parameters = { @{ InputObject = $Electrode; Phase = 'CBD'; ThrottleLimit = 1; MaxDistance = 120 * $Electrode.VoxelSize.X } } }
    @{ Command = 'Optimize-CarbonBinderModel'; Activity = 'Carbon-binder model calibration'; Parameters = {
            @{
                InputObject        = New-CarbonBinderModel -Size 64 -VoxelSize 40 -Seed 100
                CarbonBinderSample = New-GaussianExcursionSet -Size 32 -VoxelSize 40 -Unit nm -Threshold 0.2 -CovarianceScale 0.0127 -Seed 11 -PhaseName CBD -BackgroundName Pore
                PoreRadiusRate     = 0.02
                Realizations       = 1
            } } }
    @{ Command = 'New-VoxelClassifier'; Activity = 'Training voxel classifier'; Parameters = {
            @{ InputObject = $Phantom.Item1; Label = $PhantomLabels; Feature = 'GaussianSmoothing', 'GradientMagnitude'; Sigma = 1, 2, 4; Dimensions = 2; TreeCount = 100; Seed = 3 } } }
    @{ Command = 'Invoke-VoxelClassifier'; Activity = 'Classifying voxels'; Parameters = { @{ InputObject = $Phantom.Item1; Classifier = $PhantomClassifier } } }
) {
    BeforeAll {
        if ($Command -like '*VoxelClassifier') {
            # A grey phantom with known classes, labelled on five slices (001 Section 2.3), deep enough for
            # Invoke-VoxelClassifier to compute its features in several chunks.
            $script:Phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(192, 192, 192, 5, 0.35, 12, [MicroMorph.Core.Parallelism.ComputeOptions]::Default)
            $script:PhantomLabels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($Phantom.Item2, [int[]]@(20, 50, 90, 120, 160))
            $script:PhantomClassifier = New-VoxelClassifier $Phantom.Item1 $PhantomLabels -Feature GaussianSmoothing, GradientMagnitude -Sigma 1, 2, 4 -Dimensions 2 -TreeCount 40 -Seed 3
        }
        $script:Trace = if ($Parameters) { Get-ProgressTrace $Command -Parameters (& $Parameters) } else { Get-ProgressTrace $Command $(if ($Size -eq 128) { $Crop } else { $Electrode }) }
        $script:Parent = @($Trace.Records | Where-Object { $_.ParentActivityId -eq -1 })
        $script:Children = @($Trace.Records | Where-Object { $_.ParentActivityId -ne -1 })
    }

    It '<Command> returns its result and reports progress' {
        $Trace.Errors | Should -BeNullOrEmpty
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
        # At most one parent and one child record per quarter second, the final state once more, and the two Completed records.
        $Trace.Records.Count | Should -BeLessOrEqual ([math]::Ceiling($Trace.Wall / 0.25) * 2 + 4)
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

Describe 'Live -Verbose of a long solve' -Tag Slow {
    # Issue 18: -Verbose printed only when the solve was over. The run's progress becomes verbose lines
    # while it runs (stages, conjugate-gradient iterations and residuals, elapsed time), on the pipeline thread.
    BeforeAll {
        # The whole electrode: a solve of many seconds even on a fast machine.
        $script:Trace = Get-ProgressTrace 'Measure-EffectiveTortuosity' $Electrode -Verbose
        $script:Iterations = @($Trace.Verbose | Where-Object Message -Match 'Conjugate gradients: iteration \d+, relative residual')
    }

    It 'writes more than one iteration line while solving' {
        $Trace.Wall | Should -BeGreaterThan 1 -Because 'the solve must take long enough to be watched'
        $Iterations.Count | Should -BeGreaterThan 1
        $Iterations[0].Message | Should -Match '^Effective tortuosity of Pore along Z: .*\(\d+ %, \d+\.\d s\)$'
    }

    It 'writes them as the solve goes on, not all at the end' {
        $first = [array]::IndexOf($Trace.Verbose, $Iterations[0])
        $last = [array]::IndexOf($Trace.Verbose, $Iterations[-1])
        $Trace.VerboseArrivals[$first] | Should -BeLessThan ($Trace.VerboseArrivals[$last] - 0.5) -Because 'iteration lines a second apart arrive a second apart'
        $Trace.VerboseArrivals[$first] | Should -BeLessThan ($Trace.Wall - 0.5)
    }

    It 'reports iterations and residuals that the final summary confirms' {
        $numbers = $Iterations | ForEach-Object { [int]([regex]::Match($_.Message, 'iteration (\d+)').Groups[1].Value) }
        for ($i = 1; $i -lt $numbers.Count; $i++) { $numbers[$i] | Should -BeGreaterThan $numbers[$i - 1] }
        $numbers[-1] | Should -BeLessOrEqual $Trace.Output[0].Iterations
        $Trace.Verbose[-1].Message | Should -BeLike "Conduction through 'Pore'*$($Trace.Output[0].Iterations) iterations*"
    }

    It 'sends the verbose lines before the result in one merged stream (4>&1)' {
        $small = $Electrode | Select-VoxelRegion -Origin 0, 0, 0 -Size 96, 96, 96
        $merged = @($small | Measure-EffectiveTortuosity -Phase Pore -Verbose 4>&1)
        $merged[-1] | Should -BeOfType [MicroMorph.Core.Transport.EffectiveTransportResult]
        @($merged | Select-Object -SkipLast 1 | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
    }
}

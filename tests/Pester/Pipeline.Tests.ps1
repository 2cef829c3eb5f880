# Pipeline binding as users write it in pwsh: files from Get-ChildItem / Get-Item / strings into
# Import-VoxelStack, several volumes through one pipeline (one result per input), Import-Csv rows
# binding by property name, positional arguments after a pipe, the wrong object piped in (a clear
# ErrorRecord with a fixed ErrorId, and the pipeline goes on), ForEach-Object -Parallel and
# Start-ThreadJob giving the numbers of the sequential loop, and Stop (Ctrl+C) ending a long measurement promptly.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'

    # Three Boolean models of one law (Pore / Solid), different seeds.
    $Models = 1..3 | ForEach-Object { New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed $_ }
    $Folder = Join-Path $TestDrive 'volumes'
    New-Item -ItemType Directory -Path $Folder | Out-Null
    for ($i = 0; $i -lt 3; $i++) { $Models[$i] | Export-VoxelStack -Path (Join-Path $Folder "model$($i + 1).tif") }
    Set-Content -LiteralPath (Join-Path $Folder 'notes.txt') -Value 'sample notes, not an image'
    # The tests below look at non-terminating errors themselves (the runner sets Stop).
    $ErrorActionPreference = 'Continue'
}

Describe 'Files into Import-VoxelStack' {
    It 'Get-ChildItem *.tif | Import-VoxelStack gives one volume per file, in order' {
        $volumes = @(Get-ChildItem -Path (Join-Path $Folder '*.tif') | Import-VoxelStack)
        $volumes.Count | Should -Be 3
        $volumes.Source | Should -Be (Get-ChildItem -Path (Join-Path $Folder '*.tif')).FullName
        for ($i = 0; $i -lt 3; $i++) {
            ($volumes[$i] | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be ($Models[$i] | Measure-VoxelStack -Phase Solid).VoxelCount
        }
    }

    It 'Get-Item of a TestDrive: file binds by property name (PSPath, FullName)' {
        $volume = Get-Item -LiteralPath "TestDrive:/volumes/model2.tif" | Import-VoxelStack
        $volume.Source | Should -Be (Join-Path $Folder 'model2.tif')
        $volume.Dimensions | Should -Be $Models[1].Dimensions
    }

    It 'PowerShell paths as strings bind by value, relative ones against the current location' {
        Push-Location $Folder
        try { $volumes = @('./model1.tif', 'TestDrive:/volumes/model3.tif' | Import-VoxelStack) } finally { Pop-Location }
        $volumes.Source | Should -Be (Join-Path $Folder 'model1.tif'), (Join-Path $Folder 'model3.tif')
    }

    It 'objects with a FullName or Path property bind by property name' {
        $volumes = @(
            [pscustomobject]@{ FullName = Join-Path $Folder 'model1.tif' }
            [pscustomobject]@{ Path = Join-Path $Folder 'model2.tif' }
        ) | Import-VoxelStack
        $volumes.Source | Should -Be (Join-Path $Folder 'model1.tif'), (Join-Path $Folder 'model2.tif')
    }

    It 'the files of Export-VoxelStack -PassThru pipe back into Import-VoxelStack' {
        $back = $Models[0] | Export-VoxelStack -Path (Join-Path $TestDrive 'roundtrip.tif') -PassThru | Import-VoxelStack
        $back.Dimensions | Should -Be $Models[0].Dimensions
        ($back | Measure-VoxelStack -Phase Solid).VoxelCount | Should -Be ($Models[0] | Measure-VoxelStack -Phase Solid).VoxelCount
    }

    It 'Get-ChildItem *.mmclf | Import-VoxelClassifier binds FullName' {
        $phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(20, 20, 4, 5, 0.35, 12, [MicroMorph.Core.Parallelism.ComputeOptions]::Default)
        $labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($phantom.Item2, [int[]]@(1))
        $classifier = New-VoxelClassifier $phantom.Item1 $labels -Feature GaussianSmoothing -Sigma 1 -Dimensions 2 -TreeCount 2 -Seed 1
        $classifier | Export-VoxelClassifier -Path (Join-Path $TestDrive 'one.mmclf')
        $loaded = @(Get-ChildItem -Path (Join-Path $TestDrive '*.mmclf') | Import-VoxelClassifier)
        $loaded.Count | Should -Be 1
        $loaded[0].Classes.ToString() | Should -Be $classifier.Classes.ToString()
    }
}

Describe 'Several volumes through one pipeline' {
    It '<Name>: <PerInput> result(s) per input, each as for that input alone' -ForEach @(
        @{ Name = 'Measure-VoxelStack -Phase Solid'; PerInput = 1; Run = { $input | Measure-VoxelStack -Phase Solid }; Key = 'VolumeFraction' }
        @{ Name = 'Measure-Constrictivity -Phase Solid -Direction X, Z'; PerInput = 2; Run = { $input | Measure-Constrictivity -Phase Solid -Direction X, Z }; Key = 'Constrictivity' }
        @{ Name = 'Measure-IntrinsicVolume -Phase Pore'; PerInput = 1; Run = { $input | Measure-IntrinsicVolume -Phase Pore }; Key = 'EulerDensity' }
        @{ Name = 'Measure-GeodesicTortuosity -Phase Pore'; PerInput = 1; Run = { $input | Measure-GeodesicTortuosity -Phase Pore }; Key = 'Mean' }
        @{ Name = 'Select-VoxelRegion | Measure-VoxelStack'; PerInput = 2; Run = { $input | Select-VoxelRegion -Origin 0, 0, 0 -Size 10, 10, 10 | Measure-VoxelStack }; Key = 'VoxelCount' }
    ) {
        $together = @($Models | & $Run)
        $together.Count | Should -Be (3 * $PerInput)
        for ($i = 0; $i -lt 3; $i++) {
            $alone = @($Models[$i] | & $Run)
            $alone.Count | Should -Be $PerInput
            $together[($i * $PerInput)..($i * $PerInput + $PerInput - 1)].$Key | Should -Be $alone.$Key
        }
    }
}

Describe 'Import-Csv rows binding by property name (invariant numbers, read under de-DE)' {
    BeforeAll {
        $inv = [cultureinfo]::InvariantCulture
        [cultureinfo]::CurrentCulture.Name | Should -Be 'de-DE'
    }

    It 'Measure-MixingQuality takes CarbonFraction and SchmahlIndex columns' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'mixing.csv') -Value @(
            'Name,CarbonFraction,SchmahlIndex', 'agg1,0.7,0.45', 'agg2,0.72,0.5', 'agg3,0.69,0.41')
        $fromCsv = Import-Csv -LiteralPath (Join-Path $TestDrive 'mixing.csv') | Measure-MixingQuality
        $fromObjects = @(
            [pscustomobject]@{ CarbonFraction = 0.7; SchmahlIndex = 0.45 }
            [pscustomobject]@{ CarbonFraction = 0.72; SchmahlIndex = 0.5 }
            [pscustomobject]@{ CarbonFraction = 0.69; SchmahlIndex = 0.41 }
        ) | Measure-MixingQuality
        $fromCsv.AggregateCount | Should -Be 3
        $fromCsv.MeanCarbonFraction | Should -Be $fromObjects.MeanCarbonFraction
        $fromCsv.PsiCombined | Should -Be $fromObjects.PsiCombined
        $fromCsv.MeanCarbonFraction | Should -BeCloseTo ((0.7 + 0.72 + 0.69) / 3) -RelativeTolerance 1e-12
    }

    It 'Measure-MixingQuality refuses a CSV written with decimal commas (Export-Csv under de-DE) instead of misreading it' {
        # Export-Csv writes the current culture's "0,7"; binding reads strings invariantly, where "0,7" is 7.
        @([pscustomobject]@{ CarbonFraction = 0.7; SchmahlIndex = 0.45 }, [pscustomobject]@{ CarbonFraction = 0.72; SchmahlIndex = 0.5 }) |
            Export-Csv -LiteralPath (Join-Path $TestDrive 'mixing-de.csv')
        Get-Content -LiteralPath (Join-Path $TestDrive 'mixing-de.csv') | Select-Object -Skip 1 -First 1 | Should -Be '"0,7","0,45"'
        $output = @(Import-Csv -LiteralPath (Join-Path $TestDrive 'mixing-de.csv') | Measure-MixingQuality 2>&1)
        $output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object MeanCarbonFraction |
            Should -BeNullOrEmpty -Because 'carbon fractions of 7 and 72 are not concentrations'
        $output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Should -Not -BeNullOrEmpty
    }

    It 'Measure-MFactorRegression takes VolumeFraction, Tortuosity, MFactor and V1 columns (M = eps^2 / tau^3 gives a = 2, c = 3)' {
        $lines = foreach ($k in 0..5) {
            $eps = 0.3 + 0.05 * $k; $tau = 1.1 + 0.07 * (($k * 3) % 5)
            [string]::Format($inv, '{0:R},{1:R},{2:R},{3:R}', $eps, $tau, $eps * $eps / ($tau * $tau * $tau), 0.05 * $k)
        }
        Set-Content -LiteralPath (Join-Path $TestDrive 'study.csv') -Value (@('VolumeFraction,Tortuosity,MFactor,V1') + $lines)
        $r = Import-Csv -LiteralPath (Join-Path $TestDrive 'study.csv') | Measure-MFactorRegression -FixConstrictivityExponent
        $r.Count | Should -Be 6
        $r.A | Should -BeCloseTo 2.0 -AbsoluteTolerance 1e-9 -RelativeTolerance 0
        $r.C | Should -BeCloseTo 3.0 -AbsoluteTolerance 1e-9 -RelativeTolerance 0
        $r.RSquared | Should -BeCloseTo 1.0 -AbsoluteTolerance 1e-9 -RelativeTolerance 0
    }

    It 'Optimize-BooleanModel takes the four densities and the unit and recovers the balls they came from' {
        $d = Get-BooleanModelDensity -Intensity 0.004 -Radius 3
        Set-Content -LiteralPath (Join-Path $TestDrive 'densities.csv') -Value @(
            'VolumeFraction,SurfaceDensity,MeanCurvatureDensity,EulerDensity,Unit'
            [string]::Format($inv, '{0:R},{1:R},{2:R},{3:R},voxel', $d.VolumeFraction, $d.SurfaceDensity, $d.MeanCurvatureDensity, $d.EulerDensity))
        $fit = Import-Csv -LiteralPath (Join-Path $TestDrive 'densities.csv') | Optimize-BooleanModel -LengthScale 1 -GrainShape Ball
        $fit.Unit | Should -Be 'voxel'
        $fit.Intensity | Should -BeCloseTo 0.004 -RelativeTolerance 1e-4
        $fit.Parameters.Grains.Radius | Should -BeCloseTo 3 -RelativeTolerance 1e-4
    }

    It 'Import-AggregateMap takes CarbonPath and SiliconPath columns: one map per row' {
        $c = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8'); $s = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 3, 1, 'UInt8')
        0..3 | ForEach-Object { $c.SetValue($_, 0, 0, 255); $s.SetValue($_, 1, 0, 255) }
        $c.SetValue(0, 2, 0, 255); $s.SetValue(0, 2, 0, 255)
        foreach ($n in 1, 2) {
            $c | Export-VoxelStack -Path (Join-Path $TestDrive "agg$($n)_C.tif")
            $s | Export-VoxelStack -Path (Join-Path $TestDrive "agg$($n)_Si.tif")
        }
        Set-Content -LiteralPath (Join-Path $TestDrive 'pairs.csv') -Value @('CarbonPath,SiliconPath',
            "TestDrive:/agg1_C.tif,TestDrive:/agg1_Si.tif", "TestDrive:/agg2_C.tif,TestDrive:/agg2_Si.tif")
        $maps = @(Import-Csv -LiteralPath (Join-Path $TestDrive 'pairs.csv') | Import-AggregateMap -PixelSize 2)
        $maps.Name | Should -Be 'agg1_C', 'agg2_C'
        $maps | ForEach-Object { $_.CarbonFraction | Should -BeCloseTo (4.5 / 9) -RelativeTolerance 1e-12 }
    }
}

Describe 'Positional arguments after a pipe' {
    BeforeAll {
        $image = $Models[0]
        $phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create(20, 20, 4, 5, 0.35, 12, [MicroMorph.Core.Parallelism.ComputeOptions]::Default)
        $labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($phantom.Item2, [int[]]@(1))
        $classifier = New-VoxelClassifier $phantom.Item1 $labels -Feature GaussianSmoothing -Sigma 1 -Dimensions 2 -TreeCount 2 -Seed 1
    }

    # The piped object is the input; the first positional argument is the next parameter the help shows.
    It '<Typed>' -ForEach @(
        @{ Typed = '$classifier | Export-VoxelClassifier (Join-Path $TestDrive graphite.mmclf) -Force  # the help''s Example 1'; Run = { $classifier | Export-VoxelClassifier (Join-Path $TestDrive 'graphite.mmclf') -Force -PassThru } }
        @{ Typed = '$image | ConvertTo-DistanceMap Pore'; Run = { $image | ConvertTo-DistanceMap Pore } }
        @{ Typed = '$image | Measure-TwoPointCoverage Solid -MaxDistance 2'; Run = { $image | Measure-TwoPointCoverage Solid -MaxDistance 2 } }
        @{ Typed = '$image | Invoke-VoxelFilter Closing -Phase Solid -Radius 1'; Run = { $image | Invoke-VoxelFilter Closing -Phase Solid -Radius 1 } }
        @{ Typed = '$image | Resize-VoxelStack 2'; Run = { $image | Resize-VoxelStack 2 } }
        @{ Typed = '$image | Select-VoxelRegion 0, 0, 0 4, 4, 4'; Run = { $image | Select-VoxelRegion 0, 0, 0 4, 4, 4 } }
    ) {
        $output = try { @(& $Run 2>&1) } catch { $_ }
        $output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.Exception.Message } | Should -BeNullOrEmpty
        $output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | Should -Not -BeNullOrEmpty
    }
}

Describe 'The wrong object piped in' {
    BeforeAll {
        $textFile = Get-Item -LiteralPath (Join-Path $Folder 'notes.txt')
        Set-Content -LiteralPath (Join-Path $TestDrive 'not-a-tiff.tif') -Value 'plain text with a .tif name'
        $fakeTiff = Get-Item -LiteralPath (Join-Path $TestDrive 'not-a-tiff.tif')
        $greyStack = [MicroMorph.Core.Imaging.VoxelStack]::new(8, 8, 8, 'UInt8')
        $imageFile = Get-Item -LiteralPath (Join-Path $Folder 'model1.tif')
    }

    # Each wrong input gives one non-terminating ErrorRecord with a fixed ErrorId and that input as
    # its target, and the good input after it is still processed. A wrong object for a MicroMorph
    # -InputObject is refused by its transformation attribute (ParameterArgumentTransformationError
    # with MicroMorph's message; tests/Pester/UserMistakes.Tests.ps1 checks the messages).
    It '<Wrong> into <Command>: <ErrorId>, and the next input is still processed' -ForEach @(
        @{ Wrong = 'a string'; Command = 'Measure-Constrictivity'; ErrorId = 'ParameterArgumentTransformationError'; Bad = { 'Pore' }; Good = { $Models[0] }; Run = { $input | Measure-Constrictivity -Phase Pore } }
        @{ Wrong = 'a hashtable'; Command = 'Measure-VoxelStack'; ErrorId = 'ParameterArgumentTransformationError'; Bad = { @{ Phase = 'Pore' } }; Good = { $Models[0] }; Run = { $input | Measure-VoxelStack } }
        @{ Wrong = 'a FileInfo of an image (not imported)'; Command = 'Measure-VoxelStack'; ErrorId = 'ParameterArgumentTransformationError'; Bad = { $imageFile }; Good = { $Models[0] }; Run = { $input | Measure-VoxelStack } }
        @{ Wrong = 'a grey VoxelStack'; Command = 'Measure-IntrinsicVolume'; ErrorId = 'ParameterArgumentTransformationError'; Bad = { $greyStack }; Good = { $Models[0] }; Run = { $input | Measure-IntrinsicVolume -Phase Pore } }
        @{ Wrong = 'a FileInfo of a text file'; Command = 'Import-VoxelStack'; ErrorId = 'UnknownFileFormat'; Bad = { $textFile }; Good = { $imageFile }; Run = { $input | Import-VoxelStack } }
        @{ Wrong = 'a FileInfo of a text file named .tif'; Command = 'Import-VoxelStack'; ErrorId = 'NotATiffFile'; Bad = { $fakeTiff }; Good = { $imageFile }; Run = { $input | Import-VoxelStack } }
        @{ Wrong = 'a path that does not exist'; Command = 'Import-VoxelStack'; ErrorId = 'PathNotFound'; Bad = { 'TestDrive:/volumes/missing.tif' }; Good = { $imageFile }; Run = { $input | Import-VoxelStack } }
        @{ Wrong = 'a volume'; Command = 'Get-SchmahlIndex'; ErrorId = 'InputObjectNotBound'; Bad = { $Models[0] }; Good = { New-AggregateMap -Size 64 -CarbonDiameter 8 -SilicaDiameter 6 -Seed 1 }; Run = { $input | Get-SchmahlIndex -CarbonDiameter 8 -SilicaDiameter 6 -ParticleCount 5 -SampleCount 5 -Seed 1 } }
    ) {
        $bad = & $Bad
        $output = @(@($bad, (& $Good)) | & $Run 2>&1)
        $err = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $results = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $results.Count | Should -BeGreaterThan 0 -Because 'the good input after the wrong one is still processed'
        $err.Count | Should -Be 1
        Get-ErrorId $err | Should -Be $ErrorId
        # MicroMorph's own message for a wrong object (issue 18, item 4): the inner exception's ErrorId.
        if ($ErrorId -eq 'ParameterArgumentTransformationError') { $err[0].Exception.InnerException.ErrorId | Should -Be 'WrongInputType' }
        $err[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified'
        $err[0].Exception.Message | Should -Not -BeNullOrEmpty
        $target = $err[0].TargetObject.psobject.BaseObject
        if ($bad -is [System.IO.FileInfo]) { "$target" | Should -BeIn $bad.FullName, $bad.PSPath } else { $target | Should -Be $bad }
    }
}

Describe 'Parallel pipelines give the numbers of the sequential loop' {
    BeforeAll {
        $sequential = foreach ($seed in 1..3) {
            New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed $seed | Measure-Constrictivity -Phase Solid -Direction X
        }
    }

    It 'ForEach-Object -Parallel with Import-Module $using:ModuleManifest, volumes made in each runspace' {
        $parallel = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModuleManifest
            $r = New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed $_ | Measure-Constrictivity -Phase Solid -Direction X
            [pscustomobject]@{ Seed = $_; RMax = $r.RMax; RMin = $r.RMin; Constrictivity = $r.Constrictivity; VolumeFraction = $r.VolumeFraction }
        } | Sort-Object Seed
        @($parallel).Count | Should -Be 3
        $parallel.VolumeFraction | Should -Be $sequential.VolumeFraction
        $parallel.RMax | Should -Be $sequential.RMax
        $parallel.RMin | Should -Be $sequential.RMin
        $parallel.Constrictivity | Should -Be $sequential.Constrictivity
    }

    It 'ForEach-Object -Parallel over volumes piped in from this runspace' {
        $volumes = 1..3 | ForEach-Object { New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed $_ }
        $parallel = $volumes | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModuleManifest
            $_ | Measure-Constrictivity -Phase Solid -Direction X
        } | Sort-Object Source
        ($parallel | Sort-Object Source).Constrictivity | Should -Be ($sequential | Sort-Object Source).Constrictivity
    }

    It 'Start-ThreadJob' {
        $jobs = foreach ($seed in 1..3) {
            Start-ThreadJob -ArgumentList $seed -ScriptBlock {
                param($seed)
                Import-Module $using:ModuleManifest
                New-BooleanModel -Size 20 -Intensity 0.004 -Radius 3 -Seed $seed | Measure-Constrictivity -Phase Solid -Direction X
            }
        }
        $results = $jobs | Wait-Job -Timeout 120 | Receive-Job
        $jobs | Remove-Job -Force
        @($results).Count | Should -Be 3
        $results.Constrictivity | Should -Be $sequential.Constrictivity
        $results.RMin | Should -Be $sequential.RMin
    }
}

Describe 'Stop (Ctrl+C) during a long measurement' {
    # The work (several seconds on one thread) runs in a second PowerShell instance of this process;
    # Stop() is what Ctrl+C does. It is called once the cmdlet has reported progress, i.e. is computing.
    It '<Command> stops within 3 seconds and leaves the session usable' -ForEach @(
        @{ Command = 'Measure-EffectiveTortuosity'; Make = 'New-BooleanModel -Size 80 -Intensity 0.004 -Radius 3 -Seed 1'; Measure = '$volume | Measure-EffectiveTortuosity -Phase Pore -Tolerance 1e-12 -Direction X, Y, Z -ThrottleLimit 1' }
        @{ Command = 'Measure-Constrictivity'; Make = 'New-BooleanModel -Size 128 -Intensity 0.00002 -Radius 20 -Seed 1'; Measure = '$volume | Measure-Constrictivity -Direction X, Y, Z -ThrottleLimit 1' }
    ) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$ModuleManifest'; `$volume = $Make").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript($Measure)
            $handle = $ps.BeginInvoke()
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            while ($ps.Streams.Progress.Count -eq 0 -and -not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 30) {
                Start-Sleep -Milliseconds 20
            }
            $handle.IsCompleted | Should -BeFalse -Because 'the measurement should still be running when it is stopped'
            $clock.Restart()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -like 'UnexpectedError*' } | Should -BeNullOrEmpty

            # The same runspace still measures afterwards.
            $ps.Commands.Clear()
            $ps.Streams.ClearStreams()
            $after = $ps.AddScript('$volume | Select-VoxelRegion -Origin 0, 0, 0 -Size 8, 8, 8 | Measure-VoxelStack -Phase Pore').Invoke()
            $after.Count | Should -Be 1
            $after[0].VoxelCount | Should -BeGreaterThan 0
        }
        finally {
            $ps.Dispose()
        }
    }
}

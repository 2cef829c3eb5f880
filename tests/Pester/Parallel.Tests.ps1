# Many volumes on one machine with ForEach-Object -Parallel (issue 24): the module imports in many
# runspaces at once, volumes measured in parallel runspaces give the numbers of the serial loop (bit for
# bit), one volume shared by several runspaces is read safely while each measures something else, and
# the cmdlets' own -ThrottleLimit (worker threads inside one measurement) changes no result.
# Pipeline.Tests.ps1 has the basic -Parallel and Start-ThreadJob cases. Measured 5 s on 2 cores at load 6.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $ErrorActionPreference = 'Stop'
    $Phases = @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
    $Edge = 100 / 256

    # Four volumes on disk: the z-quarters of the sample electrode (256 x 256 x 64 each).
    $electrode = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize $Edge -Unit µm
    $Files = foreach ($k in 0..3) {
        $file = Join-Path $TestDrive "quarter$k.tif"
        $electrode | Select-VoxelRegion -Origin 0, 0, (64 * $k) -Size 256, 256, 64 | Export-VoxelStack -Path $file
        $file
    }

    # What each runspace does with one file: the numbers, flattened (phase by phase) for comparison.
    $Measure = {
        param($path, $phases, $threads)
        $image = Import-VoxelStack -LiteralPath $path | ConvertTo-PhaseImage -Phase $phases
        $fractions = $image | Measure-VoxelStack -ThrottleLimit $threads
        $minkowski = $image | Measure-IntrinsicVolume -ThrottleLimit $threads
        $alongZ = $image | Measure-PhaseProfile -Phase CBD -Axis Z -ThrottleLimit $threads
        [pscustomobject]@{
            File    = $path
            Hash    = $image.ContentHash
            Numbers = @(
                $fractions | ForEach-Object { $_.VoxelCount; $_.VolumeFraction }
                $minkowski | ForEach-Object { $_.VolumeFraction; $_.SurfaceDensity; $_.MeanCurvatureDensity; $_.EulerDensity }
                $alongZ | ForEach-Object VolumeFraction
            )
        }
    }
    $Serial = foreach ($file in $Files) { & $Measure $file $Phases 1 }
}

Describe 'ForEach-Object -Parallel' {
    It 'imports the module in 8 runspaces at once, without errors' {
        $imported = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModuleManifest -ErrorAction Stop
            [pscustomobject]@{
                Version  = (Get-Module MicroMorph).Version.ToString()
                Commands = @(Get-Command -Module MicroMorph).Count
                View     = @(Get-FormatData -TypeName MicroMorph.Core.Imaging.PhaseImage).Count
                Thread   = [System.Threading.Thread]::CurrentThread.ManagedThreadId
            }
        }
        @($imported).Count | Should -Be 8
        $imported.Version | Sort-Object -Unique | Should -Be (Get-Module MicroMorph).Version.ToString()
        $imported.Commands | Sort-Object -Unique | Should -Be @(Get-Command -Module MicroMorph).Count
        $imported.View | Should -Not -Contain 0
    }

    It 'four volumes measured in four runspaces give the numbers of the serial loop, bit for bit' {
        $measure = $Measure.ToString()
        $parallel = $Files | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModuleManifest
            & ([scriptblock]::Create($using:measure)) $_ $using:Phases 1
        } | Sort-Object File
        @($parallel).Count | Should -Be 4
        for ($i = 0; $i -lt 4; $i++) {
            $parallel[$i].File | Should -Be $Serial[$i].File
            $parallel[$i].Hash | Should -Be $Serial[$i].Hash
            $parallel[$i].Numbers | Should -Be $Serial[$i].Numbers
        }
        # And the quarters add up to the whole sample: TauFactor's published fractions.
        $cbd = $Serial | ForEach-Object { $_.Numbers[5] }
        ($cbd | Measure-Object -Average).Average | Should -BeCloseTo 0.14962 -RelativeTolerance 1e-4
    }

    It 'the cmdlets'' own -ThrottleLimit inside a runspace changes no number' {
        $measure = $Measure.ToString()
        $threaded = $Files[0], $Files[1] | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:ModuleManifest
            & ([scriptblock]::Create($using:measure)) $_ $using:Phases 4
        } | Sort-Object File
        $threaded[0].Numbers | Should -Be $Serial[0].Numbers
        $threaded[1].Numbers | Should -Be $Serial[1].Numbers
    }

    It 'one volume shared by four runspaces, each measuring something else, reads the same as serially' {
        $image = Import-VoxelStack -LiteralPath $ElectrodePath -VoxelSize $Edge -Unit µm | ConvertTo-PhaseImage -Phase $Phases
        # Nothing cached yet: the runspaces race to compute the content hash and read the slabs together.
        $jobs = @(
            @{ Name = 'Hash'; Run = { $args[0].ContentHash } }
            @{ Name = 'Fractions'; Run = { @($args[0] | Measure-VoxelStack -ThrottleLimit 1 | ForEach-Object VoxelCount) } }
            @{ Name = 'Minkowski'; Run = { @($args[0] | Measure-IntrinsicVolume -ThrottleLimit 1 | ForEach-Object SurfaceDensity) } }
            @{ Name = 'Profile'; Run = { @($args[0] | Measure-PhaseProfile -Phase Pore -Axis X -ThrottleLimit 1 | ForEach-Object VolumeFraction) } }
        )
        $shared = $jobs | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModuleManifest
            [pscustomobject]@{ Name = $_.Name; Value = & ([scriptblock]::Create($_.Run.ToString())) $using:image }
        }
        $byName = @{}
        foreach ($s in $shared) { $byName[$s.Name] = $s.Value }
        $byName.Hash | Should -Be $image.ContentHash
        $byName.Fractions | Should -Be @($image | Measure-VoxelStack | ForEach-Object VoxelCount)
        $byName.Minkowski | Should -Be @($image | Measure-IntrinsicVolume | ForEach-Object SurfaceDensity)
        $byName.Profile | Should -Be @($image | Measure-PhaseProfile -Phase Pore -Axis X | ForEach-Object VolumeFraction)
        # The voxel counts are the sample's: TauFactor's fractions of 256^3 voxels.
        ($byName.Fractions | ForEach-Object { $_ / 16777216 }) | Should -BeCloseTo 0.44992, 0.40047, 0.14962 -RelativeTolerance 1e-4
    }

    It 'returns live objects (not deserialized): a volume made in a runspace measures in this one' {
        $made = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModuleManifest
            [pscustomobject]@{ Seed = $_; Model = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed $_ }
        } | Sort-Object Seed
        $made.Model | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique | Should -Be 'MicroMorph.Core.Imaging.PhaseImage'
        # The same seed gives the same voxels in any runspace (DESIGN: determinism).
        $made.Model.ContentHash | Should -Be (1..3 | ForEach-Object { (New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed $_).ContentHash })
        @($made.Model | Measure-VoxelStack -Phase Solid).Count | Should -Be 3
    }
}

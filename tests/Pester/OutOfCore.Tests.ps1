# Volumes larger than memory (issue 24): a realistic pipeline (import, crop, down-sample, threshold
# trinarization, phase fractions, intrinsic volumes, particle labelling) on a 4 G voxel (4 GiB)
# UInt8 raw volume in a child pwsh whose GC heap is limited to 1 GiB, with $env:MICROMORPH_SCRATCH
# set so that volumes that do not fit go to memory-mapped scratch files. The volume is periodic
# (period 64: an AM cube [16,48)^3 of grey 220, a CBD cube [52,60)^3 of grey 130, pore 30), so its
# fractions, Euler characteristic and particle count are known exactly, and its surface and mean
# curvature totals per cube equal those of a small volume measured in memory. The same pipeline on
# the small volume gives identical results in memory and file-backed (-Scratch).
# Time: 149 s in all on the 2 shared cores at load 16 (the 4 G voxel pipeline 90 s, writing the
# 4 GiB file about 30 s, the small volume twice about 15 s);
# disk: 4 GiB for the input and about 9.5 GiB of scratch files, freed when the child exits.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSetup.ps1')
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('mm-outofcore-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script:Scratch = Join-Path $Work 'scratch'
    New-Item -ItemType Directory -Path $Scratch -Force | Out-Null
    $script:Pipeline = Join-Path $PSScriptRoot 'OutOfCorePipeline.ps1'

    . (Join-Path $PSScriptRoot 'PeriodicVolume.ps1')

    function Invoke-Pipeline([string] $Raw, [int[]] $Dimensions, [int[]] $Origin, [int[]] $Size, [string] $ScratchArgument, [hashtable] $Environment) {
        $scratchText = if ($ScratchArgument) { "-Scratch '$ScratchArgument'" } else { '' }
        $command = "& '$Pipeline' -Path '$Raw' -Dimensions $($Dimensions -join ',') -Origin $($Origin -join ',') -Size $($Size -join ',') -Module '$ModuleManifest' $scratchText"
        $run = Invoke-ChildPwsh -Command $command -Environment $Environment
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Output[-1] | ConvertFrom-Json
    }

    $script:Limited = @{ DOTNET_GCHeapHardLimit = '0x40000000'; MICROMORPH_SCRATCH = $Scratch; MICROMORPH_WINDOW_MB = $null; MICROMORPH_STORAGE = $null }
    $script:SmallRaw = Join-Path $Work 'small.raw'
    Write-PeriodicRaw $SmallRaw 256 256 192
    $smallArgs = @{ Raw = $SmallRaw; Dimensions = 256, 256, 192; Origin = 64, 64, 64; Size = 192, 128, 128 }
    $script:InMemory = Invoke-Pipeline @smallArgs -Environment @{ DOTNET_GCHeapHardLimit = '0x40000000'; MICROMORPH_SCRATCH = $null; MICROMORPH_STORAGE = $null }
    # -Scratch makes the import file-backed; MICROMORPH_STORAGE=File every volume computed from it.
    $script:FileBacked = Invoke-Pipeline @smallArgs -ScratchArgument $Scratch -Environment @{ DOTNET_GCHeapHardLimit = '0x40000000'; MICROMORPH_SCRATCH = $Scratch; MICROMORPH_STORAGE = 'File' }
}

AfterAll {
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A small volume, in memory and file-backed' {
    It 'gives the same results both ways, and the known ones' {
        $InMemory.FileBacked | Should -Not -Contain $true
        $FileBacked.FileBacked | Should -Be @($true, $true, $true, $true, $true) -Because '-Scratch and MICROMORPH_STORAGE=File ask for file-backed storage'
        foreach ($name in 'Fractions', 'VolumeFraction', 'SurfaceTotal', 'MeanCurvatureTotal', 'EulerCharacteristic', 'ParticleCount', 'PhaseHash', 'LabelHash') {
            $FileBacked.$name | Should -Be $InMemory.$name -Because "$name must not depend on the storage"
        }
        # 96 x 64 x 64 voxels after cropping 192 x 128 x 128 and halving: 3 x 2 x 2 periods of 32.
        $InMemory.Fractions | Should -Be @(343296, 768, 49152)
        $InMemory.EulerCharacteristic | Should -Be 12
        $InMemory.ParticleCount | Should -Be 12
        $Work | Get-ChildItem -Recurse -File | Where-Object Name -like 'micromorph-*' | Should -BeNullOrEmpty -Because 'scratch files are unlinked once mapped'
    }
}

Describe 'A 4 G voxel volume under a 1 GiB GC heap' {
    BeforeAll {
        $free = [IO.DriveInfo]::new($Work).AvailableFreeSpace
        if ($free -lt 16GB) { throw "The out-of-core test needs 16 GiB free under $Work; $([math]::Round($free / 1GB, 1)) GiB are free." }
        $script:BigRaw = Join-Path $Work 'big.raw'
        Write-PeriodicRaw $BigRaw 2048 2048 1024
        $script:Big = Invoke-Pipeline -Raw $BigRaw -Dimensions 2048, 2048, 1024 -Origin 64, 64, 64 -Size 1920, 1920, 896 -Environment $Limited
        Remove-Item -LiteralPath $BigRaw -Force
        Write-Host ([string]::Format([cultureinfo]::InvariantCulture, '    out-of-core pipeline: {0:F0} s, peak RSS {1:F0} MiB for a {2:F1} GiB input', $Big.Seconds, ($Big.PeakRssBytes / 1MB), ($Big.InputVoxels / 1GB)))
    }

    It 'runs with the heap limit and file-backed volumes' {
        $Big.GcHeapLimit | Should -Be 1GB
        $Big.InputVoxels | Should -Be 4294967296
        $Big.FileBacked[0] | Should -BeTrue -Because 'the imported volume is four times the heap limit'
        $Big.FileBacked[1] | Should -BeTrue
        $Big.FileBacked[4] | Should -BeTrue -Because 'the 1.5 GiB label volume does not fit either'
    }

    It 'keeps the peak resident memory within the budget: the heap limit plus 512 MiB' {
        # Budget: 1 GiB of GC heap + runtime, JIT and native code + one resident window (an eighth
        # of the available memory, here 128 MiB) per file-backed volume in use.
        $Big.PeakRssBytes | Should -BeLessThan 1.5GB
        $Big.PeakRssBytes | Should -BeLessThan ($Big.InputVoxels / 2.5)
    }

    It 'gives the exact fractions, Euler characteristic and particle count of the periodic volume' {
        # 960 x 960 x 448 voxels after cropping and halving: 30 x 30 x 14 periods of 32 voxels.
        $Big.Fractions | Should -Be @(360460800, 806400, 51609600)
        $Big.VolumeFraction | Should -Be 0.125
        $Big.EulerCharacteristic | Should -Be 12600
        $Big.ParticleCount | Should -Be 12600
    }

    It 'gives the surface and mean curvature per cube of the small volume measured in memory' {
        ($Big.SurfaceTotal / 12600) | Should -BeCloseTo ($InMemory.SurfaceTotal / 12) -RelativeTolerance 1e-9
        ($Big.MeanCurvatureTotal / 12600) | Should -BeCloseTo ($InMemory.MeanCurvatureTotal / 12) -RelativeTolerance 1e-9
    }
}

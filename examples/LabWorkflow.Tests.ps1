<#
.SYNOPSIS
    A lab template: guard your own MicroMorph workflow with Pester, the way MicroMorph guards its own.

.DESCRIPTION
    Copy this file next to your scripts, point $SamplePath at your volume, and replace the expected
    values by your own references (a published table, an independent tool, an earlier validated run
    that you have written down). Then, in pwsh with Pester 5 or 6:

        Invoke-Pester ./LabWorkflow.Tests.ps1 -Output Detailed
        Invoke-Pester ./LabWorkflow.Tests.ps1 -ExcludeTagFilter Slow     # skip the slow solves

    As shipped it checks the sample electrode against TauFactor's published figures
    (examples/data/README.md): volume fractions 0.44992 / 0.40047 / 0.14962 and the tortuosity
    factor 2.0772 of the pore phase along z.

    Three habits it shows:
    - $ErrorActionPreference = 'Stop' in BeforeAll: a MicroMorph error (a missing file, a phase name
      that is not in the table) then fails the test with its message; without it, the error is
      written, the variable stays $null and the later assertions fail with a confusing message.
    - Sample paths from (Get-Module MicroMorph).ModuleBase, so the file runs wherever the module is
      installed.
    - Should -BeCloseTo (from examples/MicroMorph.Assertions.ps1): a relative tolerance that names
      expected, actual and tolerance when it fails, e.g.
      "Expected 2.0772 within a relative tolerance of 1 % (2.05643 to 2.09797), but got 2.2 (5.91 % off)."
#>

BeforeAll {
    $ErrorActionPreference = 'Stop'
    if (-not (Get-Module MicroMorph)) { Import-Module MicroMorph }
    $moduleBase = (Get-Module MicroMorph).ModuleBase
    . (Join-Path $moduleBase 'examples/MicroMorph.Assertions.ps1')

    # Your volume, its voxel size and its phase table.
    $SamplePath = Join-Path $moduleBase 'examples/data/electrode.tiff'
    $electrode = Import-VoxelStack -Path $SamplePath -VoxelSize (100 / 256) -Unit µm |
        ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
}

Describe 'The electrode volume' {
    It 'is the expected size' {
        $electrode.Width, $electrode.Height, $electrode.Depth | Should -Be 256, 256, 256
        $electrode.VoxelSize.X | Should -BeCloseTo 0.390625 -RelativeTolerance 1e-9
        $electrode.VoxelSize.Unit | Should -Be 'µm'
    }

    It 'has the volume fraction of <Phase> that TauFactor reports (<Expected>)' -ForEach @(
        @{ Phase = 'Pore'; Expected = 0.44992 }
        @{ Phase = 'NMC'; Expected = 0.40047 }
        @{ Phase = 'CBD'; Expected = 0.14962 }
    ) {
        $fraction = $electrode | Measure-VoxelStack -Phase $Phase
        $fraction.VolumeFraction | Should -BeCloseTo $Expected -RelativeTolerance 1e-4 -Because 'TauFactor publishes five digits'
    }
}

Describe 'Transport through the pores' -Tag Slow {
    BeforeAll {
        $pore = $electrode | Measure-EffectiveTortuosity -Phase Pore -Direction Z
    }

    It 'converges' {
        $pore.Converged | Should -BeTrue
    }

    It 'has the tortuosity factor TauFactor reports (2.0772) within 1 %' {
        $pore.EffectiveTortuosity | Should -BeCloseTo 2.0772 -RelativeTolerance 0.01
    }

    It 'has the effective diffusivity epsilon / tau TauFactor reports (0.2166) within 1 %' {
        $pore.MFactor | Should -BeCloseTo 0.2166 -RelativeTolerance 0.01
    }
}

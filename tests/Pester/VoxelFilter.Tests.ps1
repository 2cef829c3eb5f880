# Invoke-VoxelFilter: morphological filters of a phase of a phase image (closing grows it, opening
# shrinks it, voxel by voxel) and Gaussian smoothing of grey values with sigma in physical units;
# the named errors for the wrong kind of volume and for missing or bad arguments.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    $p = New-BooleanModel -Size 32 -Intensity 0.004 -Radius 3 -Seed 1 -ErrorAction Stop
    $volumes = @{
        PhaseImage = $p
        GreyStack  = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8')
    }
}

Describe 'Invoke-VoxelFilter' {
    It 'grows the phase by closing and shrinks it by opening' {
        $closed = $p | Invoke-VoxelFilter -Filter Closing -Phase Solid -Radius 2 -ErrorAction Stop
        $opened = $p | Invoke-VoxelFilter -Filter Opening -Phase Solid -Radius 2 -ReplacementPhase Pore -ErrorAction Stop
        # Solid is label 1, Pore label 0.
        $solid = 0L; $solidClosed = 0L; $solidOpened = 0L; $notExtensive = 0L; $notAntiExtensive = 0L
        for ($z = 0; $z -lt 32; $z++) {
            for ($y = 0; $y -lt 32; $y++) {
                for ($x = 0; $x -lt 32; $x++) {
                    $a = $p.GetLabel($x, $y, $z); $c = $closed.GetLabel($x, $y, $z); $o = $opened.GetLabel($x, $y, $z)
                    if ($a -eq 1) { $solid++ }
                    if ($c -eq 1) { $solidClosed++ }
                    if ($o -eq 1) { $solidOpened++ }
                    if ($c -lt $a) { $notExtensive++ }
                    if ($o -gt $a) { $notAntiExtensive++ }
                }
            }
        }
        $solidClosed | Should -BeGreaterThan $solid
        $solidOpened | Should -BeLessThan $solid
        # Closing is extensive, opening anti-extensive: voxel by voxel.
        $notExtensive | Should -Be 0
        $notAntiExtensive | Should -Be 0
    }

    It 'smooths grey values with a Gaussian whose sigma is in physical units' {
        # An impulse of 1000 at the centre; voxels 1 x 1 x 2 µm and sigma 2 µm: 2, 2 and 1 voxels per
        # axis. The centre keeps 1000 g2(0)^2 g1(0), with g_s(0) = 1 / sum_x exp(-x^2 / 2 s^2) over the
        # kernel |x| <= floor(4 s + 0.5).
        $s = [MicroMorph.Core.Imaging.VoxelStack]::new(21, 21, 21, 'UInt16')
        $s.VoxelSize = [MicroMorph.Core.Imaging.VoxelSize]::new(1, 1, 2, 'µm')
        $s.SetValue(10, 10, 10, 1000)
        $g = $s | Invoke-VoxelFilter -Filter Gaussian -Sigma 2 -ErrorAction Stop
        function G0([double] $sigma) {
            $radius = [int] [Math]::Floor(4 * $sigma + 0.5)
            1 / ((-$radius..$radius | ForEach-Object { [Math]::Exp(-$_ * $_ / (2 * $sigma * $sigma)) } | Measure-Object -Sum).Sum)
        }
        $centre = 1000 * (G0 2) * (G0 2) * (G0 1)
        $g.DataType.ToString() | Should -Be 'Float32'
        $g.GetValue(10, 10, 10) | Should -BeCloseTo $centre -AbsoluteTolerance 1e-3
        # Two voxels (one sigma) along x.
        $g.GetValue(12, 10, 10) | Should -BeCloseTo ($centre * [Math]::Exp(-0.5)) -AbsoluteTolerance 1e-3
    }

    Context 'the wrong kind of volume, missing and bad arguments' {
        It 'refuses <Case> (<ErrorId>)' -ForEach @(
            @{ Case = 'a Gaussian of a phase image'; On = 'PhaseImage'; Arguments = @{ Filter = 'Gaussian'; Sigma = 1 }; ErrorId = 'GreyStackRequired' }
            @{ Case = 'a closing of a grey stack'; On = 'GreyStack'; Arguments = @{ Filter = 'Closing'; Phase = '1'; Radius = 1 }; ErrorId = 'PhaseImageRequired' }
            @{ Case = 'a Gaussian without -Sigma'; On = 'GreyStack'; Arguments = @{ Filter = 'Gaussian' }; ErrorId = 'SigmaRequired' }
            @{ Case = 'a sigma of zero'; On = 'GreyStack'; Arguments = @{ Filter = 'Gaussian'; Sigma = 0 }; ErrorId = 'InvalidSigma' }
            @{ Case = 'a closing without -Phase'; On = 'PhaseImage'; Arguments = @{ Filter = 'Closing'; Radius = 1 }; ErrorId = 'PhaseRequired' }
            @{ Case = 'a closing without -Radius'; On = 'PhaseImage'; Arguments = @{ Filter = 'Closing'; Phase = 'Solid' }; ErrorId = 'RadiusRequired' }
            @{ Case = 'an erosion without -ReplacementPhase'; On = 'PhaseImage'; Arguments = @{ Filter = 'Erosion'; Phase = 'Solid'; Radius = 2 }; ErrorId = 'ReplacementPhaseRequired' }
            @{ Case = 'a negative radius'; On = 'PhaseImage'; Arguments = @{ Filter = 'Closing'; Phase = 'Solid'; Radius = -1 }; ErrorId = 'InvalidRadius' }
            @{ Case = 'an unknown phase'; On = 'PhaseImage'; Arguments = @{ Filter = 'Closing'; Phase = 'Binder'; Radius = 1 }; ErrorId = 'PhaseNotFound' }
        ) {
            $volumes[$On] | Invoke-VoxelFilter @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain $ErrorId
        }
    }
}

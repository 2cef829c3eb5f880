# Invoke-Trinarization: segments a grey stack into three phases by target volume fractions or by
# Otsu's thresholds; it reproduces the sample electrode exactly, and names its errors for bad input.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
}

Describe 'Invoke-Trinarization' {
    It 'refuses a phase image (GreyStackRequired)' {
        New-BooleanModel -Size 8 -Intensity 0.01 -Radius 2 |
            Invoke-Trinarization -VolumeFraction 0.5, 0.5 -PhaseName A, B -ErrorVariable err -ErrorAction SilentlyContinue
        Get-ErrorId $err | Should -Contain 'GreyStackRequired'
    }

    Context 'bad input on the sample electrode' {
        BeforeAll {
            $stack = Import-VoxelStack -LiteralPath $ElectrodePath -ErrorAction Stop
        }

        It 'refuses <Case> (<ErrorId>)' -ForEach @(
            @{ Case = 'fractions that do not add up to one'; Arguments = @{ VolumeFraction = 0.5, 0.35, 0.25 }; ErrorId = 'InvalidVolumeFractions' }
            @{ Case = 'two fractions for three phases'; Arguments = @{ VolumeFraction = 0.5, 0.5 }; ErrorId = 'FractionCountMismatch' }
            @{ Case = 'no fractions for the default method'; Arguments = @{}; ErrorId = 'VolumeFractionRequired' }
        ) {
            $stack | Invoke-Trinarization @Arguments -ErrorVariable err -ErrorAction SilentlyContinue
            Get-ErrorId $err | Should -Contain $ErrorId
        }
    }
}

Describe 'Invoke-Trinarization on the sample electrode' -Tag Slow {
    It 'reproduces the sample electrode from its published fractions and by Otsu' {
        $stack = Import-VoxelStack -LiteralPath $ElectrodePath -ErrorAction Stop
        $truth = $stack | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } -ErrorAction Stop
        # TauFactor's fractions, rounded to the voxel: 7548361, 6718710 and 2510145 voxels of 2^24.
        $t = $stack | Invoke-Trinarization -VolumeFraction (7548361 / 16777216), (6718710 / 16777216), (2510145 / 16777216) -PhaseName Pore, NMC, CBD -ErrorAction Stop
        $byFractions = Compare-Segmentation $truth $t -ErrorAction Stop
        # Three grey values, three classes: Otsu separates them exactly too.
        $byOtsu = $stack | Invoke-Trinarization -Method Otsu -PhaseName Pore, NMC, CBD -ErrorAction Stop | Compare-Segmentation $truth -ErrorAction Stop
        @($byFractions).Count | Should -Be 1
        @($byOtsu).Count | Should -Be 1
        $byFractions.Agreement | Should -Be 1.0
        $byOtsu.Agreement | Should -Be 1.0
    }
}

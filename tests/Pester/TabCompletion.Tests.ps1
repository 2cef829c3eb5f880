# Tab completion as users get it in pwsh (TabExpansion2 on script text): cmdlet names, parameter names,
# the values of every enum and ValidateSet parameter, phase names from a phase image in a variable
# (the DESIGN's "tab completion of its names (phases, enums)"), and file paths for the path parameters.
BeforeDiscovery {
    . $PSScriptRoot/TestSetup.ps1
    # Every parameter of every cmdlet whose values PowerShell can offer: enums (also arrays and
    # nullables of them) and ValidateSet lists. Common parameters are PowerShell's, not ours.
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:ValueParameters = foreach ($cmd in Get-Command -Module MicroMorph | Sort-Object Name) {
        foreach ($parameter in $cmd.Parameters.Values | Where-Object Name -NotIn $common | Sort-Object Name) {
            $type = $parameter.ParameterType
            if ($type.IsArray) { $type = $type.GetElementType() }
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            $set = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            $values = if ($set) { $set.ValidValues } elseif ($type.IsEnum) { [enum]::GetNames($type) } else { $null }
            if ($values) { @{ Command = $cmd.Name; Parameter = $parameter.Name; Values = @($values | Sort-Object) } }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/TestSetup.ps1

    # The completion texts TabExpansion2 offers with the cursor at the end of $Script.
    function Get-Completion([string] $Script) {
        (TabExpansion2 -inputScript $Script -cursorColumn $Script.Length).CompletionMatches | ForEach-Object CompletionText
    }
}

Describe 'Tab completion of cmdlet names' {
    It '<Typed> completes to <Expected>' -ForEach @(
        @{ Typed = 'Measure-Constr'; Expected = 'Measure-Constrictivity' }
        @{ Typed = 'Import-Voxel'; Expected = 'Import-VoxelStack', 'Import-VoxelClassifier' }
        @{ Typed = 'New-Boolean'; Expected = 'New-BooleanModel' }
        @{ Typed = 'Get-Schm'; Expected = 'Get-SchmahlIndex' }
        @{ Typed = 'Optimize-Carb'; Expected = 'Optimize-CarbonBinderModel' }
        @{ Typed = 'Measure-Effective'; Expected = 'Measure-EffectiveTortuosity' }
    ) {
        $offered = Get-Completion $Typed
        foreach ($name in $Expected) { $offered | Should -Contain $name }
    }
}

Describe 'Tab completion of parameter names' {
    It '<Typed> offers <Expected>' -ForEach @(
        @{ Typed = 'Measure-Constrictivity -Dir'; Expected = '-Direction' }
        @{ Typed = 'Import-VoxelStack -Voxel'; Expected = '-VoxelSize' }
        @{ Typed = 'New-BooleanModel -Rad'; Expected = '-Radius', '-RadiusRate' }
        @{ Typed = 'Measure-EffectiveTortuosity -Cond'; Expected = '-Conductivity' }
        @{ Typed = 'Get-ChildItem *.tif | Import-VoxelStack -DataT'; Expected = '-DataType' }
        @{ Typed = 'Export-VoxelStack -Pass'; Expected = '-PassThru' }
    ) {
        $offered = Get-Completion $Typed
        foreach ($name in $Expected) { $offered | Should -Contain $name }
    }
}

Describe 'Tab completion of enum and ValidateSet values' {
    It 'finds the parameters with a fixed set of values (the premise of the table below)' -ForEach @{ Rows = $ValueParameters } {
        $Rows.Count | Should -BeGreaterThan 15
        ($Rows | Where-Object { $_.Command -eq 'Measure-Constrictivity' -and $_.Parameter -eq 'Direction' }).Values | Should -Be @('X', 'Y', 'Z')
    }

    It '<Command> -<Parameter> offers <Values>' -ForEach $ValueParameters {
        $offered = @(Get-Completion "$Command -$Parameter " | Sort-Object)
        $offered | Should -Be $Values
    }

    It '<Typed> completes to <Expected>' -ForEach @(
        @{ Typed = 'Invoke-VoxelFilter -Filter Rem'; Expected = 'RemoveSmallComponents' }
        @{ Typed = 'Invoke-Trinarization -Method K'; Expected = 'KMeans' }
        @{ Typed = 'Measure-Constrictivity -Direction X, '; Expected = 'Y' }
        @{ Typed = 'Get-ChildItem *.tif | Import-VoxelStack -DataType UI'; Expected = 'UInt16' }
    ) {
        Get-Completion $Typed | Should -Contain $Expected
    }
}

Describe 'Tab completion of phase names from a phase image in a variable' {
    BeforeAll {
        $image = [MicroMorph.Core.Imaging.VoxelStack]::new(4, 4, 4, 'UInt8') |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Graphite'; 2 = 'CarbonBinder' }
    }

    It '<Typed> offers the phases of $image' -ForEach @(
        @{ Typed = 'Measure-Constrictivity -InputObject $image -Phase ' }
        @{ Typed = 'Measure-VoxelStack -InputObject $image -Phase ' }
        @{ Typed = 'Measure-EffectiveTortuosity -InputObject $image -Phase ' }
        @{ Typed = 'Measure-TwoPointCoverage -InputObject $image -MaxDistance 2 -SecondPhase ' }
        @{ Typed = 'Merge-Phase -InputObject $image -Name Solid -Phase ' }
        @{ Typed = 'Get-Particle -InputObject $image -Phase ' }
        @{ Typed = 'ConvertTo-DistanceMap -InputObject $image -Phase ' }
        @{ Typed = 'Invoke-VoxelFilter -InputObject $image -Filter Opening -Radius 1 -Phase Graphite -ReplacementPhase ' }
        @{ Typed = '$image | Measure-Constrictivity -Phase ' }
        @{ Typed = '$image | Get-Particle -Phase ' }
    ) {
        $offered = Get-Completion $Typed
        foreach ($name in 'Pore', 'Graphite', 'CarbonBinder') { $offered | Should -Contain $name }
    }

    It 'completes a phase name from its start: -Phase Gra' {
        Get-Completion 'Measure-Constrictivity -InputObject $image -Phase Gra' | Should -Be 'Graphite'
    }

    It 'offers the phases in the order of the phase table, a name with a space quoted' {
        $spaced = [MicroMorph.Core.Imaging.VoxelStack]::new(2, 2, 2, 'UInt8') |
            ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Graphite'; 2 = 'Carbon Binder' }
        Get-Completion '$spaced | Measure-VoxelStack -Phase ' | Should -Be 'Pore', 'Graphite', "'Carbon Binder'"
        Get-Completion 'Merge-Phase -InputObject $spaced -Name Solid -Phase Graphite, ' | Should -Contain "'Carbon Binder'"
    }

    It 'offers nothing (not file names) when no phase image is known' {
        New-Item -ItemType File (Join-Path $TestDrive 'Pore.txt') -Force | Out-Null
        Push-Location $TestDrive
        try { Get-Completion 'Measure-Constrictivity -Phase ' | Should -BeNullOrEmpty }
        finally { Pop-Location }
    }

    It 'never runs a command to find the image: only a plain variable is read' {
        $script:sideEffect = 0
        function Get-ImageWithSideEffect { $script:sideEffect++; $image }
        Get-Completion 'Get-ImageWithSideEffect | Measure-VoxelStack -Phase ' | Should -BeNullOrEmpty
        $script:sideEffect | Should -Be 0
    }
}

Describe 'Tab completion of curve names from a result in a variable' {
    BeforeAll {
        $grid = [MicroMorph.Core.Imaging.VoxelStack]::new(12, 12, 12, 'UInt8')
        $grid.SetSliceArray(5, [byte[]](@(1) * 144))
        $phases = $grid | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 1 = 'Solid' }
        $coverage = $phases | Measure-TwoPointCoverage -Phase Pore -MaxDistance 3
    }

    It '<Typed> offers exactly the curves Get-DescriptorCurve would write' -ForEach @(
        @{ Typed = '$coverage | Get-DescriptorCurve -Curve ' }
        @{ Typed = 'Get-DescriptorCurve -InputObject $coverage -Curve ' }
    ) {
        $expected = ($coverage | Get-DescriptorCurve | ForEach-Object Curve | Select-Object -Unique)
        $expected | Should -Be 'Isotropic', 'AlongX', 'AlongY', 'AlongZ'
        Get-Completion $Typed | Should -Be $expected
    }

    It 'completes a curve name from its start: -Curve Along' {
        Get-Completion '$coverage | Get-DescriptorCurve -Curve Along' | Should -Be 'AlongX', 'AlongY', 'AlongZ'
    }

    It 'offers nothing (not file names) when no result is known' {
        New-Item -ItemType File (Join-Path $TestDrive 'Isotropic.txt') -Force | Out-Null
        Push-Location $TestDrive
        try { Get-Completion 'Get-DescriptorCurve -Curve ' | Should -BeNullOrEmpty }
        finally { Pop-Location }
    }
}

Describe 'Tab completion of the connectivity' {
    It '<Command> -Connectivity offers 6, 18, 26 in this order' -ForEach @(
        @{ Command = 'Get-Particle' }
        @{ Command = 'Invoke-VoxelFilter' }
    ) {
        Get-Completion "$Command -Connectivity " | Should -Be '6', '18', '26'
    }
}

Describe 'Tab completion of file paths' {
    BeforeAll {
        Set-Content -LiteralPath (Join-Path $TestDrive 'grey-one.tif') -Value 'not read'
        Set-Content -LiteralPath (Join-Path $TestDrive 'phantom.mmclf') -Value 'not read'
    }

    It '<Command> -<Parameter> completes a file in TestDrive:' -ForEach @(
        @{ Command = 'Import-VoxelStack'; Parameter = 'Path'; Start = 'grey-o'; File = 'grey-one.tif' }
        @{ Command = 'Import-VoxelStack'; Parameter = 'LiteralPath'; Start = 'grey-o'; File = 'grey-one.tif' }
        @{ Command = 'Export-VoxelStack'; Parameter = 'Path'; Start = 'grey-o'; File = 'grey-one.tif' }
        @{ Command = 'Export-VoxelSlice'; Parameter = 'Path'; Start = 'grey-o'; File = 'grey-one.tif' }
        @{ Command = 'Import-VoxelClassifier'; Parameter = 'Path'; Start = 'phan'; File = 'phantom.mmclf' }
        @{ Command = 'Import-AggregateMap'; Parameter = 'CarbonPath'; Start = 'grey-o'; File = 'grey-one.tif' }
    ) {
        $typed = "$Command -$Parameter " + (Join-Path 'TestDrive:' $Start)
        $offered = @(Get-Completion $typed)
        $offered | Should -Not -BeNullOrEmpty -Because "'$typed' should offer the file"
        $offered | Where-Object { $_ -match ([regex]::Escape($File) + "'?$") } | Should -Not -BeNullOrEmpty
    }
}

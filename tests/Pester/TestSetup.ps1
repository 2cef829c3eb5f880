# Dot-sourced by the BeforeAll of every test file: imports MicroMorph (the repository's manifest,
# or the one tests/Invoke-PesterSuite.ps1 -ModulePath names) once per session and defines the
# paths and helpers the tests share.
$script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:ModuleManifest = if ($env:MICROMORPH_TEST_MODULE) { $env:MICROMORPH_TEST_MODULE } else { Join-Path $RepositoryRoot 'MicroMorph.psd1' }
if (-not (Get-Module MicroMorph)) {
    Import-Module $ModuleManifest -ErrorAction Stop
}
$script:ModuleBase = (Get-Module MicroMorph).ModuleBase
$script:ElectrodePath = Join-Path $RepositoryRoot 'examples/data/electrode.tiff'
# The relative-tolerance assertion the lab template ships (Should -BeCloseTo -RelativeTolerance).
. (Join-Path $RepositoryRoot 'examples/MicroMorph.Assertions.ps1')

# The ErrorIds (FullyQualifiedErrorId up to the first comma) of the errors in an -ErrorVariable.
function Get-ErrorId([System.Collections.IEnumerable] $Errors) {
    foreach ($e in $Errors) {
        $record = if ($e -is [System.Management.Automation.ErrorRecord]) { $e } elseif ($e -is [System.Management.Automation.IContainsErrorRecord]) { $e.ErrorRecord } else { $null }
        if ($record) { $record.FullyQualifiedErrorId.Split(',')[0] }
    }
}

# Width and height of a PNG file, after checking that it is a complete PNG: the 8-byte signature,
# an IHDR chunk first, and the IEND chunk at the very end. Throws when any of these is missing.
function Get-PngSize([string] $Path) {
    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
    if ($bytes.Length -lt 45 -or -not [System.Linq.Enumerable]::SequenceEqual([byte[]]$bytes[0..7], $signature)) {
        throw "$Path does not start with the PNG signature."
    }
    if ([System.Text.Encoding]::ASCII.GetString($bytes, 12, 4) -ne 'IHDR') { throw "$Path has no IHDR chunk first." }
    if ([System.Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 8, 4) -ne 'IEND') { throw "$Path does not end with an IEND chunk (truncated)." }
    $bigEndian = { param($offset) ([long]$bytes[$offset] -shl 24) -bor ([long]$bytes[$offset + 1] -shl 16) -bor ([long]$bytes[$offset + 2] -shl 8) -bor [long]$bytes[$offset + 3] }
    [pscustomobject]@{ Width = & $bigEndian 16; Height = & $bigEndian 20; BitDepth = $bytes[24]; ColorType = $bytes[25] }
}

# Ink of a PNG picture in a rectangle given as fractions of its width and height from the top left
# (e.g. 0, 0.96, 1, 1 is the bottom strip where a plot's x label sits): the number of pixels darker
# than mid grey in the green channel (text and axes on a white page).
function Get-PngInk([string] $Path, [double] $Left, [double] $Top, [double] $Right, [double] $Bottom) {
    $picture = Import-VoxelStack -LiteralPath $Path -Channel Green -ErrorAction Stop
    $ink = 0
    for ($y = [int]($Top * $picture.Height); $y -lt [int]($Bottom * $picture.Height); $y++) {
        for ($x = [int]($Left * $picture.Width); $x -lt [int]($Right * $picture.Width); $x++) {
            if ($picture.GetValue($x, $y, 0) -lt 128) { $ink++ }
        }
    }
    $ink
}

# The text of every <text> element of an SVG file, trimmed, after parsing it as XML (throws when it is not well-formed).
function Get-SvgText([string] $Path) {
    $svg = [xml](Get-Content -LiteralPath $Path -Raw -Encoding utf8)
    if ($svg.DocumentElement.LocalName -ne 'svg') { throw "$Path is XML but not SVG (root <$($svg.DocumentElement.LocalName)>)." }
    @($svg.SelectNodes('//*[local-name()="text"]') | ForEach-Object { $_.InnerText.Trim() })
}

# What the console shows for objects piped in, through the module's format views, at a given width.
function Show-AsConsole([int] $Width = 120) {
    $input | Out-String -Width $Width
}

# Runs script text in a fresh pwsh of the version running the tests (`dotnet pwsh` runs pwsh.dll
# under dotnet), from -WorkingDirectory, with extra environment variables; returns its output
# lines and exit code. For what must not share this session: installing, autoloading, a nested Pester.
# -Launcher: a command line that runs the child (e.g. unshare ... sh -c '... exec "$@"'), pwsh appended.
function Invoke-ChildPwsh {
    param([Parameter(Mandatory)] [string] $Command, [string] $WorkingDirectory = $TestDrive, [hashtable] $Environment = @{}, [string[]] $Launcher = @())
    $process = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $saved = @{}
    foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
    Push-Location -LiteralPath $WorkingDirectory
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Command))
        [string[]] $line = @($Launcher) + @($process) + $prefix + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
        $output = & $line[0] @($line | Select-Object -Skip 1) 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
    }
    finally {
        Pop-Location
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
}

# Runs a script block as a user at the prompt would (ErrorAction Continue, while the suite runs the
# tests under Stop) and returns what it wrote and every error it reported: the non-terminating ones
# it wrote and the one that stopped it, if any.
#     $r = Invoke-UserCommand { New-BooleanModel -Size 0 -Intensity 0.01 -Radius 3 }
#     $r.ErrorId | Should -Contain 'InvalidDimensions'
#     $r.Output | Should -BeNullOrEmpty
function Invoke-UserCommand([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    $output = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[object]]::new()
    try {
        & $Command 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
        }
    }
    catch {
        $errors.Add($_)
    }
    [pscustomobject]@{
        Output  = $output.ToArray()
        Errors  = $errors.ToArray()
        ErrorId = @(Get-ErrorId $errors)
    }
}

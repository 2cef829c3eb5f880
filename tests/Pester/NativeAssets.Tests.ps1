# Native libraries and the shipped font (issue 19, item 2; docs/development/native-assets.md):
# the module carries SkiaSharp's and HarfBuzzSharp's native libraries for linux-x64, linux-arm64,
# win-x64 and osx (x64 + arm64, one universal file), resolves them at import, and draws text with the
# embedded DejaVu Sans on a host that has no fonts at all.
BeforeAll {
    . $PSScriptRoot/TestSetup.ps1
    $script:Bin = Join-Path $ModuleBase 'module/bin'
    $script:Supported = [ordered]@{
        'linux-x64'   = @{ Extension = '.so'; Architectures = @('x64') }
        'linux-arm64' = @{ Extension = '.so'; Architectures = @('arm64') }
        'osx'         = @{ Extension = '.dylib'; Architectures = @('x64', 'arm64') }
        'win-x64'     = @{ Extension = '.dll'; Architectures = @('x64') }
    }

    # The CPU architectures a native library is built for, read from its header: ELF e_machine,
    # PE machine, or the architectures of a Mach-O universal ("fat") file.
    function Get-NativeArchitecture([string] $Path) {
        $stream = [IO.File]::OpenRead($Path)
        try { $head = [byte[]]::new(8192); [void] $stream.Read($head, 0, $head.Length) } finally { $stream.Dispose() }
        $u16 = { param($o) [int]$head[$o] -bor ([int]$head[$o + 1] -shl 8) }
        $u32 = { param($o) [long]$head[$o] -bor ([long]$head[$o + 1] -shl 8) -bor ([long]$head[$o + 2] -shl 16) -bor ([long]$head[$o + 3] -shl 24) }
        $u32be = { param($o) ([long]$head[$o] -shl 24) -bor ([long]$head[$o + 1] -shl 16) -bor ([long]$head[$o + 2] -shl 8) -bor [long]$head[$o + 3] }
        if ($head[0] -eq 0x7F -and [Text.Encoding]::ASCII.GetString($head, 1, 3) -eq 'ELF') {
            switch (& $u16 18) { 62 { 'x64' } 183 { 'arm64' } default { "elf-$_" } }
        }
        elseif ([Text.Encoding]::ASCII.GetString($head, 0, 2) -eq 'MZ') {
            $pe = & $u32 0x3C
            switch (& $u16 ($pe + 4)) { 0x8664 { 'x64' } 0xAA64 { 'arm64' } default { "pe-$_" } }
        }
        elseif ((& $u32be 0) -eq 0xCAFEBABEL) {   # L: a long, not a negative Int32
            for ($i = 0; $i -lt (& $u32be 4); $i++) {
                switch (& $u32be (8 + 20 * $i)) { 0x01000007 { 'x64' } 0x0100000C { 'arm64' } default { "macho-$_" } }
            }
        }
        else { 'unknown' }
    }

    # Runs a child pwsh on a host without fonts where this machine allows it (Linux: a private mount
    # namespace with an empty folder over the font folders; SkiaSharp's fontconfig-free Linux build
    # scans /usr/share/fonts itself) and always with an empty fontconfig configuration and a fresh
    # HOME. Returns $null for the launcher when no namespace can be made (then the host keeps its fonts).
    $script:NoFonts = New-Item -ItemType Directory (Join-Path $TestDrive 'no-fonts') -Force
    New-Item -ItemType Directory (Join-Path $NoFonts 'home'), (Join-Path $NoFonts 'empty') -Force | Out-Null
    Set-Content -LiteralPath (Join-Path $NoFonts 'fonts.conf') -Value @"
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>$(Join-Path $NoFonts 'cache')</cachedir></fontconfig>
"@
    $script:FontlessEnvironment = @{
        FONTCONFIG_FILE = Join-Path $NoFonts 'fonts.conf'
        HOME            = Join-Path $NoFonts 'home'
        XDG_DATA_HOME   = Join-Path $NoFonts 'home'
        XDG_CONFIG_HOME = Join-Path $NoFonts 'home'
    }
    $script:FontlessLauncher = $null
    if ($IsLinux -and (Get-Command unshare -ErrorAction Ignore)) {
        $hide = 'for d in /usr/share/fonts /usr/local/share/fonts; do if [ -d "$d" ]; then mount --bind "$0" "$d" || exit 97; fi; done; exec "$@"'
        # -m as root; -rm (a user namespace mapping the user to root) for an unprivileged user.
        foreach ($flags in '-m', '-rm') {
            & unshare $flags -- sh -c $hide (Join-Path $NoFonts 'empty') true 2>$null
            if ($LASTEXITCODE -eq 0) {
                $script:FontlessLauncher = @('unshare', $flags, '--', 'sh', '-c', $hide, (Join-Path $NoFonts 'empty'))
                break
            }
        }
    }

    # Dark pixels added by the title and x-axis label of a small plot: the same plot rendered with
    # the two labels in transparent ink is subtracted, so the layout cancels and only glyphs count.
    $script:MeasureLabelInk = @'
function Measure-LabelInk([switch] $ShippedFont) {
    $ink = foreach ($visible in $true, $false) {
        $plot = [ScottPlot.Plot]::new()
        [void] $plot.Add.Scatter([double[]](1, 2, 3), [double[]](1, 4, 9))
        $plot.Title('Radius (µm)')
        $plot.XLabel('Specific surface (nm⁻¹)')
        if ($ShippedFont) { [MicroMorph.Core.Plotting.PlotFonts]::Apply($plot) }
        if (-not $visible) {
            $plot.Axes.Title.Label.ForeColor = [ScottPlot.Colors]::Transparent
            $plot.Axes.Bottom.Label.ForeColor = [ScottPlot.Colors]::Transparent
        }
        $bitmap = [SkiaSharp.SKBitmap]::Decode($plot.GetImageBytes(400, 300, [ScottPlot.ImageFormat]::Png))
        $pixels = $bitmap.Pixels
        $dark = 0
        foreach ($y in @(0..39) + @(260..299)) {
            for ($x = 0; $x -lt 400; $x++) {
                $c = $pixels[$y * 400 + $x]
                if ([int]$c.Red + [int]$c.Green + [int]$c.Blue -lt 384) { $dark++ }
            }
        }
        $dark
    }
    $ink[0] - $ink[1]
}
'@
}

Describe 'Native libraries shipped in the module' {
    It 'module/bin/runtimes/<Rid>/native holds libSkiaSharp and libHarfBuzzSharp for <Rid>' -ForEach @(
        @{ Rid = 'linux-x64' }, @{ Rid = 'linux-arm64' }, @{ Rid = 'osx' }, @{ Rid = 'win-x64' }
    ) {
        $expected = $Supported[$Rid]
        foreach ($library in 'libSkiaSharp', 'libHarfBuzzSharp') {
            $path = Join-Path $Bin "runtimes/$Rid/native/$library$($expected.Extension)"
            $path | Should -Exist
            # The right binary for the platform: osx is one universal file for Intel and Apple silicon.
            @(Get-NativeArchitecture $path | Sort-Object) | Should -Be @($expected.Architectures | Sort-Object) -Because $path
        }
    }

    It 'ships no other platforms (MicroMorphNativeRuntimes in the csproj prunes them)' {
        @(Get-ChildItem (Join-Path $Bin 'runtimes') -Directory | ForEach-Object Name | Sort-Object) |
            Should -Be @($Supported.Keys | Sort-Object)
    }

    It 'resolves the library of this platform from the module folder' {
        $candidates = [MicroMorph.PowerShell.Infrastructure.NativeLibraryResolver]::CandidateRuntimeIdentifiers()
        $found = [MicroMorph.PowerShell.Infrastructure.NativeLibraryResolver]::FindLibrary('libSkiaSharp')
        $found | Should -Not -BeNullOrEmpty -Because "candidates: $($candidates -join ', ')"
        $found | Should -BeLike (Join-Path $Bin 'runtimes/*')
        [MicroMorph.PowerShell.Infrastructure.NativeLibraryResolver]::FindLibrary('libHarfBuzzSharp.so') | Should -BeLike (Join-Path $Bin 'runtimes/*')
        [MicroMorph.PowerShell.Infrastructure.NativeLibraryResolver]::FindLibrary('libSomethingElse') | Should -BeNullOrEmpty
        if ($IsLinux -and [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64') {
            $candidates | Should -Contain 'linux-x64'
        }
    }
}

Describe 'Text on a host without fonts' {
    BeforeAll {
        $script:Bare = Invoke-ChildPwsh -Environment $FontlessEnvironment -Launcher $FontlessLauncher -Command (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
Add-Type -Path (Join-Path (Get-Module MicroMorph).ModuleBase 'module/bin/ScottPlot.dll')
$MeasureLabelInk
'FAMILIES: ' + @([SkiaSharp.SKFontManager]::Default.FontFamilies | Where-Object { `$_ }).Count
'SYSTEM: ' + (Measure-LabelInk)
'SHIPPED: ' + (Measure-LabelInk -ShippedFont)
'FAMILY: ' + [MicroMorph.Core.Plotting.PlotFonts]::FamilyName
Import-Module '$ModuleManifest' -Force
'REIMPORTED: ' + (Measure-LabelInk -ShippedFont)
"@)
        function Get-Value([string] $Name) { (($Bare.Output | Where-Object { $_ -like "${Name}: *" }) -replace "^${Name}: ") }
    }

    It 'renders through the module in a child pwsh with no fontconfig fonts' {
        $Bare.ExitCode | Should -Be 0 -Because $Bare.Text
        Get-Value FAMILY | Should -Be 'DejaVu Sans'
    }

    It 'really has no system fonts there (a private mount namespace hides /usr/share/fonts)' {
        if (-not $FontlessLauncher -and [int](Get-Value FAMILIES) -gt 0) {
            Set-ItResult -Skipped -Because 'this host has fonts and cannot hide them (no mount namespace through unshare)'
        }
        [int](Get-Value FAMILIES) | Should -Be 0 -Because $Bare.Text
        # What the shipped font prevents: ScottPlot left to the system draws no label at all.
        [int](Get-Value SYSTEM) | Should -Be 0 -Because $Bare.Text
    }

    It 'draws the labels with the shipped font: ink where the title and axis label are' {
        [int](Get-Value SHIPPED) | Should -BeGreaterThan 300 -Because $Bare.Text
    }

    It 'still draws after Import-Module -Force in the same session' {
        [int](Get-Value REIMPORTED) | Should -BeGreaterThan 300 -Because $Bare.Text
    }
}

Describe 'The installable layout (tools/Copy-ModuleLayout.ps1)' {
    BeforeAll {
        $script:Layout = Join-Path $TestDrive 'layout/MicroMorph'
        & (Join-Path $RepositoryRoot 'tools/Copy-ModuleLayout.ps1') -Destination $Layout -Root $RepositoryRoot | Out-Null
    }

    It 'carries the native libraries of every supported platform and the font licence' {
        foreach ($rid in $Supported.Keys) {
            foreach ($library in 'libSkiaSharp', 'libHarfBuzzSharp') {
                Join-Path $Layout "module/bin/runtimes/$rid/native/$library$($Supported[$rid].Extension)" | Should -Exist
            }
        }
        Join-Path $Layout 'module/bin/LICENSE-DejaVu.txt' | Should -Exist
        Get-Content -Raw (Join-Path $Layout 'module/bin/LICENSE-DejaVu.txt') | Should -Match 'Bitstream Vera Fonts Copyright'
    }

    It 'imports from there and draws text with the embedded font' {
        $manifest = Join-Path $Layout 'MicroMorph.psd1'
        $run = Invoke-ChildPwsh -Environment $FontlessEnvironment -Launcher $FontlessLauncher -Command (@"
`$ErrorActionPreference = 'Stop'
Import-Module '$manifest'
Add-Type -Path (Join-Path (Get-Module MicroMorph).ModuleBase 'module/bin/ScottPlot.dll')
$MeasureLabelInk
'LIBRARY: ' + [MicroMorph.PowerShell.Infrastructure.NativeLibraryResolver]::FindLibrary('libSkiaSharp')
'SHIPPED: ' + (Measure-LabelInk -ShippedFont)
"@)
        $run.ExitCode | Should -Be 0 -Because $run.Text
        ($run.Output | Where-Object { $_ -like 'LIBRARY: *' }) | Should -BeLike "LIBRARY: $(Join-Path $Layout 'module/bin/runtimes')*"
        [int](($run.Output | Where-Object { $_ -like 'SHIPPED: *' }) -replace '^SHIPPED: ') | Should -BeGreaterThan 300 -Because $run.Text
    }
}

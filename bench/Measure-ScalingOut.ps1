<#
.SYNOPSIS
    Figures for docs/scaling-out.md: ForEach-Object -Parallel against a serial loop (and the two
    throttles), what serializing a volume costs, and the overhead of PowerShell remoting over SSH
    (a loopback sshd, when OpenSSH is installed).

.DESCRIPTION
    Runs after a build: dotnet pwsh ./bench/Measure-ScalingOut.ps1 [-Files 8] [-Repeats 3]
    Prints one table per part with the load average next to it. The machine may be shared: compare
    the ratios measured in the same run, not the absolute times.
#>
[CmdletBinding()]
param(
    [int] $Files = 8,
    [int] $Repeats = 3
)

$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$manifest = Join-Path $root 'MicroMorph.psd1'
Import-Module $manifest
. (Join-Path $root 'tests/Pester/LoopbackSsh.ps1')
$invariant = [cultureinfo]::InvariantCulture
$cores = [Environment]::ProcessorCount
function Get-Load { (Get-Content /proc/loadavg -ErrorAction Ignore) -split ' ' | Select-Object -First 3 | Join-String -Separator ' ' }
function Get-Median([double[]] $Values) { $s = $Values | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }

$work = Join-Path ([IO.Path]::GetTempPath()) "mm-scaling-$PID"
New-Item -ItemType Directory -Path $work | Out-Null
try {
    # Files: z-quarters of the sample electrode (256 x 256 x 64, 4 MiB each), repeated.
    $electrode = Import-VoxelStack -LiteralPath (Join-Path $root 'examples/data/electrode.tiff') -VoxelSize (100 / 256) -Unit µm
    $paths = foreach ($i in 0..($Files - 1)) {
        $p = Join-Path $work "v$i.tif"
        $electrode | Select-VoxelRegion -Origin 0, 0, (64 * ($i % 4)) -Size 256, 256, 64 | Export-VoxelStack -Path $p
        $p
    }
    $measure = {
        param($path, $threads)
        Import-VoxelStack -LiteralPath $path | ConvertTo-PhaseImage -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' } |
            Measure-IntrinsicVolume -ThrottleLimit $threads | Out-Null
    }
    $text = $measure.ToString()

    Write-Host "== ForEach-Object -Parallel: $Files volumes of 256 x 256 x 64, Import + ConvertTo-PhaseImage + Measure-IntrinsicVolume ($cores cores)"
    $variants = [ordered]@{
        "serial loop, cmdlet -ThrottleLimit $cores" = { foreach ($p in $paths) { & $measure $p $cores } }
        'serial loop, cmdlet -ThrottleLimit 1'      = { foreach ($p in $paths) { & $measure $p 1 } }
        "-Parallel -ThrottleLimit $cores, cmdlet 1" = { $paths | ForEach-Object -ThrottleLimit $cores -Parallel { Import-Module $using:manifest; & ([scriptblock]::Create($using:text)) $_ 1 } }
        "-Parallel -ThrottleLimit $cores, cmdlet $cores" = { $paths | ForEach-Object -ThrottleLimit $cores -Parallel { Import-Module $using:manifest; & ([scriptblock]::Create($using:text)) $_ $using:cores } }
        "-Parallel -ThrottleLimit $(2 * $cores), cmdlet $cores" = { $paths | ForEach-Object -ThrottleLimit (2 * $cores) -Parallel { Import-Module $using:manifest; & ([scriptblock]::Create($using:text)) $_ $using:cores } }
    }
    & $variants[0]   # warm-up (JIT, page cache)
    $rows = foreach ($name in $variants.Keys) {
        $times = foreach ($r in 1..$Repeats) { (Measure-Command $variants[$name]).TotalSeconds }
        [pscustomobject]@{ Variant = $name; MedianSeconds = (Get-Median $times); Load = Get-Load }
    }
    $base = $rows[0].MedianSeconds
    $rows | Select-Object Variant, @{ N = 'Seconds'; E = { $_.MedianSeconds.ToString('F2', $invariant) } }, @{ N = 'VsSerial'; E = { ($_.MedianSeconds / $base).ToString('F2', $invariant) } }, Load |
        Format-Table -AutoSize | Out-Host

    Write-Host '== Serializing a volume (what Start-Job / Invoke-Command do with one returned by mistake)'
    $serial = foreach ($shape in @(, @(256, 256, 256)) + @(, @(1024, 1024, 512))) {
        $v = [MicroMorph.Core.Imaging.VoxelStack]::new($shape[0], $shape[1], $shape[2], 'UInt8')
        $v.SetValue(1, 2, 3, 7)
        # Pages touched once (a hash), then forgotten: the timing below is the serializer's own hash pass.
        $null = $v.ContentHash
        $v.MarkModified()
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $xml = [System.Management.Automation.PSSerializer]::Serialize($v)
        $first = $clock.Elapsed.TotalSeconds
        $clock.Restart()
        $null = [System.Management.Automation.PSSerializer]::Serialize($v)
        [pscustomobject]@{
            Volume        = "$($v.Dimensions) UInt8 ($($v.SizeMiB) MiB)"
            FirstSeconds  = $first.ToString('F3', $invariant)
            AgainSeconds  = $clock.Elapsed.TotalSeconds.ToString('F3', $invariant)
            HashGBPerSec  = ($v.ByteCount / 1e9 / $first).ToString('F1', $invariant)
            XmlBytes      = $xml.Length
            Load          = Get-Load
        }
        $v = $null; [GC]::Collect()
    }
    $serial | Format-Table -AutoSize | Out-Host

    Write-Host '== PowerShell remoting over SSH (loopback sshd on 127.0.0.1)'
    $ssh = Start-LoopbackSshd -Folder $work
    if (-not $ssh.Available) { Write-Host "   skipped: $($ssh.Reason)"; return }
    try {
        $parameters = $ssh.SessionParameters
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $session = New-PSSession @parameters
        $connect = $clock.Elapsed.TotalSeconds
        $clock.Restart()
        Invoke-Command -Session $session -ArgumentList $manifest { param($m) Import-Module $m }
        $import = $clock.Elapsed.TotalSeconds
        $trivial = foreach ($r in 1..5) { (Measure-Command { Invoke-Command -Session $session { 1 } }).TotalSeconds }
        $one = $paths[0]
        $remote = foreach ($r in 1..$Repeats) { (Measure-Command { Invoke-Command -Session $session -ScriptBlock $measure -ArgumentList $one, $cores }).TotalSeconds }
        $local = foreach ($r in 1..$Repeats) { (Measure-Command { & $measure $one $cores }).TotalSeconds }
        $oneShot = (Measure-Command { Invoke-Command @parameters { 1 } }).TotalSeconds
        [pscustomobject]@{
            NewPSSession          = $connect.ToString('F2', $invariant)
            ImportModuleRemote    = $import.ToString('F2', $invariant)
            RoundTrip             = (Get-Median $trivial).ToString('F3', $invariant)
            MeasureLocal          = (Get-Median $local).ToString('F2', $invariant)
            MeasureRemote         = (Get-Median $remote).ToString('F2', $invariant)
            InvokeCommandHostName = $oneShot.ToString('F2', $invariant)
            Load                  = Get-Load
        } | Format-List | Out-Host
        Remove-PSSession $session
    }
    finally { Stop-LoopbackSshd $ssh }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}

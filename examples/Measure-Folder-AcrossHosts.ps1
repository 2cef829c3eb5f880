<#
.SYNOPSIS
    Measure a folder of tomograms on several machines at once and gather one table: PowerShell
    remoting over SSH sends each host the paths of its share of the files, never the voxels.

.DESCRIPTION
    Lists the volumes in -Path (a folder every host sees at the same path, e.g. a share mounted at
    the same place), deals them out round-robin to the hosts of -HostName, and has each host read,
    segment and measure its files with MicroMorph: volume fraction, surface density, integral of mean
    curvature and Euler density of every phase (Measure-IntrinsicVolume). Only the paths go out and
    only the result rows come back; the table has one row per file and phase, with the host that
    measured it (Via: the -HostName entry; Host: the machine's own name) and the seconds it took.

    A host is reached with Invoke-Command -HostName (PowerShell remoting over SSH; "user@host:port"
    works, or -UserName, -Port, -KeyFilePath). 'localhost' needs no SSH: it runs in a background job
    (Start-Job, a second pwsh process), so its results cross a process boundary exactly as a remote
    host's do. Each remote host needs pwsh 7.4 or later as its sshd's powershell subsystem and
    MicroMorph at -ModulePath (see docs/scaling-out.md).

    Labelled volumes (the shipped sample: 0 pore, 85 NMC, 170 carbon-binder) are named with -Phase;
    with -Phase @{} the grey values are trinarized with Otsu's thresholds (Pore, CBD, AM by brightness).

        dotnet pwsh ./examples/Measure-Folder-AcrossHosts.ps1                               # this machine
        dotnet pwsh ./examples/Measure-Folder-AcrossHosts.ps1 -Path /data/tomograms -HostName node1, node2, localhost

.PARAMETER Path
    The folder of volumes, as every host sees it (default: the shipped examples/data).

.PARAMETER Filter
    Which files of -Path are volumes (default *.tif*; e.g. *.h5 or *.mhd).

.PARAMETER HostName
    The machines that measure: SSH host names (user@host:port allowed) and 'localhost' for this
    machine (default: localhost only).

.PARAMETER ModulePath
    MicroMorph's manifest on the hosts (default: the path of this repository's MicroMorph.psd1,
    i.e. the same installation path everywhere). 'MicroMorph' imports it from each host's PSModulePath.

.PARAMETER Phase
    Labels to phase names for labelled volumes, e.g. @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }
    (default: the shipped sample's). An empty table trinarizes grey values with Otsu's method.

.PARAMETER VoxelSize
    Edge length of a voxel in -Unit (default 100/256, the sample's); 0 keeps each file's own.

.PARAMETER Unit
    The length unit of -VoxelSize (default µm).

.PARAMETER ThrottleLimit
    Worker threads of each measurement on a host (MicroMorph's -ThrottleLimit; default 0: all of the
    host's cores). Each host measures its files one after another.

.PARAMETER UserName
    SSH user for the hosts (default: the current user, or the user in user@host).

.PARAMETER Port
    SSH port (default 22, or the port in host:port).

.PARAMETER KeyFilePath
    SSH private key for the hosts (default: ssh's own choice, e.g. ~/.ssh/id_ed25519).

.PARAMETER SshOption
    Extra ssh options, e.g. @{ StrictHostKeyChecking = 'accept-new' } (Invoke-Command -Options).

.PARAMETER OutFile
    Also write the gathered table to this CSV file (invariant culture: decimal points).

.PARAMETER PassThru
    Returns the gathered rows (File, Via, Host, Phase, VolumeFraction, SurfaceDensity,
    MeanCurvatureDensity, EulerDensity, Unit, Seconds) for scripts and tests.

.EXAMPLE
    ./examples/Measure-Folder-AcrossHosts.ps1 -Path /mnt/lab/tomograms -HostName ws1, ws2, localhost -OutFile all.csv

.EXAMPLE
    ./examples/Measure-Folder-AcrossHosts.ps1 -HostName 'alice@gpu1:2222' -KeyFilePath ~/.ssh/lab -ModulePath /opt/MicroMorph/MicroMorph.psd1
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'data'),
    [string] $Filter = '*.tif*',
    [string[]] $HostName = @('localhost'),
    [string] $ModulePath = (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1'),
    [hashtable] $Phase = @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' },
    [double] $VoxelSize = 100 / 256,
    [string] $Unit = 'µm',
    [ValidateRange(0, 1024)]
    [int] $ThrottleLimit = 0,
    [string] $UserName,
    [int] $Port,
    [string] $KeyFilePath,
    [hashtable] $SshOption,
    [string] $OutFile,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (Test-Path -LiteralPath $ModulePath) { $ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath }
$files = @(Get-ChildItem -LiteralPath $Path -Filter $Filter -File | Sort-Object Name | ForEach-Object FullName)
if (-not $files) { throw "No files matching '$Filter' in $Path." }

# What every host runs: import MicroMorph by path, then read, segment and measure each of its files.
# It gets paths and settings only; it returns plain rows (numbers and names), one per phase.
$measure = {
    param([string[]] $Files, [string] $ModulePath, [hashtable] $Phase, [double] $VoxelSize, [string] $Unit, [int] $ThrottleLimit)
    $ErrorActionPreference = 'Stop'
    Import-Module $ModulePath
    $threads = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
    $calibration = if ($VoxelSize -gt 0) { @{ VoxelSize = $VoxelSize; Unit = $Unit } } else { @{} }
    foreach ($file in $Files) {
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        try {
            $stack = Import-VoxelStack -LiteralPath $file @calibration
            $phases = if ($Phase.Count) { $stack | ConvertTo-PhaseImage -Phase $Phase } else { $stack | Invoke-Trinarization -Method Otsu @threads }
            $results = @($phases | Measure-IntrinsicVolume @threads)
        }
        catch {
            # One unreadable file does not cost the host's other files: reported, and the loop goes on.
            Write-Error "${file}: $($_.Exception.Message)" -ErrorAction Continue
            continue
        }
        $seconds = $clock.Elapsed.TotalSeconds
        foreach ($r in $results) {
            [pscustomobject]@{
                File                 = $file
                Host                 = [System.Net.Dns]::GetHostName()
                Phase                = $r.Phase
                VolumeFraction       = $r.VolumeFraction
                SurfaceDensity       = $r.SurfaceDensity
                MeanCurvatureDensity = $r.MeanCurvatureDensity
                EulerDensity         = $r.EulerDensity
                Unit                 = $r.Unit
                Seconds              = $seconds
            }
        }
    }
}

Write-Host "== 1. $($files.Count) volume(s) in $Path, dealt out to $($HostName.Count) host(s)"
$jobs = for ($h = 0; $h -lt $HostName.Count; $h++) {
    $share = @(for ($i = $h; $i -lt $files.Count; $i += $HostName.Count) { $files[$i] })
    if (-not $share) { continue }
    $arguments = @($share, $ModulePath, $Phase, $VoxelSize, $Unit, $ThrottleLimit)
    $name = $HostName[$h]
    Write-Host ("   {0,-24} {1} file(s)" -f $name, $share.Count)
    if ($name -in 'localhost', '.', [System.Net.Dns]::GetHostName()) {
        # This machine: a background pwsh process, no SSH needed.
        Start-Job -Name $name -ScriptBlock $measure -ArgumentList $arguments
    }
    else {
        $ssh = @{ HostName = $name }
        if ($UserName) { $ssh.UserName = $UserName }
        if ($Port) { $ssh.Port = $Port }
        if ($KeyFilePath) { $ssh.KeyFilePath = $KeyFilePath }
        if ($SshOption) { $ssh.Options = $SshOption }
        Invoke-Command @ssh -ScriptBlock $measure -ArgumentList $arguments -AsJob -JobName $name
    }
}

Write-Host '== 2. Waiting for the hosts; one table from all of them'
$rows = [System.Collections.Generic.List[object]]::new()
$failed = [System.Collections.Generic.List[string]]::new()
foreach ($job in $jobs) {
    $received = @(Receive-Job -Job $job -Wait -ErrorAction Continue -ErrorVariable jobErrors)
    foreach ($row in $received) {
        $rows.Add([pscustomobject]@{
                File                 = [string] $row.File
                Via                  = [string] $job.Name
                Host                 = [string] $row.Host
                Phase                = [string] $row.Phase
                VolumeFraction       = [double] $row.VolumeFraction
                SurfaceDensity       = [double] $row.SurfaceDensity
                MeanCurvatureDensity = [double] $row.MeanCurvatureDensity
                EulerDensity         = [double] $row.EulerDensity
                Unit                 = [string] $row.Unit
                Seconds              = [double] $row.Seconds
            })
    }
    if ($job.State -ne 'Completed' -or $jobErrors) {
        $failed.Add("$($job.Name): $($job.State) $(@($jobErrors) -join '; ')")
    }
    Remove-Job -Job $job -Force
}
$rows = @($rows | Sort-Object File, Phase)

$invariant = [cultureinfo]::InvariantCulture
$rows | Select-Object @{ Name = 'File'; Expression = { Split-Path $_.File -Leaf } }, Via, Phase,
    @{ Name = 'VolumeFraction'; Expression = { $_.VolumeFraction.ToString('F5', $invariant) } },
    @{ Name = 'SurfaceDensity'; Expression = { $_.SurfaceDensity.ToString('G5', $invariant) } },
    @{ Name = 'EulerDensity'; Expression = { $_.EulerDensity.ToString('G5', $invariant) } },
    Unit, @{ Name = 'Seconds'; Expression = { $_.Seconds.ToString('F1', $invariant) } } |
    Format-Table -AutoSize | Out-Host

if ($OutFile) {
    # Numbers in the invariant culture, whatever the session's: the table merges across machines.
    $rows | ForEach-Object {
        $row = [ordered]@{}
        foreach ($p in $_.PSObject.Properties) { $row[$p.Name] = if ($p.Value -is [double]) { $p.Value.ToString('R', $invariant) } else { $p.Value } }
        [pscustomobject]$row
    } | Export-Csv -LiteralPath $OutFile -NoTypeInformation -Encoding utf8
    Write-Host "   written: $OutFile"
}
if ($PassThru) { $rows }
if ($failed.Count) {
    # After the rows: what the other hosts measured is kept.
    Write-Error "Some hosts or files failed (missing from the table): $($failed -join ' | ')" -ErrorAction Continue
}

# A throwaway OpenSSH server on 127.0.0.1 for the remoting tests (Remoting.Tests.ps1 and the
# Measure-Folder-AcrossHosts example test): its own host key, a client key made here, an
# authorized_keys file in the test's folder, and the PowerShell subsystem pointing at a small wrapper
# that runs the very pwsh running the tests (`dotnet pwsh.dll -sshs`). Listens on 127.0.0.1 only, on a
# free port; Stop-LoopbackSshd ends it. Nothing outside -Folder is touched except /run/sshd (sshd's
# privilege separation directory, created when missing, as Debian's service would).
#
#     $ssh = Start-LoopbackSshd -Folder $TestDrive
#     if (-not $ssh.Available) { Set-ItResult -Skipped -Because $ssh.Reason }
#     $session = New-PSSession @($ssh.SessionParameters)
#     ...
#     Stop-LoopbackSshd $ssh
#
# When sshd or ssh is missing the result says why (Available = $false, Reason = ...): the tests skip
# with that reason, unless MICROMORPH_REQUIRE_SSH is 1 (set by .ci/run after installing openssh-server),
# where a missing server is a failure.

function Start-LoopbackSshd {
    param([Parameter(Mandatory)] [string] $Folder)
    $result = [pscustomobject]@{
        Available = $false; Reason = $null; Port = 0; UserName = $null; KeyFilePath = $null
        SessionParameters = $null; Process = $null; Folder = $null; LogPath = $null
    }
    function Unavailable([string] $Reason) {
        $result.Reason = $Reason
        if ($env:MICROMORPH_REQUIRE_SSH -eq '1') { throw "The loopback SSH test is required here (MICROMORPH_REQUIRE_SSH=1) but cannot run: $Reason" }
        $result
    }

    if ($IsWindows) { return Unavailable 'the loopback sshd is set up for Linux and macOS only' }
    $sshd = @((Get-Command sshd -CommandType Application -ErrorAction Ignore).Source) + @('/usr/sbin/sshd', '/usr/local/sbin/sshd') |
        Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1
    if (-not $sshd) { return Unavailable 'no OpenSSH server (sshd) on this machine: install it, e.g. apt-get install openssh-server (.ci/run does)' }
    foreach ($tool in 'ssh', 'ssh-keygen') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction Ignore)) { return Unavailable "no $tool on PATH (the OpenSSH client): install openssh-client" }
    }
    $user = (& id -un).Trim()
    if ((& id -u).Trim() -ne '0') {
        # A non-root sshd can only serve its own user and cannot switch users; it works, but needs no /run/sshd.
        Write-Verbose "sshd runs as $user (not root)"
    }
    elseif (-not (Test-Path -LiteralPath '/run/sshd')) {
        New-Item -ItemType Directory -Path '/run/sshd' | Out-Null
        & chmod 755 /run/sshd
    }

    $dir = (New-Item -ItemType Directory -Force -Path (Join-Path $Folder 'sshd')).FullName
    $result.Folder = $dir
    foreach ($key in 'host_ed25519', 'client_ed25519') {
        Remove-Item -LiteralPath (Join-Path $dir $key), (Join-Path $dir "$key.pub") -ErrorAction Ignore
        & ssh-keygen -q -t ed25519 -N '' -C "micromorph-test-$key" -f (Join-Path $dir $key) | Out-Null
        if ($LASTEXITCODE -ne 0) { return Unavailable "ssh-keygen failed (exit $LASTEXITCODE)" }
    }
    Copy-Item -LiteralPath (Join-Path $dir 'client_ed25519.pub') -Destination (Join-Path $dir 'authorized_keys')

    # The subsystem: the pwsh running this test, as a server over stdin/stdout (-sshs).
    $process = [Environment]::ProcessPath
    $pwshLine = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { "'$process' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$process'" }
    $wrapper = Join-Path $dir 'pwsh-subsystem.sh'
    Set-Content -LiteralPath $wrapper -Value "#!/bin/sh`n# PowerShell remoting over SSH: the pinned pwsh as the sshd subsystem.`nexec $pwshLine -sshs -NoLogo -NoProfile`n" -NoNewline
    & chmod 755 $wrapper

    # A free port on the loopback interface.
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()

    $config = Join-Path $dir 'sshd_config'
    @(
        "Port $port"
        'ListenAddress 127.0.0.1'
        "HostKey $dir/host_ed25519"
        "PidFile $dir/sshd.pid"
        "AuthorizedKeysFile $dir/authorized_keys"
        'PubkeyAuthentication yes'
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        'UsePAM no'
        # The test folder lives under /tmp (world-writable parents), which strict modes refuse.
        'StrictModes no'
        'PermitRootLogin prohibit-password'
        "AllowUsers $user"
        'X11Forwarding no'
        'AllowTcpForwarding no'
        "Subsystem powershell $wrapper"
    ) | Set-Content -LiteralPath $config
    $check = & $sshd -t -f $config 2>&1
    if ($LASTEXITCODE -ne 0) { return Unavailable "sshd refuses the test configuration: $check" }

    $result.LogPath = Join-Path $dir 'sshd.log'
    $result.Process = Start-Process -FilePath $sshd -ArgumentList '-D', '-e', '-f', $config -RedirectStandardError $result.LogPath -PassThru
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $listening = $false
    while (-not $listening -and $clock.Elapsed.TotalSeconds -lt 10 -and -not $result.Process.HasExited) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([System.Net.IPAddress]::Loopback, $port); $listening = $true }
        catch { Start-Sleep -Milliseconds 100 }
        finally { $client.Dispose() }
    }
    if (-not $listening) {
        $log = Get-Content -LiteralPath $result.LogPath -Raw -ErrorAction Ignore
        Stop-LoopbackSshd $result
        return Unavailable "sshd did not start listening on 127.0.0.1:$port within 10 s: $log"
    }

    $result.Available = $true
    $result.Port = $port
    $result.UserName = $user
    $result.KeyFilePath = Join-Path $dir 'client_ed25519'
    # For New-PSSession / Invoke-Command: the throwaway server's host key is not checked or remembered.
    $result.SessionParameters = @{
        HostName    = '127.0.0.1'
        Port        = $port
        UserName    = $user
        KeyFilePath = $result.KeyFilePath
        Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    }
    $result
}

# Ends the server started by Start-LoopbackSshd (the listener; sessions still open end with their
# connection) and removes its keys.
function Stop-LoopbackSshd($Server) {
    if (-not $Server) { return }
    if ($Server.Process -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $null = $Server.Process.WaitForExit(5000)
    }
    if ($Server.Folder) {
        Remove-Item -LiteralPath (Join-Path $Server.Folder 'client_ed25519'), (Join-Path $Server.Folder 'host_ed25519') -ErrorAction Ignore
    }
}

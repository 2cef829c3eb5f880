# The periodic UInt8 test volume of issue 24 (period 64: an AM cube [16,48)^3 of grey 220, a CBD
# cube [52,60)^3 of grey 130, pore 30), written as raw. Dot-sourced by tests/Pester/OutOfCore.Tests.ps1
# and bench/Measure-OutOfCore.ps1.
# Writes the periodic volume slice by slice (three distinct slices, built from three rows).
function Write-PeriodicRaw([string] $Path, [int] $W, [int] $H, [int] $D) {
    $rowPore = [byte[]]::new($W); [Array]::Fill($rowPore, [byte]30)
    $rowAm = [byte[]]::new($W); $rowCbd = [byte[]]::new($W)
    for ($x = 0; $x -lt $W; $x++) {
        $m = $x % 64
        $rowAm[$x] = if ($m -ge 16 -and $m -lt 48) { 220 } else { 30 }
        $rowCbd[$x] = if ($m -ge 52 -and $m -lt 60) { 130 } else { 30 }
    }
    $slices = @{}
    foreach ($kind in 'Pore', 'Am', 'Cbd') {
        $s = [byte[]]::new($W * $H)
        for ($y = 0; $y -lt $H; $y++) {
            $m = $y % 64
            $row = $rowPore
            if ($kind -eq 'Am' -and $m -ge 16 -and $m -lt 48) { $row = $rowAm } elseif ($kind -eq 'Cbd' -and $m -ge 52 -and $m -lt 60) { $row = $rowCbd }
            [Array]::Copy($row, 0, $s, $y * $W, $W)
        }
        $slices[$kind] = $s
    }
    $stream = [IO.File]::Create($Path)
    try {
        for ($z = 0; $z -lt $D; $z++) {
            $m = $z % 64
            # (a variable, not an if-expression: PowerShell would enumerate the array)
            $kind = if ($m -ge 16 -and $m -lt 48) { 'Am' } elseif ($m -ge 52 -and $m -lt 60) { 'Cbd' } else { 'Pore' }
            $s = $slices[$kind]
            $stream.Write($s, 0, $s.Length)
        }
    }
    finally { $stream.Dispose() }
}

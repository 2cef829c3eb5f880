# Helpers the example tests share (dot-sourced after ../Pester/TestSetup.ps1). They read files and
# numbers with plain PowerShell and .NET, never with MicroMorph, so they check MicroMorph's output
# independently.

# Least-squares slope of y against x (for the direction of a trend).
function Get-Slope([double[]] $X, [double[]] $Y) {
    $n = $X.Count
    $mx = ($X | Measure-Object -Average).Average
    $my = ($Y | Measure-Object -Average).Average
    $sxy = 0.0; $sxx = 0.0
    for ($i = 0; $i -lt $n; $i++) { $sxy += ($X[$i] - $mx) * ($Y[$i] - $my); $sxx += ($X[$i] - $mx) * ($X[$i] - $mx) }
    $sxy / $sxx
}

# Reads a CSV written by an example and checks that every value of the given columns parses as an
# invariant-culture number (a decimal point, never a decimal comma), whatever the session culture.
function Test-InvariantNumberColumn([object[]] $Rows, [string[]] $Column) {
    foreach ($row in $Rows) {
        foreach ($c in $Column) {
            $value = 0.0
            if (-not [double]::TryParse($row.$c, [System.Globalization.NumberStyles]::Float, [cultureinfo]::InvariantCulture, [ref] $value)) {
                throw "Column $c holds '$($row.$c)', not an invariant number."
            }
        }
    }
    $true
}

# Runs examples/<Name>.ps1 with the given parameters and returns what it returned (Result) and what
# it showed: every '| Out-Host' pipeline rendered as an 80-column console renders it (Tables) and
# every Write-Host line (Lines). Nothing reaches the CI log.
function Invoke-Example([string] $Name, [hashtable] $Parameters = @{}) {
    $tables = [System.Collections.Generic.List[string]]::new()
    $lines = [System.Collections.Generic.List[string]]::new()
    # These shadow the real cmdlets for the script called below (it runs in a child scope of this function).
    function Out-Host {
        param([Parameter(ValueFromPipeline)] $InputObject)
        begin { $items = [System.Collections.Generic.List[object]]::new() }
        process { if ($null -ne $InputObject) { $items.Add($InputObject) } }
        end { $tables.Add(($items | Out-String -Width 80)) }
    }
    function Write-Host {
        param([Parameter(Position = 0, ValueFromRemainingArguments)] [object[]] $Object)
        $lines.Add(($Object -join ' '))
    }
    $result = & (Join-Path $RepositoryRoot "examples/$Name.ps1") @Parameters
    [pscustomobject]@{
        Result = $result
        Tables = $tables.ToArray()
        Lines  = $lines.ToArray()
        Text   = (@($tables) + @($lines)) -join [Environment]::NewLine
    }
}

# Numbers printed with a decimal comma (one comma between digits, as de-DE prints 0,44992), which
# an example must never show: its tables use the invariant culture.
function Get-DecimalComma([string] $Text) {
    [regex]::Matches($Text, '(?<![\w,.])\d+,\d+(?![\w,.])') | ForEach-Object Value
}

# Writes the four z-quarters of the shipped electrode as TIFF files <Prefix>0..3.tif into -Folder and returns their
# expected volume fractions, "<file>|<phase>" -> fraction, counted in raw copies (in -RawFolder) with plain .NET
# string counting, independently of MicroMorph's measurements.
function New-ElectrodeQuarterFolder([string] $Folder, [string] $Prefix, [string] $RawFolder) {
    $electrode = Import-VoxelStack -LiteralPath $ElectrodePath
    $expected = @{}
    foreach ($k in 0..3) {
        $quarter = $electrode | Select-VoxelRegion -Origin 0, 0, (64 * $k) -Size 256, 256, 64
        $file = Join-Path $Folder "$Prefix$k.tif"
        $quarter | Export-VoxelStack -Path $file
        $raw = Join-Path $RawFolder "$Prefix$k.raw"
        $quarter | Export-VoxelStack -Path $raw
        $text = [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($raw))
        foreach ($label in @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }.GetEnumerator()) {
            $expected["$file|$($label.Value)"] = ($text.Length - $text.Replace([string][char]$label.Key, '').Length) / $text.Length
        }
    }

    $expected
}

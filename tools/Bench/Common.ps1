# Dot-sourced by the benchmark jobs: sign-in for the loop variants, the sandbox's stats, peak memory, the result line.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# The sandbox's fixed, public credentials: the only ones in this repository.
$script:ClientId = 'sodata-sandbox'
$script:ClientSecretText = 'sandbox-secret'
$script:UserName = 'admin@sandbox.local'
$script:PasswordText = 'sandbox'

function Connect-BenchModule([string] $Url, [string] $ModulePath) {
    Import-Module $ModulePath
    Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId $script:ClientId `
        -ClientSecret (ConvertTo-SecureString $script:ClientSecretText -AsPlainText -Force) `
        -Credential ([pscredential]::new($script:UserName, (ConvertTo-SecureString $script:PasswordText -AsPlainText -Force)))
}

# What the vendor guide's Python example does first: one password grant, then "Authorization: Bearer <token>".
function Get-LoopHeaders([string] $Url) {
    $token = Invoke-RestMethod -Method Post -Uri "${Url}realms/Socomec/protocol/openid-connect/token" -Body @{
        grant_type = 'password'; client_id = $script:ClientId; client_secret = $script:ClientSecretText
        username = $script:UserName; password = $script:PasswordText
    }
    @{ Authorization = "Bearer $($token.access_token)" }
}

function Reset-BenchStats([string] $Url) { $null = Invoke-RestMethod -Method Delete -Uri "${Url}_sandbox/stats" }

# Request counts per route since the last reset (token requests are left out: sign-in is not part of a job).
function Get-BenchRequests([string] $Url) {
    $counts = [ordered]@{}
    foreach ($p in (Invoke-RestMethod -Uri "${Url}_sandbox/stats").requests.PSObject.Properties) {
        if ($p.Name -notlike '* token' -and [int]$p.Value -gt 0) { $counts[$p.Name] = [int]$p.Value }
    }
    $counts
}

# The process's peak working set in MB: VmHWM on Linux, PeakWorkingSet64 elsewhere.
function Get-PeakWorkingSetMB {
    if (Test-Path /proc/self/status) {
        $line = Select-String -LiteralPath /proc/self/status -Pattern '^VmHWM:\s+(\d+)\s+kB' | Select-Object -First 1
        if ($line) { return [math]::Round([double]$line.Matches[0].Groups[1].Value / 1024, 1) }
    }
    [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
}

# The one line the benchmark runner reads.
function Write-BenchResult([string] $Job, [string] $Variant, [double] $Seconds, $Requests, [long] $Items, [hashtable] $Extra = @{}) {
    $result = [ordered]@{
        job = $Job; variant = $Variant; seconds = [math]::Round($Seconds, 3)
        requests = ($Requests.Values | Measure-Object -Sum).Sum; routes = $Requests
        peakMB = Get-PeakWorkingSetMB; items = $Items
    }
    foreach ($key in $Extra.Keys) { $result[$key] = $Extra[$key] }
    'BENCH-RESULT ' + ($result | ConvertTo-Json -Compress -Depth 5)
}

# The data rows of an .xlsx file (rows less one header per sheet), counted in its sheets' XML without a spreadsheet library.
function Measure-WorkbookRows([string] $Path) {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($Path)
    try {
        [long]$rows = 0
        $buffer = [char[]]::new(1MB)
        foreach ($entry in $zip.Entries | Where-Object FullName -Like 'xl/worksheets/*.xml') {
            $reader = [IO.StreamReader]::new($entry.Open())
            try {
                $carry = ''
                while (($read = $reader.Read($buffer, 0, $buffer.Length)) -gt 0) {
                    $text = $carry + [string]::new($buffer, 0, $read)
                    $rows += [regex]::Matches($text, '</row>').Count
                    # Keep the tail that could be the start of a '</row>' cut by the buffer's end.
                    $cut = $text.LastIndexOf('<')
                    $carry = if ($cut -ge 0 -and $cut -gt $text.Length - 6 -and -not $text.Substring($cut).StartsWith('</row>')) { $text.Substring($cut) } else { '' }
                }
            }
            finally { $reader.Dispose() }
            $rows--
        }
        $rows
    }
    finally { $zip.Dispose() }
}

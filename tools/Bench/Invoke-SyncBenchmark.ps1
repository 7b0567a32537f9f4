<#
.SYNOPSIS
    The Sync-SoDataDatapoint rows of the benchmark (issue 22): a nightly sync one day after the last against a full
    re-export of the archive, and one night synced into a month partition of 5,000,000 rows.
.DESCRIPTION
    Starts the sandbox (20 ms of latency, a raw point a minute), runs tools/Bench/Sync.ps1 in fresh `dotnet pwsh`
    processes (each times its own job, not start-up or sign-in), prints a table and writes it into docs/performance.md
    between the bench-sync markers. Run alone: tools/Bench/Invoke-SyncBenchmark.ps1 -ModulePath out/SoData/SoData.psd1
    -SandboxDll out/sandbox/SoData.Sandbox.dll.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SandboxDll,
    [string] $OutDirectory = (Join-Path $PSScriptRoot '../../out/bench'),
    [string] $Document = (Join-Path $PSScriptRoot '../../docs/performance.md'),
    [int] $LatencyMs = 20,
    [int] $BigRows = 5000000
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$Document = [IO.Path]::GetFullPath($Document)
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$SandboxDll = (Resolve-Path -LiteralPath $SandboxDll).Path
$OutDirectory = [IO.Path]::GetFullPath($OutDirectory)
Import-Module (Join-Path $root 'tools/SandboxProcess.psm1')
$work = Join-Path $OutDirectory 'sync'
if (Test-Path $work) { Remove-Item -LiteralPath $work -Recurse -Force }
$null = New-Item -ItemType Directory -Force -Path $work

function Invoke-SyncJob([string] $Url, [string] $Variant, [string] $Folder) {
    $log = Join-Path $OutDirectory "sync-$Variant.log"
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Sync.ps1') -Url $Url -Variant $Variant -Folder $Folder -ModulePath $ModulePath -BigRows $BigRows *> $log
    $line = Get-Content -LiteralPath $log | Where-Object { $_ -like 'BENCH-RESULT *' } | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0 -or -not $line) {
        Write-Host (Get-Content -LiteralPath $log -Raw) -ForegroundColor Red
        throw "Sync.ps1 -Variant $Variant failed (exit code $LASTEXITCODE); see $log."
    }
    $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
}

$sandbox = Start-SoDataSandbox -Path $SandboxDll -ArgumentList @('--latency-ms', "$LatencyMs", '--sample-period', '60') -LogDirectory $OutDirectory
try {
    $archive = Join-Path $work 'archive'
    $setup = Invoke-SyncJob $sandbox.Url 'Setup' $archive
    $nightly = Invoke-SyncJob $sandbox.Url 'Nightly' $archive
    $reexport = Invoke-SyncJob $sandbox.Url 'Reexport' $archive
    $big = Invoke-SyncJob $sandbox.Url 'Big' (Join-Path $work 'big')
}
finally { $sandbox | Stop-SoDataSandbox }

$f = [Globalization.CultureInfo]::InvariantCulture
$lines = @(
    '| Job | Requests | Time (s) | Points | Peak working set (MB) |'
    '|---|---:|---:|---:|---:|'
    ('| First sync of the archive: 20 series, 28 days of raw points (setup) | {0} | {1} | {2:N0} | {3} |' -f $setup.requests, $setup.seconds.ToString('0.0', $f), $setup.items, $setup.peakMB)
    ('| **Nightly sync one day later** (one day + one-day lookback per series) | **{0}** | **{1}** | {2:N0} new | {3} |' -f $nightly.requests, $nightly.seconds.ToString('0.0', $f), $nightly.items, $nightly.peakMB)
    ('| Full re-export of the archive instead (29 days, Export-SoDataDatapoint) | {0} | {1} | {2:N0} | {3} |' -f $reexport.requests, $reexport.seconds.ToString('0.0', $f), $reexport.items, $reexport.peakMB)
    ('| One night synced into a month partition of {0:N0} rows | {1} | {2} | {3:N0} new | **{4}** |' -f $BigRows, $big.requests, $big.seconds.ToString('0.0', $f), $big.items, $big.peakMB)
)
$target = if ($nightly.requests * 10 -le $reexport.requests) { 'PASS' } else { 'FAIL' }
$lines += ''
$lines += "Target: the nightly sync makes a small fraction of a re-export's requests (at most a tenth here): $target ($($nightly.requests) vs $($reexport.requests))."
$table = $lines -join "`n"
Write-Host $table

$begin = '<!-- bench-sync:begin (written by tools/Bench/Invoke-SyncBenchmark.ps1; edit outside the markers) -->'
$end = '<!-- bench-sync:end -->'
$text = Get-Content -LiteralPath $Document -Raw
$section = "$begin`n$table`n$end"
if ($text.Contains('<!-- bench-sync:begin')) {
    $text = [regex]::Replace($text, '<!-- bench-sync:begin[\s\S]*?<!-- bench-sync:end -->', { $section })
}
else {
    $text = $text.TrimEnd() + "`n`n## Sync-SoDataDatapoint`n`nA nightly sync reads one day plus the lookback per series and merges it into the partitions of that window, as a stream: its cost follows the new data, not the archive. Measured with tools/Bench/Invoke-SyncBenchmark.ps1 (sandbox with 20 ms latency, a raw point a minute).`n`n$section`n"
}
Set-Content -LiteralPath $Document -Value $text -NoNewline

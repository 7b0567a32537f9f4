<#
.SYNOPSIS
    The rate-limit rows of the benchmark (issue 12): the module with its defaults against a gateway's token bucket.
.DESCRIPTION
    For each row, starts the sandbox with 50 ms of latency, the benchmark's 2,000-device fleet and --rate-limit /
    --rate-burst, then runs tools/Bench/RateLimit.ps1 in a fresh `dotnet pwsh`: the last values of N devices with
    default settings (timed), then the limit is lifted and the time until the session is back to -ThrottleLimit is
    measured. Prints a table with the targets (PASS/FAIL) and writes it into docs/performance.md between the
    bench-ratelimit markers. Run alone with: tools/Bench/Invoke-Benchmark.ps1 ... -Job RateLimit.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SandboxDll,
    [string] $OutDirectory = (Join-Path $PSScriptRoot '../../out/bench'),
    [string] $Document = (Join-Path $PSScriptRoot '../../docs/performance.md'),
    [int] $LatencyMs = 50
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$Document = [IO.Path]::GetFullPath($Document)
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
$SandboxDll = (Resolve-Path -LiteralPath $SandboxDll).Path
$OutDirectory = [IO.Path]::GetFullPath($OutDirectory)
Import-Module (Join-Path $root 'tools/SandboxProcess.psm1')
$null = New-Item -ItemType Directory -Force -Path $OutDirectory
$invariant = [Globalization.CultureInfo]::InvariantCulture

$rows = @(
    @{ Rate = 2; Burst = 2; Devices = 60 }
    @{ Rate = 20; Burst = 20; Devices = 400 }
)
$fleet = @('--corporate-accounts', '1', '--customers', '20', '--sites', '10', '--devices', '10')

$failed = $false
$lines = [Collections.Generic.List[string]]::new()
$lines.Add('| Server limit (token bucket) | Job | Module (s) | Ideal (s) | Module / ideal | 429 answers / useful requests | Errors | Devices lost | Back to -ThrottleLimit after the limit lifts (s) |')
$lines.Add('|---|---|---:|---:|---:|---:|---:|---:|---:|')
$targets = [Collections.Generic.List[string]]::new()
$targets.Add('| Target | Measured | Result |')
$targets.Add('|---|---:|---|')
function Get-Verdict([bool] $ok) { if ($ok) { 'PASS' } else { 'FAIL' } }

foreach ($row in $rows) {
    $label = "$($row.Rate)/s, burst $($row.Burst)"
    $sandboxArgs = @('--latency-ms', "$LatencyMs") + $fleet + @('--rate-limit', "$($row.Rate)", '--rate-burst', "$($row.Burst)")
    $sandbox = Start-SoDataSandbox -Path $SandboxDll -ArgumentList $sandboxArgs -LogDirectory (Join-Path $OutDirectory 'logs')
    $log = Join-Path $OutDirectory ("ratelimit-{0}.log" -f $row.Rate)
    Write-Host "  last values of $($row.Devices) devices at $label..." -NoNewline
    try {
        Push-Location $root
        try {
            & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'RateLimit.ps1') -Url $sandbox.Url -Variant Module -ModulePath $ModulePath `
                -DeviceCount $row.Devices -Rate $row.Rate -Burst $row.Burst *> $log
            $exit = $LASTEXITCODE
        }
        finally { Pop-Location }
    }
    finally { $sandbox | Stop-SoDataSandbox }
    $line = Get-Content -LiteralPath $log | Where-Object { $_ -like 'BENCH-RESULT *' } | Select-Object -Last 1
    if ($exit -ne 0 -or -not $line) {
        Write-Host ' FAILED' -ForegroundColor Red
        Write-Host (Get-Content -LiteralPath $log -Raw) -ForegroundColor Red
        $failed = $true
        $lines.Add("| $label | last values of $($row.Devices) devices | failed | | | | | | |")
        $targets.Add("| $label | job failed | FAIL |")
        continue
    }
    $r = $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
    $ideal = ($r.useful - $row.Burst) / $row.Rate
    $ratio = $r.seconds / [math]::Max($ideal, 0.001)
    $share = $r.throttled / [math]::Max($r.useful, 1)
    $lost = $r.devices - $r.devicesRead
    $recovery = if ($null -ne $r.recoverySeconds) { ([double]$r.recoverySeconds).ToString('0.0', $invariant) } else { 'not within 60' }
    Write-Host (" {0} s (ideal {1} s), {2} answers 429 for {3} useful requests, {4} errors, {5} devices lost" -f
        $r.seconds.ToString('0.000', $invariant), $ideal.ToString('0.0', $invariant), $r.throttled, $r.useful, $r.errors, $lost)
    $lines.Add(('| {0} | last values of {1} devices | {2} | {3} | {4}x | {5} / {6} ({7:0}%) | {8} | {9} | {10} |' -f $label, $r.devices,
            $r.seconds.ToString('0.000', $invariant), $ideal.ToString('0.0', $invariant), $ratio.ToString('0.00', $invariant),
            $r.throttled, $r.useful, (100 * $share), $r.errors, $lost, $recovery))
    $targets.Add("| ${label}: every device read, no error | $($r.devicesRead) of $($r.devices) read, $($r.errors) errors | $(Get-Verdict ($lost -eq 0 -and $r.errors -eq 0)) |")
    $targets.Add("| ${label}: at most 1.3x (requests - burst) / rate | $($ratio.ToString('0.00', $invariant))x | $(Get-Verdict ($ratio -le 1.3)) |")
    $targets.Add("| ${label}: 429 answers at most 25% of the useful requests | $((100 * $share).ToString('0', $invariant))% | $(Get-Verdict ($share -le 0.25)) |")
    $targets.Add("| ${label}: back to -ThrottleLimit within seconds (15) once the limit lifts | $recovery s | $(Get-Verdict ($null -ne $r.recoverySeconds -and $r.recoverySeconds -le 15)) |")
}

$machine = @(
    "- Command: ``./build.ps1 Bench`` (alone: ``tools/Bench/Invoke-Benchmark.ps1 -ModulePath out/SoData/SoData.psd1 -SandboxDll out/sandbox/SoData.Sandbox.dll -Job RateLimit``)"
    "- Sandbox: ``--latency-ms $LatencyMs $($fleet -join ' ') --rate-limit R --rate-burst B``; the module with its defaults (-ThrottleLimit 8)"
    "- Date: $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC; commit $(& git -C $root rev-parse --short HEAD 2>$null); $([Environment]::ProcessorCount) logical CPUs"
)
$section = @('<!-- bench-ratelimit:begin (written by ./build.ps1 Bench; edit outside the markers) -->') + $machine + @('') + $lines + @('') + $targets + @('<!-- bench-ratelimit:end -->')
Write-Host ''
$lines + @('') + $targets | ForEach-Object {
    $color = if ($_ -match '\| FAIL \|$') { 'Red' } elseif ($_ -match '\| PASS \|$') { 'Green' } else { 'Gray' }
    Write-Host $_ -ForegroundColor $color
}

$text = if (Test-Path -LiteralPath $Document) { Get-Content -LiteralPath $Document -Raw } else { "# Performance`n" }
$pattern = '(?s)<!-- bench-ratelimit:begin.*?<!-- bench-ratelimit:end -->'
if ($text -notmatch $pattern) { $text = $text.TrimEnd() + "`n`n<!-- bench-ratelimit:begin -->`n<!-- bench-ratelimit:end -->`n" }
$text = [regex]::Replace($text, $pattern, { param($m) $section -join "`n" })
[IO.File]::WriteAllText($Document, $text, [Text.UTF8Encoding]::new($false))
Write-Host "Rate-limit table written to $Document" -ForegroundColor Cyan
if ($failed) { exit 1 }
exit 0

<#
.SYNOPSIS
    The fleet-scale benchmark of issue 6: the module against the plain Invoke-RestMethod loop and the latency lower bound.
.DESCRIPTION
    Starts the sandbox with simulated latency and a fleet of 2,000 devices, then runs each job in a fresh
    `dotnet pwsh` process, first with the module and then as the straightforward loop; each process times its own
    job (not process start, Import-Module or sign-in) and prints one JSON line. Request counts come from the
    sandbox's GET /_sandbox/stats. Prints a table with the targets (PASS/FAIL) and writes it into docs/performance.md
    between the bench markers. Exits non-zero only when a job fails to run, not for a missed target.

    CPU per object (-Job perobject): one warm process against a second sandbox without latency, each listing through
    the pipeline to Measure-Object (tools/Bench/PerObject.ps1), in microseconds per object.

    With -BaselineModulePath (e.g. a build of the previous main), the module's rows run against both modules in the
    same run, alternately, -Repeat times each, against the same sandboxes; the fastest run of each counts. A row more
    than 10% slower than the baseline is marked FAIL.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SandboxDll,
    [string] $OutDirectory = (Join-Path $PSScriptRoot '../../out/bench'),
    [string] $Document = (Join-Path $PSScriptRoot '../../docs/performance.md'),
    [string] $Command = './build.ps1 Bench',
    [int] $LatencyMs = 20,
    # The module's -ThrottleLimit default: the concurrency the lower bound assumes.
    [int] $Concurrency = 8,
    [int] $ImportRuns = 5,
    # Only these jobs (e.g. -Job excel, -Job ratelimit for the rows under a rate limit, -Job sync for
    # Sync-SoDataDatapoint's rows). A partial run of the fleet jobs prints its table but leaves docs/performance.md alone.
    [ValidateSet('walk', 'lastvalues', 'export', 'excel', 'perobject', 'ratelimit', 'sync')] [string[]] $Job = @('walk', 'lastvalues', 'export', 'excel', 'perobject', 'ratelimit', 'sync'),
    # A baseline module (its folder, or its .psd1): the module's rows run against it too, in the same run.
    [string] $BaselineModulePath,
    # Runs of each module row per module in baseline mode (alternating), the fastest counting.
    [ValidateRange(1, 10)] [int] $Repeat = 3,
    # A row slower than the baseline by more than this share is a FAIL.
    [double] $Tolerance = 0.10
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$Document = [IO.Path]::GetFullPath($Document)
$OutDirectory = [IO.Path]::GetFullPath($OutDirectory)
Import-Module (Join-Path $root 'tools/SandboxProcess.psm1')
$null = New-Item -ItemType Directory -Force -Path $OutDirectory
$invariant = [Globalization.CultureInfo]::InvariantCulture
. (Join-Path $PSScriptRoot 'Baseline.ps1')
$baseline = if ($BaselineModulePath) { Resolve-BaselineModule $BaselineModulePath } else { $null }
if (-not $baseline) { $Repeat = 1 }
$rateLimitRows = { & (Join-Path $PSScriptRoot 'Invoke-RateLimitBenchmark.ps1') -ModulePath $ModulePath -SandboxDll $SandboxDll -OutDirectory $OutDirectory -Document $Document; $LASTEXITCODE }
# Sync-SoDataDatapoint's rows (a sandbox of their own, with a server clock); they write their own markers.
$syncRows = { & (Join-Path $PSScriptRoot 'Invoke-SyncBenchmark.ps1') -ModulePath $ModulePath -SandboxDll $SandboxDll -OutDirectory $OutDirectory -Document $Document; if ($?) { 0 } else { 1 } }
$ownSandboxJobs = @('ratelimit', 'sync')
if (@($Job | Where-Object { $_ -notin $ownSandboxJobs }).Count -eq 0) {
    $exit = 0
    if ('ratelimit' -in $Job -and (& $rateLimitRows) -ne 0) { $exit = 1 }
    if ('sync' -in $Job -and (& $syncRows) -ne 0) { $exit = 1 }
    exit $exit
}

# 1 CA x 20 customers x 10 sites x 10 devices = 2,000 devices; one raw sample a minute, so 20 devices x 5 series x
# 10,000 minutes = 1,000,000 points for the export.
$sandboxArgs = @('--latency-ms', "$LatencyMs", '--corporate-accounts', '1', '--customers', '20', '--sites', '10', '--devices', '10', '--sample-period', '60')

function Invoke-Job([string] $Name, [string] $Script, [string[]] $Arguments, [string] $Label = '') {
    $log = Join-Path $OutDirectory ("{0}-{1}{2}.log" -f $Name, ($Arguments[($Arguments.IndexOf('-Variant') + 1)]), $Label)
    Push-Location $root
    try {
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot $Script) @Arguments *> $log
        $exit = $LASTEXITCODE
    }
    finally { Pop-Location }
    $line = Get-Content -LiteralPath $log | Where-Object { $_ -like 'BENCH-RESULT *' } | Select-Object -Last 1
    if ($exit -ne 0 -or -not $line) {
        Write-Host (Get-Content -LiteralPath $log -Raw) -ForegroundColor Red
        throw "$Script $($Arguments -join ' ') failed (exit code $exit); see $log."
    }
    $line.Substring('BENCH-RESULT '.Length) | ConvertFrom-Json
}

function Measure-Import([string] $ModulePath = $ModulePath) {
    $times = foreach ($i in 1..$ImportRuns) {
        Push-Location $root
        try {
            $text = & dotnet pwsh -NoProfile -NonInteractive -Command "`$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; `$sw.Stop(); `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)"
            if ($LASTEXITCODE -ne 0) { throw "Import-Module of $ModulePath failed in a fresh process: $text" }
        }
        finally { Pop-Location }
        [double]::Parse(($text | Select-Object -Last 1), $invariant)
    }
    $sorted = @($times | Sort-Object)
    [pscustomobject]@{ Median = $sorted[[int][math]::Floor($sorted.Count / 2)]; All = $times }
}

function Get-Route($Result, [string] $Route) {
    $p = $Result.routes.PSObject.Properties[$Route]
    if ($p) { [int]$p.Value } else { 0 }
}

# Requests / concurrency x latency: a listing's first page (it gives the total) comes before the others, which share
# the concurrency; independent requests (one per device, per window) share it from the start; anything else is sequential.
function Get-LowerBound($Result) {
    $rounds = 0
    foreach ($p in $Result.routes.PSObject.Properties) {
        $n = [int]$p.Value
        switch -Wildcard ($p.Name) {
            'GET /api/v1/ca/{ca}/devices' { $rounds += 1 + [math]::Ceiling(($n - 1) / $Concurrency) }
            '* /api/v1/ca/{ca}/devices/{device}/last-values' { $rounds += [math]::Ceiling($n / $Concurrency) }
            'PUT /api/v1/ca/{ca}/datapoints' { $rounds += [math]::Ceiling($n / $Concurrency) }
            default { $rounds += $n }
        }
    }
    $rounds * $LatencyMs / 1000.0
}

# The modules a row runs against: (label, .psd1) pairs, this build's label empty; the baseline too when there is one and the row uses the module.
function Get-BenchModules([bool] $UsesModule) {
    $modules = [Collections.Generic.List[object]]::new()
    $modules.Add(@('', $ModulePath))
    if ($baseline -and $UsesModule) { $modules.Add(@('baseline', $baseline.Psd1)) }
    , $modules.ToArray()
}

function Format-Seconds([double] $s) { $s.ToString('0.000', $invariant) }
function Format-Ratio([double] $r) { $r.ToString('0.0', $invariant) + 'x' }
function Get-Verdict([bool] $ok) { if ($ok) { 'PASS' } else { 'FAIL' } }

$sandbox = $null
$failed = $false
$results = [ordered]@{}
try {
    $sandbox = Start-SoDataSandbox -Path $SandboxDll -ArgumentList $sandboxArgs -LogDirectory (Join-Path $OutDirectory 'logs')
    Write-Host "Sandbox on $($sandbox.Url): $($sandboxArgs -join ' ')" -ForegroundColor Cyan
    $csv = Join-Path $OutDirectory 'export.csv'
    $jobs = [ordered]@{
        walk       = @{ Script = 'Walk.ps1'; Args = @() }
        lastvalues = @{ Script = 'LastValues.ps1'; Args = @() }
        export     = @{ Script = 'Export.ps1'; Args = @('-OutFile', $csv) }
        # 4,000,000 raw points (40,000 minutes), to CSV and to an Excel workbook, side by side.
        excel      = @{ Script = 'Export.ps1'; Args = @('-OutFile', (Join-Path $OutDirectory 'export4m.csv'), '-Minutes', '40000') }
    }
    # Besides the module and the loop: the walk's floor (raw bytes, same requests and concurrency, no client work),
    # and the export as a loop that gathers its rows before Export-Csv.
    $variants = @{ walk = 'Module', 'Loop', 'Floor'; lastvalues = 'Module', 'Loop'; export = 'Module', 'ModuleQuarter', 'Loop', 'LoopCollect'; excel = 'Module', 'ModuleXlsx' }
    # The variants that run against the baseline module too (the others do not use the module, or measure its memory).
    $baselineVariants = 'Module', 'ModuleXlsx'
    foreach ($name in @($jobs.Keys | Where-Object { $_ -in $Job })) {
        foreach ($variant in $variants[$name]) {
            # The module's rows run against this build and the baseline alternately; the loops and the floor once.
            $modules = Get-BenchModules ($variant -in $baselineVariants)
            $runs = if ($modules.Count -gt 1) { $Repeat } else { 1 }
            foreach ($run in 1..$runs) {
                foreach ($module in $modules) {
                    $key = if ($module[0]) { "$name/$variant/$($module[0])" } else { "$name/$variant" }
                    Write-Host "  $name ($variant$(if ($module[0]) { ", $($module[0])" })$(if ($runs -gt 1) { ", run $run of $runs" }))..." -NoNewline
                    try {
                        $r = Invoke-Job $name $jobs[$name].Script (@('-Url', $sandbox.Url, '-Variant', $variant, '-ModulePath', $module[1]) + $jobs[$name].Args) "$(if ($module[0]) { "-$($module[0])" })-$run"
                        # The fastest run counts: on a shared machine the slower ones carry other processes' time.
                        if (-not $results.Contains($key) -or $r.seconds -lt $results[$key].seconds) { $results[$key] = $r }
                        Write-Host (" {0} s, {1} requests, {2} MB peak, {3} items" -f (Format-Seconds $r.seconds), $r.requests, $r.peakMB, $r.items)
                    }
                    catch {
                        Write-Host ' FAILED' -ForegroundColor Red
                        Write-Host $_ -ForegroundColor Red
                        # A baseline older than the job (e.g. before the .xlsx export) cannot run it: its row says so.
                        if (-not $module[0]) { $failed = $true }
                    }
                }
            }
        }
    }
}
finally {
    $sandbox | Stop-SoDataSandbox
}

# CPU per object: a sandbox of its own, without latency, 5,000 devices with 100 variables each.
$perObject = [ordered]@{}
if ('perobject' -in $Job) {
    $perObjectArgs = @('--latency-ms', '0', '--corporate-accounts', '1', '--customers', '50', '--sites', '10', '--devices', '10', '--variables', '100', '--sample-period', '60')
    $cpuSandbox = $null
    try {
        $cpuSandbox = Start-SoDataSandbox -Path $SandboxDll -ArgumentList $perObjectArgs -LogDirectory (Join-Path $OutDirectory 'logs')
        Write-Host "Sandbox on $($cpuSandbox.Url): $($perObjectArgs -join ' ')" -ForegroundColor Cyan
        $modules = Get-BenchModules $true
        foreach ($run in 1..$(if ($baseline) { [math]::Max(1, $Repeat - 1) } else { 1 })) {
            foreach ($module in $modules) {
                Write-Host "  CPU per object ($(if ($module[0]) { $module[0] } else { 'this build' }), run $run)..." -NoNewline
                try {
                    $r = Invoke-Job 'perobject' 'PerObject.ps1' @('-Url', $cpuSandbox.Url, '-Variant', 'Module', '-ModulePath', $module[1], '-OutFile', (Join-Path $OutDirectory 'perobject.csv')) "$(if ($module[0]) { "-$($module[0])" })-$run"
                    foreach ($row in $r.rows.PSObject.Properties) {
                        $key = "$($row.Name)$(if ($module[0]) { "/$($module[0])" })"
                        if (-not $perObject.Contains($key) -or $row.Value.usPerObject -lt $perObject[$key].usPerObject) { $perObject[$key] = $row.Value }
                    }
                    Write-Host (' ' + (($r.rows.PSObject.Properties | ForEach-Object { '{0} {1} us' -f $_.Name, $_.Value.usPerObject }) -join ', '))
                }
                catch {
                    Write-Host ' FAILED' -ForegroundColor Red
                    Write-Host $_ -ForegroundColor Red
                    $failed = $true
                }
            }
        }
    }
    finally {
        $cpuSandbox | Stop-SoDataSandbox
    }
}
$complete = @('walk', 'lastvalues', 'export', 'excel', 'perobject' | Where-Object { $_ -notin $Job }).Count -eq 0
$import = $null
$baselineImport = $null
if ($complete) {
    Write-Host '  Import-Module (fresh process, median of 5)...' -NoNewline
    $import = Measure-Import
    Write-Host (' {0} s' -f (Format-Seconds $import.Median))
    if ($baseline) {
        Write-Host '  Import-Module of the baseline (fresh process, median of 5)...' -NoNewline
        $baselineImport = Measure-Import $baseline.Psd1
        Write-Host (' {0} s' -f (Format-Seconds $baselineImport.Median))
    }
}

# The table.
$names = @{ walk = 'Walk all devices of a CA (2,000)'; lastvalues = 'Last values of 1,000 devices'; export = 'Export 1,000,000 raw points to CSV' }
$lines = [Collections.Generic.List[string]]::new()
$lines.Add('| Job | Module (s) | Loop (s) | Loop / module | Lower bound (s) | Module / lower bound | Requests module / loop | Peak working set module / loop (MB) |')
$lines.Add('|---|---:|---:|---:|---:|---:|---:|---:|')
$targets = [Collections.Generic.List[string]]::new()
$targets.Add('| Target | Measured | Result |')
$targets.Add('|---|---:|---|')
foreach ($name in @('walk', 'lastvalues', 'export' | Where-Object { $_ -in $Job })) {
    $m = $results["$name/Module"]; $l = $results["$name/Loop"]
    if (-not $m -or -not $l) {
        $lines.Add("| $($names[$name]) | $(if ($m) { Format-Seconds $m.seconds } else { 'failed' }) | $(if ($l) { Format-Seconds $l.seconds } else { 'failed' }) | | | | | |")
        $targets.Add("| $($names[$name]) | job failed | FAIL |")
        continue
    }
    $ratio = $l.seconds / [math]::Max($m.seconds, 0.001)
    $bound = Get-LowerBound $m
    $overBound = $m.seconds / [math]::Max($bound, 0.001)
    $lines.Add(('| {0} | {1} | {2} | {3} | {4} | {5} | {6} / {7} | {8} / {9} |' -f $names[$name], (Format-Seconds $m.seconds), (Format-Seconds $l.seconds),
            (Format-Ratio $ratio), (Format-Seconds $bound), (Format-Ratio $overBound), $m.requests, $l.requests, $m.peakMB, $l.peakMB))
    switch ($name) {
        'walk' {
            $targets.Add("| Walk: at least 4x faster than the loop | $(Format-Ratio $ratio) | $(Get-Verdict ($ratio -ge 4)) |")
            $targets.Add("| Walk: within 1.5x the lower bound | $(Format-Ratio $overBound) | $(Get-Verdict ($overBound -le 1.5)) |")
            $floor = $results['walk/Floor']
            if ($floor) {
                $lines.Add(('| Walk floor: the same requests as raw bytes, no client work | {0} | | | {1} | {2} | {3} / | {4} / |' -f (Format-Seconds $floor.seconds),
                        (Format-Seconds $bound), (Format-Ratio ($floor.seconds / [math]::Max($bound, 0.001))), $floor.requests, $floor.peakMB))
                $targets.Add("| (context) Walk: module / measured floor | $(Format-Ratio ($m.seconds / [math]::Max($floor.seconds, 0.001))) | info |")
            }
        }
        'lastvalues' {
            $targets.Add("| Last values: at least 6x faster than the loop | $(Format-Ratio $ratio) | $(Get-Verdict ($ratio -ge 6)) |")
        }
        'export' {
            $memory = $m.peakMB / [math]::Max($l.peakMB, 1)
            $targets.Add("| Export: at least 3x faster than the loop | $(Format-Ratio $ratio) | $(Get-Verdict ($ratio -ge 3)) |")
            $targets.Add("| Export: at most 1/3 of the streaming loop's peak memory | $($memory.ToString('0.00', $invariant)) of the loop's | $(Get-Verdict ($memory -le 1 / 3)) |")
            $collect = $results['export/LoopCollect']
            if ($collect) {
                $lines.Add(('| Export, loop gathering its rows before Export-Csv | | {0} | {1} | | | / {2} | / {3} |' -f (Format-Seconds $collect.seconds),
                        (Format-Ratio ($collect.seconds / [math]::Max($m.seconds, 0.001))), $collect.requests, $collect.peakMB))
                $collectMemory = $m.peakMB / [math]::Max($collect.peakMB, 1)
                $targets.Add("| Export: at most 1/3 of the gathering loop's peak memory | $($collectMemory.ToString('0.00', $invariant)) of the loop's | $(Get-Verdict ($collectMemory -le 1 / 3)) |")
            }
            $targets.Add("| Export: module peak under 300 MB | $($m.peakMB) MB | $(Get-Verdict ($m.peakMB -lt 300)) |")
            $quarter = $results['export/ModuleQuarter']
            if ($quarter) {
                $lines.Add(('| Export, module on a quarter of the points ({0:n0}) | {1} | | | | | {2} / | {3} / |' -f $quarter.items, (Format-Seconds $quarter.seconds), $quarter.requests, $quarter.peakMB))
                $targets.Add("| Export: module peak under 300 MB at a quarter of the size too | $($quarter.peakMB) MB at 250,000 points, $($m.peakMB) MB at 1,000,000 | $(Get-Verdict ($quarter.peakMB -lt 300)) |")
            }
            if ($m.items -ne 1000000 -or $l.items -ne 1000000) { $targets.Add("| Export: 1,000,000 rows written | module $($m.items), loop $($l.items) | FAIL |") }
        }
    }
}
# Excel: the same export as CSV and as a workbook, 4,000,000 points each, in one run.
if ('excel' -in $Job) {
    $csv4 = $results['excel/Module']; $xlsx4 = $results['excel/ModuleXlsx']
    foreach ($pair in @(@('CSV', $csv4), @('XLSX', $xlsx4))) {
        $r = $pair[1]
        if ($r) { $lines.Add(('| Export 4,000,000 raw points to {0} | {1} | | | {2} | {3} | {4} / | {5} / |' -f $pair[0], (Format-Seconds $r.seconds), (Format-Seconds (Get-LowerBound $r)), (Format-Ratio ($r.seconds / [math]::Max((Get-LowerBound $r), 0.001))), $r.requests, $r.peakMB)) }
        else { $lines.Add("| Export 4,000,000 raw points to $($pair[0]) | failed | | | | | | |") }
    }
    if ($csv4 -and $xlsx4) {
        $timeRatio = $xlsx4.seconds / [math]::Max($csv4.seconds, 0.001)
        $targets.Add("| Excel: XLSX export within 1.5x the time of the CSV export (4,000,000 points) | $($timeRatio.ToString('0.00', $invariant))x | $(Get-Verdict ($timeRatio -le 1.5)) |")
        $targets.Add("| Excel: XLSX export peak under 300 MB (CSV: $($csv4.peakMB) MB) | $($xlsx4.peakMB) MB | $(Get-Verdict ($xlsx4.peakMB -lt 300)) |")
        $targets.Add("| Excel: 4,000,000 rows in each file | CSV $($csv4.items), XLSX $($xlsx4.items) | $(Get-Verdict ($csv4.items -eq 4000000 -and $xlsx4.items -eq 4000000)) |")
    }
    else { $targets.Add('| Excel: XLSX vs CSV export | job failed | FAIL |') }
}
if ($import) {
    $targets.Add("| Import-Module under 0.5 s (median of $ImportRuns fresh processes) | $(Format-Seconds $import.Median) s | $(Get-Verdict ($import.Median -lt 0.5)) |")
}

# CPU per object, and this build against the baseline.
$perObjectLines = @(Format-PerObjectTable $perObject ([bool]$baseline) $Tolerance)
$baselineLines = @()
if ($baseline) {
    $baselineLines = @(Format-BaselineTable -Results $results -PerObject $perObject -Import $import -BaselineImport $baselineImport -Tolerance $Tolerance -Repeat $Repeat)
}

# The machine.
$memoryText = if (Test-Path /proc/meminfo) {
    $kb = [double]((Select-String -LiteralPath /proc/meminfo -Pattern '^MemTotal:\s+(\d+)').Matches[0].Groups[1].Value)
    '{0:0.0} GB' -f ($kb / 1MB)
} else { 'unknown' }
$cpu = if (Test-Path /proc/cpuinfo) { ((Select-String -LiteralPath /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches[0].Groups[1].Value).Trim() } else { $env:PROCESSOR_IDENTIFIER }
$dotnetVersion = (& dotnet --version | Select-Object -First 1)
$machine = @(
    "- Command: ``$Command`` (sandbox: ``$($sandboxArgs -join ' ')``; concurrency for the lower bound: $Concurrency, the -ThrottleLimit default)"
    "- Date: $([DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', $invariant)) UTC; commit $(& git -C $root rev-parse --short HEAD 2>$null)"
    "- Machine: $([Environment]::ProcessorCount) logical CPUs (nproc) $cpu; $memoryText memory; $([Runtime.InteropServices.RuntimeInformation]::OSDescription.Trim())"
    "- .NET SDK $dotnetVersion, runtime $([Environment]::Version); PowerShell $($PSVersionTable.PSVersion)"
    $(if ($import) { "- Import-Module times (s): $((@($import.All) | ForEach-Object { Format-Seconds $_ }) -join ', ')" })
    $(if ($baseline) { "- Baseline: $($baseline.Description); module rows run $Repeat times per module, alternately, the fastest counting (CPU per object: $([math]::Max(1, $Repeat - 1)) processes per module, each the fastest of 3 warm runs)" })
)
$extra = @()
if ($perObjectLines) { $extra += @('') + $perObjectLines }
if ($baselineLines) { $extra += @('') + $baselineLines }
$section = @('<!-- bench:begin (written by ./build.ps1 Bench; edit outside the markers) -->') + $machine + @('') + $lines + @('') + $targets + $extra + @('<!-- bench:end -->')

Write-Host ''
$lines + @('') + $targets + $extra | ForEach-Object {
    $color = if ($_ -match '\| FAIL \|$') { 'Red' } elseif ($_ -match '\| PASS \|$') { 'Green' } else { 'Gray' }
    Write-Host $_ -ForegroundColor $color
}
Write-Host ''
$machine | ForEach-Object { Write-Host $_ }

if ($complete) {
    # docs/performance.md: only the part between the markers is replaced.
    $text = if (Test-Path -LiteralPath $Document) { Get-Content -LiteralPath $Document -Raw } else { "# Performance`n`n<!-- bench:begin -->`n<!-- bench:end -->`n" }
    $pattern = '(?s)<!-- bench:begin.*?<!-- bench:end -->'
    if ($text -notmatch $pattern) { $text = $text.TrimEnd() + "`n`n<!-- bench:begin -->`n<!-- bench:end -->`n" }
    $text = [regex]::Replace($text, $pattern, { param($m) $section -join "`n" })
    [IO.File]::WriteAllText((Resolve-Path -LiteralPath (Split-Path $Document)).Path + [IO.Path]::DirectorySeparatorChar + (Split-Path $Document -Leaf), $text, [Text.UTF8Encoding]::new($false))
    Write-Host "Table written to $Document" -ForegroundColor Cyan
}
else {
    Write-Host "Partial run (-Job $($Job -join ', ')): docs/performance.md left as it is." -ForegroundColor Cyan
}

if ('ratelimit' -in $Job) {
    Write-Host ''
    Write-Host 'Under a rate limit (issue 12):' -ForegroundColor Cyan
    if ((& $rateLimitRows) -ne 0) { $failed = $true }
}
if ('sync' -in $Job) {
    Write-Host ''
    Write-Host 'Sync-SoDataDatapoint (issue 22):' -ForegroundColor Cyan
    if ((& $syncRows) -ne 0) { $failed = $true }
}
if ($failed) { exit 1 }

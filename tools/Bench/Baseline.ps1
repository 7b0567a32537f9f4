# Dot-sourced by Invoke-Benchmark.ps1: the baseline module, and the tables of CPU per object and of this build
# against the baseline. Uses Invoke-Benchmark's Format-Seconds, Format-Ratio and Get-Verdict.

# A module folder (or its .psd1) to compare with, e.g. out/SoData of a build of the previous main; its commit when the
# folder is inside a git work tree.
function Resolve-BaselineModule([string] $Path) {
    $full = [IO.Path]::GetFullPath($Path)
    $psd1 = if (Test-Path -LiteralPath $full -PathType Container) { Join-Path $full 'SoData.psd1' } else { $full }
    if (-not (Test-Path -LiteralPath $psd1 -PathType Leaf)) {
        throw "-BaselineModulePath: no SoData.psd1 in '$Path'. Give the folder of a built module, e.g. out/SoData of a build of the previous main."
    }
    $folder = Split-Path $psd1
    $commit = & git -C $folder rev-parse --short HEAD 2>$null
    $description = if ($LASTEXITCODE -eq 0 -and $commit) { "$folder (commit $commit)" } else { $folder }
    [pscustomobject]@{ Psd1 = $psd1; Folder = $folder; Description = $description }
}

$script:PerObjectRows = [ordered]@{
    devices    = '5,000 devices (Get-SoDataDevice \| Measure-Object)'
    variables  = '5,000 variables (50 devices \| Get-SoDataVariable \| Measure-Object)'
    lastvalues = '5,000 last values (50 devices \| Get-SoDataLastValue \| Measure-Object)'
    datapoints = '500,000 datapoints (Get-SoDataDatapoint \| Measure-Object)'
    exportcsv  = '500,000 datapoints through Export-Csv (Get-SoDataDatapoint \| Export-Csv)'
}

# | Row | objects | us per object | seconds (fastest / slowest run) |, with the baseline's columns in baseline mode.
function Format-PerObjectTable($PerObject, [bool] $WithBaseline, [double] $Tolerance) {
    if ($PerObject.Count -eq 0) { return }
    'CPU per object: warm, in one process, no latency (sandbox `--latency-ms 0`, 5,000 devices, 100 variables each): the process''s CPU time (all its threads) per object, the fastest of 3 runs; CPU seconds of the fastest and slowest run, and the fastest wall clock, show the noise.'
    ''
    if ($WithBaseline) {
        '| Row | CPU µs per object | Baseline CPU µs per object | This / baseline | CPU s, fastest / slowest (wall s) | Baseline CPU s, fastest / slowest (wall s) | Result |'
        '|---|---:|---:|---:|---:|---:|---|'
    }
    else {
        '| Row | CPU µs per object | CPU s, fastest / slowest (wall s) |'
        '|---|---:|---:|'
    }
    foreach ($name in $script:PerObjectRows.Keys) {
        $m = $PerObject[$name]
        if (-not $m) { "| $($script:PerObjectRows[$name]) | failed | |"; continue }
        $runs = '{0} / {1} ({2})' -f (Format-Seconds $m.cpuSeconds), (Format-Seconds $m.cpuSlowest), (Format-Seconds $m.seconds)
        if (-not $WithBaseline) { "| $($script:PerObjectRows[$name]) | $($m.usPerObject) | $runs |"; continue }
        $b = $PerObject["$name/baseline"]
        if (-not $b) { "| $($script:PerObjectRows[$name]) | $($m.usPerObject) | failed | | $runs | | FAIL |"; continue }
        $ratio = $m.usPerObject / [math]::Max($b.usPerObject, 0.001)
        '| {0} | {1} | {2} | {3:0.00}x | {4} | {5} / {6} ({7}) | {8} |' -f $script:PerObjectRows[$name], $m.usPerObject, $b.usPerObject, $ratio, $runs,
            (Format-Seconds $b.cpuSeconds), (Format-Seconds $b.cpuSlowest), (Format-Seconds $b.seconds), (Get-Verdict ($ratio -le 1 + $Tolerance))
    }
}

# Each module row against the same row of the baseline, from the same run; FAIL when more than Tolerance slower.
function Format-BaselineTable($Results, $PerObject, $Import, $BaselineImport, [double] $Tolerance, [int] $Repeat) {
    $percent = [math]::Round($Tolerance * 100)
    "This build against the baseline, side by side in this run (FAIL: more than $percent% slower; time rows: the fastest of $Repeat alternating runs each):"
    ''
    '| Row | This build | Baseline | This / baseline | Result |'
    '|---|---:|---:|---:|---|'
    $timed = [ordered]@{
        'walk/Module'       = 'Walk all devices of a CA (2,000), 20 ms (s)'
        'lastvalues/Module' = 'Last values of 1,000 devices, 20 ms (s)'
        'export/Module'     = 'Export 1,000,000 raw points to CSV (s)'
        'excel/Module'      = 'Export 4,000,000 raw points to CSV (s)'
        'excel/ModuleXlsx'  = 'Export 4,000,000 raw points to XLSX (s)'
    }
    foreach ($key in $timed.Keys) {
        $m = $Results[$key]; $b = $Results["$key/baseline"]
        if (-not $m -and -not $b) { continue }
        if (-not $m) { "| $($timed[$key]) | failed | $(if ($b) { Format-Seconds $b.seconds }) | | FAIL |"; continue }
        if (-not $b) { "| $($timed[$key]) | $(Format-Seconds $m.seconds) | the baseline could not run it | | info |"; continue }
        $ratio = $m.seconds / [math]::Max($b.seconds, 0.001)
        '| {0} | {1} | {2} | {3:0.00}x | {4} |' -f $timed[$key], (Format-Seconds $m.seconds), (Format-Seconds $b.seconds), $ratio, (Get-Verdict ($ratio -le 1 + $Tolerance))
        if ($key -eq 'walk/Module' -and $Results['walk/Loop']) {
            # Faster is better here: the baseline's ratio over this build's.
            $loop = $Results['walk/Loop'].seconds
            $mine = $loop / [math]::Max($m.seconds, 0.001); $theirs = $loop / [math]::Max($b.seconds, 0.001)
            '| Walk: loop / module, the same loop run ({0} s) | {1} | {2} | {3:0.00}x | {4} |' -f (Format-Seconds $loop), (Format-Ratio $mine), (Format-Ratio $theirs),
                ($theirs / [math]::Max($mine, 0.001)), (Get-Verdict ($mine -ge $theirs / (1 + $Tolerance)))
        }
    }
    foreach ($name in $script:PerObjectRows.Keys) {
        $m = $PerObject[$name]; $b = $PerObject["$name/baseline"]
        if (-not $m -or -not $b) { continue }
        $ratio = $m.usPerObject / [math]::Max($b.usPerObject, 0.001)
        '| CPU per object: {0} (CPU µs) | {1} | {2} | {3:0.00}x | {4} |' -f $script:PerObjectRows[$name], $m.usPerObject, $b.usPerObject, $ratio, (Get-Verdict ($ratio -le 1 + $Tolerance))
    }
    if ($Import -and $BaselineImport) {
        $ratio = $Import.Median / [math]::Max($BaselineImport.Median, 0.001)
        '| Import-Module, median of fresh processes (s) | {0} | {1} | {2:0.00}x | {3} |' -f (Format-Seconds $Import.Median), (Format-Seconds $BaselineImport.Median), $ratio, (Get-Verdict ($ratio -le 1 + $Tolerance))
    }
}

# CPU per object: in one process, warm, against a sandbox without latency, each listing through the pipeline to
# Measure-Object (5,000 devices, 5,000 variables, 5,000 last values, 500,000 datapoints), and the datapoints through
# Export-Csv. Each row runs once to warm up (JIT, first binding, connections), then Runs times. What counts is the
# process's CPU time (every thread: the pipeline, HTTP, JSON, GC), not the wall clock: on a shared machine the wall
# clock carries other processes' time. The fastest run counts; the wall-clock seconds are reported beside it.
[CmdletBinding(PositionalBinding = $false)]
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutFile,
    # Always the module (the runner names every job's variant).
    [ValidateSet('Module')] [string] $Variant = 'Module',
    [ValidateRange(1, 20)] [int] $Runs = 3,
    # The sandbox's variables per device: devices for 5,000 variables and last values = 5,000 / this.
    [int] $VariablesPerDevice = 100,
    [string[]] $Series = @('Global|0|140100', 'Global|0|140108', 'Global|0|140110', 'Global|0|140120', 'Unit|0|140108'),
    [int] $DatapointDevices = 10,
    [datetimeoffset] $From = '2024-05-01T00:00:00Z',
    # One raw sample a minute: 10 devices x 5 series x 10,000 minutes = 500,000 points.
    [int] $Minutes = 10000,
    # Only these rows (all by default); from another process as one string, 'devices,variables'.
    [string[]] $Rows = @('devices', 'variables', 'lastvalues', 'datapoints', 'exportcsv')
)
. (Join-Path $PSScriptRoot 'Common.ps1')
Connect-BenchModule $Url $ModulePath
$ca = Get-SoDataCorporateAccount -Name SoLink
$devices = @($ca | Get-SoDataDevice)
$few = @($devices | Select-Object -First ([math]::Ceiling(5000 / $VariablesPerDevice)))
$pointDevices = @($devices | Select-Object -First $DatapointDevices)
$to = $From.AddMinutes($Minutes)

$Rows = @($Rows | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$jobs = [ordered]@{
    devices    = { ($ca | Get-SoDataDevice | Measure-Object).Count }
    variables  = { ($few | Get-SoDataVariable | Measure-Object).Count }
    lastvalues = { ($few | Get-SoDataLastValue | Measure-Object).Count }
    datapoints = { (Get-SoDataDatapoint -Device $pointDevices -Series $Series -From $From -To $to | Measure-Object).Count }
    exportcsv  = {
        Get-SoDataDatapoint -Device $pointDevices -Series $Series -From $From -To $to | Export-Csv -LiteralPath $OutFile -NoTypeInformation -Encoding utf8NoBOM
        $lines = -1
        foreach ($line in [IO.File]::ReadLines($OutFile)) { $lines++ }
        $lines
    }
}
$result = [ordered]@{}
foreach ($unknown in @($Rows | Where-Object { $_ -notin $jobs.Keys })) { throw "-Rows: '$unknown' is not a row; the rows are $($jobs.Keys -join ', ')." }
foreach ($name in @($jobs.Keys | Where-Object { $_ -in $Rows })) {
    $count = & $jobs[$name]
    $measured = foreach ($run in 1..$Runs) {
        [GC]::Collect()
        [GC]::WaitForPendingFinalizers()
        $cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $n = & $jobs[$name]
        $sw.Stop()
        $cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu
        if ($n -ne $count) { throw "$name gave $n objects, then $count." }
        [pscustomobject]@{ Cpu = $cpu.TotalSeconds; Wall = $sw.Elapsed.TotalSeconds }
    }
    $cpuSorted = @($measured.Cpu | Sort-Object)
    $wallSorted = @($measured.Wall | Sort-Object)
    $result[$name] = [ordered]@{
        objects = $count
        cpuSeconds = [math]::Round($cpuSorted[0], 4); cpuSlowest = [math]::Round($cpuSorted[-1], 4)
        seconds = [math]::Round($wallSorted[0], 4); slowest = [math]::Round($wallSorted[-1], 4)
        usPerObject = [math]::Round($cpuSorted[0] * 1e6 / [math]::Max($count, 1), 2)
        wallUsPerObject = [math]::Round($wallSorted[0] * 1e6 / [math]::Max($count, 1), 2)
    }
}
Remove-Item -LiteralPath $OutFile -ErrorAction Ignore
Write-BenchResult -Job perobject -Variant Module -Seconds 0 -Requests @{} -Items $devices.Count -Extra @{ rows = $result }

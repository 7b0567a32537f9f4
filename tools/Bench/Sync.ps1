# The Sync-SoDataDatapoint rows of the benchmark (issue 22), one variant per fresh process:
#   Setup      the archive's first sync (Days days of raw points of DeviceCount devices x Series), not timed;
#   Nightly    the next night's sync, one day later (timed: requests and seconds);
#   Reexport   the same series re-exported whole, from the archive's start to that night (timed);
#   Big        a month partition of 5,000,000 rows already on disk, then one night synced into it (timed, peak memory).
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Setup', 'Nightly', 'Reexport', 'Big')] [string] $Variant,
    [Parameter(Mandatory)] [string] $Folder,
    [string] $ModulePath,
    [int] $DeviceCount = 10,
    [string[]] $Series = @('Global|0|140100', 'Unit|1|140108'),
    [datetimeoffset] $Start = '2024-10-01T00:00:00Z',
    [int] $Days = 28,
    [int] $BigRows = 5000000
)
. (Join-Path $PSScriptRoot 'Common.ps1')
Connect-BenchModule $Url $ModulePath
$devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -First $DeviceCount)
$night = $Start.AddDays($Days).AddHours(2)
function Set-Clock([datetimeoffset] $Now) {
    $null = Invoke-RestMethod -Method Put -Uri "${Url}_sandbox/clock" -ContentType 'application/json' -Body (@{ now = $Now.ToString('o') } | ConvertTo-Json)
}
$items = 0
switch ($Variant) {
    'Setup' {
        Set-Clock $night
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $items = (Sync-SoDataDatapoint -Path $Folder -Device $devices -Series $Series -From $Start -To $night | Measure-Object Added -Sum).Sum
        $sw.Stop()
    }
    'Nightly' {
        Set-Clock $night.AddDays(1)
        Reset-BenchStats $Url
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $items = (Sync-SoDataDatapoint -Path $Folder -Device $devices -Series $Series -To $night.AddDays(1) | Measure-Object Added -Sum).Sum
        $sw.Stop()
    }
    'Reexport' {
        Set-Clock $night.AddDays(1)
        $file = Join-Path $Folder '../reexport.csv'
        Reset-BenchStats $Url
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Export-SoDataDatapoint -Device $devices -Series $Series -From $Start -To $night.AddDays(1) -Path $file -Force
        $sw.Stop()
        $items = [Linq.Enumerable]::Count([IO.File]::ReadLines($file)) - 1
    }
    'Big' {
        # The month partition, written straight to disk (sorted, the archive's columns), and a state whose series were
        # synced up to the night before; then one night of those series is merged into it.
        $null = New-Item -ItemType Directory -Path $Folder -Force
        Add-Type -TypeDefinition @'
using System; using System.Globalization; using System.IO; using System.Text;
public static class BenchPartition {
    public static void Write(string path, DateTimeOffset start, int rows, string ca) {
        using (var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16)) {
            w.WriteLine("Timestamp,Value,DeviceUuid,DeviceName,Title,Unit,ItemType,ItemIndex,ServiceId,StreamRef,Granularity,Aggregation,CorporateAccountUuid");
            for (int i = 0; i < rows; i++) {
                DateTimeOffset t = start.AddTicks(i * (TimeSpan.TicksPerSecond / 2));
                w.Write(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
                w.Write(','); w.Write((i % 1000 / 10.0).ToString("R", CultureInfo.InvariantCulture));
                w.Write(",00000000-0000-0000-0000-00000000bench,Bench meter,Bench series,PERCENT,Global,0,1,Global|0|1,Raw,,");
                w.WriteLine(ca);
            }
        }
    }
}
'@
        $ca = $devices[0].CorporateAccountUuid
        [BenchPartition]::Write((Join-Path $Folder ('{0:yyyy-MM}.csv' -f $Start.UtcDateTime)), $Start, $BigRows, $ca)
        $bookmark = $night.AddDays(-1)
        $state = [ordered]@{
            kind = 'SoData archive'; version = 1
            settings = [ordered]@{ granularity = 'Raw'; aggregation = $null; timeZone = 'UTC'; partition = 'Month'; format = 'Csv' }
            series = @(foreach ($d in $devices) { foreach ($s in $Series) { [ordered]@{ corporateAccountUuid = $ca; deviceUuid = $d.Uuid; streamRef = $s; bookmark = $bookmark.ToString('o'); lastPoint = $null } } })
        }
        $state | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $Folder 'sodata-archive.json')
        Set-Clock $night
        [GC]::Collect()
        Reset-BenchStats $Url
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $items = (Sync-SoDataDatapoint -Path $Folder -Device $devices -Series $Series -To $night | Measure-Object Added -Sum).Sum
        $sw.Stop()
        $rows = [Linq.Enumerable]::Count([IO.File]::ReadLines((Join-Path $Folder ("{0:yyyy-MM}.csv" -f $Start.UtcDateTime)))) - 1
        if ($rows -ne $BigRows + $items) { throw "The partition has $rows rows, not $BigRows + $items." }
    }
}
Write-BenchResult 'sync' $Variant $sw.Elapsed.TotalSeconds (Get-BenchRequests $Url) $items

# Job 3: raw datapoints of DeviceCount devices x Series to one CSV file (1,000,000 rows with the benchmark's defaults).
# ModuleXlsx: the same export to an Excel workbook (OutFile with the extension .xlsx), to compare with Module.
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Module', 'ModuleQuarter', 'ModuleXlsx', 'Loop', 'LoopCollect')] [string] $Variant,
    [Parameter(Mandatory)] [string] $OutFile,
    [string] $ModulePath,
    [int] $DeviceCount = 20,
    [string[]] $Series = @('Global|0|140100', 'Global|0|140108', 'Global|0|140110', 'Global|0|140120', 'Unit|0|140108'),
    [datetimeoffset] $From = '2024-05-01T00:00:00Z',
    [int] $Minutes = 10000
)
. (Join-Path $PSScriptRoot 'Common.ps1')
# ModuleQuarter: the module on a quarter of the points, to show that its memory does not grow with the export.
if ($Variant -eq 'ModuleQuarter') { $Minutes = [int]($Minutes / 4) }
if ($Variant -eq 'ModuleXlsx') { $OutFile = [IO.Path]::ChangeExtension($OutFile, '.xlsx') }
$To = $From.AddMinutes($Minutes)
Remove-Item -LiteralPath $OutFile -ErrorAction Ignore

if ($Variant -like 'Module*') {
    Connect-BenchModule $Url $ModulePath
    $devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -First $DeviceCount)
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Export-SoDataDatapoint -Device $devices -Series $Series -From $From -To $To -Path $OutFile
    $sw.Stop()
}
else {
    $headers = Get-LoopHeaders $Url
    $ca = ((Invoke-RestMethod -Uri "${Url}api/v1/ca" -Headers $headers).results | Where-Object name -EQ 'SoLink').uuid
    $devices = @((Invoke-RestMethod -Uri "${Url}api/v1/ca/$ca/devices?take=$DeviceCount&skip=0" -Headers $headers).results)
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    # One request per series (the guide's 7.1.1 body). Loop: rows streamed through the pipeline into Export-Csv.
    # LoopCollect: the rows gathered in a variable first, then exported, as a script is most often written.
    $fromText = $From.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
    $toText = $To.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
    $work = foreach ($device in $devices) { foreach ($ref in $Series) { [pscustomobject]@{ Device = $device; Ref = $ref } } }
    $readRows = {
        $device = $_.Device
        $item, $index, $service = $_.Ref -split '\|'
        $body = @{
            from = $fromText; to = $toText; timezone = 'UTC'; useDeviceLocalTimezone = $false; granularity = 'raw'
            series = @(@{ deviceUuid = $device.uuid; itemType = $item; itemIndex = $index; serviceId = $service })
        } | ConvertTo-Json -Depth 5
        $response = Invoke-RestMethod -Method Put -Uri "${Url}api/v1/ca/$ca/datapoints" -Headers $headers -Body $body -ContentType 'application/json; charset=utf-8'
        foreach ($point in $response.series[0].data) {
            [pscustomobject]@{
                Timestamp = $point.at; Value = $point.value; DeviceUuid = $device.uuid; DeviceName = $device.name
                StreamRef = $_.Ref; CorporateAccountUuid = $ca
            }
        }
    }
    if ($Variant -eq 'Loop') {
        $work | ForEach-Object $readRows | Export-Csv -LiteralPath $OutFile -NoTypeInformation -Encoding utf8NoBOM
    }
    else {
        $rows = @($work | ForEach-Object $readRows)
        $rows | Export-Csv -LiteralPath $OutFile -NoTypeInformation -Encoding utf8NoBOM
    }
    $sw.Stop()
}
$requests = Get-BenchRequests $Url
$peak = Get-PeakWorkingSetMB
# Checked after the clock and the memory reading: every point once, plus the header (of each sheet, in a workbook).
if ($Variant -eq 'ModuleXlsx') { $rows = Measure-WorkbookRows $OutFile }
else {
    $rows = -1
    foreach ($line in [IO.File]::ReadLines($OutFile)) { $rows++ }
}
$size = (Get-Item -LiteralPath $OutFile).Length
Remove-Item -LiteralPath $OutFile
$line = Write-BenchResult -Job export -Variant $Variant -Seconds $sw.Elapsed.TotalSeconds -Requests $requests -Items $rows -Extra @{ fileMB = [math]::Round($size / 1MB, 1) }
$line -replace '"peakMB":[0-9.]+', ('"peakMB":' + $peak.ToString([Globalization.CultureInfo]::InvariantCulture))

# Job 2: the last values of 1,000 devices (the device list is read before the clock starts).
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Module', 'Loop')] [string] $Variant,
    [string] $ModulePath,
    [int] $DeviceCount = 1000
)
. (Join-Path $PSScriptRoot 'Common.ps1')

if ($Variant -eq 'Module') {
    Connect-BenchModule $Url $ModulePath
    $devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -First $DeviceCount)
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $values = @($devices | Get-SoDataLastValue)
    $sw.Stop()
}
else {
    $headers = Get-LoopHeaders $Url
    $ca = ((Invoke-RestMethod -Uri "${Url}api/v1/ca" -Headers $headers).results | Where-Object name -EQ 'SoLink').uuid
    $devices = [Collections.Generic.List[object]]::new()
    while ($devices.Count -lt $DeviceCount) {
        $page = Invoke-RestMethod -Uri "${Url}api/v1/ca/$ca/devices?take=100&skip=$($devices.Count)" -Headers $headers
        if (@($page.results).Count -eq 0) { break }
        $devices.AddRange(@($page.results))
    }
    $devices = $devices.GetRange(0, [math]::Min($DeviceCount, $devices.Count))
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    # One request per device, one after another.
    $values = [Collections.Generic.List[object]]::new()
    foreach ($device in $devices) {
        $response = Invoke-RestMethod -Uri "${Url}api/v1/ca/$ca/devices/$($device.uuid)/last-values" -Headers $headers
        foreach ($entry in $response.devices) { foreach ($value in $entry.values) { $values.Add($value) } }
    }
    $sw.Stop()
}
Write-BenchResult -Job lastvalues -Variant $Variant -Seconds $sw.Elapsed.TotalSeconds -Requests (Get-BenchRequests $Url) -Items $values.Count -Extra @{ devices = $devices.Count }

# Job 1: every device of the corporate account SoLink.
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Module', 'Loop')] [string] $Variant,
    [string] $ModulePath,
    [int] $LoopPageSize = 25
)
. (Join-Path $PSScriptRoot 'Common.ps1')

if ($Variant -eq 'Module') {
    Connect-BenchModule $Url $ModulePath
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice)
    $sw.Stop()
}
else {
    $headers = Get-LoopHeaders $Url
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    # As in the guide's example (7.1): list the accounts, find SoLink, then page through its devices with take/skip.
    $accounts = Invoke-RestMethod -Uri "${Url}api/v1/ca" -Headers $headers
    $ca = ($accounts.results | Where-Object name -EQ 'SoLink').uuid
    $devices = [Collections.Generic.List[object]]::new()
    $skip = 0
    $total = $LoopPageSize
    while ($total -gt $skip) {
        $page = Invoke-RestMethod -Uri "${Url}api/v1/ca/$ca/devices?take=$LoopPageSize&skip=$skip" -Headers $headers
        foreach ($device in $page.results) { $devices.Add($device) }
        $skip += @($page.results).Count
        $total = $page.total
        if (@($page.results).Count -eq 0) { break }
    }
    $sw.Stop()
}
Write-BenchResult -Job walk -Variant $Variant -Seconds $sw.Elapsed.TotalSeconds -Requests (Get-BenchRequests $Url) -Items $devices.Count

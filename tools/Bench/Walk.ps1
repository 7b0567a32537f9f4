# Job 1: every device of the corporate account SoLink.
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Module', 'Loop', 'Floor')] [string] $Variant,
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
elseif ($Variant -eq 'Floor') {
    # What the sandbox and the network can deliver with no client work: the module's requests (GET ca, then every
    # page of 100 devices, the first alone and the rest 8 at a time) as raw bytes from one HttpClient, nothing parsed
    # but the first page's total.
    $headers = Get-LoopHeaders $Url
    $http = [Net.Http.HttpClient]::new()
    $http.DefaultRequestHeaders.Authorization = [Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $headers.Authorization.Substring(7))
    Reset-BenchStats $Url
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $accounts = $http.GetStringAsync("${Url}api/v1/ca?take=100&skip=0").GetAwaiter().GetResult() | ConvertFrom-Json
    $ca = ($accounts.results | Where-Object name -EQ 'SoLink').uuid
    $pageUrl = "${Url}api/v1/ca/$ca/devices?withContact=true&withAddress=true&take=100&skip="
    $first = $http.GetStringAsync($pageUrl + '0').GetAwaiter().GetResult()
    $total = [int]([regex]::Match($first, '"total"\s*:\s*(\d+)').Groups[1].Value)
    $skips = @(for ($skip = 100; $skip -lt $total; $skip += 100) { $skip })
    for ($i = 0; $i -lt $skips.Count; $i += 8) {
        $batch = @($skips[$i..([math]::Min($i + 7, $skips.Count - 1))] | ForEach-Object { $http.GetStringAsync($pageUrl + $_) })
        [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]]$batch)
    }
    $sw.Stop()
    $devices = @(1..$total)
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

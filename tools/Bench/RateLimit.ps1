# Job 4: the last values of N devices against a gateway's rate limit (sandbox --rate-limit/--rate-burst), with the
# module's defaults; then the limit is lifted and the time until the session is back to full speed is measured.
param(
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [ValidateSet('Module')] [string] $Variant,
    [string] $ModulePath,
    [int] $DeviceCount = 60,
    [double] $Rate = 2,
    [int] $Burst = 2
)
. (Join-Path $PSScriptRoot 'Common.ps1')

Connect-BenchModule $Url $ModulePath
$devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -First $DeviceCount)
# A fresh session for the timed part (the listing above may have been throttled), and a full bucket. Connect-SoData's
# check that the API answers is a request too: the bucket refills before it, so the new session starts unthrottled,
# and again before the timed part.
Start-Sleep -Milliseconds ([int](1000 * $Burst / $Rate) + 500)
$session = Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId $script:ClientId `
    -ClientSecret (ConvertTo-SecureString $script:ClientSecretText -AsPlainText -Force) `
    -Credential ([pscredential]::new($script:UserName, (ConvertTo-SecureString $script:PasswordText -AsPlainText -Force))) -PassThru
Start-Sleep -Milliseconds ([int](1000 * $Burst / $Rate) + 500)
Reset-BenchStats $Url
$sw = [Diagnostics.Stopwatch]::StartNew()
$values = @($devices | Get-SoDataLastValue -Session $session -ErrorVariable failures -ErrorAction SilentlyContinue)
$sw.Stop()
$requests = Get-BenchRequests $Url
$stats = Invoke-RestMethod -Uri "${Url}_sandbox/stats"
$read = @($values | Select-Object -ExpandProperty DeviceUuid -Unique).Count
$throttled = [int]$stats.faults.ratelimit
$useful = [int](($requests.Values | Measure-Object -Sum).Sum) - $throttled
$concurrencyAtEnd = $session.Concurrency

# The limit lifts: keep reading until the session is back to -ThrottleLimit with unpaced starts.
$null = Invoke-RestMethod -Method Delete -Uri "${Url}_sandbox/rate-limit"
$recovery = [Diagnostics.Stopwatch]::StartNew()
$recovered = $null
while ($recovery.Elapsed.TotalSeconds -lt 60) {
    $null = $devices | Select-Object -First 16 | Get-SoDataLastValue -Session $session
    if ($session.Concurrency -eq 8 -and $null -eq $session.RequestsPerSecondLimit) { $recovered = $recovery.Elapsed.TotalSeconds; break }
}

Write-BenchResult -Job ratelimit -Variant $Variant -Seconds $sw.Elapsed.TotalSeconds -Requests $requests -Items $values.Count -Extra @{
    devices = $devices.Count; devicesRead = $read; errors = @($failures).Count; throttled = $throttled; useful = $useful
    rate = $Rate; burst = $Burst; concurrencyAtEnd = $concurrencyAtEnd; recoverySeconds = $recovered
    sessionThrottled = $session.ThrottledAnswers; sessionRequests = $session.Requests
}

# The demo: what an admin does on the first morning, against the sandbox the Demo task started.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [string] $OutDirectory
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
$null = New-Item -ItemType Directory -Force -Path $OutDirectory

# The sandbox's fixed, public credentials: the only ones in this repository.
$secret = ConvertTo-SecureString 'sandbox-secret' -AsPlainText -Force
$credential = [pscredential]::new('admin@sandbox.local', (ConvertTo-SecureString 'sandbox' -AsPlainText -Force))
Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId 'sodata-sandbox' -ClientSecret $secret -Credential $credential

Write-Host "`nConnected:" -ForegroundColor Cyan
Get-SoDataSession | Format-List | Out-Host

Write-Host 'Corporate accounts:' -ForegroundColor Cyan
Get-SoDataCorporateAccount | Format-Table | Out-Host

Write-Host 'SoLink, walked customer by customer, site by site:' -ForegroundColor Cyan
$siteNames = @{}
Get-SoDataCorporateAccount -Name SoLink | Get-SoDataCustomer | Get-SoDataSite |
    ForEach-Object { $siteNames[$_.Uuid] = $_.Name; $_ } |
    Get-SoDataDevice |
    Format-Table @{ Name = 'Site'; Expression = { $siteNames[$_.SiteUuid] } }, Name, SerialNumber, ModelName, Status | Out-Host

Write-Host 'The guide''s UPS, found by serial number, and its load-rate variables:' -ForegroundColor Cyan
$ups = Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice -SerialNumber 1D15350041
$ups | Format-List Name, SerialNumber, ModelName, Address, Contact, SiteUuid, CorporateAccountUuid | Out-Host
$ups | Get-SoDataVariable -ServiceType Measure | Select-Object -First 8 | Format-Table | Out-Host

Write-Host 'Measurements: last values of the fleet, and a week of daily load rates per device:' -ForegroundColor Cyan
$fleet = @(Get-SoDataCorporateAccount | Get-SoDataDevice)
$lastValues = @($fleet | Get-SoDataLastValue)
$lastValuesCsv = Join-Path $OutDirectory 'fleet-last-values.csv'
$lastValues | Select-Object DeviceName, DeviceUuid, StreamRef, Title, Value, Unit, Timestamp, ServiceType, ServiceGroup, CorporateAccountUuid |
    Export-Csv -Path $lastValuesCsv -NoTypeInformation -Encoding utf8
$loadRate = @($fleet | Get-SoDataVariable -StreamRef 'Global|0|140100' |
    Get-SoDataDatapoint -Range Last7Days -TimeZone Europe/Paris -Granularity Day -Aggregation Avg -Pivot -PivotHeader '{DeviceName}')
$loadRateCsv = Join-Path $OutDirectory 'load-rate-daily.csv'
$loadRate | Export-Csv -Path $loadRateCsv -NoTypeInformation -Encoding utf8
$ups | Get-SoDataLastValue -ServiceType Measure | Select-Object -First 6 |
    Format-Table StreamRef, Title, Value, Unit, @{ Name = 'Timestamp'; Expression = { $_.Timestamp.ToString('yyyy-MM-dd HH:mm') } } -AutoSize | Out-Host
# A day per row and the first three devices as columns (named by device, -PivotHeader); the CSV file has every device.
$columns = @(@{ Name = 'Day'; Expression = { $_.Timestamp.ToString('yyyy-MM-dd') } })
foreach ($label in @($loadRate[0].PSObject.Properties.Name | Select-Object -Skip 1 -First 3)) {
    $columns += @{
        Name       = "$label %"
        Expression = { '{0:0.0}' -f $_.PSObject.Properties[$label].Value }.GetNewClosure()
        Alignment  = 'Right'
    }
}
$loadRate | Format-Table $columns -AutoSize | Out-Host
Write-Host ("{0} last values of {1} devices -> {2}" -f $lastValues.Count, $fleet.Count, $lastValuesCsv)
Write-Host ("{0} days x {1} devices of daily average load rate (Global|0|140100) -> {2}" -f $loadRate.Count, $(if ($loadRate.Count) { @($loadRate[0].PSObject.Properties).Count - 1 } else { 0 }), $loadRateCsv)

Disconnect-SoData

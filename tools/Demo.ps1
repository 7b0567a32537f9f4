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

Disconnect-SoData

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

Disconnect-SoData

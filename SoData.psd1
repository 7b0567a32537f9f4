@{
    RootModule           = 'SoData.dll'
    # Written by build.ps1 into out/SoData/SoData.psd1 from <Version> in Directory.Build.props, the one place it is kept.
    ModuleVersion        = '0.0.0'
    GUID                 = '7bb3f77d-ad7c-4b9f-8864-41f0dbf4714f'
    Author               = 'The SoData module authors'
    CompanyName          = 'Community'
    Copyright            = '(c) The SoData module authors. MIT licence.'
    Description          = 'PowerShell cmdlets for the Socomec SoData REST API (SoLive Pro / Wiotys): corporate accounts, customers, sites, devices, variables, last values and datapoints, streamed to the pipeline with automatic token refresh and retries.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('SoData.Format.ps1xml', 'Measurements.Format.ps1xml')
    TypesToProcess       = @('SoData.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-SoData'
        'Disconnect-SoData'
        'Get-SoDataSession'
        'Get-SoDataCorporateAccount'
        'Get-SoDataCustomer'
        'Get-SoDataSite'
        'Get-SoDataDevice'
        'Get-SoDataItem'
        'Get-SoDataVariable'
        'Get-SoDataDataAccessGroup'
        'Get-SoDataLastValue'
        'Get-SoDataDatapoint'
        'Export-SoDataDatapoint'
        'Sync-SoDataDatapoint'
        'Invoke-SoDataRequest'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Socomec', 'SoData', 'SoLive', 'Wiotys', 'IoT', 'UPS', 'Energy', 'REST', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/sodata-powershell/SoData/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/sodata-powershell/SoData'
            ReleaseNotes = @'
0.1.0: first release. Connect-SoData (OpenID Connect with automatic token renewal, SODATA_* environment variables),
hierarchy cmdlets that stream and chain (corporate account, customer, site, device, item, variable, data access
group), Get-SoDataLastValue, Get-SoDataDatapoint (batched, windowed, -Pivot), Invoke-SoDataRequest, retries on
429/408/5xx, Get-Help for every cmdlet and about_SoData.
Full history: https://github.com/sodata-powershell/SoData/blob/main/CHANGELOG.md
'@
        }
    }
}

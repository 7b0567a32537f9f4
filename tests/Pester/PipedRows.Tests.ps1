BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $device = $solink | Get-SoDataDevice -SerialNumber 1D15350041
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Piped CSV rows that do not fit: the error names the row, the missing column and the columns that work' {
    BeforeAll {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "sodata-rows-$PID"
        $null = New-Item -ItemType Directory -Force -Path $folder
    }
    AfterAll { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore }

    It 'names the row without a DeviceUuid, and the other rows still run' {
        $csv = Join-Path $folder 'devices.csv'
        @(
            [pscustomobject]@{ Name = 'Delphys'; DeviceUuid = $device.Uuid }
            [pscustomobject]@{ Name = 'forgotten'; DeviceUuid = '' }
            [pscustomobject]@{ Name = 'Delphys again'; DeviceUuid = $device.Uuid }
        ) | Export-Csv -LiteralPath $csv
        $values = @(Import-Csv -LiteralPath $csv | Get-SoDataLastValue -CorporateAccount SoLink -ErrorVariable err -ErrorAction SilentlyContinue)
        $values.Count | Should -BeGreaterThan 0
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -BeLike 'Row 2 of the piped input*DeviceUuid*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*DeviceUuid (or Uuid)*CorporateAccountUuid*'
    }

    It 'names the row and the column when a required column is missing altogether' {
        $rows = @(
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $device.Uuid }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; Serial = '1D15350041' }
        )
        $null = $rows | Get-SoDataItem -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MissingDeviceUuid,*'
        "$($err[0])" | Should -BeLike 'Row 2 of the piped input has no DeviceUuid column (it has CorporateAccountUuid, Serial)*Columns that work: DeviceUuid, CorporateAccountUuid*'
    }

    It 'names a row that has none of the columns the cmdlet reads, instead of PowerShell''s "cannot be bound"' {
        $rows = @(
            [pscustomobject]@{ Customer = 'FR_Socomec' }
        )
        $sites = @($rows | Get-SoDataSite -ErrorVariable err -ErrorAction SilentlyContinue)
        $sites | Should -BeNullOrEmpty -Because 'a row that says nothing must not list every site'
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputRowNotUsable,*'
        "$($err[0])" | Should -BeLike 'Row 1 of the piped input has none of the columns Get-SoDataSite reads (it has Customer)*Columns that work: CustomerUuid, CorporateAccountUuid*'
    }

    It 'counts the CSV row PowerShell refuses (no column Get-SoDataDevice reads), so the row of an unknown uuid keeps its line' {
        $csv = Join-Path $folder 'inventory.csv'
        $other = $solink | Get-SoDataDevice | Where-Object Uuid -ne $device.Uuid | Select-Object -First 1
        @(
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $device.Uuid; Serial = '' }
            [pscustomobject]@{ CorporateAccountUuid = ''; DeviceUuid = ''; Serial = '1D15350041' }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = [guid]::NewGuid().ToString(); Serial = '' }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $other.Uuid; Serial = '' }
        ) | Export-Csv -LiteralPath $csv
        # Only the columns a row fills: the second row has a Serial column and nothing else.
        $rows = Import-Csv -LiteralPath $csv | ForEach-Object {
            $row = $_
            $filled = @($row.PSObject.Properties | Where-Object Value | ForEach-Object Name)
            $row | Select-Object $filled
        }
        $devices = @($rows | Get-SoDataDevice -ErrorVariable err -ErrorAction SilentlyContinue)
        $devices.Uuid | Should -Be @($device.Uuid, $other.Uuid)
        $err.Count | Should -Be 2
        # Out of the module's hands: PowerShell refuses a row that fits no parameter set before the cmdlet sees it.
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        $err[1].FullyQualifiedErrorId | Should -BeLike 'DeviceNotFound,*'
        "$($err[1])" | Should -BeLike 'Row 3 of the piped input: No device with -Uuid*'
    }

    It 'names the row that needs a corporate account when the session sees several' {
        $rows = @(
            [pscustomobject]@{ DeviceUuid = $device.Uuid; CorporateAccountUuid = $solink.Uuid }
            [pscustomobject]@{ DeviceUuid = $device.Uuid }
        )
        $null = $rows | Get-SoDataVariable -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'CorporateAccountRequired,*'
        "$($err[0])" | Should -BeLike 'Row 2 of the piped input: *CorporateAccountUuid column*'
    }
}

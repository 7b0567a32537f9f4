BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $devices = @($solink | Get-SoDataDevice)
    $delphys = $devices | Where-Object SerialNumber -EQ '1D15350041'
    $LastValuesRoute = 'GET /api/v1/ca/{ca}/devices/{device}/last-values'
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Get-SoDataLastValue' {
    It 'gets the last value of every variable of a piped device, typed' {
        $values = @($delphys | Get-SoDataLastValue)
        $variables = @($delphys | Get-SoDataVariable)
        $values.Count | Should -Be $variables.Count
        $v = $values | Where-Object StreamRef -EQ 'Global|0|140100'
        $v.PSTypeNames | Should -Contain 'SoData.LastValue'
        $v.DeviceUuid | Should -Be $delphys.Uuid
        $v.DeviceName | Should -Be $delphys.Name
        $v.CorporateAccountUuid | Should -Be $solink.Uuid
        $v.ItemType | Should -Be 'Global'
        $v.ItemIndex | Should -Be 0
        $v.ServiceId | Should -Be 140100
        $v.Title | Should -Not -BeNullOrEmpty
        $v.ItemName | Should -Not -BeNullOrEmpty
        $v.ServiceGroup | Should -Not -BeNullOrEmpty
        $v.ServiceType | Should -Be 'Measure'
        $v.Unit | Should -Be 'PERCENT'
        $v.Value | Should -BeOfType [double]
        $v.RawValue | Should -BeOfType [string]
        $v.Value | Should -Be ([double]::Parse($v.RawValue, [cultureinfo]::InvariantCulture))
        $v.Timestamp | Should -BeOfType [datetimeoffset]
        $v.Timestamp | Should -BeLessOrEqual ([datetimeoffset]::UtcNow)
        (Get-FormatData -TypeName SoData.LastValue).FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'filters by -ServiceType, -ServiceId and -StreamRef (wildcards)' {
        $all = @($delphys | Get-SoDataLastValue)
        @($delphys | Get-SoDataLastValue -ServiceType Measure).Count | Should -Be @($all | Where-Object ServiceType -EQ 'Measure').Count
        @($delphys | Get-SoDataLastValue -ServiceType 'Meas*', 'Alarm').ServiceType | Sort-Object -Unique | Should -BeIn @('Measure', 'Alarm')
        $byService = @($delphys | Get-SoDataLastValue -ServiceId 140100)
        $byService.Count | Should -BeGreaterThan 0
        $byService.ServiceId | Sort-Object -Unique | Should -Be 140100
        $byService.StreamRef | Should -Contain 'Global|0|140100'
        @($delphys | Get-SoDataLastValue -StreamRef 'Global|0|1401*').StreamRef | Should -Contain 'Global|0|140100'
        @($delphys | Get-SoDataLastValue -StreamRef 'Nothing|*').Count | Should -Be 0
    }

    It 'makes one request per device' {
        Reset-SoDataSandboxStats $sandbox
        $null = $devices | Get-SoDataLastValue
        Get-RouteCount $sandbox $LastValuesRoute | Should -Be $devices.Count
    }

    It 'takes -DeviceUuid with -CorporateAccount, and CSV rows with Uuid and CorporateAccountUuid' {
        @(Get-SoDataLastValue -DeviceUuid $delphys.Uuid -CorporateAccount SoLink -StreamRef 'Global|0|140100').Count | Should -Be 1
        @(Get-SoDataLastValue $delphys.Uuid -CorporateAccountUuid $solink.Uuid -StreamRef 'Global|0|140100').Count | Should -Be 1
        $row = [pscustomobject]@{ Uuid = $delphys.Uuid; CorporateAccountUuid = $solink.Uuid }
        @($row | Get-SoDataLastValue -StreamRef 'Global|0|140100').DeviceUuid | Should -Be $delphys.Uuid
    }

    It 'exports to CSV with clean cells' {
        $csv = $devices | Get-SoDataLastValue | ConvertTo-Csv -NoTypeInformation | Out-String
        $csv | Should -Not -Match 'SoData\.|System\.'
        ($csv -split "`n")[0] | Should -Match '"Value","RawValue","Timestamp"'
    }
}

# A name, serial number, uuid or mapping config without wildcards that matches nothing is a non-terminating
# ObjectNotFound error naming the value and where it was looked for; processing goes on with the next input; a
# wildcard that matches nothing is silent (as Get-Service -Name, Get-Item). A malformed mapping config is the same
# InvalidArgument on every cmdlet.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $devices = @($solink | Get-SoDataDevice)
    $delphys = $devices | Where-Object SerialNumber -EQ '1D15350041'
    $other = $devices | Where-Object Uuid -NE $delphys.Uuid | Select-Object -First 1
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('sodata-notfound-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $Day = [datetimeoffset]::new(2024, 5, 1, 0, 0, 0, [timespan]::Zero)
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Not found is an error' {
    It '<Case>' -ForEach @(
        @{ Case = 'Get-SoDataCorporateAccount -Name SoLnk'; Run = { Get-SoDataCorporateAccount -Name SoLnk }; Id = 'CorporateAccountNotFound'; Says = "*'SoLnk'*" }
        @{ Case = 'Get-SoDataCustomer -CorporateAccount SoLnk'; Run = { Get-SoDataCustomer -CorporateAccount SoLnk }; Id = 'CorporateAccountNotFound'; Says = "*'SoLnk'*Visible: SoLink*" }
        @{ Case = 'Get-SoDataCustomer -Name Nobody'; Run = { $solink | Get-SoDataCustomer -Name Nobody }; Id = 'CustomerNotFound'; Says = "No customer with -Name 'Nobody' in corporate account 'SoLink'." }
        @{ Case = 'Get-SoDataSite -Name Nowhere'; Run = { Get-SoDataSite -CorporateAccount SoLink -Name Nowhere }; Id = 'SiteNotFound'; Says = "*-Name 'Nowhere'*'SoLink'*" }
        @{ Case = 'Get-SoDataDataAccessGroup -Name Nogroup'; Run = { $solink | Get-SoDataDataAccessGroup -Name Nogroup }; Id = 'DataAccessGroupNotFound'; Says = "No data access group with -Name 'Nogroup' in corporate account 'SoLink'." }
        @{ Case = 'Get-SoDataDevice -SerialNumber 1D1535004 (a digit missing)'; Run = { $solink | Get-SoDataDevice -SerialNumber 1D1535004 }; Id = 'DeviceNotFound'; Says = "*-SerialNumber '1D1535004'*corporate account 'SoLink'*" }
        @{ Case = 'Get-SoDataDevice -Name ''Delphys GP9'''; Run = { Get-SoDataDevice -CorporateAccount SoLink -Name 'Delphys GP9' }; Id = 'DeviceNotFound'; Says = "*-Name 'Delphys GP9'*'SoLink'*" }
        @{ Case = 'Get-SoDataDevice -Uuid (unknown)'; Run = { Get-SoDataDevice -CorporateAccount SoLink -Uuid '00000000-0000-4000-8000-000000000000' }; Id = 'DeviceNotFound'; Says = "*'00000000-0000-4000-8000-000000000000'*'SoLink'*" }
        @{ Case = 'Get-SoDataItem -Name ''Unit 9'''; Run = { $delphys | Get-SoDataItem -Name 'Unit 9' }; Id = 'ItemNotFound'; Says = "*'Unit 9'*device 'Delphys GP2 - 160 kVA'*" }
        @{ Case = 'Get-SoDataVariable -StreamRef Global|0|999999'; Run = { $delphys | Get-SoDataVariable -StreamRef 'Global|0|999999' }; Id = 'VariableNotFound'; Says = "*-StreamRef 'Global|0|999999'*device 'Delphys GP2 - 160 kVA'*" }
        @{ Case = 'Get-SoDataVariable -ServiceId 999999'; Run = { $delphys | Get-SoDataVariable -ServiceId 999999 }; Id = 'VariableNotFound'; Says = "*-ServiceId '999999'*'Delphys GP2 - 160 kVA'*" }
        @{ Case = 'Get-SoDataVariable -Name nosuch'; Run = { $delphys | Get-SoDataVariable -Name 'nosuch' }; Id = 'VariableNotFound'; Says = "*-Name 'nosuch'*" }
        @{ Case = 'Get-SoDataLastValue -StreamRef Global|0|999999'; Run = { $delphys | Get-SoDataLastValue -StreamRef 'Global|0|999999' }; Id = 'LastValueNotFound'; Says = "*'Global|0|999999'*device 'Delphys GP2 - 160 kVA'*" }
        @{ Case = 'Get-SoDataDatapoint -Series Global|0|999999'; Run = { Get-SoDataDatapoint -Device $delphys -Series 'Global|0|999999' -From $Day -To $Day.AddHours(1) }; Id = 'VariableNotFound'; Says = "*-Series 'Global|0|999999'*device 'Delphys GP2 - 160 kVA'*" }
    ) {
        $ErrorActionPreference = 'Continue' # non-terminating, whatever the caller's preference (build.ps1 sets Stop)
        $all = @(& $Run 2>&1)
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        "$($errors[0])" | Should -BeLike $Says
        # Non-terminating: with -ErrorAction Stop it throws, as a scheduled report needs.
        { $ErrorActionPreference = 'Stop'; $null = & $Run } | Should -Throw
    }

    It 'reports each value that matched nothing and still writes those that matched' {
        $found = @($solink | Get-SoDataDevice -SerialNumber 1D15350041, 1D1535004, 'XX*' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $found.Uuid | Should -Be $delphys.Uuid
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -BeLike "*'1D1535004'*"
        $variables = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Global|0|999999' -ErrorVariable errors -ErrorAction SilentlyContinue)
        $variables.StreamRef | Should -Be 'Global|0|140100'
        $errors.Count | Should -Be 1
    }

    It 'reports a value only when it matched nothing under every parent piped in, naming them' {
        $accounts = @(Get-SoDataCorporateAccount)
        $accounts.Count | Should -BeGreaterThan 1
        # Found in one account of several: found.
        $found = @($accounts | Get-SoDataDevice -SerialNumber 1D15350041 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $found.Uuid | Should -Be $delphys.Uuid
        $errors.Count | Should -Be 0
        # In none: one error naming every account read.
        $null = $accounts | Get-SoDataDevice -SerialNumber 1D1535004 -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -BeLike "*'1D1535004'*in any of the $($accounts.Count) places read: corporate account 'SoLink', corporate account '$($accounts[1].Name)'*"
        # A mapping config on some devices only is no error; one on none is, naming the devices.
        $two = @($delphys, $other)
        $null = $two | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Global|0|999999' -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        "$($errors[0])" | Should -BeLike "*'Global|0|999999' on any of the 2 devices read: '$($delphys.Name)' ($($delphys.Uuid)), '$($other.Name)'*"
    }

    It 'is silent for a wildcard that matches nothing: <Case>' -ForEach @(
        @{ Case = 'Get-SoDataDevice -Name Nope*'; Run = { Get-SoDataDevice -CorporateAccount SoLink -Name 'Nope*' } }
        @{ Case = 'Get-SoDataVariable -StreamRef Global|0|9999*'; Run = { $delphys | Get-SoDataVariable -StreamRef 'Global|0|9999*' } }
        @{ Case = 'Get-SoDataLastValue -ServiceType Nothing*'; Run = { $delphys | Get-SoDataLastValue -ServiceType 'Nothing*' } }
        @{ Case = 'Get-SoDataCustomer -Name Z*'; Run = { $solink | Get-SoDataCustomer -Name 'Zzz*' } }
    ) {
        $ErrorActionPreference = 'Continue'
        @(& $Run 2>&1).Count | Should -Be 0
    }

    It 'reports nothing when -First or -Skip leave objects unread' {
        @(Get-SoDataDevice -CorporateAccount SoLink -Name 'Delphys GP9', 'Delphys*' -First 1 -ErrorVariable errors).Count | Should -Be 1
        $errors.Count | Should -Be 0
    }

    It 'goes on with the next input: Get-SoDataDevice from a CSV with an unknown uuid among good ones' {
        $csv = Join-Path $folder 'devices.csv'
        @($delphys.Uuid, '00000000-0000-4000-8000-000000000000', $other.Uuid) | ForEach-Object { [pscustomobject]@{ Uuid = $_ } } |
            Export-Csv -LiteralPath $csv -NoTypeInformation
        $found = @(Import-Csv -LiteralPath $csv | Get-SoDataDevice -CorporateAccount SoLink -ErrorVariable errors -ErrorAction SilentlyContinue)
        $found.Uuid | Should -Be @($delphys.Uuid, $other.Uuid)
        $errors.Count | Should -Be 1
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($errors[0])" | Should -BeLike "*00000000-0000-4000-8000-000000000000*'SoLink'*"
    }

    It 'goes on with the next input: Get-SoDataDatapoint from a CSV with a mapping config the device lacks among good ones' {
        $csv = Join-Path $folder 'series.csv'
        @(
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $delphys.Uuid; DeviceName = $delphys.Name; StreamRef = 'Global|0|140100' }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $delphys.Uuid; DeviceName = $delphys.Name; StreamRef = 'Global|0|999999' }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $other.Uuid; DeviceName = $other.Name; StreamRef = 'Unit|1|140108' }
        ) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $points = @(Import-Csv -LiteralPath $csv | Get-SoDataDatapoint -From $Day -To $Day.AddHours(3) -Granularity Hour -ErrorVariable errors -ErrorAction SilentlyContinue)
        $points.Count | Should -Be 6
        @($points.StreamRef | Sort-Object -Unique) | Should -Be @('Global|0|140100', 'Unit|1|140108')
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'VariableNotFound,*'
        "$($errors[0])" | Should -BeLike "*'Global|0|999999'*'$($delphys.Name)'*"

        $pivot = @(Import-Csv -LiteralPath $csv | Get-SoDataDatapoint -From $Day -To $Day.AddHours(3) -Granularity Hour -Pivot -ErrorAction SilentlyContinue)
        @($pivot[0].PSObject.Properties.Name).Count | Should -Be 3 -Because 'no empty column for a mapping config that does not exist'

        $path = Join-Path $folder 'partial.csv'
        Import-Csv -LiteralPath $csv | Export-SoDataDatapoint -Path $path -From $Day -To $Day.AddHours(3) -Granularity Hour -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        @(Import-Csv -LiteralPath $path).Count | Should -Be 6
    }

    It 'leaves no file when every series of an export is not found' {
        $path = Join-Path $folder 'none.csv'
        Export-SoDataDatapoint -Path $path -Device $delphys -Series 'Global|0|999999', 'Unit|7|140100' -From $Day -To $Day.AddHours(1) -ErrorVariable errors -ErrorAction SilentlyContinue
        $path | Should -Not -Exist
        @(Get-ChildItem -LiteralPath $folder -Filter '.none.csv*' -Force).Count | Should -Be 0
        @($errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Be @('VariableNotFound', 'VariableNotFound', 'NoSeriesToExport')
        { Export-SoDataDatapoint -Path $path -Device $delphys -Series 'Global|0|999999' -From $Day -To $Day.AddHours(1) -ErrorAction Stop } | Should -Throw
        $path | Should -Not -Exist
    }
}

Describe 'A malformed mapping config is the same InvalidArgument on every cmdlet' {
    It '<Command> -<Parameter> Global|0' -ForEach @(
        @{ Command = 'Get-SoDataVariable'; Parameter = 'StreamRef'; Arguments = @{ StreamRef = 'Global|0' } }
        @{ Command = 'Get-SoDataLastValue'; Parameter = 'StreamRef'; Arguments = @{ StreamRef = 'Global|0' } }
        @{ Command = 'Get-SoDataDatapoint'; Parameter = 'Series'; Arguments = @{ Series = 'Global|0' } }
        @{ Command = 'Export-SoDataDatapoint'; Parameter = 'Series'; Arguments = @{ Series = 'Global|0'; Path = 'never.csv' } }
    ) {
        $err = { & $Command -DeviceUuid $delphys.Uuid -CorporateAccountUuid $solink.Uuid @Arguments } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidSeries,*'
        $err.Exception.Message | Should -BeLike "-$Parameter*'Global|0'*Item|Index|ServiceId*"
    }
}

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

Describe 'Bad input is an InvalidArgument error that names the parameter' {
    It '<Command> <Parameter>' -ForEach @(
        @{ Command = 'Get-SoDataCorporateAccount'; Parameter = 'Uuid'; Arguments = @{ Uuid = 'not-a-uuid' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataCorporateAccount'; Parameter = 'Uuid'; Arguments = @{ Uuid = '' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataCorporateAccount'; Parameter = 'Name'; Arguments = @{ Name = '' }; ErrorId = 'EmptyArgument' }
        @{ Command = 'Get-SoDataCorporateAccount'; Parameter = 'PageSize'; Arguments = @{ PageSize = 0 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Get-SoDataCustomer'; Parameter = 'CorporateAccountUuid'; Arguments = @{ CorporateAccountUuid = '123' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataCustomer'; Parameter = 'CorporateAccount'; Arguments = @{ CorporateAccount = ' ' }; ErrorId = 'EmptyArgument' }
        @{ Command = 'Get-SoDataSite'; Parameter = 'CustomerUuid'; Arguments = @{ CorporateAccount = 'SoLink'; CustomerUuid = 'nope' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataDevice'; Parameter = 'SiteUuid'; Arguments = @{ CorporateAccount = 'SoLink'; SiteUuid = 'nope' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataDevice'; Parameter = 'Uuid'; Arguments = @{ CorporateAccount = 'SoLink'; Uuid = '' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataDevice'; Parameter = 'ThrottleLimit'; Arguments = @{ CorporateAccount = 'SoLink'; ThrottleLimit = 0 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Get-SoDataDevice'; Parameter = 'SerialNumber'; Arguments = @{ CorporateAccount = 'SoLink'; SerialNumber = '' }; ErrorId = 'EmptyArgument' }
        @{ Command = 'Get-SoDataItem'; Parameter = 'DeviceUuid'; Arguments = @{ DeviceUuid = 'x' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataVariable'; Parameter = 'DeviceUuid'; Arguments = @{ DeviceUuid = '' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataVariable'; Parameter = 'PageSize'; Arguments = @{ DeviceUuid = [guid]::NewGuid(); PageSize = 1001 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Get-SoDataDataAccessGroup'; Parameter = 'Name'; Arguments = @{ CorporateAccount = 'SoLink'; Name = '' }; ErrorId = 'EmptyArgument' }
        @{ Command = 'Get-SoDataLastValue'; Parameter = 'DeviceUuid'; Arguments = @{ DeviceUuid = 'x' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataDatapoint'; Parameter = 'DeviceUuid'; Arguments = @{ DeviceUuid = 'x'; Series = 'Global|0|140100' }; ErrorId = 'InvalidUuid' }
        @{ Command = 'Get-SoDataDatapoint'; Parameter = 'Series'; Arguments = @{ DeviceUuid = [guid]::NewGuid(); Series = 'Global|x|140100' }; ErrorId = 'InvalidSeries' }
        @{ Command = 'Get-SoDataDatapoint'; Parameter = 'BatchSize'; Arguments = @{ DeviceUuid = [guid]::NewGuid(); Series = 'Global|0|140100'; BatchSize = 0 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Invoke-SoDataRequest'; Parameter = 'Path'; Arguments = @{ Path = '' }; ErrorId = 'EmptyArgument' }
        @{ Command = 'Connect-SoData'; Parameter = 'MaxRetries'; Arguments = @{ MaxRetries = 11 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Connect-SoData'; Parameter = 'TimeoutSec'; Arguments = @{ TimeoutSec = 0 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Connect-SoData'; Parameter = 'ClientId'; Arguments = @{ ClientId = '' }; ErrorId = 'EmptyArgument' }
    ) {
        $err = { & $Command @Arguments -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.Exception.Message | Should -BeLike "-$Parameter*"
    }

    It 'a bad uuid in one piped CSV row fails that row only' {
        $rows = @(
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = 'not-a-uuid' }
            [pscustomobject]@{ CorporateAccountUuid = $solink.Uuid; DeviceUuid = $device.Uuid }
        )
        $variables = @($rows | Get-SoDataVariable -ErrorVariable err -ErrorAction SilentlyContinue)
        $variables.Count | Should -BeGreaterThan 0
        $variables.DeviceUuid | Sort-Object -Unique | Should -Be $device.Uuid
        $err.Count | Should -Be 1
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($err[0])" | Should -BeLike 'Row 1 of the piped input: -DeviceUuid*not-a-uuid*'
    }
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

    It 'a value of the wrong type is refused by PowerShell, naming the parameter' {
        # Type conversion is PowerShell's own binding step (it files it as InvalidData); the message still names the parameter.
        $err = { Get-SoDataDevice -CorporateAccount SoLink -PageSize 'many' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CannotConvertArgument*'
        "$err" | Should -BeLike "*'PageSize'*"
        $err = { Get-SoDataDatapoint -DeviceUuid $device.Uuid -Series 'Global|0|140100' -Granularity Fortnight } | Should -Throw -PassThru
        "$err" | Should -BeLike "*'Granularity'*Raw*Hour*"
    }
}

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
        @{ Command = 'Connect-SoData'; Parameter = 'MaxThrottleWaitSec'; Arguments = @{ MaxThrottleWaitSec = 0 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Connect-SoData'; Parameter = 'MaxThrottleWaitSec'; Arguments = @{ MaxThrottleWaitSec = -60 }; ErrorId = 'ArgumentOutOfRange' }
        @{ Command = 'Get-SoDataLastValue'; Parameter = 'ThrottleLimit'; Arguments = @{ DeviceUuid = [guid]::NewGuid(); ThrottleLimit = -1 }; ErrorId = 'ArgumentOutOfRange' }
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
        "$($err[0])" | Should -BeLike '-DeviceUuid*not-a-uuid*'
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

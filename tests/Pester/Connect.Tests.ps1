BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Connect-SoData' {
    AfterEach { Disconnect-SoData }

    It 'signs in and makes the session the default of the runspace' {
        $session = Connect-TestSandbox $sandbox -PassThru
        $session.ApiUrl | Should -Be ([uri]$sandbox.Url)
        $session.UserName | Should -Be 'admin@sandbox.local'
        $session.AuthenticationMethod | Should -Be 'Password'
        $session.AccessTokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::Now)
        (Get-SoDataSession).Id | Should -Be $session.Id
    }

    It 'writes nothing without -PassThru' {
        Connect-TestSandbox $sandbox | Should -BeNullOrEmpty
        Get-SoDataSession | Should -Not -BeNullOrEmpty
    }

    It 'quotes the server''s error_description on a wrong password, as a terminating AuthenticationError' {
        $err = { Connect-TestSandbox $sandbox -Password 'not-the-password' } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Error | Should -Be 'invalid_grant'
        $err.Exception.ErrorDescription | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -BeLike "*$($err.Exception.ErrorDescription)*"
        "$err" | Should -Not -BeLike '*not-the-password*'
        Get-SoDataSession | Should -BeNullOrEmpty
    }

    It 'reports a wrong client secret as invalid_client' {
        $err = { Connect-TestSandbox $sandbox -Secret 'not-the-secret' } | Should -Throw -PassThru
        $err.Exception.Error | Should -Be 'invalid_client'
        "$err" | Should -Not -BeLike '*not-the-secret*'
    }

    It 'refuses plain http to a host that is not loopback, naming the parameter' {
        $err = { Connect-SoData -ApiUrl 'http://api.example.com/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureUrl,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$err" | Should -BeLike '*-ApiUrl*AllowInsecureHttp*'
    }

    It 'accepts plain http to any host with -AllowInsecureHttp' {
        $session = Connect-SoData -ApiUrl 'http://api.example.com/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force) -AllowInsecureHttp -PassThru
        $session.ApiUrl | Should -Be ([uri]'http://api.example.com/')
        $session.AuthenticationMethod | Should -Be 'AccessToken'
    }

    It 'rejects a URL that is not http(s)' {
        $err = { Connect-SoData -ApiUrl 'ftp://api.example.com/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidUrl,*'
    }

    It 'says what is missing when there is no client id' {
        $saved = $env:SODATA_CLIENT_ID; $env:SODATA_CLIENT_ID = $null
        try {
            $err = { Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -Credential (New-SandboxCredential) } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'MissingClientId,*'
            "$err" | Should -BeLike '*-ClientId*SODATA_CLIENT_ID*'
        }
        finally { $env:SODATA_CLIENT_ID = $saved }
    }

    It 'takes every value from SODATA_* environment variables for unattended scripts' {
        $names = 'SODATA_API_URL', 'SODATA_AUTH_URL', 'SODATA_REALM', 'SODATA_CLIENT_ID', 'SODATA_CLIENT_SECRET', 'SODATA_USERNAME', 'SODATA_PASSWORD'
        $saved = @{}; foreach ($n in $names) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
        try {
            $env:SODATA_API_URL = $sandbox.Url; $env:SODATA_AUTH_URL = $sandbox.Url; $env:SODATA_REALM = 'Socomec'
            $env:SODATA_CLIENT_ID = $SandboxClientId; $env:SODATA_CLIENT_SECRET = $SandboxSecretText
            $env:SODATA_USERNAME = $SandboxUser; $env:SODATA_PASSWORD = $SandboxPasswordText
            $session = Connect-SoData -PassThru
            $session.UserName | Should -Be $SandboxUser
            (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
        }
        finally { foreach ($n in $names) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) } }
    }

    It 'uses a token from elsewhere with -AccessToken' {
        $form = @{ grant_type = 'password'; client_id = $SandboxClientId; client_secret = $SandboxSecretText; username = $SandboxUser; password = $SandboxPasswordText }
        $token = (Invoke-RestMethod -Method Post -Uri "$($sandbox.Url)realms/Socomec/protocol/openid-connect/token" -Body $form).access_token
        Connect-SoData -ApiUrl $sandbox.Url -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force)
        (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
    }
}

Describe 'Get-SoDataSession and Disconnect-SoData' {
    It 'never shows a token or a secret' {
        $session = Connect-TestSandbox $sandbox -PassThru
        $text = ($session | Format-List * | Out-String) + ($session | ConvertTo-Json -Depth 3 -WarningAction Ignore) + "$session"
        $text | Should -Not -BeLike "*$SandboxSecretText*"
        $text | Should -Not -BeLike "*$SandboxPasswordText@*"
        $text | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}'
        $session.PSObject.Properties.Name | Should -Not -Contain 'AccessToken'
        $session.PSObject.Properties.Name | Should -Not -Contain 'ClientSecret'
    }

    It 'disconnects, after which a cmdlet fails once with an error that says to run Connect-SoData' {
        Connect-TestSandbox $sandbox
        Disconnect-SoData
        Get-SoDataSession | Should -BeNullOrEmpty
        $err = { Get-SoDataCorporateAccount } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'NoSession,*'
        "$err" | Should -BeLike '*Connect-SoData*'
    }

    It 'fails in a fresh runspace that never connected' {
        Connect-TestSandbox $sandbox
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement().AddCommand('Get-SoDataCorporateAccount')
            $output = $ps.Invoke()
            $output | Should -BeNullOrEmpty
            $ps.Streams.Error.Count | Should -Be 1
            $ps.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'NoSession,*'
            "$($ps.Streams.Error[0])" | Should -BeLike '*Connect-SoData*'
        }
        finally { $ps.Dispose() }
    }
}

# No waiting for tokens to lapse: the sandbox states lifetimes of 0 s (access) and 1 s (refresh) in its token
# responses while its tokens stay valid for minutes, so the session sees its token expired at its next request.
Describe 'Token lifetimes' {
    It 'refreshes an expired access token by itself' {
        $short = Start-TestSandbox '--stated-access-token-lifetime', '0'
        try {
            Connect-TestSandbox $short
            Get-GrantCount $short 'refresh_token' | Should -Be 0
            (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
            # One refresh before each API request, and no new sign-in.
            Get-GrantCount $short 'refresh_token' | Should -Be (Get-RouteCount $short 'GET /api/v1/ca')
            Get-GrantCount $short 'refresh_token' | Should -BeGreaterOrEqual 1
            Get-GrantCount $short 'password' | Should -Be 1
        }
        finally { Disconnect-SoData; $short | Stop-SoDataSandbox }
    }

    It 'logs in again with the stored credential once the refresh token has expired too' {
        $short = Start-TestSandbox '--stated-access-token-lifetime', '0', '--stated-refresh-token-lifetime', '1'
        try {
            Connect-TestSandbox $short
            Get-GrantCount $short 'password' | Should -Be 1
            (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
            # One sign-in with the stored credential before each API request, and no refresh attempt.
            Get-GrantCount $short 'password' | Should -Be (1 + (Get-RouteCount $short 'GET /api/v1/ca'))
            Get-GrantCount $short 'password' | Should -BeGreaterOrEqual 2
            Get-GrantCount $short 'refresh_token' | Should -Be 0
        }
        finally { Disconnect-SoData; $short | Stop-SoDataSandbox }
    }
}

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

    It 'accepts plain http to any host with -AllowInsecureHttp' {
        # Accepted, then checked: the host (under the reserved .invalid domain, so no traffic leaves) does not resolve.
        $err = { Connect-SoData -ApiUrl 'http://api.sodata.invalid/' -AccessToken (ConvertTo-SecureString 't' -AsPlainText -Force) -AllowInsecureHttp -MaxRetries 0 } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
        "$err" | Should -BeLike '*http://api.sodata.invalid/api/v1/ca*'
    }

    It 'says what is missing when there is no client id and nobody can be asked' {
        $saved = $env:SODATA_CLIENT_ID; $env:SODATA_CLIENT_ID = $null
        # A runspace without a console host, as in a service: Connect-SoData cannot prompt, so it names what is missing.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument($ModulePath).AddStatement().AddCommand('Connect-SoData').
                AddParameter('ApiUrl', $sandbox.Url).AddParameter('AuthUrl', $sandbox.Url).AddParameter('Credential', (New-SandboxCredential))
            $record = try { $null = $shell.Invoke(); $shell.Streams.Error[0] } catch { $_.Exception.InnerException.ErrorRecord }
            $record.FullyQualifiedErrorId | Should -BeLike 'MissingClientId,*'
            "$record" | Should -BeLike '*-ClientId*SODATA_CLIENT_ID*'
        }
        finally { $shell.Dispose(); $env:SODATA_CLIENT_ID = $saved }
    }

    It 'names the missing client secret when the server answers invalid_client' {
        $saved = $env:SODATA_CLIENT_SECRET; $env:SODATA_CLIENT_SECRET = $null
        try {
            $err = { Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId -Credential (New-SandboxCredential) } | Should -Throw -PassThru
            $err.Exception.Error | Should -Be 'invalid_client'
            "$err" | Should -BeLike '*No client secret was sent*-ClientSecret*SODATA_CLIENT_SECRET*'
        }
        finally { $env:SODATA_CLIENT_SECRET = $saved }
    }

    It 'says nothing with -NoWelcome' {
        $quiet = Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId -NoWelcome `
            -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) 6>&1 | Out-String
        $quiet.Trim() | Should -BeNullOrEmpty
    }

    It 'says who is signed in where at a console, and greets nobody when PowerShell runs -NonInteractive' {
        # A PowerShell of its own: whether it is interactive is decided by how it starts, not by how the tests run.
        $pwsh = if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { @([Environment]::ProcessPath, [Environment]::GetCommandLineArgs()[0]) } else { @([Environment]::ProcessPath) }
        $script = "Import-Module '$ModulePath'; Connect-SoData -ApiUrl $($sandbox.Url) -AuthUrl $($sandbox.Url) -ClientId $SandboxClientId " +
            "-ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential ([pscredential]::new('$SandboxUser', (ConvertTo-SecureString $SandboxPasswordText -AsPlainText -Force))) 6>&1; 'connected'"
        $console = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -Command $script 2>&1 | Out-String
        $console | Should -Match "Signed in to SoData at $([regex]::Escape($sandbox.Url)) as admin@sandbox\.local"
        $scheduled = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        $scheduled | Should -Match 'connected'
        $scheduled | Should -Not -Match 'Signed in'
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
}

# No waiting for tokens to lapse: the sandbox states lifetimes of 0 s (access) and 1 s (refresh) in its token
# responses while its tokens stay valid for minutes, so the session sees its token expired at its next request.
Describe 'Token lifetimes' {
    It 'refreshes an expired access token by itself' {
        $short = Start-TestSandbox '--stated-access-token-lifetime', '0'
        try {
            Connect-TestSandbox $short
            # Connect-SoData's check that the API answers is an API request too: the token had lapsed already.
            Get-GrantCount $short 'refresh_token' | Should -Be (Get-RouteCount $short 'GET /api/v1/ca')
            (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
            # One refresh before each API request, and no new sign-in.
            Get-GrantCount $short 'refresh_token' | Should -Be (Get-RouteCount $short 'GET /api/v1/ca')
            Get-GrantCount $short 'refresh_token' | Should -BeGreaterOrEqual 2
            Get-GrantCount $short 'password' | Should -Be 1
        }
        finally { Disconnect-SoData; $short | Stop-SoDataSandbox }
    }

    It 'logs in again with the stored credential once the refresh token has expired too' {
        $short = Start-TestSandbox '--stated-access-token-lifetime', '0', '--stated-refresh-token-lifetime', '1'
        try {
            Connect-TestSandbox $short
            # The first sign-in, and one more for Connect-SoData's check that the API answers.
            Get-GrantCount $short 'password' | Should -Be (1 + (Get-RouteCount $short 'GET /api/v1/ca'))
            (Get-SoDataCorporateAccount -Name SoLink).Name | Should -Be 'SoLink'
            # One sign-in with the stored credential before each API request, and no refresh attempt.
            Get-GrantCount $short 'password' | Should -Be (1 + (Get-RouteCount $short 'GET /api/v1/ca'))
            Get-GrantCount $short 'password' | Should -BeGreaterOrEqual 3
            Get-GrantCount $short 'refresh_token' | Should -Be 0
        }
        finally { Disconnect-SoData; $short | Stop-SoDataSandbox }
    }
}

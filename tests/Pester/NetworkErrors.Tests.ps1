# Network failures say what broke, where, and what to check: a closed port, https:// to a plain http server, a wrong
# realm or path, a host name that does not resolve (the reserved .invalid domain: no traffic leaves the machine) and a
# server that never answers are ConnectionError / ObjectNotFound with their own ErrorIds; only the server's verdict on
# the credentials is an AuthenticationError. Everything runs on loopback.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    $https = $sandbox.Url -replace '^http:', 'https:'
    # Accepts connections (the kernel does) but never answers them.
    $silent = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
    $silent.Start()
    $silentUrl = "http://127.0.0.1:$($silent.LocalEndpoint.Port)/"

    function Get-ClosedPortUrl {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        "http://127.0.0.1:$port/"
    }

    function Connect-With([hashtable] $Arguments) {
        $all = @{
            ClientId = $SandboxClientId; ClientSecret = (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force)
            Credential = (New-SandboxCredential); MaxRetries = 0
        }
        foreach ($name in $Arguments.Keys) { $all[$name] = $Arguments[$name] }
        Connect-SoData @all
    }
}

AfterAll {
    $silent.Stop()
    $sandbox | Stop-SoDataSandbox
}

Describe 'Connect-SoData says what broke' {
    It '<Case>: <ErrorId> (<Category>)' -ForEach @(
        @{ Case = 'token endpoint on a closed port'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = (Get-ClosedPortUrl) } }
            ErrorId = 'ConnectionRefused'; Category = 'ConnectionError'; Says = '*127.0.0.1:*refused the connection*tried http://127.0.0.1:*/realms/Socomec/protocol/openid-connect/token*Check -AuthUrl*' }
        @{ Case = 'token endpoint: https:// to an http server'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = $https } }
            ErrorId = 'TlsHandshakeFailed'; Category = 'ConnectionError'; Says = '*TLS*127.0.0.1:*tried https://127.0.0.1:*https:// to a server that only speaks http://*' }
        @{ Case = 'token endpoint: wrong realm'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = $sandbox.Url; Realm = 'Socomek' } }
            ErrorId = 'TokenEndpointNotFound'; Category = 'ObjectNotFound'; Says = '*404*realms/Socomek/protocol/openid-connect/token*-Realm*Socomek*' }
        @{ Case = 'token endpoint: -AuthUrl ending in /auth/'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = $sandbox.Url + 'auth/' } }
            ErrorId = 'TokenEndpointNotFound'; Category = 'ObjectNotFound'; Says = '*404*/auth/realms/Socomec/*-AuthUrl*no /auth/ at the end*' }
        @{ Case = 'token endpoint: host name that does not resolve'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = 'https://auth.sodata-test.invalid/' } }
            ErrorId = 'HostNotFound'; Category = 'ConnectionError'; Says = "*'auth.sodata-test.invalid' could not be resolved*-AuthUrl*" }
        @{ Case = 'token endpoint that never answers'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = $silentUrl; TimeoutSec = 1 } }
            ErrorId = 'ConnectionTimedOut'; Category = 'ConnectionError'; Says = '*did not answer within 1 s*-TimeoutSec*' }
        @{ Case = 'API on a closed port'; Arguments = { @{ ApiUrl = (Get-ClosedPortUrl); AuthUrl = $sandbox.Url } }
            ErrorId = 'ConnectionRefused'; Category = 'ConnectionError'; Says = '*GET api/v1/ca*refused the connection*tried http://127.0.0.1:*/api/v1/ca*Check -ApiUrl*' }
        @{ Case = 'API: https:// to an http server'; Arguments = { @{ ApiUrl = $https; AuthUrl = $sandbox.Url } }
            ErrorId = 'TlsHandshakeFailed'; Category = 'ConnectionError'; Says = '*GET api/v1/ca*TLS*-ApiUrl*' }
        @{ Case = 'API: host name that does not resolve'; Arguments = { @{ ApiUrl = 'https://api.sodata-test.invalid/'; AuthUrl = $sandbox.Url } }
            ErrorId = 'HostNotFound'; Category = 'ConnectionError'; Says = "*'api.sodata-test.invalid' could not be resolved*tried https://api.sodata-test.invalid/api/v1/ca*" }
        @{ Case = 'API that never answers'; Arguments = { @{ ApiUrl = $silentUrl; AuthUrl = $sandbox.Url; TimeoutSec = 1 } }
            ErrorId = 'ConnectionTimedOut'; Category = 'ConnectionError'; Says = '*GET api/v1/ca*did not answer within 1 s*' }
        @{ Case = 'API URL with a wrong path'; Arguments = { @{ ApiUrl = $sandbox.Url + 'api/v1/'; AuthUrl = $sandbox.Url } }
            ErrorId = 'ApiNotFound'; Category = 'ObjectNotFound'; Says = "*404*Check -ApiUrl*the API's root*" }
        @{ Case = 'wrong password'; Arguments = { @{ ApiUrl = $sandbox.Url; AuthUrl = $sandbox.Url; Credential = (New-SandboxCredential 'wrong') } }
            ErrorId = 'AuthenticationFailed'; Category = 'AuthenticationError'; Says = '*invalid_grant*' }
    ) {
        $before = Get-SoDataSession -ErrorAction Ignore
        $err = { Connect-With (& $Arguments) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $err.CategoryInfo.Category | Should -Be $Category
        # What the user reads: the message, then the advice PowerShell 7 prints under it ("Recommendation:").
        $shown = "$err $($err.ErrorDetails.RecommendedAction)"
        $shown | Should -BeLike $Says
        $shown | Should -Not -BeLike "*$SandboxSecretText*"
        if ($Category -ne 'AuthenticationError') { $shown | Should -Not -BeLike '*client secret, user name and password*' }
        Get-SoDataSession -ErrorAction Ignore | Should -Be $before -Because 'a failed Connect-SoData leaves the current session as it was'
    }
}

Describe 'A request that fails after retries' {
    It 'says how many attempts over how long, and -Verbose shows each retry' {
        $gone = Start-TestSandbox
        try {
            $session = Connect-SoData -ApiUrl $gone.Url -AuthUrl $gone.Url -ClientId $SandboxClientId `
                -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) -MaxRetries 1 -PassThru
        }
        finally { $gone | Stop-SoDataSandbox }
        # The server is gone: the first call of a scheduled script meets a closed port.
        $out = Get-SoDataCorporateAccount -Session $session -Verbose -ErrorVariable errors -ErrorAction SilentlyContinue 4>&1
        $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
        $verbose | Should -Match 'GET api/v1/ca failed \(.*\); retry 1 of 1 in'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionRefused,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        "$($errors[0])" | Should -BeLike "*refused the connection (tried $($gone.Url)api/v1/ca, after 2 attempts over * s)*"
        $errors[0].ErrorDetails.RecommendedAction | Should -BeLike 'Check -ApiUrl*'

        # While it retries, a progress line says so (read from a runspace's progress stream).
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ModulePath).AddStatement().
                AddCommand('Get-SoDataCorporateAccount').AddParameter('Session', $session).AddParameter('ErrorAction', 'SilentlyContinue')
            $null = $ps.Invoke()
            $retrying = @($ps.Streams.Progress | Where-Object { $_.Activity -eq 'Retrying a SoData request' })
            $retrying.Count | Should -BeGreaterThan 0
            $retrying[0].StatusDescription | Should -BeLike 'GET api/v1/ca: attempt 2 of 2*'
            $ps.Streams.Progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
        Disconnect-SoData
    }
}

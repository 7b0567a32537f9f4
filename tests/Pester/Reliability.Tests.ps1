BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Lists everything the hierarchy holds, as comparable text, so two runs can be compared line for line.
    function Get-HierarchySnapshot {
        param($Session)
        $lines = [Collections.Generic.List[string]]::new()
        foreach ($ca in Get-SoDataCorporateAccount -Session $Session) {
            $lines.Add("ca $($ca.Uuid) $($ca.Name)")
            foreach ($customer in $ca | Get-SoDataCustomer -Session $Session) { $lines.Add("customer $($customer.Uuid) $($customer.Name)") }
            foreach ($site in $ca | Get-SoDataSite -Session $Session) { $lines.Add("site $($site.Uuid) $($site.Name)") }
            $measured = [Collections.Generic.List[object]]::new()
            foreach ($device in $ca | Get-SoDataDevice -Session $Session -PageSize 5) {
                $lines.Add("device $($device.Uuid) $($device.SerialNumber)")
                foreach ($variable in $device | Get-SoDataVariable -Session $Session -PageSize 5) {
                    $lines.Add("variable $($variable.Uuid) $($variable.StreamRef)")
                    if ($variable.StreamRef -eq 'Global|0|140100') { $measured.Add($variable) }
                }
            }
            # Datapoints too: raw and hourly averages, several windows and batches, for the Global variables.
            $day = [DateTimeOffset]'2024-03-01T00:00:00Z'
            foreach ($point in $measured | Get-SoDataDatapoint -Session $Session -From $day -To $day.AddDays(2) -BatchSize 4) {
                $lines.Add("raw $($point.DeviceUuid) $($point.StreamRef) $($point.Timestamp.ToUnixTimeSeconds()) $($point.Value)")
            }
            foreach ($point in $measured | Get-SoDataDatapoint -Session $Session -From $day -To $day.AddDays(3) -Granularity Hour -Aggregation Avg -BatchSize 4) {
                $lines.Add("hour $($point.DeviceUuid) $($point.StreamRef) $($point.Timestamp.ToUnixTimeSeconds()) $($point.Value)")
            }
        }
        $lines.ToArray()
    }
}

Describe 'A run under faults and short-lived tokens' {
    It 'returns exactly the objects of a clean run' {
        $fleet = '--corporate-accounts', '2', '--customers', '2', '--sites', '2', '--devices', '3', '--variables', '8', '--max-take', '7'
        $clean = Start-TestSandbox $fleet
        # 2 s access tokens, 5 s refresh tokens, 10% 503s, 10% 429s, connections dropped mid-response, and
        # responses slower than the attempt timeout given to Connect-SoData below; no request fails more than 3 times in a
        # row, so -MaxRetries 6 always gets through and the outcome never depends on luck.
        $faulty = Start-TestSandbox ($fleet + '--access-token-lifetime', '2', '--refresh-token-lifetime', '5', '--fault-rate', '0.1', '--throttle-rate', '0.1',
            '--drop-rate', '0.03', '--slow-rate', '0.01', '--slow-ms', '15000', '--fault-streak', '3')
        try {
            $cleanSession = Connect-TestSandbox $clean -PassThru
            $expected = Get-HierarchySnapshot $cleanSession

            $faultySession = Connect-SoData -ApiUrl $faulty.Url -AuthUrl $faulty.Url -ClientId $SandboxClientId `
                -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) -MaxRetries 6 -TimeoutSec 3 -PassThru
            $actual = Get-HierarchySnapshot $faultySession

            $expected.Count | Should -BeGreaterThan 5000
            @($expected | Where-Object { $_ -like 'hour *' }).Count | Should -BeGreaterThan 500
            $actual.Count | Should -Be $expected.Count
            # Compared as one text (Should -Be on tens of thousands of elements is slow); the first difference is named.
            $firstDifference = 0..($expected.Count - 1) | Where-Object { $actual[$_] -ne $expected[$_] } | Select-Object -First 1
            if ($null -ne $firstDifference) { "line $firstDifference is '$($actual[$firstDifference])' instead of '$($expected[$firstDifference])'" | Should -BeNullOrEmpty }
            $stats = Get-SoDataSandboxStats $faulty
            ($stats.faults.fault + $stats.faults.throttle) | Should -BeGreaterThan 0 -Because 'the faulty sandbox must really have failed requests'
            $stats.grants.refresh_token + $stats.grants.password | Should -BeGreaterThan 2 -Because 'tokens must have been renewed during the run'
        }
        finally {
            Disconnect-SoData
            $clean, $faulty | Stop-SoDataSandbox
        }
    }

    It 'shows each retry in -Verbose with the method, path, status and wait' {
        $failing = Start-TestSandbox '--fault-rate', '1'
        try {
            $session2 = Connect-SoData -ApiUrl $failing.Url -AuthUrl $failing.Url -ClientId $SandboxClientId `
                -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) -MaxRetries 1 -PassThru -WarningAction SilentlyContinue
            # Connect-SoData's own check of the API met a 503 too, and was retried: count from here.
            $retriesBefore = $session2.Retries
            $out = Get-SoDataCorporateAccount -Session $session2 -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1
            $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
            $verbose | Should -Match 'GET api/v1/ca failed \(503 .*\); retry 1 of 1 in \d'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ApiServerError,*'
            $err[0].Exception.StatusCode | Should -Be 503
            $err[0].Exception.Method | Should -Be 'GET'
            $err[0].Exception.Path | Should -Be 'api/v1/ca'
            $session2.Retries - $retriesBefore | Should -Be 1
        }
        finally { Disconnect-SoData; $failing | Stop-SoDataSandbox }
    }
}

Describe 'Cancellation' {
    It 'stops a long enumeration at once when the pipeline is stopped (Ctrl+C)' {
        # Every API request hangs for a minute; the token endpoint is not slowed.
        $slow = Start-TestSandbox '--slow-rate', '1', '--slow-ms', '60000'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Secret, $Credential)
                    Import-Module $ModulePath
                    Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId 'sodata-sandbox' -ClientSecret $Secret -Credential $Credential
                    Get-SoDataCorporateAccount
                }).AddArgument($ModulePath).AddArgument($slow.Url).AddArgument((ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force)).AddArgument((New-SandboxCredential))
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-RouteCount $slow 'GET /api/v1/ca') -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Get-RouteCount $slow 'GET /api/v1/ca' | Should -Be 1 -Because 'the request must be in flight before we stop'

            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # Far below the minute the request would otherwise hang: the HTTP call was aborted, not awaited.
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            $slow | Stop-SoDataSandbox
        }
    }
}

Describe 'Secrets' {
    It 'never show in output, verbose, debug, errors or the transcript' {
        $secret = 'Cs-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $password = 'Pw-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
        $sandbox = Start-TestSandbox '--client-secret', $secret, '--password', $password, '--stated-access-token-lifetime', '0'
        $transcript = Join-Path $TestDrive 'transcript.txt'
        try {
            $credential = [pscredential]::new($SandboxUser, (ConvertTo-SecureString $password -AsPlainText -Force))
            $secure = ConvertTo-SecureString $secret -AsPlainText -Force
            Start-Transcript -Path $transcript
            try {
                $captured = & {
                    $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
                    Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId -ClientSecret $secure -Credential $credential -PassThru -Verbose -Debug
                    Get-SoDataSession | Format-List * | Out-String
                    Get-SoDataCorporateAccount -Verbose -Debug | Format-List * | Out-String
                    Get-SoDataCorporateAccount | Get-SoDataCustomer -Verbose -Debug | ConvertTo-Json -Depth 5
                    Invoke-SoDataRequest 'ca' -Verbose -Debug | ConvertTo-Json -Depth 5
                    Get-SoDataDevice -CorporateAccountUuid ([guid]::NewGuid()) -ErrorAction Continue
                    try { Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId -ClientSecret (ConvertTo-SecureString "$secret-wrong" -AsPlainText -Force) -Credential $credential -Verbose -Debug } catch { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
                    try { Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId -ClientSecret $secure -Credential ([pscredential]::new($SandboxUser, (ConvertTo-SecureString "$password-wrong" -AsPlainText -Force))) } catch { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
                } *>&1 | Out-String
            }
            finally { Stop-Transcript }
            $everything = $captured + (Get-Content $transcript -Raw) + ($Error | Format-List * -Force | Out-String)

            $everything | Should -Match 'GET .*api/v1/ca' -Because 'the capture must really contain the verbose stream'
            $everything | Should -Not -Match ([regex]::Escape($secret))
            $everything | Should -Not -Match ([regex]::Escape($password))
            $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]{8,}' -Because 'no JWT (access or refresh token) may appear'
            Get-GrantCount $sandbox 'refresh_token' | Should -BeGreaterOrEqual 1
        }
        finally {
            Disconnect-SoData
            $sandbox | Stop-SoDataSandbox
        }
    }
}

Describe 'Parallel runspaces' {
    It 'shares one session across ForEach-Object -Parallel, with one sign-in' {
        $sandbox = Start-TestSandbox '--devices', '4'
        try {
            $session = Connect-TestSandbox $sandbox -PassThru
            $expected = @(Get-SoDataDevice -CorporateAccount SoLink).Count
            $counts = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:ModulePath
                @(Get-SoDataDevice -Session $using:session -CorporateAccount SoLink -PageSize 3).Count
            }
            $counts.Count | Should -Be 8
            $counts | ForEach-Object { $_ | Should -Be $expected }
            Get-GrantCount $sandbox 'password' | Should -Be 1
        }
        finally {
            Disconnect-SoData
            $sandbox | Stop-SoDataSandbox
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Under the API''s rate limit' {
    It 'reads every device with default settings, slows down, and Get-SoDataSession shows it' {
        # A gateway allowing 2 requests per second, 2 at once: far below what 8 concurrent requests would send.
        $sandbox = Start-TestSandbox '--rate-limit', '2', '--rate-burst', '2', '--corporate-accounts', '1', '--customers', '1', '--sites', '2', '--devices', '4'
        try {
            Connect-TestSandbox $sandbox
            # The session may meet the limit as early as the listing (Connect-SoData's check and the sites lookup count
            # too) and then paces what follows: the verbose stream of both commands says so.
            $listing = @(Get-SoDataDevice -CorporateAccount SoLink -Verbose 4>&1)
            $devices = @($listing | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            $devices.Count | Should -Be 8
            $out = @($devices | Get-SoDataLastValue -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1)

            $failures.Count | Should -Be 0
            $values = @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            @($values.DeviceUuid | Sort-Object -Unique).Count | Should -Be 8
            $verbose = @($listing + $out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
            $verbose | Should -Match 'api/v1/[^ ]+ answered 429 [^:]*: the session waits \d+(\.\d+)? s \(Retry-After\)'

            $stats = Get-SoDataSandboxStats $sandbox
            $stats.faults.ratelimit | Should -BeGreaterThan 0 -Because 'the limit must really have been hit'
            $session = Get-SoDataSession
            $session.ThrottledAnswers | Should -Be $stats.faults.ratelimit
            $apiRequests = ($stats.requests.PSObject.Properties | Where-Object Name -NotLike '* token' | Measure-Object -Property Value -Sum).Sum
            $session.Requests | Should -Be $apiRequests
            $session.Retries | Should -Be $session.ThrottledAnswers
            $session.ThrottledTime | Should -BeGreaterThan ([timespan]::Zero)
            $session.Concurrency | Should -BeIn (1..8)
            $session.MaxThrottleWaitSec | Should -Be 300
            ($session | Format-List | Out-String) | Should -Match 'ThrottledAnswers\s*:\s*\d+'
        }
        finally { Disconnect-SoData; $sandbox | Stop-SoDataSandbox }
    }

    It 'is one throttle for every runspace that uses the session' {
        $sandbox = Start-TestSandbox '--rate-limit', '2', '--rate-burst', '2', '--corporate-accounts', '1', '--customers', '1', '--sites', '2', '--devices', '4'
        try {
            $session = Connect-TestSandbox $sandbox -PassThru
            $devices = @(Get-SoDataDevice -CorporateAccount SoLink -Session $session)
            # Four runspaces, two devices each, all at once: together far above 2 requests per second.
            $read = 0..3 | ForEach-Object -ThrottleLimit 4 -Parallel {
                Import-Module $using:ModulePath
                $mine = ($using:devices)[(2 * $_)..(2 * $_ + 1)]
                @($mine | Get-SoDataLastValue -Session $using:session -ErrorAction Stop | Select-Object -ExpandProperty DeviceUuid -Unique)
            }
            @($read | Sort-Object -Unique).Count | Should -Be 8
            $stats = Get-SoDataSandboxStats $sandbox
            $stats.faults.ratelimit | Should -BeGreaterThan 0
            # Every 429 was seen by the one throttle the runspaces share.
            $session.ThrottledAnswers | Should -Be $stats.faults.ratelimit
        }
        finally { Disconnect-SoData; $sandbox | Stop-SoDataSandbox }
    }

    It 'holds each command to its own -ThrottleLimit, whatever another runspace runs on the same session' {
        # Every answer takes 100 ms, so a command's requests overlap as far as it lets them; the sandbox counts how many
        # of each route it answered at once.
        $sandbox = Start-TestSandbox '--latency-ms', '100', '--corporate-accounts', '1', '--customers', '1', '--sites', '4', '--devices', '10'
        $slow = $fast = $null
        try {
            $session = Connect-TestSandbox $sandbox -PassThru
            $devices = @(Get-SoDataDevice -CorporateAccount SoLink -Session $session)
            $variables = @($devices | Get-SoDataVariable -Session $session | Group-Object DeviceUuid | ForEach-Object { $_.Group[0] })
            $variables.Count | Should -Be 40
            Reset-SoDataSandboxStats $sandbox

            # -ThrottleLimit 2: 40 datapoints requests (one series per batch), at most 2 at once.
            $slow = [powershell]::Create()
            $null = $slow.AddScript({
                param($ModulePath, $Session, $Variables)
                Import-Module $ModulePath
                @($Variables | Get-SoDataDatapoint -Session $Session -ThrottleLimit 2 -BatchSize 1 -From '2024-05-01' -To '2024-05-01T01:00:00Z').Count
            }).AddArgument($ModulePath).AddArgument($session).AddArgument($variables)
            $slowRun = $slow.BeginInvoke()
            # Once it is sending, another runspace lists the 40 devices' variables with -ThrottleLimit 16 on the same session.
            while ((Get-RouteCount $sandbox 'PUT /api/v1/ca/{ca}/datapoints') -eq 0 -and -not $slowRun.IsCompleted) { Start-Sleep -Milliseconds 20 }
            $fast = [powershell]::Create()
            $null = $fast.AddScript({
                param($ModulePath, $Session, $Devices)
                Import-Module $ModulePath
                @($Devices | Get-SoDataVariable -Session $Session -ThrottleLimit 16).Count
            }).AddArgument($ModulePath).AddArgument($session).AddArgument($devices)
            $listed = $fast.Invoke()
            $slowRun.IsCompleted | Should -BeFalse -Because 'the two commands must overlap for this to show anything'
            $points = $slow.EndInvoke($slowRun)

            $slow.Streams.Error + $fast.Streams.Error | Should -BeNullOrEmpty
            $listed[0] | Should -BeGreaterThan 40
            $points[0] | Should -Be (40 * 12) -Because '40 series of a 5-minute sample for an hour'
            $stats = Get-SoDataSandboxStats $sandbox
            $stats.requests.'PUT /api/v1/ca/{ca}/datapoints' | Should -Be 40
            $stats.inFlightMax.'PUT /api/v1/ca/{ca}/datapoints' | Should -BeIn @(1, 2) -Because 'the command with -ThrottleLimit 2 kept to it'
            $stats.inFlightMax.'GET /api/v1/ca/{ca}/devices/{device}/variables' | Should -BeGreaterThan 2 -Because 'the command with -ThrottleLimit 16 was not held to 2'
        }
        finally {
            if ($slow) { $slow.Dispose() }
            if ($fast) { $fast.Dispose() }
            Disconnect-SoData; $sandbox | Stop-SoDataSandbox
        }
    }

    It 'says in -Verbose when and why the session slowed down' {
        $sandbox = Start-TestSandbox '--rate-limit', '2', '--rate-burst', '2'
        try {
            Connect-TestSandbox $sandbox
            $ca = Get-SoDataCorporateAccount -Name SoLink
            $out = @(1..8 | ForEach-Object { $ca } | Get-SoDataCustomer -Verbose 4>&1)
            $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
            $verbose | Should -Match 'answered 429 [^,]*, so the session slows down: concurrency 8 -> [1-4]'
            @($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 24
        }
        finally { Disconnect-SoData; $sandbox | Stop-SoDataSandbox }
    }

    It 'waits on a throttled request within -MaxThrottleWaitSec, without spending -MaxRetries, then says how long' {
        # Every API call answers 429 with Retry-After: 1.
        $sandbox = Start-TestSandbox '--throttle-rate', '1'
        try {
            $session = Connect-SoData -ApiUrl $sandbox.Url -AuthUrl $sandbox.Url -ClientId $SandboxClientId `
                -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) `
                -MaxRetries 0 -MaxThrottleWaitSec 2 -PassThru -WarningAction SilentlyContinue
            # Connect-SoData's own check of the API was throttled too (and only warned): count from here.
            $sandboxBefore = [int](Get-SoDataSandboxStats $sandbox).faults.throttle
            $sessionBefore = $session.ThrottledAnswers
            $out = Get-SoDataCorporateAccount -Session $session -Verbose -ErrorVariable err -ErrorAction SilentlyContinue 4>&1
            $verbose = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"

            $verbose | Should -Match 'GET api/v1/ca answered 429 [^:]*: the session waits 1 s \(Retry-After\) and sends it again; throttled once'
            $err.Count | Should -Be 1
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ApiThrottled,*'
            $err[0].Exception.StatusCode | Should -Be 429
            $message = "$($err[0])"
            $message | Should -Match '^GET api/v1/ca failed: the server throttled it (\d+) times over [\d.]+ s \(last 429 .*\), more than the 2 s it may wait \(Connect-SoData -MaxThrottleWaitSec\)'
            $times = [int][regex]::Match($message, 'throttled it (\d+) times').Groups[1].Value
            $times | Should -BeGreaterOrEqual 2 -Because '-MaxRetries 0 does not stop a throttled request from going again'
            (Get-SoDataSandboxStats $sandbox).faults.throttle - $sandboxBefore | Should -Be $times
            $session.ThrottledAnswers - $sessionBefore | Should -Be $times
        }
        finally { Disconnect-SoData; $sandbox | Stop-SoDataSandbox }
    }
}

# Sync-SoDataDatapoint keeps an archive exact across nights: late uploads, a server failing mid-run, a process killed,
# a night run twice. Nights pass on the sandbox's clock (PUT /_sandbox/clock); some devices upload 6 hours late
# (--late-devices). Syncs run as a scheduler runs them, in their own PowerShell process, under several host zones.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $LateHours = 6
    $sandbox = Start-TestSandbox '--late-devices', '0.34', '--late-hours', "$LateHours", '--sample-period', '900'
    $DatapointsRoute = 'PUT /api/v1/ca/{ca}/datapoints'
    $work = Join-Path ([IO.Path]::GetTempPath()) ('sodata-sync-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $work
    Connect-TestSandbox $sandbox

    # Six series on three devices of SoLink (two of them upload late), as a scheduled job reads them: from a CSV file.
    $devices = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice | Select-Object -First 3)
    $SeriesCsv = Join-Path $work 'series.csv'
    $devices | ForEach-Object { $d = $_; 'Global|0|140100', 'Unit|1|140108' | ForEach-Object { [pscustomobject]@{ DeviceUuid = $d.Uuid; DeviceName = $d.Name; StreamRef = $_ } } } |
        Export-Csv -LiteralPath $SeriesCsv -NoTypeInformation

    # The first night starts here; night N ends at 02:00 UTC N days later (04:00 or 03:00 in Paris: DST ends on 27 October).
    $Start = [datetimeoffset]::new(2024, 10, 22, 0, 0, 0, [timespan]::Zero)
    function Get-NightEnd([int] $Night) { $Start.AddDays($Night).AddHours(2) }

    function Set-SandboxClock([datetimeoffset] $Now) {
        $null = Invoke-RestMethod -Method Put -Uri ($sandbox.Url + '_sandbox/clock') -ContentType 'application/json' -Body (@{ now = $Now.ToString('o') } | ConvertTo-Json)
    }

    # The nightly job. Its nights are "N" (a night), "N!" (the server fails after two datapoints requests: the run must
    # fail) and "N~" (held after one request, for the test to kill the process). Each night sets the sandbox clock, runs
    # the sync, and appends a line to the results file: the night, ok or the error id, and the summaries.
    $script:JobScript = Join-Path $work 'nightly-sync.ps1'
    Set-Content -LiteralPath $JobScript -Value @'
Import-Module $env:SYNC_MODULE
$secret = ConvertTo-SecureString $env:SYNC_SECRET -AsPlainText -Force
$credential = [pscredential]::new($env:SYNC_USER, (ConvertTo-SecureString $env:SYNC_PASSWORD -AsPlainText -Force))
Connect-SoData -ApiUrl $env:SYNC_URL -AuthUrl $env:SYNC_URL -ClientId $env:SYNC_CLIENT -ClientSecret $secret -Credential $credential -MaxRetries 0 -NoWelcome
# Started ahead (the test's next run, ready while the current one works): wait for the go.
if ($env:SYNC_WAIT_FOR) { while (-not (Test-Path -LiteralPath $env:SYNC_WAIT_FOR)) { Start-Sleep -Milliseconds 20 } }
foreach ($night in $env:SYNC_NIGHTS -split ',') {
    $end = [datetimeoffset]::Parse($env:SYNC_START, [cultureinfo]::InvariantCulture).AddDays([int]($night.TrimEnd('!', '~'))).AddHours(2)
    $null = Invoke-RestMethod -Method Put -Uri ($env:SYNC_URL + '_sandbox/clock') -ContentType 'application/json' -Body (@{ now = $end.ToString('o') } | ConvertTo-Json)
    if ($night.EndsWith('!')) { $null = Invoke-RestMethod -Method Put -Uri ($env:SYNC_URL + '_sandbox/datapoints-outage?after=2') }
    if ($night.EndsWith('~')) { $null = Invoke-RestMethod -Method Put -Uri ($env:SYNC_URL + '_sandbox/datapoints-hold?after=1') }
    try {
        $results = @(Import-Csv -LiteralPath $env:SYNC_SERIES |
            Sync-SoDataDatapoint -Path $env:SYNC_PATH -CorporateAccount SoLink -From $env:SYNC_START -To $end -Partition Day -TimeZone Europe/Paris -ErrorAction Stop -WarningVariable warnings)
        $line = @{ Night = $night; Outcome = 'ok'; Added = ($results | Measure-Object Added -Sum).Sum; Late = ($results | Measure-Object Late -Sum).Sum; Series = $results.Count; Warnings = @($warnings | ForEach-Object { "$_" }) }
    }
    catch {
        $line = @{ Night = $night; Outcome = $_.FullyQualifiedErrorId; Message = "$_" }
    }
    finally {
        if ($night.EndsWith('!')) { $null = Invoke-RestMethod -Method Delete -Uri ($env:SYNC_URL + '_sandbox/datapoints-outage') }
    }
    Add-Content -LiteralPath $env:SYNC_RESULTS -Value ($line | ConvertTo-Json -Compress)
}
'@

    # Starts the nightly job in a new PowerShell process with the host zone TZ; -NoWait returns the process.
    function Start-NightlyJob([string] $Folder, [string] $TimeZone, [string[]] $Nights, [switch] $NoWait, [string] $WaitFor) {
        $info = New-SandboxJobStartInfo $JobScript $TimeZone $sandbox
        $info.Environment['SYNC_SERIES'] = $SeriesCsv
        $info.Environment['SYNC_PATH'] = $Folder
        $info.Environment['SYNC_START'] = $Start.ToString('o')
        $info.Environment['SYNC_NIGHTS'] = $Nights -join ','
        $info.Environment['SYNC_RESULTS'] = Join-Path $Folder '../results.jsonl'
        if ($WaitFor) { $info.Environment['SYNC_WAIT_FOR'] = $WaitFor }
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if ($NoWait) { return $process }
        if (-not $process.WaitForExit(600000)) { $process.Kill($true); throw "The nightly job did not finish within 600 s (TZ=$TimeZone)." }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }

    function Read-NightResults([string] $Folder) {
        $path = Join-Path $Folder '../results.jsonl'
        if (Test-Path -LiteralPath $path) { @(Get-Content -LiteralPath $path | ConvertFrom-Json) }
    }

    # Waits until a datapoints request is held by the sandbox (the job reached that point), at most two minutes.
    function Wait-HeldRequest($Job) {
        $deadline = [DateTime]::UtcNow.AddMinutes(2)
        while ((Invoke-RestMethod -Uri ($sandbox.Url + '_sandbox/datapoints-hold')).waiting -lt 1) {
            if ([DateTime]::UtcNow -gt $deadline -or ($Job -and $Job.HasExited)) {
                $results = Join-Path $work 'killed/results.jsonl'
                $said = if (Test-Path -LiteralPath $results) { (Get-Content -LiteralPath $results -Tail 2) -join ' ' } else { 'no results' }
                throw "No datapoints request was held (the run $(if ($Job -and $Job.HasExited) { 'ended' } else { 'went on for two minutes' })): $said"
            }
            Start-Sleep -Milliseconds 50
        }
    }

    # The archive's rows in file order (partitions by name, headers dropped), with each row's instant.
    function Read-Archive([string] $Folder) {
        foreach ($file in Get-ChildItem -LiteralPath $Folder -Filter '*.csv' | Sort-Object Name) {
            Get-Content -LiteralPath $file.FullName | Select-Object -Skip 1
        }
    }

    function Get-RowKey([string] $Row) {
        $fields = $Row -split ','
        '{0:D20}|{1}|{2}' -f [datetimeoffset]::Parse($fields[0], [cultureinfo]::InvariantCulture).UtcTicks, $fields[2].ToLowerInvariant(), $fields[9]
    }

    # Problems of an archive as it stands: a partition out of order or with a key twice, a state that cannot be read.
    function Find-ArchiveProblem([string] $Folder) {
        foreach ($file in Get-ChildItem -LiteralPath $Folder -Filter '*.csv') {
            $lines = @(Get-Content -LiteralPath $file.FullName)
            if ($lines[0] -notlike 'Timestamp,Value,DeviceUuid,*') { "$($file.Name) has no header" }
            $keys = @($lines | Select-Object -Skip 1 | ForEach-Object { Get-RowKey $_ })
            for ($i = 1; $i -lt $keys.Count; $i++) {
                if ([string]::CompareOrdinal($keys[$i - 1], $keys[$i]) -ge 0) { "$($file.Name) line $($i + 2): out of order or repeated"; break }
            }
        }
        $state = Join-Path $Folder 'sodata-archive.json'
        if (Test-Path -LiteralPath $state) {
            try { if ((Get-Content -LiteralPath $state -Raw | ConvertFrom-Json).version -ne 1) { 'the state has no version 1' } }
            catch { "the state cannot be read: $_" }
        }
    }

    # One export of the whole range, up to the last night's end minus the late hours, in the archive's row order.
    function Get-ExpectedRows([datetimeoffset] $End) {
        $path = Join-Path $work ('export-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.csv')
        Import-Csv -LiteralPath $SeriesCsv | Export-SoDataDatapoint -Path $path -CorporateAccount SoLink -From $Start -To $End.AddHours(-$LateHours) -TimeZone Europe/Paris
        Get-Content -LiteralPath $path | Select-Object -Skip 1 | Sort-Object { Get-RowKey $_ }
    }

    function Assert-ArchiveEqualsExport([string] $Folder, [datetimeoffset] $End) {
        $cut = $End.AddHours(-$LateHours).UtcTicks
        $archived = @(Read-Archive $Folder | Where-Object { [datetimeoffset]::Parse(($_ -split ',')[0], [cultureinfo]::InvariantCulture).UtcTicks -lt $cut })
        $expected = @(Get-ExpectedRows $End)
        $expected.Count | Should -BeGreaterThan 1000
        $archived.Count | Should -Be $expected.Count -Because 'one row per point: no gap, no duplicate'
        $first = -1
        for ($i = 0; $i -lt $expected.Count -and $first -lt 0; $i++) { if ($archived[$i] -cne $expected[$i]) { $first = $i } }
        if ($first -ge 0) { "row $first differs: '$($archived[$first])' / '$($expected[$first])'" | Should -BeNullOrEmpty }
        @(Get-ChildItem -LiteralPath $Folder -Recurse -Force | Where-Object { $_.Name -like '*.tmp' -or $_.Name -eq 'sodata-archive.lock' }) | Should -BeNullOrEmpty
    }

    $script:Archives = @{}
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Ten nights of Sync-SoDataDatapoint on a host set to <_>' -ForEach 'UTC', 'America/New_York', 'Europe/Paris' {
    BeforeAll {
        $zone = $_
        $folder = Join-Path (Join-Path $work ($zone -replace '/', '-')) 'archive'
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    It 'keeps every point once through late uploads, a failed night, a killed night and a night run twice' {
        # Nights 1 to 4, the third failing mid-way (server errors after two requests).
        $run = Start-NightlyJob $folder $zone '1', '2', '3!', '4'
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $nights = Read-NightResults $folder
        $nights.Outcome | Should -Be 'ok', 'ok', 'ApiServerError,SoData.Cmdlets.SyncSoDataDatapointCommand', 'ok' -Because ($nights | ConvertTo-Json)
        $nights[0].Series | Should -Be 6
        $nights[1].Late | Should -BeGreaterThan 0 -Because 'the late devices'' points of the first night''s last hours arrive on the second'
        Find-ArchiveProblem $folder | Should -BeNullOrEmpty

        # Night 5 is killed (Stop-Process -Force) while its second request is held: its lock stays behind.
        $job = Start-NightlyJob $folder $zone '5~' -NoWait
        try { Wait-HeldRequest $job; Stop-Process -Id $job.Id -Force; $job.WaitForExit() }
        finally { $null = Invoke-RestMethod -Method Delete -Uri ($sandbox.Url + '_sandbox/datapoints-hold') }
        Join-Path $folder 'sodata-archive.lock' | Should -Exist
        Find-ArchiveProblem $folder | Should -BeNullOrEmpty

        # Nights 6 to 10, the eighth run twice; the first takes over the dead run's lock.
        $run = Start-NightlyJob $folder $zone '6', '7', '8', '8', '9', '10'
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $nights = @(Read-NightResults $folder | Select-Object -Skip 4)
        $nights.Outcome | Should -Be 'ok', 'ok', 'ok', 'ok', 'ok', 'ok' -Because ($nights | ConvertTo-Json)
        $nights[0].Warnings -join "`n" | Should -BeLike '*lock*was left by process*taken over*'
        $nights[3].Added | Should -Be 0 -Because 'a finished night run again adds nothing'
        $nights[3].Series | Should -Be 6

        Assert-ArchiveEqualsExport $folder (Get-NightEnd 10)
        Find-ArchiveProblem $folder | Should -BeNullOrEmpty
        $state = Get-Content -LiteralPath (Join-Path $folder 'sodata-archive.json') -Raw | ConvertFrom-Json
        $state.settings.partition | Should -Be 'Day'
        @($state.series).Count | Should -Be 6
        $state.series | ForEach-Object { [datetimeoffset]::Parse($_.bookmark, [cultureinfo]::InvariantCulture) | Should -Be (Get-NightEnd 10) }
        $script:Archives[$zone] = @(Get-ChildItem -LiteralPath $folder -Filter '*.csv' | Sort-Object Name | ForEach-Object { $_.Name + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash })
    }
}

Describe 'The archive, whatever the host''s zone' {
    It 'is the same files, day partitions cut on the Paris calendar' {
        $script:Archives.Count | Should -Be 3
        $script:Archives['UTC'].Count | Should -Be 11 -Because '22 October to 1 November in Paris'
        $script:Archives['UTC'][0] | Should -BeLike '2024-10-22.csv *'
        $script:Archives['America/New_York'] | Should -Be $script:Archives['UTC']
        $script:Archives['Europe/Paris'] | Should -Be $script:Archives['UTC']
    }
}

Describe 'Runs killed at any moment' {
    BeforeAll {
        $folder = Join-Path (Join-Path $work 'killed') 'archive'
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    It 'never leave a duplicate, a gap, a temporary file or an unreadable state: 20 kills, then one run' {
        $random = [Random]::new(22)
        # Each run is started ahead, signed in and waiting for its go while the one before works (then is killed).
        $go = { param($n) Join-Path $work "go-$n" }
        $night = { param($n) "$([math]::Min(6, [math]::Floor($n / 4) + 1))" }
        $next = Start-NightlyJob $folder 'UTC' (& $night 1) -NoWait -WaitFor (& $go 1)
        for ($kill = 1; $kill -le 20; $kill++) {
            # Every four kills the night is a day later, so runs have new points to merge; the first starts the archive.
            $job = $next
            if ($kill % 2 -eq 1) {
                # Killed while its first or second datapoints request is held: before any merge, or between the merge of one partition and the next (a night run again after a finished one makes as few as two).
                $null = Invoke-RestMethod -Method Put -Uri ($sandbox.Url + "_sandbox/datapoints-hold?after=$($random.Next(0, 2))")
                $null = New-Item -ItemType File -Path (& $go $kill)
                $next = Start-NightlyJob $folder 'UTC' (& $night ($kill + 1)) -NoWait -WaitFor (& $go ($kill + 1))
                try { Wait-HeldRequest $job; Stop-Process -Id $job.Id -Force; $job.WaitForExit() }
                finally { $null = Invoke-RestMethod -Method Delete -Uri ($sandbox.Url + '_sandbox/datapoints-hold') }
            }
            else {
                # Killed a random moment after its first request: while reading, merging, renaming or writing its state.
                $before = Get-RouteCount $sandbox $DatapointsRoute
                $null = New-Item -ItemType File -Path (& $go $kill)
                $next = Start-NightlyJob $folder 'UTC' (& $night ($kill + 1)) -NoWait -WaitFor (& $go ($kill + 1))
                $deadline = [DateTime]::UtcNow.AddMinutes(2)
                while ((Get-RouteCount $sandbox $DatapointsRoute) -eq $before -and -not $job.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                Start-Sleep -Milliseconds $random.Next(0, 400)
                # The run may end by itself between the check and the kill (a night with little to do): that is no failure.
                if (-not $job.HasExited) { Stop-Process -Id $job.Id -Force -ErrorAction Ignore }
                $job.WaitForExit()
            }
            Find-ArchiveProblem $folder | Should -BeNullOrEmpty -Because "kill $kill"
            # A process killed while its request is held had the lock: it stays, for the next run to take over.
            if ($kill % 2 -eq 1) { Join-Path $folder 'sodata-archive.lock' | Should -Exist -Because "kill $kill" }
        }
        # The last run, already waiting, goes to the end.
        $null = New-Item -ItemType File -Path (& $go 21)
        if (-not $next.WaitForExit(600000)) { $next.Kill($true); throw 'The last run did not finish within 600 s.' }
        $next.WaitForExit()
        $next.ExitCode | Should -Be 0
        (Read-NightResults $folder)[-1].Outcome | Should -Be 'ok'
        (Read-NightResults $folder)[-1].Night | Should -Be '6'
        Assert-ArchiveEqualsExport $folder (Get-NightEnd 6)
    }
}

Describe 'Sync-SoDataDatapoint in the current session' {
    BeforeAll {
        $delphys = $devices | Where-Object SerialNumber -EQ '1D15350041'
        $end = Get-NightEnd 3
        # Long after these nights: every point of them exists, late uploads included.
        $later = Get-NightEnd 20
        Set-SandboxClock $later
        function New-Folder { Join-Path $work ('in-process-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
    }

    It 'reports a series name that does not exist as Export does, and keeps no bookmark for it' {
        $folder = New-Folder
        $results = @(Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100', 'Global|0|999999' -From $Start -To $end -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.StreamRef | Should -Be 'Global|0|140100'
        $errors.FullyQualifiedErrorId | Should -Be 'VariableNotFound,SoData.Cmdlets.SyncSoDataDatapointCommand'
        "$($errors[0])" | Should -BeLike '*Global|0|999999*'
        (Get-Content -LiteralPath (Join-Path $folder 'sodata-archive.json') -Raw) | Should -Not -BeLike '*999999*'
    }

    It 'refuses -Granularity Raw on a folder synced with -Granularity Hour, before any request, naming both' {
        $folder = New-Folder
        $null = Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -From $Start -To $end -Granularity Hour
        Reset-SoDataSandboxStats $sandbox
        { Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -To $end -Granularity Raw } |
            Should -Throw -ErrorId 'ArchiveSettingsDiffer,SoData.Cmdlets.SyncSoDataDatapointCommand' -ExpectedMessage '*-Granularity Raw*Granularity Hour*'
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
        # Left out, the archive's settings are used.
        $again = @(Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -To $end)
        $again.Added | Should -Be 0
        (Import-Csv -LiteralPath (Join-Path $folder '2024-10.csv'))[0].Granularity | Should -Be 'Hour'
    }

    It 'asks for -From for a series new to the archive, naming it' {
        $folder = New-Folder
        $results = @(Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -To $end -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results | Should -BeNullOrEmpty
        $errors.FullyQualifiedErrorId | Should -Be 'FromRequiredForNewSeries,SoData.Cmdlets.SyncSoDataDatapointCommand'
        "$($errors[0])" | Should -BeLike '*Global|0|140100*-From*'
    }

    It 'refuses a second run while one holds the lock' {
        $folder = New-Folder
        $null = New-Item -ItemType Directory -Path $folder
        Set-Content -LiteralPath (Join-Path $folder 'sodata-archive.lock') -Value "pid=$PID`nhost=$([Environment]::MachineName)`nstarted=$((Get-Process -Id $PID).StartTime.ToUniversalTime().ToString('o'))"
        { Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -From $Start -To $end } |
            Should -Throw -ErrorId 'ArchiveLocked,SoData.Cmdlets.SyncSoDataDatapointCommand' -ExpectedMessage "*process $PID*"
    }

    It 'costs about a day plus the lookback after a day, and rewrites only the partitions in that window' {
        $folder = New-Folder
        $null = Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100', 'Unit|1|140108' -From $Start -To (Get-NightEnd 2) -Partition Day -TimeZone Europe/Paris
        $old = Get-Item -LiteralPath (Join-Path $folder '2024-10-22.csv')
        $old.LastWriteTimeUtc = $old.LastWriteTimeUtc.AddHours(-1)
        $stamp = $old.LastWriteTimeUtc
        Reset-SoDataSandboxStats $sandbox
        $nightly = @(Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100', 'Unit|1|140108' -To (Get-NightEnd 3))
        $syncRequests = Get-RouteCount $sandbox $DatapointsRoute
        Reset-SoDataSandboxStats $sandbox
        Export-SoDataDatapoint -Path (Join-Path $work 'one-day.csv') -Device $delphys -Series 'Global|0|140100', 'Unit|1|140108' -From (Get-NightEnd 2) -To (Get-NightEnd 3) -TimeZone Europe/Paris -Force
        $exportRequests = Get-RouteCount $sandbox $DatapointsRoute
        $syncRequests | Should -BeLessOrEqual (2 * $exportRequests) -Because 'one day plus a one-day lookback'
        ($nightly | Measure-Object Added -Sum).Sum | Should -Be (2 * 96)
        (Get-Item -LiteralPath (Join-Path $folder '2024-10-22.csv')).LastWriteTimeUtc | Should -Be $stamp -Because 'that day is outside the window'
    }

    It 'shows one line per series in 80 columns, says each window with -Verbose, and warns of a series with no point' {
        $folder = New-Folder
        $results = @(Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100', 'Unit|1|140108' -From $Start -To (Get-NightEnd 1) -Verbose 4>&1)
        $verbose = @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $synced = @($results | Where-Object { $_ -is [SoData.DatapointSyncResult] })
        $verbose.Message | Should -Contain "$($delphys.Name) Global|0|140100: from 2024-10-22 00:00:00 +00:00 (-From: new to the archive) to 2024-10-23 02:00:00 +00:00."
        $text = $synced | Out-String -Width 80
        ($text -split '\r?\n' | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        $text | Should -Match "Device: $([regex]::Escape($delphys.Name))"
        $text | Should -Match 'Global\|0\|140100 +104 +0 2024-10-22 00:00 2024-10-23 01:45 2024-10-23 02:00'
        # Nothing exists beyond the server's clock: a window there returns no point, and the series is named.
        Set-SandboxClock (Get-NightEnd 1).AddMinutes(-1)
        try {
            $null = Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -To (Get-NightEnd 2) -Lookback 0 -WarningVariable warnings -WarningAction SilentlyContinue
        }
        finally { Set-SandboxClock $later }
        "$warnings" | Should -BeLike "*$($delphys.Name) Global|0|140100: no point at all*"
    }

    It 'writes nothing with -WhatIf' {
        $folder = New-Folder
        Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -From $Start -To $end -WhatIf
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'keeps an Xlsx archive: a workbook per partition, its rows as CSV in a hidden folder' {
        $folder = New-Folder
        $null = Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -From $Start -To (Get-NightEnd 1) -Format Xlsx -Partition Day
        $null = Sync-SoDataDatapoint -Path $folder -Device $delphys -Series 'Global|0|140100' -To (Get-NightEnd 2)
        @(Get-ChildItem -LiteralPath $folder -Filter '*.xlsx').Name | Should -Be '2024-10-22.xlsx', '2024-10-23.xlsx', '2024-10-24.xlsx'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $folder '2024-10-23.xlsx'))
        try { $zip.Entries.FullName | Should -Contain 'xl/workbook.xml' } finally { $zip.Dispose() }
        @(Import-Csv -LiteralPath (Join-Path $folder '.sodata-archive-csv/2024-10-23.csv')).Count | Should -Be 96
    }
}

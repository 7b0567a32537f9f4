# Sync-SoDataDatapoint -UseDeviceLocalTimezone: an archive whose series follow their own device's calendar. Devices in
# Paris, London and New York (a sandbox with enough sites to reach them), nights on the sandbox's clock across both
# summer-time ends (27 October in Europe, 3 November in New York), syncs run as a scheduler runs them, in their own
# PowerShell process under three host zones: the same files, each device's day exactly its own day.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Customers 3 x sites 4: SoLink's sites reach the United Kingdom and the United States.
    $sandbox = Start-TestSandbox '--sample-period', '900', '--customers', '3', '--sites', '4'
    $DatapointsRoute = 'PUT /api/v1/ca/{ca}/datapoints'
    $work = Join-Path ([IO.Path]::GetTempPath()) ('sodata-syncz-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $work
    Connect-TestSandbox $sandbox

    $all = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice)
    $paris = $all | Where-Object SerialNumber -EQ '1D15350041'
    $london = $all | Where-Object SerialNumber -EQ 'P486271014'
    $newYork = $all | Where-Object SerialNumber -EQ 'P486271022'
    $Zones = @{ $paris.Uuid = 'Europe/Paris'; $london.Uuid = 'Europe/London'; $newYork.Uuid = 'America/New_York' }
    foreach ($d in $paris, $london, $newYork) { $d.TimeZone | Should -Be $Zones[$d.Uuid] -Because 'the sandbox''s fleet puts them there' }
    $Refs = 'Global|0|140100', 'Unit|1|140108'
    $SeriesCsv = Join-Path $work 'series.csv'
    $paris, $london, $newYork | ForEach-Object { $d = $_; $Refs | ForEach-Object { [pscustomobject]@{ DeviceUuid = $d.Uuid; DeviceName = $d.Name; StreamRef = $_ } } } |
        Export-Csv -LiteralPath $SeriesCsv -NoTypeInformation

    # Each device's history starts at its own midnight of 26 October; night N ends at 02:00 UTC N days later.
    $From = '2024-10-26'
    $Start = [datetimeoffset]::new(2024, 10, 26, 0, 0, 0, [timespan]::Zero)
    function Get-NightEnd([int] $Night) { $Start.AddDays($Night).AddHours(2) }
    function Set-SandboxClock([datetimeoffset] $Now) {
        $null = Invoke-RestMethod -Method Put -Uri ($sandbox.Url + '_sandbox/clock') -ContentType 'application/json' -Body (@{ now = $Now.ToString('o') } | ConvertTo-Json)
    }

    # The nightly job: the first night says how the archive is cut; the later ones leave it out, as a scheduled script
    # may (the archive keeps it). "N!" fails mid-way (server errors after two datapoints requests).
    $script:JobScript = Join-Path $work 'nightly-sync.ps1'
    Set-Content -LiteralPath $JobScript -Value @'
Import-Module $env:SYNC_MODULE
$credential = [pscredential]::new($env:SYNC_USER, (ConvertTo-SecureString $env:SYNC_PASSWORD -AsPlainText -Force))
Connect-SoData -ApiUrl $env:SYNC_URL -AuthUrl $env:SYNC_URL -ClientId $env:SYNC_CLIENT -ClientSecret (ConvertTo-SecureString $env:SYNC_SECRET -AsPlainText -Force) -Credential $credential -MaxRetries 0 -NoWelcome
$first = $true
foreach ($night in $env:SYNC_NIGHTS -split ',') {
    $end = [datetimeoffset]::Parse($env:SYNC_START, [cultureinfo]::InvariantCulture).AddDays([int]($night.TrimEnd('!'))).AddHours(2)
    $null = Invoke-RestMethod -Method Put -Uri ($env:SYNC_URL + '_sandbox/clock') -ContentType 'application/json' -Body (@{ now = $end.ToString('o') } | ConvertTo-Json)
    if ($night.EndsWith('!')) { $null = Invoke-RestMethod -Method Put -Uri ($env:SYNC_URL + '_sandbox/datapoints-outage?after=2') }
    $shape = if ($first) { @{ UseDeviceLocalTimezone = $true; Partition = 'Day'; From = $env:SYNC_FROM } } else { @{} }
    try {
        $results = @(Import-Csv -LiteralPath $env:SYNC_SERIES | Sync-SoDataDatapoint -Path $env:SYNC_PATH -CorporateAccount SoLink -To $end @shape -ErrorAction Stop)
        $line = @{ Night = $night; Outcome = 'ok'; Added = ($results | Measure-Object Added -Sum).Sum; Series = $results.Count; Bookmarks = ($results | ForEach-Object { $_.Bookmark.ToString('o') }) -join ' ' }
    }
    catch { $line = @{ Night = $night; Outcome = $_.FullyQualifiedErrorId; Message = "$_" } }
    finally { if ($night.EndsWith('!')) { $null = Invoke-RestMethod -Method Delete -Uri ($env:SYNC_URL + '_sandbox/datapoints-outage') } }
    Add-Content -LiteralPath $env:SYNC_RESULTS -Value ($line | ConvertTo-Json -Compress)
    $first = $false
}
'@

    function Start-NightlyJob([string] $Folder, [string] $TimeZone, [string[]] $Nights) {
        $info = New-SandboxJobStartInfo $JobScript $TimeZone $sandbox
        $info.Environment['SYNC_SERIES'] = $SeriesCsv
        $info.Environment['SYNC_PATH'] = $Folder
        $info.Environment['SYNC_START'] = $Start.ToString('o')
        $info.Environment['SYNC_FROM'] = $From
        $info.Environment['SYNC_NIGHTS'] = $Nights -join ','
        $info.Environment['SYNC_RESULTS'] = Join-Path $Folder '../results.jsonl'
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(600000)) { $process.Kill($true); throw "The nightly job did not finish within 600 s (TZ=$TimeZone)." }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }

    function Read-NightResults([string] $Folder) { @(Get-Content -LiteralPath (Join-Path $Folder '../results.jsonl') | ConvertFrom-Json) }

    function Get-RowKey([string] $Row) {
        $fields = $Row -split ','
        '{0:D20}|{1}|{2}' -f [datetimeoffset]::Parse($fields[0], [cultureinfo]::InvariantCulture).UtcTicks, $fields[2].ToLowerInvariant(), $fields[9]
    }

    # The rows of one partition file (header dropped) as objects: the timestamp as written, the device, the series.
    function Read-Partition([string] $Path) {
        Get-Content -LiteralPath $Path | Select-Object -Skip 1 | ForEach-Object {
            $fields = $_ -split ','
            [pscustomobject]@{ Time = $fields[0]; Device = $fields[2]; Series = $fields[9]; Row = $_ }
        }
    }

    $script:Archives = @{}
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Nights of Sync-SoDataDatapoint -UseDeviceLocalTimezone on a host set to <_>' -ForEach 'UTC', 'America/New_York', 'Europe/Paris' {
    BeforeAll {
        $zone = $_
        $folder = Join-Path (Join-Path $work ($zone -replace '/', '-')) 'archive'
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    It 'keeps every point once, each series on its device''s calendar, through a failed night' {
        # The first night covers two days, so the lookback (a day) never reaches before New York's first midnight.
        $run = Start-NightlyJob $folder $zone '2', '3', '4!', '5', '10'
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $nights = Read-NightResults $folder
        $nights.Outcome | Should -Be 'ok', 'ok', 'ApiServerError,SoData.Cmdlets.SyncSoDataDatapointCommand', 'ok', 'ok' -Because ($nights | ConvertTo-Json)
        $nights[0].Series | Should -Be 6
        # Every bookmark is the same instant (-To had an offset), written at its device's offset.
        # (One text, not a list: ConvertFrom-Json would read each time as a DateTime and drop its offset.)
        $nights[4].Bookmarks -split ' ' | Sort-Object -Unique | Should -Be '2024-11-04T21:00:00.0000000-05:00', '2024-11-05T02:00:00.0000000+00:00', '2024-11-05T03:00:00.0000000+01:00'

        # The archive is what one export per device, in its own zone from its own midnight, gives: no gap, no duplicate.
        $expected = foreach ($device in $paris, $london, $newYork) {
            $path = Join-Path $work ('export-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.csv')
            Export-SoDataDatapoint -Path $path -Device $device -Series $Refs -CorporateAccount SoLink -From $From -To (Get-NightEnd 10) -TimeZone $Zones[$device.Uuid]
            Get-Content -LiteralPath $path | Select-Object -Skip 1
        }
        $expected = @($expected | Sort-Object { Get-RowKey $_ })
        $archived = @(Get-ChildItem -LiteralPath $folder -Filter '*.csv' | ForEach-Object { Get-Content -LiteralPath $_.FullName | Select-Object -Skip 1 } | Sort-Object { Get-RowKey $_ })
        $expected.Count | Should -BeGreaterThan 5000
        $extra = @(Compare-Object $archived $expected -CaseSensitive | Select-Object -First 12 | ForEach-Object { "$($_.SideIndicator) $($_.InputObject)" })
        $archived.Count | Should -Be $expected.Count -Because "one row per point ($($extra -join '; '))"
        $first = -1
        for ($i = 0; $i -lt $expected.Count -and $first -lt 0; $i++) { if ($archived[$i] -cne $expected[$i]) { $first = $i } }
        if ($first -ge 0) { "row $first differs: '$($archived[$first])' / '$($expected[$first])'" | Should -BeNullOrEmpty }
        @(Get-ChildItem -LiteralPath $folder -Recurse -Force | Where-Object { $_.Name -like '*.tmp' -or $_.Name -eq 'sodata-archive.lock' }) | Should -BeNullOrEmpty

        $state = Get-Content -LiteralPath (Join-Path $folder 'sodata-archive.json') -Raw | ConvertFrom-Json
        $state.version | Should -Be 2
        $state.settings.useDeviceLocalTimezone | Should -BeTrue
        $state.settings.partition | Should -Be 'Day'
        $state.series | ForEach-Object { $_.timeZone | Should -Be $Zones[$_.deviceUuid] }
        $script:Archives[$zone] = @(Get-ChildItem -LiteralPath $folder -Filter '*.csv' | Sort-Object Name | ForEach-Object { $_.Name + ' ' + (Get-FileHash -LiteralPath $_.FullName).Hash })
        $script:Folder = $folder
    }
}

Describe 'The archive on the devices'' calendars, whatever the host''s zone' {
    It 'is the same files' {
        $script:Archives.Count | Should -Be 3
        $script:Archives['UTC'].Count | Should -Be 11 -Because '26 October (New York''s first day) to 5 November (Paris''s and London''s last)'
        $script:Archives['UTC'][0] | Should -BeLike '2024-10-26.csv *'
        $script:Archives['America/New_York'] | Should -Be $script:Archives['UTC']
        $script:Archives['Europe/Paris'] | Should -Be $script:Archives['UTC']
    }

    It 'holds in each day''s file exactly that day of each device, at its own offset (<Day> <Zone>)' -ForEach @(
        @{ Day = '2024-10-27'; Zone = 'Europe/Paris'; Points = 100; First = '2024-10-27T00:00:00+02:00'; Last = '2024-10-27T23:45:00+01:00' }
        @{ Day = '2024-10-27'; Zone = 'Europe/London'; Points = 100; First = '2024-10-27T00:00:00+01:00'; Last = '2024-10-27T23:45:00Z' }
        @{ Day = '2024-10-27'; Zone = 'America/New_York'; Points = 96; First = '2024-10-27T00:00:00-04:00'; Last = '2024-10-27T23:45:00-04:00' }
        @{ Day = '2024-11-03'; Zone = 'America/New_York'; Points = 100; First = '2024-11-03T00:00:00-04:00'; Last = '2024-11-03T23:45:00-05:00' }
        @{ Day = '2024-11-03'; Zone = 'Europe/Paris'; Points = 96; First = '2024-11-03T00:00:00+01:00'; Last = '2024-11-03T23:45:00+01:00' }
    ) {
        $device = ($Zones.GetEnumerator() | Where-Object Value -EQ $Zone).Key
        $rows = @(Read-Partition (Join-Path $script:Folder "$Day.csv") | Where-Object Device -EQ $device)
        foreach ($ref in $Refs) {
            $times = @($rows | Where-Object Series -EQ $ref | ForEach-Object { [datetimeoffset]::Parse($_.Time, [cultureinfo]::InvariantCulture) })
            $times.Count | Should -Be $Points -Because "$Zone's $Day of $ref, every 15 minutes"
            $times[0] | Should -Be ([datetimeoffset]::Parse($First, [cultureinfo]::InvariantCulture))
            $times[-1] | Should -Be ([datetimeoffset]::Parse($Last, [cultureinfo]::InvariantCulture))
            $zoneInfo = [TimeZoneInfo]::FindSystemTimeZoneById($Zone)
            @($times | Where-Object { $_.Offset -ne $zoneInfo.GetUtcOffset($_) -or $_.DateTime.ToString('yyyy-MM-dd') -ne $Day }) | Should -BeNullOrEmpty -Because 'each point at its device''s wall clock and offset, on that day'
        }
    }
}

Describe 'Sync-SoDataDatapoint -UseDeviceLocalTimezone in the current session' {
    BeforeAll {
        # Long after these nights: every point of them exists.
        Set-SandboxClock (Get-NightEnd 30)
        function New-Folder { Join-Path $work ('in-process-' + [guid]::NewGuid().ToString('N').Substring(0, 8)) }
        # The device as the API would give it without a zone: the .NET property itself, under the note properties PowerShell shows.
        function Get-DeviceWithZone([string] $SerialNumber, $Zone) {
            $device = Get-SoDataDevice -CorporateAccount SoLink -SerialNumber $SerialNumber
            $device.PSObject.BaseObject.GetType().GetProperty('TimeZone').SetValue($device.PSObject.BaseObject, $Zone)
            $device
        }
    }

    It 'keeps its calendar: a -TimeZone on it, or the switch on a -TimeZone archive, is refused before any request, naming both' {
        $devices = @{ Path = New-Folder; Device = $paris; Series = 'Global|0|140100' }
        $null = Sync-SoDataDatapoint @devices -UseDeviceLocalTimezone -From $From -To (Get-NightEnd 1)
        Reset-SoDataSandboxStats $sandbox
        { Sync-SoDataDatapoint @devices -TimeZone Europe/Paris -To (Get-NightEnd 2) } |
            Should -Throw -ErrorId 'ArchiveSettingsDiffer,SoData.Cmdlets.SyncSoDataDatapointCommand' -ExpectedMessage "*-TimeZone Europe/Paris differs*each device's own calendar (-UseDeviceLocalTimezone)*Run with -UseDeviceLocalTimezone*"
        { Sync-SoDataDatapoint @devices -UseDeviceLocalTimezone -TimeZone Europe/Paris -To (Get-NightEnd 2) } |
            Should -Throw -ErrorId 'TimeZoneWithDeviceLocalTimezone,SoData.Cmdlets.SyncSoDataDatapointCommand'
        $zoned = @{ Path = New-Folder; Device = $paris; Series = 'Global|0|140100' }
        $null = Sync-SoDataDatapoint @zoned -TimeZone Europe/Paris -From $From -To (Get-NightEnd 1)
        Reset-SoDataSandboxStats $sandbox
        { Sync-SoDataDatapoint @zoned -UseDeviceLocalTimezone -To (Get-NightEnd 2) } |
            Should -Throw -ErrorId 'ArchiveSettingsDiffer,SoData.Cmdlets.SyncSoDataDatapointCommand' -ExpectedMessage "*-UseDeviceLocalTimezone differs*one zone's calendar (-TimeZone Europe/Paris)*"
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
        # Left out, the archive's calendar is used.
        @(Sync-SoDataDatapoint @devices -To (Get-NightEnd 1)).Added | Should -Be 0
    }

    It 'reports a device without a zone, naming it, and syncs the others' {
        $folder = New-Folder
        $noZone = Get-DeviceWithZone 'P486271022' $null
        $results = @(Sync-SoDataDatapoint -Path $folder -Device $paris, $noZone -Series 'Global|0|140100' -UseDeviceLocalTimezone -From $From -To (Get-NightEnd 1) -ErrorVariable errors -ErrorAction SilentlyContinue)
        $results.DeviceUuid | Should -Be $paris.Uuid
        $errors.FullyQualifiedErrorId | Should -Be 'DeviceTimeZoneUnknown,SoData.Cmdlets.SyncSoDataDatapointCommand'
        "$($errors[0])" | Should -BeLike "*$($newYork.Name)*no time zone*not synced*"
        Get-Content -LiteralPath (Join-Path $folder 'sodata-archive.json') -Raw | Should -Not -BeLike "*$($newYork.Uuid)*"
    }

    It 'keeps a series on the zone it was first archived in, should its device''s zone change' {
        $folder = New-Folder
        $null = Sync-SoDataDatapoint -Path $folder -Device $paris -Series 'Global|0|140100' -UseDeviceLocalTimezone -From $From -To (Get-NightEnd 1) -Partition Day
        $moved = Get-DeviceWithZone '1D15350041' 'America/New_York'
        $null = Sync-SoDataDatapoint -Path $folder -Device $moved -Series 'Global|0|140100' -To (Get-NightEnd 3)
        $times = @(Get-ChildItem -LiteralPath $folder -Filter '*.csv' | ForEach-Object { Read-Partition $_.FullName } | ForEach-Object { $_.Time })
        $times.Count | Should -Be (4 * 76) -Because 'Paris from 26 October 00:00 (+02:00) to 29 October 03:00 (+01:00), 76 hours, each point once'
        @($times | Where-Object { $_ -notmatch '\+0[12]:00$' }) | Should -BeNullOrEmpty
        (Get-Content -LiteralPath (Join-Path $folder 'sodata-archive.json') -Raw | ConvertFrom-Json).series.timeZone | Should -Be 'Europe/Paris'
    }

    It 'keeps an Xlsx archive whose workbooks show each row at its own device''s wall clock' {
        $folder = New-Folder
        $null = Sync-SoDataDatapoint -Path $folder -Device $paris, $newYork -Series 'Global|0|140100' -UseDeviceLocalTimezone -Format Xlsx -Partition Day -From $From -To (Get-NightEnd 2)
        @(Get-ChildItem -LiteralPath $folder -Filter '*.xlsx').Name | Should -Be '2024-10-26.xlsx', '2024-10-27.xlsx', '2024-10-28.xlsx' -Because 'night 2 ends on 28 October at 03:00 in Paris'
        $rows = @(Read-Partition (Join-Path $folder '.sodata-archive-csv/2024-10-27.csv'))
        @($rows | Where-Object Device -EQ $paris.Uuid).Count | Should -Be 100
        ($rows | Where-Object Device -EQ $newYork.Uuid)[0].Time | Should -Be '2024-10-27T00:00:00-04:00'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $folder '2024-10-27.xlsx'))
        try { $sheet = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'xl/worksheets/sheet1.xml').Open()).ReadToEnd() }
        finally { $zip.Dispose() }
        # Both devices' midnight of 27 October, as Excel serials of their own wall clock (not of UTC: 26 October 22:00 and 04:00).
        $midnight = [datetime]::new(2024, 10, 27).ToOADate()
        ([regex]::Matches($sheet, "<v>$midnight</v>")).Count | Should -Be 2
    }

    It 'aggregates each device''s own days, -From and -To read on its calendar' {
        $folder = New-Folder
        $results = @(Sync-SoDataDatapoint -Path $folder -Device $paris, $newYork -Series 'Global|0|140100' -UseDeviceLocalTimezone -Granularity Day -From $From -To '2024-11-05')
        ($results | Where-Object DeviceUuid -EQ $paris.Uuid).Bookmark.ToString('o') | Should -Be '2024-11-05T00:00:00.0000000+01:00'
        ($results | Where-Object DeviceUuid -EQ $newYork.Uuid).Bookmark.ToString('o') | Should -Be '2024-11-05T00:00:00.0000000-05:00'
        $rows = @(Read-Partition (Join-Path $folder '2024-10.csv')) + @(Read-Partition (Join-Path $folder '2024-11.csv'))
        @($rows | Where-Object Device -EQ $paris.Uuid).Time | Should -Be (@(26..31 | ForEach-Object { '2024-10-{0}T00:00:00+0{1}:00' -f $_, $(if ($_ -le 27) { 2 } else { 1 }) }) + @(1..4 | ForEach-Object { "2024-11-0$($_)T00:00:00+01:00" }))
        @($rows | Where-Object Device -EQ $newYork.Uuid).Time | Should -Be (@(26..31 | ForEach-Object { "2024-10-$($_)T00:00:00-04:00" }) + @(1..3 | ForEach-Object { "2024-11-0$($_)T00:00:00-04:00" }) + '2024-11-04T00:00:00-05:00')
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $SamplePeriod = 300 # the sandbox default
    $DatapointsRoute = 'PUT /api/v1/ca/{ca}/datapoints'
    $Day = [datetimeoffset]::new(2024, 5, 1, 0, 0, 0, [timespan]::Zero)
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $devices = @($solink | Get-SoDataDevice)
    $delphys = $devices | Where-Object SerialNumber -EQ '1D15350041'
    $variables = @($delphys | Get-SoDataVariable)
    $seven = @($variables | Select-Object -First 7)
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
}

Describe 'Get-SoDataDatapoint' {
    It 'gives 168 hourly averages for 7 piped variables over one day, equal to the averages of the raw points, in ONE request' {
        Reset-SoDataSandboxStats $sandbox
        $hourly = @($seven | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour -Aggregation Avg)
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 1
        $hourly.Count | Should -Be 168
        ($hourly | Group-Object StreamRef).Count | Should -Be 7

        $raw = @($seven | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1))
        $raw.Count | Should -Be (7 * 86400 / $SamplePeriod)
        $expected = @{}
        foreach ($group in $raw | Group-Object { '{0}@{1:o}' -f $_.StreamRef, $_.Timestamp.UtcDateTime.Date.AddHours($_.Timestamp.UtcDateTime.Hour) }) {
            $expected[$group.Name] = ($group.Group.Value | Measure-Object -Average).Average
        }
        foreach ($point in $hourly) {
            $key = '{0}@{1:o}' -f $point.StreamRef, $point.Timestamp.UtcDateTime
            [math]::Abs($point.Value - $expected[$key]) | Should -BeLessThan 1e-9 -Because $key
        }
    }

    It 'writes typed points labelled from the piped variable' {
        $point = $seven[0] | Get-SoDataDatapoint -From $Day -To $Day.AddHours(1) -Granularity Hour | Select-Object -First 1
        $point.PSTypeNames | Should -Contain 'SoData.DataPoint'
        $point.Timestamp | Should -BeOfType [datetimeoffset]
        $point.Timestamp | Should -Be $Day
        $point.Value | Should -BeOfType [double]
        $point.DeviceUuid | Should -Be $delphys.Uuid
        $point.DeviceName | Should -Be $delphys.Name
        $point.Title | Should -Be $seven[0].Title
        $point.Unit | Should -Be $seven[0].Unit
        $point.StreamRef | Should -Be $seven[0].StreamRef
        "$($point.ItemType)|$($point.ItemIndex)|$($point.ServiceId)" | Should -Be $seven[0].StreamRef
        $point.Granularity | Should -Be 'Hour'
        $point.Aggregation | Should -Be 'Avg'
        $point.CorporateAccountUuid | Should -Be $solink.Uuid
        (Get-FormatData -TypeName SoData.DataPoint).FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
    }

    It 'returns 30 days of raw points of one series each exactly once, across day windows' {
        Reset-SoDataSandboxStats $sandbox
        $from = $Day.AddHours(6) # windows start mid-day, so every later edge is a midnight sample
        $to = $from.AddDays(30)
        $points = @(Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $from -To $to)
        $points.Count | Should -Be (30 * 86400 / $SamplePeriod)
        @($points.Timestamp | Sort-Object -Unique).Count | Should -Be $points.Count
        $points[0].Timestamp | Should -Be $from
        ($points.Timestamp | Measure-Object -Maximum).Maximum | Should -Be $to.AddSeconds(-$SamplePeriod)
        @($points | Where-Object { $_.Timestamp.UtcDateTime.TimeOfDay -eq [timespan]::Zero }).Count | Should -Be 30
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 31 # 30 days starting at 06:00 touch 31 calendar days
    }

    It 'batches series of one corporate account: -BatchSize decides the number of requests' {
        $twelve = @($variables | Select-Object -First 12)
        Reset-SoDataSandboxStats $sandbox
        $null = $twelve | Get-SoDataDatapoint -From $Day -To $Day.AddHours(6) -Granularity Hour
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 1

        Reset-SoDataSandboxStats $sandbox
        $points = @($twelve | Get-SoDataDatapoint -From $Day -To $Day.AddHours(6) -Granularity Hour -BatchSize 5)
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 3
        $points.Count | Should -Be (12 * 6)

        # Two devices, same account: still one request.
        Reset-SoDataSandboxStats $sandbox
        $null = $devices[0..1] | Get-SoDataDatapoint -Series 'Global|0|140100', 'Global|0|140108' -From $Day -To $Day.AddHours(1)
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 1
    }

    It 'reads the same variable piped twice once' {
        $points = @($seven[0], $seven[0] | Get-SoDataDatapoint -From $Day -To $Day.AddHours(1) -Granularity Hour)
        $points.Count | Should -Be 1
    }

    It 'takes -DeviceUuid with -CorporateAccount by name, and CSV rows by property name' {
        $byName = @(Get-SoDataDatapoint -DeviceUuid $delphys.Uuid -CorporateAccount SoLink -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1))
        $byName.Count | Should -Be (3600 / $SamplePeriod)
        $rows = [pscustomobject]@{ DeviceUuid = $delphys.Uuid; CorporateAccountUuid = $solink.Uuid; StreamRef = 'Global|0|140100' }
        @($rows | Get-SoDataDatapoint -From $Day -To $Day.AddHours(1)).Count | Should -Be (3600 / $SamplePeriod)
    }

    It 'reads a time without offset as wall-clock time in -TimeZone (UTC by default), and Utc, Local or offset times as instants' {
        $series = @{ Device = $delphys; Series = 'Global|0|140100' }
        $utc = [datetime]::SpecifyKind([datetime]'2024-05-01T00:00:00', 'Utc')
        (Get-SoDataDatapoint @series -From $utc -To $utc.AddHours(1) | Select-Object -First 1).Timestamp | Should -Be $Day

        $unspecified = [datetime]'2024-05-01T00:00:00'
        (Get-SoDataDatapoint @series -From $unspecified -To $unspecified.AddHours(1) | Select-Object -First 1).Timestamp | Should -Be $Day
        $paris = Get-SoDataDatapoint @series -From '2024-05-01' -To '2024-05-01T01:00' -TimeZone Europe/Paris | Select-Object -First 1
        $paris.Timestamp | Should -Be $Day.AddHours(-2)
        $paris.Timestamp.Offset | Should -Be ([timespan]::FromHours(2))
        $paris.Timestamp.DateTime | Should -Be ([datetime]'2024-05-01T00:00:00')

        # An instant stays that instant, whatever -TimeZone: "the last hour" is the last hour.
        $local = [datetime]::SpecifyKind($unspecified, 'Local')
        $b = Get-SoDataDatapoint @series -From $local -To $local.AddHours(1) -TimeZone Asia/Kolkata | Select-Object -First 1
        $b.Timestamp | Should -Be ([datetimeoffset]$local)
        $c = Get-SoDataDatapoint @series -From ([datetimeoffset]'2024-05-01T00:00:00-04:00') -To '2024-05-01T01:00:00-04:00' -TimeZone Europe/Paris | Select-Object -First 1
        $c.Timestamp | Should -Be $Day.AddHours(4)
        $c.Timestamp.Offset | Should -Be ([timespan]::FromHours(2))
    }

    It 'gives the Paris days asked for, at +02:00, whatever the host''s zone (issue 11''s example)' {
        $rows = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100' |
                Get-SoDataDatapoint -From 2022-05-18 -To 2022-05-20 -Granularity Day -Aggregation Count -TimeZone Europe/Paris)
        $rows.Count | Should -Be 2
        $rows.Value | Should -Be @((86400 / $SamplePeriod), (86400 / $SamplePeriod))
        $rows[0].Timestamp | Should -Be ([datetimeoffset]'2022-05-18T00:00:00+02:00')
        $rows[0].Timestamp.Offset | Should -Be ([timespan]::FromHours(2))
        $rows[1].Timestamp.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) | Should -Be '2022-05-19 00:00 +02:00'

        # The same days in a -Pivot row, its CSV cell, and Export-SoDataDatapoint's file.
        $query = @{ Device = $delphys; Series = 'Global|0|140100'; From = '2022-05-18'; To = '2022-05-20'; Granularity = 'Day'; TimeZone = 'Europe/Paris' }
        $pivot = @(Get-SoDataDatapoint @query -Pivot)
        $pivot[0].Timestamp.Offset | Should -Be ([timespan]::FromHours(2))
        ($pivot | ConvertTo-Csv -NoTypeInformation)[1] | Should -BeLike '"05/18/2022 00:00:00 +02:00",*'
        $path = Join-Path ([IO.Path]::GetTempPath()) ("sodata-paris-$([guid]::NewGuid().ToString('N')).csv")
        try {
            Export-SoDataDatapoint @query -Path $path
            @(Import-Csv -LiteralPath $path).Timestamp | Should -Be @('2022-05-18T00:00:00+02:00', '2022-05-19T00:00:00+02:00')
        }
        finally { Remove-Item -LiteralPath $path -ErrorAction Ignore }
    }

    It '-UseDeviceLocalTimezone writes each device''s points at its own zone''s offset' {
        # The guide's UPS is in Benfeld (Europe/Paris); the range is still read in -TimeZone (UTC here).
        $points = @(Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From '2024-05-01' -To '2024-05-03' -Granularity Day -UseDeviceLocalTimezone)
        $points[0].Timestamp.Offset | Should -Be ([timespan]::FromHours(2))
        $points | ForEach-Object { $_.Timestamp.TimeOfDay | Should -Be ([timespan]::Zero) }
    }

    It 'gives <Hours> hourly rows on <Day>, a DST change day, each hour once' -ForEach @(
        @{ Day = '2024-03-31'; Hours = 23; Offsets = '+01:00', '+02:00' }
        @{ Day = '2024-10-27'; Hours = 25; Offsets = '+02:00', '+01:00' }
        @{ Day = '2024-11-03'; Hours = 25; Offsets = '-04:00', '-05:00'; Zone = 'America/New_York' }
    ) {
        $zone = if ($Zone) { $Zone } else { 'Europe/Paris' }
        $from = [datetime]$Day
        $rows = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100' |
                Get-SoDataDatapoint -From $from -To $from.AddDays(1) -Granularity Hour -TimeZone $zone -Pivot)
        $rows.Count | Should -Be $Hours
        @($rows.Timestamp | ForEach-Object UtcDateTime | Sort-Object -Unique).Count | Should -Be $Hours
        $rows[0].Timestamp.DateTime | Should -Be $from
        $rows[-1].Timestamp.DateTime | Should -Be $from.AddHours(23)
        $rows[0].Timestamp.ToString('zzz') | Should -Be $Offsets[0]
        $rows[-1].Timestamp.ToString('zzz') | Should -Be $Offsets[1]
        $points = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100' | Get-SoDataDatapoint -From $from -To $from.AddDays(1) -Granularity Hour -Aggregation Count -TimeZone $zone)
        ($points.Value | Measure-Object -Sum).Sum | Should -Be (($rows[-1].Timestamp.AddHours(1) - $rows[0].Timestamp).TotalSeconds / $SamplePeriod)
    }

    It '-Range <Range> is a whole calendar period in -TimeZone' -ForEach @(
        @{ Range = 'Today'; Days = 1 }
        @{ Range = 'Yesterday'; Days = 1 }
        @{ Range = 'Last7Days'; Days = 7 }
        @{ Range = 'ThisWeek'; Days = 7 }
        @{ Range = 'LastWeek'; Days = 7 }
        @{ Range = 'LastMonth' }
        @{ Range = 'ThisYear' }
    ) {
        # Computed before and after, in case midnight in Paris passes in between (then the test is run again).
        for ($try = 0; $try -lt 2; $try++) {
            $before = [System.TimeZoneInfo]::ConvertTimeBySystemTimeZoneId([datetimeoffset]::UtcNow, 'Europe/Paris').Date
            $rows = @(Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Range $Range -Granularity Day -Aggregation Count -TimeZone Europe/Paris)
            $after = [System.TimeZoneInfo]::ConvertTimeBySystemTimeZoneId([datetimeoffset]::UtcNow, 'Europe/Paris').Date
            if ($before -eq $after) { break }
        }
        $today = $before
        $monday = $today.AddDays(-(([int]$today.DayOfWeek + 6) % 7))
        $first = @{
            Today = $today; Yesterday = $today.AddDays(-1); Last7Days = $today.AddDays(-7); ThisWeek = $monday; LastWeek = $monday.AddDays(-7)
            LastMonth = [datetime]::new($today.Year, $today.Month, 1).AddMonths(-1); ThisYear = [datetime]::new($today.Year, 1, 1)
        }[$Range]
        $rows[0].Timestamp.DateTime | Should -Be $first
        if ($Days) { $rows.Count | Should -BeLessOrEqual $Days }
        if ($Range -in 'Yesterday', 'Last7Days', 'LastWeek') { $rows.Count | Should -Be $Days }
        if ($Range -eq 'LastMonth') { $rows.Count | Should -Be ([datetime]::DaysInMonth($first.Year, $first.Month)) }
        $rows | ForEach-Object { $_.Timestamp.TimeOfDay | Should -Be ([timespan]::Zero) }
    }

    It '-Pivot gives one row per timestamp, in time order, a Timestamp column then one labelled column per series' {
        $three = @($seven | Select-Object -First 3)
        $rows = @($three | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour -Pivot)
        $rows.Count | Should -Be 24
        $names = @($rows[0].PSObject.Properties.Name)
        $names.Count | Should -Be 4
        $names[0] | Should -Be 'Timestamp'
        @($names | Sort-Object -Unique).Count | Should -Be 4
        $names[1] | Should -Be "$($delphys.Name) $($three[0].StreamRef) ($($three[0].Unit))"
        $rows[0].Timestamp | Should -BeOfType [datetimeoffset]
        $rows[0].Timestamp | Should -Be $Day
        for ($i = 1; $i -lt $rows.Count; $i++) { $rows[$i].Timestamp | Should -BeGreaterThan $rows[$i - 1].Timestamp }
        $flat = @($three | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour)
        $rows[5].($names[2]) | Should -Be ($flat | Where-Object { $_.StreamRef -eq $three[1].StreamRef -and $_.Timestamp -eq $Day.AddHours(5) }).Value
    }

    It '-Pivot heads columns with the mapping config and the unit of the device''s variable when the device name is unknown' {
        $rows = @(Get-SoDataDatapoint -DeviceUuid $delphys.Uuid -CorporateAccountUuid $solink.Uuid -Series 'Global|0|140100', 'Global|0|140108' -From $Day -To $Day.AddHours(1) -Pivot)
        $unit = @{}; $delphys | Get-SoDataVariable | ForEach-Object { $unit[$_.StreamRef] = $_.Unit }
        @($rows[0].PSObject.Properties.Name) | Should -Be @('Timestamp', "Global|0|140100 ($($unit['Global|0|140100']))", "Global|0|140108 ($($unit['Global|0|140108']))")
        $rows.Count | Should -Be (3600 / $SamplePeriod)
    }

    It 'exports points and pivot rows to CSV with clean cells' {
        $csv = $seven | Get-SoDataDatapoint -From $Day -To $Day.AddHours(2) -Granularity Hour | ConvertTo-Csv -NoTypeInformation | Out-String
        $csv | Should -Not -Match 'SoData\.|System\.'
        $csv | Should -Match 'Global\|0\|'
        $pivot = $seven | Get-SoDataDatapoint -From $Day -To $Day.AddHours(2) -Granularity Hour -Pivot | ConvertTo-Csv -NoTypeInformation | Out-String
        $pivot | Should -Not -Match 'SoData\.|System\.'
        ($pivot -split "`n")[0] | Should -Match '^"Timestamp",'
    }

    It 'writes an API error per batch, non-terminating, and still runs the next batch' {
        Reset-SoDataSandboxStats $sandbox
        $rows = @(
            [pscustomobject]@{ DeviceUuid = [guid]::NewGuid().ToString(); CorporateAccountUuid = $solink.Uuid; StreamRef = 'Global|0|140100' }
            [pscustomobject]@{ DeviceUuid = $delphys.Uuid; CorporateAccountUuid = $solink.Uuid; StreamRef = 'Global|0|140100' }
        )
        # -ThrottleLimit 1: one request at a time, so that the skipped window is not already in flight.
        $points = @($rows | Get-SoDataDatapoint -From $Day -To $Day.AddDays(2) -BatchSize 1 -ThrottleLimit 1 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $points.Count | Should -Be (2 * 86400 / $SamplePeriod)
        $errors.Count | Should -Be 1 # the failed batch's second window is skipped, not failed again
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ApiNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($errors[0])" | Should -BeLike '*not found*'
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 3
    }

    It 'drops the rest of a failed batch that was already in flight: one error per batch, the next batch still read' {
        $rows = @(
            [pscustomobject]@{ DeviceUuid = [guid]::NewGuid().ToString(); CorporateAccountUuid = $solink.Uuid; StreamRef = 'Global|0|140100' }
            [pscustomobject]@{ DeviceUuid = $delphys.Uuid; CorporateAccountUuid = $solink.Uuid; StreamRef = 'Global|0|140100' }
        )
        # -ThrottleLimit 4: both windows of the failed batch are sent before the first answer is read.
        $points = @($rows | Get-SoDataDatapoint -From $Day -To $Day.AddDays(2) -BatchSize 1 -ThrottleLimit 4 -ErrorVariable errors -ErrorAction SilentlyContinue)
        $points.Count | Should -Be (2 * 86400 / $SamplePeriod)
        $errors.Count | Should -Be 1 -Because 'the second window of the failed batch fails too, but is dropped, not reported again'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ApiNotFound,*'
    }

    Context 'progress' {
        It 'shows one overall bar with a percentage across every batch, and a bar per batch for its windows' {
            # A runspace of its own, whose progress records can be read: 2 batches x 2 day windows.
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript({
                    param($ModulePath, $Session, $Variables, $From)
                    Import-Module $ModulePath
                    $ProgressPreference = 'Continue'
                    $Variables | Get-SoDataDatapoint -Session $Session -From $From -To $From.AddDays(2) -BatchSize 2
                }).AddArgument($ModulePath).AddArgument((Get-SoDataSession)).AddArgument(@($variables | Select-Object -First 4)).AddArgument($Day)
                $points = $shell.Invoke()
                $shell.Streams.Error | Should -BeNullOrEmpty
                $points.Count | Should -Be (4 * 2 * 86400 / $SamplePeriod)
                $records = @($shell.Streams.Progress)
                $overall = @($records | Where-Object { $_.Activity -eq 'Get-SoDataDatapoint' -and $_.RecordType -eq 'Processing' })
                $overall.Count | Should -Be 4 -Because 'one update per request'
                # Piped series are sent a batch at a time as they come, so the total grows as batches are planned.
                $overall | ForEach-Object { $_.PercentComplete | Should -BeIn (0..99) }
                $overall[-1].PercentComplete | Should -Be 75
                $overall[-1].CurrentOperation | Should -Be 'Request 4 of 4'
                @($overall.CurrentOperation | ForEach-Object { ($_ -split ' ')[1] }) | Should -Be @('1', '2', '3', '4')
                $batches = @($records | Where-Object { $_.ParentActivityId -eq $overall[0].ActivityId -and $_.RecordType -eq 'Processing' })
                $batches.Count | Should -Be 4
                # Batches count on across the command: the second is planned when its series arrive, which may be before
                # or after the first batch's first bar (requests of both run from one queue).
                $activities = @($batches.Activity | Select-Object -Unique)
                $activities[0] | Should -BeIn @('Batch 1 of 1 (2 series)', 'Batch 1 of 2 (2 series)')
                $activities[-1] | Should -Be 'Batch 2 of 2 (2 series)'
                $batches.StatusDescription | Should -BeLike 'Window ? of 2: *'
                $records | Where-Object { $_.RecordType -eq 'Completed' -and $_.ActivityId -eq $overall[0].ActivityId } | Should -Not -BeNullOrEmpty
            }
            finally { $shell.Dispose() }
        }
    }

    Context 'validation errors name the parameter' {
        It 'refuses -Range with -From or -To, and a time zone it cannot read a wall-clock time in' {
            $err = { Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Range Yesterday -From $Day } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'RangeWithFromTo,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err = { Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From 2024-05-01 -To 2024-05-02 -TimeZone Europe/Pariss } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'UnknownTimeZone,*'
            "$err" | Should -BeLike "*-TimeZone 'Europe/Pariss'*2024-05-01*"
            $err = { Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Range Today -TimeZone Mars/Olympus } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'UnknownTimeZone,*'
        }
    }

    Context 'default views' {
        It 'shows a value''s size in the table, not a column cut from the left' {
            $point = [SoData.DataPoint]@{ Timestamp = $Day; DeviceName = 'UPS'; StreamRef = 'Global|0|140100'; Value = 33.333333333333336; Unit = 'PERCENT' }
            $last = [SoData.LastValue]@{ DeviceName = 'UPS'; ItemType = 'Global'; ItemIndex = 0; ServiceId = 140100; Title = 'Load'; RawValue = '1234.56789012'; Unit = 'PERCENT' }
            $text = ($point | Format-Table | Out-String -Width 120) + ($last | Format-Table | Out-String -Width 120)
            $text | Should -Match ' 33\.33333 '
            $text | Should -Match ' 1234\.568 '
            $text | Should -Not -Match '…'
        }
    }
}

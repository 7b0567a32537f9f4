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

    It 'reads DateTime of kind Utc as UTC and of kind Unspecified or Local as local time' {
        $utc = [datetime]::SpecifyKind([datetime]'2024-05-01T00:00:00', 'Utc')
        $p = Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $utc -To $utc.AddHours(1) | Select-Object -First 1
        $p.Timestamp | Should -Be $Day

        $unspecified = [datetime]'2024-05-01T00:00:00'
        $local = [datetime]::SpecifyKind($unspecified, 'Local')
        $a = Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $unspecified -To $unspecified.AddHours(1) | Select-Object -First 1
        $b = Get-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $local -To $local.AddHours(1) | Select-Object -First 1
        $a.Timestamp | Should -Be $b.Timestamp
        $a.Timestamp | Should -Be ([datetimeoffset]$local)
    }

    It '-Pivot gives one row per timestamp, in time order, a Timestamp column then one labelled column per series' {
        $three = @($seven | Select-Object -First 3)
        $rows = @($three | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour -Pivot)
        $rows.Count | Should -Be 24
        $names = @($rows[0].PSObject.Properties.Name)
        $names.Count | Should -Be 4
        $names[0] | Should -Be 'Timestamp'
        @($names | Sort-Object -Unique).Count | Should -Be 4
        $names[1] | Should -Be "$($delphys.Name) $($three[0].Title) ($($three[0].Unit))"
        $rows[0].Timestamp | Should -BeOfType [datetime]
        $rows[0].Timestamp | Should -Be ([datetime]'2024-05-01T00:00:00')
        for ($i = 1; $i -lt $rows.Count; $i++) { $rows[$i].Timestamp | Should -BeGreaterThan $rows[$i - 1].Timestamp }
        $flat = @($three | Get-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour)
        $rows[5].($names[2]) | Should -Be ($flat | Where-Object { $_.StreamRef -eq $three[1].StreamRef -and $_.Timestamp -eq $Day.AddHours(5) }).Value
    }

    It '-Pivot heads columns with the mapping config when names are unknown' {
        $rows = @(Get-SoDataDatapoint -DeviceUuid $delphys.Uuid -CorporateAccountUuid $solink.Uuid -Series 'Global|0|140100', 'Global|0|140108' -From $Day -To $Day.AddHours(1) -Pivot)
        @($rows[0].PSObject.Properties.Name) | Should -Be @('Timestamp', 'Global|0|140100', 'Global|0|140108')
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
                $batches.Activity | Select-Object -Unique | Should -Be @('Batch 1 of 1 (2 series)', 'Batch 2 of 2 (2 series)') -Because 'batches count on across the command (the second is planned when its series arrive)'
                $batches.StatusDescription | Should -BeLike 'Window ? of 2: *'
                $records | Where-Object { $_.RecordType -eq 'Completed' -and $_.ActivityId -eq $overall[0].ActivityId } | Should -Not -BeNullOrEmpty
            }
            finally { $shell.Dispose() }
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

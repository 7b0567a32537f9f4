# -Pivot with -UseDeviceLocalTimezone: the rows are in the zone the devices share (a Paris device's pivot is Paris
# wall-clock time at +02:00/+01:00), whatever the host's zone; devices in several zones are refused, naming them.
# Exports run in their own PowerShell process under three host zones and must give the same file.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    # Customers 3 x sites 4: SoLink's sites reach the United States.
    $sandbox = Start-TestSandbox '--sample-period', '900', '--customers', '3', '--sites', '4'
    $work = Join-Path ([IO.Path]::GetTempPath()) ('sodata-pivotz-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $work
    Connect-TestSandbox $sandbox
    $all = @(Get-SoDataCorporateAccount -Name SoLink | Get-SoDataDevice)
    $paris = $all | Where-Object SerialNumber -EQ '1D15350041'
    $newYork = $all | Where-Object SerialNumber -EQ 'P486271022'
    $paris.TimeZone | Should -Be 'Europe/Paris'
    $newYork.TimeZone | Should -Be 'America/New_York'
    $Refs = 'Global|0|140100', 'Unit|1|140108'
    # Three Paris days across the end of summer time (27 October: 25 hours), read on the device's calendar.
    $Range = @{ From = '2024-10-26'; To = '2024-10-29'; UseDeviceLocalTimezone = $true; Granularity = 'Hour' }
    $ParisHours = @(0..72 | ForEach-Object { [datetimeoffset]::new(2024, 10, 25, 22, 0, 0, [timespan]::Zero).AddHours($_) } |
        ForEach-Object { [TimeZoneInfo]::ConvertTimeBySystemTimeZoneId($_, 'Europe/Paris') })

    # Runs the export in a new PowerShell process whose host zone is TZ; returns its exit code and error text.
    function Invoke-ChildExport([string] $TimeZone, [string] $Path, [string] $Serials) {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:SYNC_MODULE
$credential = [pscredential]::new($env:SYNC_USER, (ConvertTo-SecureString $env:SYNC_PASSWORD -AsPlainText -Force))
Connect-SoData -ApiUrl $env:SYNC_URL -AuthUrl $env:SYNC_URL -ClientId $env:SYNC_CLIENT -ClientSecret (ConvertTo-SecureString $env:SYNC_SECRET -AsPlainText -Force) -Credential $credential -NoWelcome
[Console]::Error.WriteLine('host zone: ' + [TimeZoneInfo]::Local.Id)
$devices = @($env:SYNC_SERIALS -split ',' | ForEach-Object { Get-SoDataDevice -CorporateAccount SoLink -SerialNumber $_ })
$devices | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Unit|1|140108' |
    Export-SoDataDatapoint -Path $env:SYNC_PATH -From '2024-10-26' -To '2024-10-29' -UseDeviceLocalTimezone -Granularity Hour -Pivot
'@
        $file = Join-Path $work ('export-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.ps1')
        Set-Content -LiteralPath $file -Value $script
        $info = New-SandboxJobStartInfo $file $TimeZone $sandbox
        $info.Environment['SYNC_PATH'] = $Path
        $info.Environment['SYNC_SERIALS'] = $Serials
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw "The export did not finish within 300 s (TZ=$TimeZone)." }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdErr = $stderr.Result + $stdout.Result }
    }
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-SoDataDatapoint -Pivot -UseDeviceLocalTimezone' {
    It 'writes a Paris device''s rows at Paris wall-clock time and offset, the same file on hosts set to UTC, New York and Paris' {
        $files = foreach ($zone in 'UTC', 'America/New_York', 'Europe/Paris') {
            $path = Join-Path $work ('pivot-' + ($zone -replace '/', '-') + '.csv')
            $run = Invoke-ChildExport $zone $path '1D15350041'
            $run.ExitCode | Should -Be 0 -Because $run.StdErr
            $run.StdErr | Should -BeLike "host zone: $zone*" -Because 'the child must really run in that zone'
            $path
        }
        $lines = @(Get-Content -LiteralPath $files[0])
        $lines[0] | Should -BeLike 'Timestamp,*'
        $times = @($lines | Select-Object -Skip 1 | ForEach-Object { ($_ -split ',')[0] })
        $times.Count | Should -Be 73 -Because '24 + 25 + 24 Paris hours'
        $times[0] | Should -Be '2024-10-26T00:00:00+02:00'
        $times[26] | Should -Be '2024-10-27T02:00:00+02:00'
        $times[27] | Should -Be '2024-10-27T02:00:00+01:00' -Because 'the hour that comes twice, once at each offset'
        $times[-1] | Should -Be '2024-10-28T23:00:00+01:00'
        $times | Should -Be @($ParisHours | Select-Object -First 73 | ForEach-Object { $_.ToString('yyyy-MM-dd''T''HH:mm:sszzz', [cultureinfo]::InvariantCulture) })
        foreach ($other in $files[1], $files[2]) { Get-Content -LiteralPath $other -Raw | Should -BeExactly (Get-Content -LiteralPath $files[0] -Raw) -Because $other }
    }

    It 'labels an Xlsx pivot''s timestamps with the devices'' zone and writes their wall-clock times' {
        $path = Join-Path $work 'pivot.xlsx'
        $paris | Get-SoDataVariable -StreamRef $Refs | Export-SoDataDatapoint -Path $path @Range -Pivot
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($path)
        try {
            $sheet = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ 'xl/worksheets/sheet1.xml').Open()).ReadToEnd()
            $strings = @($zip.Entries | Where-Object FullName -EQ 'xl/sharedStrings.xml' | ForEach-Object { [IO.StreamReader]::new($_.Open()).ReadToEnd() })
        }
        finally { $zip.Dispose() }
        "$strings$sheet" | Should -BeLike '*Timestamp (Europe/Paris)*'
        # The first row's time as an Excel serial: 26 October 2024 00:00 (Paris), not 25 October 22:00 (UTC).
        $serial = [datetime]::new(2024, 10, 26).ToOADate()
        $sheet | Should -Match "<v>$serial</v>"
    }

    It 'refuses devices in several zones, naming the zones and the devices, and writes no file' {
        $path = Join-Path $work 'two-zones.csv'
        $err = { $paris, $newYork | Get-SoDataVariable -StreamRef 'Global|0|140100' | Export-SoDataDatapoint -Path $path @Range -Pivot } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'PivotAcrossDeviceZones,SoData.Cmdlets.ExportSoDataDatapointCommand'
        "$err" | Should -BeLike "*2 time zones (Europe/Paris: device '$($paris.Name)'*America/New_York: device '$($newYork.Name)'*-TimeZone Europe/Paris*"
        $path | Should -Not -Exist
        # The same from a scheduled script ($ErrorActionPreference = 'Stop') under another host zone: a non-zero exit code.
        $run = Invoke-ChildExport 'America/New_York' (Join-Path $work 'two-zones-child.csv') '1D15350041,P486271022'
        $run.ExitCode | Should -Not -Be 0
        $run.StdErr | Should -BeLike '*-Pivot with -UseDeviceLocalTimezone: the devices are in 2 time zones*'
    }
}

Describe 'Get-SoDataDatapoint -Pivot -UseDeviceLocalTimezone' {
    It 'gives a Paris device''s rows at Paris wall-clock time and offset, as its points are' {
        $variables = @($paris | Get-SoDataVariable -StreamRef $Refs)
        $rows = @($variables | Get-SoDataDatapoint @Range -Pivot)
        $points = @($variables[0] | Get-SoDataDatapoint @Range)
        $rows.Count | Should -Be 73
        $rows.Timestamp | Should -Be $points.Timestamp
        $rows.Timestamp | ForEach-Object { $_.Offset } | Should -Be ($ParisHours | Select-Object -First 73 | ForEach-Object { $_.Offset })
        $rows[0].Timestamp.ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) | Should -Be '2024-10-26 00:00 +02:00'
    }

    It 'also with -From and -To as instants: the steps and the rows in the device''s zone' {
        $rows = @($paris | Get-SoDataVariable -StreamRef 'Global|0|140100' | Get-SoDataDatapoint -From $ParisHours[0] -To $ParisHours[24] -UseDeviceLocalTimezone -Granularity Hour -Pivot)
        $rows.Count | Should -Be 24
        $rows[0].Timestamp.ToString('o') | Should -Be '2024-10-26T00:00:00.0000000+02:00'
    }

    It 'refuses devices in several zones, naming them' {
        { $paris, $newYork | Get-SoDataVariable -StreamRef 'Global|0|140100' | Get-SoDataDatapoint @Range -Pivot } |
            Should -Throw -ErrorId 'PivotAcrossDeviceZones,SoData.Cmdlets.GetSoDataDatapointCommand' -ExpectedMessage '*Europe/Paris*America/New_York*'
    }
}

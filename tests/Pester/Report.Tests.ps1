# The README's scheduled report, run as a scheduler runs it: its own PowerShell process, settings from SODATA_*
# environment variables, on hosts whose own time zone differs (TZ=...). Its archive (Sync-SoDataDatapoint, one file
# per Paris day) must hold the same day files on each, and a typo must end it with a non-zero exit code and no file.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    $work = Join-Path ([IO.Path]::GetTempPath()) ('sodata-report-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $work

    $readme = Get-Content -LiteralPath (Join-Path $RepoRoot 'README.md') -Raw
    $block = [regex]::Match($readme, '```powershell\r?\n(# daily-load-report\.ps1[\s\S]*?)```')
    $ReportScript = $block.Groups[1].Value
    # `Import-Module SoData` finds the built module by name, as an installed one would be.
    $ModuleParent = Split-Path (Split-Path $ModulePath)

    # Runs a script file in a new PowerShell process (the same PowerShell as this one) in a folder of its own.
    function Invoke-Report([string] $Script, [string] $TimeZone, [string] $Name) {
        $folder = Join-Path $work $Name
        $null = New-Item -ItemType Directory -Path $folder -Force
        $path = Join-Path $folder 'daily-load-report.ps1'
        # The first line proves the host's zone really is the one asked for.
        Set-Content -LiteralPath $path -Value ('[Console]::Error.WriteLine("host zone: " + [TimeZoneInfo]::Local.Id)' + "`n" + $Script)
        $info = [Diagnostics.ProcessStartInfo]::new()
        $info.FileName = [Environment]::ProcessPath
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $path) { $info.ArgumentList.Add($argument) }
        $info.WorkingDirectory = $folder
        $info.Environment['TZ'] = $TimeZone
        $info.Environment['PSModulePath'] = $ModuleParent + [IO.Path]::PathSeparator + $env:PSModulePath
        $info.Environment['SODATA_API_URL'] = $sandbox.Url
        $info.Environment['SODATA_AUTH_URL'] = $sandbox.Url
        $info.Environment['SODATA_CLIENT_ID'] = $SandboxClientId
        $info.Environment['SODATA_CLIENT_SECRET'] = $SandboxSecretText
        $info.Environment['SODATA_USERNAME'] = $SandboxUser
        $info.Environment['SODATA_PASSWORD'] = $SandboxPasswordText
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw "The report did not finish within 300 s (TZ=$TimeZone)." }
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            StdOut   = $stdout.Result
            StdErr   = $stderr.Result
            Files    = @(Get-ChildItem -LiteralPath (Join-Path $folder 'load-rate') -Filter '*.csv' -ErrorAction Ignore | Sort-Object Name)
        }
    }

    function Get-ParisToday { [TimeZoneInfo]::ConvertTimeBySystemTimeZoneId([datetimeoffset]::UtcNow, 'Europe/Paris').Date }
}

AfterAll {
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The README''s daily-load-report.ps1' {
    It 'is in the README, and keeps an archive of days in a named zone (no calendar arithmetic on the host''s clock)' {
        $ReportScript | Should -Match 'Sync-SoDataDatapoint -Path \./load-rate .*-Partition Day -TimeZone Europe/Paris'
        $ReportScript | Should -Not -Match '\.Date\b|Today'
    }

    It 'keeps the same day files, yesterday with its Paris hours, on hosts set to UTC, Europe/Paris and America/New_York' {
        $zones = 'UTC', 'Europe/Paris', 'America/New_York'
        # Run again if midnight in Paris passes during the runs: "yesterday" would then differ for good reason.
        for ($try = 0; $try -lt 2; $try++) {
            $today = Get-ParisToday
            $runs = @(foreach ($zone in $zones) { Invoke-Report $ReportScript $zone ("run$try-" + ($zone -replace '/', '-')) })
            if ((Get-ParisToday) -eq $today) { break }
        }
        for ($i = 0; $i -lt $zones.Count; $i++) {
            $runs[$i].StdErr | Should -BeLike "host zone: $($zones[$i])*" -Because 'the child must really run in that zone'
            $runs[$i].ExitCode | Should -Be 0 -Because $runs[$i].StdErr
            $runs[$i].Files.Count | Should -BeIn 8, 9 -Because 'a week back from now, one file per Paris day'
        }
        # The whole days, from the first after -From to yesterday, are the same files on every host.
        $yesterday = $today.AddDays(-1)
        $days = @($runs[0].Files | Select-Object -Skip 1 | Where-Object { $_.BaseName -le $yesterday.ToString('yyyy-MM-dd') })
        $days.Count | Should -BeGreaterOrEqual 6
        $days[-1].Name | Should -Be "$($yesterday.ToString('yyyy-MM-dd')).csv"
        foreach ($day in $days) {
            $content = Get-Content -LiteralPath $day.FullName -Raw
            foreach ($run in $runs[1], $runs[2]) {
                $same = $run.Files | Where-Object Name -EQ $day.Name
                $same | Should -Not -BeNullOrEmpty
                Get-Content -LiteralPath $same.FullName -Raw | Should -BeExactly $content -Because $day.Name
            }
        }

        $rows = @(Import-Csv -LiteralPath $days[-1].FullName)
        $devices = @(Connect-TestSandbox $sandbox -PassThru | ForEach-Object { Get-SoDataCorporateAccount -Name SoLink -Session $_ | Get-SoDataDevice -Session $_ })
        $paris = [TimeZoneInfo]::FindSystemTimeZoneById('Europe/Paris')
        $start = [datetimeoffset]::new($yesterday, $paris.GetUtcOffset($yesterday))
        $hours = ([datetimeoffset]::new($today, $paris.GetUtcOffset($today)) - $start).TotalHours # 23, 24 or 25
        $rows.Count | Should -Be ($hours * $devices.Count) -Because 'one row per device and Paris hour'
        $times = @($rows.Timestamp | Select-Object -Unique | ForEach-Object { [datetimeoffset]::Parse($_, [cultureinfo]::InvariantCulture) })
        $times.Count | Should -Be $hours
        $times[0] | Should -Be $start
        $times[0].DateTime | Should -Be $yesterday
        $times[0].Offset | Should -Be $paris.GetUtcOffset($yesterday)
        for ($h = 1; $h -lt $times.Count; $h++) { ($times[$h] - $times[$h - 1]).TotalHours | Should -Be 1 }
        Disconnect-SoData
    }

    It 'ends with a non-zero exit code and no file when <What> is mistyped' -ForEach @(
        @{ What = 'the corporate account'; From = "-Name SoLink"; To = "-Name SoLnik"; Says = '*SoLnik*' }
        @{ What = 'the mapping config'; From = "'Global|0|140100'"; To = "'Global|0|14100'"; Says = '*Global|0|14100*' }
    ) {
        $script = $ReportScript.Replace($From, $To)
        $script | Should -Not -Be $ReportScript
        $run = Invoke-Report $script 'UTC' ('typo-' + ($What -replace ' ', '-'))
        $run.ExitCode | Should -Not -Be 0
        $run.Files.Count | Should -Be 0
        $run.StdErr | Should -BeLike $Says
    }
}

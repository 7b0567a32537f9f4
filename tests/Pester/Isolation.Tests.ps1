BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list | Select-Object -Last 1) -replace '^\s*global-packages:\s*', '').Trim() }
    $olderPolly = ([xml](Get-Content -LiteralPath (Join-Path $RepoRoot 'Directory.Packages.props') -Raw)).SelectSingleNode('/Project/PropertyGroup/OlderPollyCoreVersion').InnerText
    $otherPolly = Get-ChildItem (Join-Path $packages "polly.core/$olderPolly/lib") -Recurse -Filter Polly.Core.dll | Where-Object { $_.Directory.Name -eq 'netstandard2.0' } | Select-Object -First 1
}

Describe 'Dependency isolation' {
    It 'imports and works in a process where another Polly.Core was loaded first, using its own' {
        $otherPolly | Should -Not -BeNullOrEmpty -Because "Polly.Core $olderPolly is restored with tests/SoData.Tests"
        # Half the API requests are throttled, so the retry policy (Polly) really runs; never more than twice in a row, so 4 retries always get through.
        $sandbox = Start-TestSandbox '--throttle-rate', '0.5', '--fault-streak', '2'
        try {
            $script = {
                param($OtherPolly, $ModulePath, $Url)
                $ErrorActionPreference = 'Stop'
                Add-Type -Path $OtherPolly
                Import-Module $ModulePath
                $credential = [pscredential]::new('admin@sandbox.local', (ConvertTo-SecureString 'sandbox' -AsPlainText -Force))
                Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId 'sodata-sandbox' -ClientSecret (ConvertTo-SecureString 'sandbox-secret' -AsPlainText -Force) -Credential $credential
                $devices = @(Get-SoDataDevice -CorporateAccount SoLink -PageSize 2)
                [pscustomobject]@{
                    Devices = $devices.Count
                    Polly   = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object { $_.Location })
                } | ConvertTo-Json -Compress
            }
            Push-Location $RepoRoot
            try { $json = & dotnet pwsh -NoProfile -NonInteractive -Command "& { $script } '$($otherPolly.FullName)' '$ModulePath' '$($sandbox.Url)'" }
            finally { Pop-Location }
            $LASTEXITCODE | Should -Be 0
            $result = ($json | Select-Object -Last 1) | ConvertFrom-Json
            $result.Devices | Should -BeGreaterThan 2
            $result.Polly | Should -Contain $otherPolly.FullName
            $own = Join-Path (Split-Path $ModulePath) 'Dependencies/Polly.Core.dll'
            $result.Polly | Should -Contain (Resolve-Path $own).Path
            (Get-SoDataSandboxStats $sandbox).faults.throttle | Should -BeGreaterThan 0
        }
        finally { $sandbox | Stop-SoDataSandbox }
    }

    It 'reads IANA and Windows time zone ids on PowerShell 7 without loading TimeZoneConverter (the runtime''s own tables)' {
        # Another module's TimeZoneConverter, older or newer, loaded first would win over the copy in the module root:
        # on PowerShell 7 the module never loads it. (Windows PowerShell 5.1 uses it: the net472 host's time zone step.)
        $sandbox = Start-TestSandbox
        try {
            $script = {
                param($ModulePath, $Url)
                $ErrorActionPreference = 'Stop'
                Import-Module $ModulePath
                $credential = [pscredential]::new('admin@sandbox.local', (ConvertTo-SecureString 'sandbox' -AsPlainText -Force))
                Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId 'sodata-sandbox' -ClientSecret (ConvertTo-SecureString 'sandbox-secret' -AsPlainText -Force) -Credential $credential -NoWelcome
                $device = Get-SoDataDevice -CorporateAccount SoLink -First 1
                $read = { param($Zone) @($device | Get-SoDataDatapoint -Series 'Global|0|140100' -From '2024-03-30T00:00' -To '2024-04-01T00:00' -TimeZone $Zone -Granularity Day -Aggregation Avg) }
                $iana = & $read 'Europe/Paris'
                $windows = & $read 'Romance Standard Time'
                $line = 'Get-SoDataDatapoint -TimeZone Europe/Pa'
                [pscustomobject]@{
                    Iana       = @($iana | ForEach-Object { $_.Timestamp.ToString('yyyy-MM-dd HH:mm zzz') })
                    Windows    = @($windows | ForEach-Object { $_.Timestamp.ToString('yyyy-MM-dd HH:mm zzz') })
                    Completion = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
                    Loaded     = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'TimeZoneConverter' } | ForEach-Object { $_.Location })
                } | ConvertTo-Json -Compress
            }
            Push-Location $RepoRoot
            try { $json = & dotnet pwsh -NoProfile -NonInteractive -Command "& { $script } '$ModulePath' '$($sandbox.Url)'" }
            finally { Pop-Location }
            $LASTEXITCODE | Should -Be 0 -Because ($json -join "`n")
            $result = ($json | Select-Object -Last 1) | ConvertFrom-Json
            $result.Iana | Should -Be '2024-03-30 00:00 +01:00', '2024-03-31 00:00 +01:00'
            $result.Windows | Should -Be $result.Iana
            $result.Completion | Should -Contain 'Europe/Paris'
            $result.Loaded | Should -BeNullOrEmpty
        }
        finally { $sandbox | Stop-SoDataSandbox }
    }
}

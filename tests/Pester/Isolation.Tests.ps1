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
}

# The module as a user gets it: published to a PowerShell repository (a local folder, no network), installed by name
# into a module path of its own, imported by name in a fresh PowerShell process, connected to a sandbox.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $work = Join-Path ([IO.Path]::GetTempPath()) ('sodata-package-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $repositoryPath = Join-Path $work 'repository'
    $modulesPath = Join-Path $work 'modules'
    $null = New-Item -ItemType Directory -Path $repositoryPath, $modulesPath
    $repositoryName = "SoDataTest-$PID-$(Get-Random)"
    Register-PSResourceRepository -Name $repositoryName -Uri $repositoryPath -Trusted
    $moduleFolder = Split-Path $ModulePath
    $version = (Import-PowerShellDataFile $ModulePath).ModuleVersion
    $sandbox = Start-TestSandbox

    # Runs a script in a new PowerShell process (the same PowerShell as this one) with extra environment variables.
    function Invoke-ChildPowerShell([string] $Script, [hashtable] $Environment) {
        $info = [Diagnostics.ProcessStartInfo]::new()
        if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') {
            # `dotnet pwsh` (the repository's local tool): run its pwsh.dll the same way.
            $info.FileName = [Environment]::ProcessPath
            $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        else {
            $info.FileName = [Environment]::ProcessPath
        }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Script) { $info.ArgumentList.Add($argument) }
        foreach ($name in $Environment.Keys) { $info.Environment[$name] = $Environment[$name] }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'The child PowerShell did not finish within 120 s.' }
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }
}

AfterAll {
    Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The SoData package' {
    It 'publishes the built module to a local PSResourceGet repository' {
        Publish-PSResource -Path $moduleFolder -Repository $repositoryName -SkipDependenciesCheck
        Join-Path $repositoryPath "SoData.$version.nupkg" | Should -Exist
    }

    It 'is found and installed by name into a module path of its own, help included' {
        $found = Find-PSResource -Name SoData -Repository $repositoryName
        $found.Version | Should -Be ([version]$version)
        $found.Description | Should -Not -BeNullOrEmpty
        $found.ProjectUri | Should -Not -BeNullOrEmpty
        Save-PSResource -Name SoData -Repository $repositoryName -Path $modulesPath -TrustRepository
        $installed = Join-Path $modulesPath "SoData/$version"
        Join-Path $installed 'SoData.psd1' | Should -Exist
        Join-Path $installed 'SoData.dll' | Should -Exist
        Join-Path $installed 'en-US/SoData.dll-Help.xml' | Should -Exist
        Join-Path $installed 'en-US/about_SoData.help.txt' | Should -Exist
    }

    It 'imports by name in a fresh PowerShell, signs in from SODATA_* variables and gets the SoLink corporate account' {
        $script = @'
$ErrorActionPreference = 'Stop'
$env:PSModulePath = $env:SODATA_TEST_MODULES + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module SoData
Connect-SoData
$ca = Get-SoDataCorporateAccount -Name SoLink
[pscustomobject]@{
    ModuleBase = (Get-Module SoData).ModuleBase
    Name       = $ca.Name
    Uuid       = $ca.Uuid
    Synopsis   = (Get-Help Get-SoDataCorporateAccount).Synopsis
} | ConvertTo-Json -Compress
'@
        $result = Invoke-ChildPowerShell $script @{
            SODATA_TEST_MODULES  = $modulesPath
            SODATA_API_URL       = $sandbox.Url
            SODATA_AUTH_URL      = $sandbox.Url
            SODATA_CLIENT_ID     = $SandboxClientId
            SODATA_CLIENT_SECRET = $SandboxSecretText
            SODATA_USERNAME      = $SandboxUser
            SODATA_PASSWORD      = $SandboxPasswordText
        }
        $result.ExitCode | Should -Be 0 -Because $result.StdErr
        $output = $result.StdOut | ConvertFrom-Json
        $output.ModuleBase | Should -BeLike "$modulesPath*" -Because 'the module must come from the installed package, not from out/'
        $output.Name | Should -Be 'SoLink'
        $output.Uuid | Should -Match '^[0-9a-f-]{36}$'
        $output.Synopsis | Should -BeLike '*corporate accounts*'
    }
}

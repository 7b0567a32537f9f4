#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the SoData module.
.DESCRIPTION
    Tasks:
      Build    (default) the importable module in out/SoData and the sandbox in out/sandbox.
      Test     xunit (the C# core, and the cmdlets in process) and Pester; ends with one line "N passed, N failed"; exits non-zero on any failure.
      Sandbox  runs the offline SoData sandbox in the foreground (Ctrl+C stops it).
      Demo     builds, starts the sandbox on a free port, runs a short pipeline against it, stops it.
      Docs     builds the help from docs/ into out/SoData/en-US (MAML and about_SoData); Build runs it too.
      Package  builds, then writes out/package/SoData.<version>.nupkg with PSResourceGet (no network).
      Bench    builds, then times the module against a plain Invoke-RestMethod loop on a 2,000-device sandbox with
               20 ms latency, and its CPU per object without latency (tools/Bench); prints the tables and writes them
               into docs/performance.md. -Baseline <module folder> (e.g. out/SoData of a build of the previous main)
               runs the module's rows against that module too, in the same run, and marks FAIL a row >10% slower.
      Clean    removes out/ and the bin/ and obj/ folders of the repository's projects.
    Run it with the repository's PowerShell: dotnet tool restore && dotnet pwsh ./build.ps1 <Task>
.EXAMPLE
    dotnet pwsh ./build.ps1 Sandbox -Port 5080 -MaxTake 7
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Baseline ../base/out/SoData
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Sandbox', 'Demo', 'Docs', 'Package', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Sandbox knobs (Sandbox task).
    [ValidateRange(0, 65535)] [int] $Port = 5080,
    [int] $Seed,
    [int] $MaxTake,
    [int] $LatencyMs,
    [int] $AccessTokenLifetime,
    [int] $RefreshTokenLifetime,
    [double] $FaultRate,
    [double] $ThrottleRate,
    # Any other sandbox option, passed through as is: -SandboxArgument '--devices', '20' (from bash too; values cannot hold a comma)
    [string[]] $SandboxArgument = @(),
    # Bench: a built module folder to compare with, in the same run (e.g. out/SoData of a build of the previous main).
    [string] $Baseline
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'SoData'
$SandboxOut = Join-Path $Out 'sandbox'
$SandboxDll = Join-Path $SandboxOut 'SoData.Sandbox.dll'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

# A property written in one of the repository's MSBuild files (Directory.Build.props, Directory.Packages.props).
function Get-MSBuildFileProperty([string] $File, [string] $Name) {
    $node = ([xml](Get-Content -LiteralPath (Join-Path $Root $File) -Raw)).SelectSingleNode("/Project/PropertyGroup/$Name")
    if (-not $node -or -not $node.InnerText.Trim()) { throw "$File defines no <$Name>." }
    $node.InnerText.Trim()
}

# Pester is restored by tests/SoData.Tests (a PackageDownload); its version is pinned in Directory.Packages.props.
$PesterVersion = Get-MSBuildFileProperty 'Directory.Packages.props' 'PesterVersion'

Import-Module (Join-Path $Root 'tools/SandboxProcess.psm1') -Force

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# out/SoData and out/sandbox are written to fresh folders and then swapped in, so that a PowerShell that has the module
# imported, or a sandbox that is running, keeps its files (on Windows they are locked and cannot be deleted).
function Invoke-Build {
    Write-Host "Building SoData ($Configuration)..." -ForegroundColor Cyan
    Invoke-Dotnet build (Join-Path $Root 'SoData.sln') -c $Configuration --nologo -v quiet
    $module = New-StagingFolder $ModuleOut
    Invoke-Dotnet publish (Join-Path $Root 'src/SoData/SoData.csproj') -c $Configuration --no-build -o $module --nologo -v quiet
    # Polly and SpreadCheetah, and what they need, go to Dependencies, which SoData.dll loads into a load context of its own.
    $dependencies = Join-Path $module 'Dependencies'
    Invoke-Dotnet publish (Join-Path $Root 'src/SoData.Resilience/SoData.Resilience.csproj') -c $Configuration --no-build -o $dependencies --nologo -v quiet
    $spreadsheet = Join-Path $Out 'spreadsheet-publish'
    if (Test-Path $spreadsheet) { Remove-Item $spreadsheet -Recurse -Force }
    Invoke-Dotnet publish (Join-Path $Root 'src/SoData.Spreadsheet/SoData.Spreadsheet.csproj') -c $Configuration --no-build -o $spreadsheet --nologo -v quiet
    Copy-NewerAssembly -From $spreadsheet -To $dependencies
    Remove-Item $spreadsheet -Recurse -Force
    # What SoData.dll already brings (itself, System.Text.Json and its kin) must have one copy, beside it: the newer of
    # the two when a dependency needs a newer version than SoData.dll's. Two copies of one assembly would split its
    # types on Windows PowerShell 5.1.
    foreach ($file in Get-ChildItem $dependencies -File) {
        $beside = Join-Path $module $file.Name
        if (-not (Test-Path $beside)) { continue }
        if ($file.Extension -eq '.dll' -and (Get-AssemblyVersion $file.FullName) -gt (Get-AssemblyVersion $beside)) { Move-Item $file.FullName $beside -Force }
        else { Remove-Item $file.FullName }
    }
    Remove-Item (Join-Path $module '*.deps.json'), (Join-Path $dependencies '*.deps.json') -ErrorAction Ignore
    Copy-ModuleManifest $module
    Copy-Item (Join-Path $Root 'src/SoData/Formats/*.ps1xml') $module
    Invoke-Docs -Built -ModuleFolder $module
    $sandbox = New-StagingFolder $SandboxOut
    Invoke-Dotnet publish (Join-Path $Root 'src/SoData.Sandbox/SoData.Sandbox.csproj') -c $Configuration --no-build -o $sandbox --nologo -v quiet
    $script:ModuleOut = Switch-Folder $module $ModuleOut
    $script:SandboxOut = Switch-Folder $sandbox $SandboxOut
    $script:SandboxDll = Join-Path $SandboxOut 'SoData.Sandbox.dll'
    Write-Host "Module: $ModuleOut" -ForegroundColor Green
}

function Get-AssemblyVersion([string] $Path) { [Reflection.AssemblyName]::GetAssemblyName($Path).Version }

# Copies the files of one published folder into another; of two copies of an assembly, the newer version stays.
function Copy-NewerAssembly([string] $From, [string] $To) {
    foreach ($file in Get-ChildItem $From -File) {
        $existing = Join-Path $To $file.Name
        if ((Test-Path $existing) -and $file.Extension -eq '.dll' -and (Get-AssemblyVersion $existing) -ge (Get-AssemblyVersion $file.FullName)) { continue }
        Copy-Item $file.FullName $existing -Force
    }
}

# A new, empty folder beside $Target to build into; leftovers of earlier builds that nothing uses any more go.
function New-StagingFolder([string] $Target) {
    $parent = Split-Path $Target
    $leaf = Split-Path $Target -Leaf
    Get-ChildItem -LiteralPath $parent -Directory -ErrorAction Ignore | Where-Object { $_.Name -like "$leaf.new-*" -or $_.Name -like "$leaf.old-*" } |
        Remove-Item -Recurse -Force -ErrorAction Ignore
    $staging = Join-Path $parent ("$leaf.new-" + [DateTime]::UtcNow.ToString('yyyyMMddHHmmssfff'))
    $null = New-Item -ItemType Directory -Path $staging
    $staging
}

# Puts $New in the place of $Target; when $Target is in use, leaves it alone, says so, and returns where the build is.
function Switch-Folder([string] $New, [string] $Target) {
    if (Test-Path -LiteralPath $Target) {
        $old = "$(Split-Path $Target -Leaf).old-" + [DateTime]::UtcNow.ToString('yyyyMMddHHmmssfff')
        try {
            Rename-Item -LiteralPath $Target -NewName $old -ErrorAction Stop
        }
        catch {
            Write-Warning ("$Target is in use (a PowerShell that imported the module, or a running sandbox), so it was left as it was. " +
                "This build is in $New; import it from there, or close what uses $Target and build again.")
            return $New
        }
        # On Windows a loaded DLL cannot be deleted yet: the folder then goes at the next build.
        Remove-Item -LiteralPath (Join-Path (Split-Path $Target) $old) -Recurse -Force -ErrorAction Ignore
    }
    Rename-Item -LiteralPath $New -NewName (Split-Path $Target -Leaf)
    $Target
}

# The repository's SoData.psd1 with ModuleVersion set from <Version> in Directory.Build.props, as SoData.dll has it.
function Copy-ModuleManifest([string] $ModuleFolder) {
    $version = Get-MSBuildFileProperty 'Directory.Build.props' 'Version'
    if ($version -notmatch '^\d+\.\d+\.\d+(\.\d+)?$') { throw "<Version>$version</Version> in Directory.Build.props is not a ModuleVersion (Major.Minor.Build[.Revision])." }
    $manifest = Get-Content -LiteralPath (Join-Path $Root 'SoData.psd1') -Raw
    $pattern = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    if ($manifest -notmatch $pattern) { throw "SoData.psd1 has no ModuleVersion = '...' line to set." }
    $manifest = $manifest -replace $pattern, "`${1}'$version'"
    Set-Content -LiteralPath (Join-Path $ModuleFolder 'SoData.psd1') -Value $manifest -NoNewline -Encoding utf8NoBOM
}

# docs/*.md (PlatyPS markdown) -> out/SoData/en-US: SoData.dll-Help.xml (MAML) and about_SoData.help.txt.
# tools/HelpBuilder checks the pages too: a malformed page, or a page for a cmdlet SoData.psd1 does not export, fails.
function Invoke-Docs([switch] $Built, [string] $ModuleFolder = $ModuleOut) {
    $builder = Join-Path $Root 'tools/HelpBuilder/HelpBuilder.csproj'
    if (-not $Built) { Invoke-Dotnet build $builder -c $Configuration --nologo -v quiet }
    $cmdlets = (Import-PowerShellDataFile (Join-Path $Root 'SoData.psd1')).CmdletsToExport -join ','
    $helpOut = Join-Path $ModuleFolder 'en-US'
    if (Test-Path $helpOut) { Remove-Item $helpOut -Recurse -Force }
    & dotnet (Get-HelpBuilderPath) --docs (Join-Path $Root 'docs') --out $helpOut --cmdlets $cmdlets
    if ($LASTEXITCODE -ne 0) { throw "The help in docs/ has errors (listed above): fix the pages and run ./build.ps1 Docs again." }
}

# Where HelpBuilder.dll is built, as its project says (TargetPath), for this configuration.
function Get-HelpBuilderPath {
    $path = & dotnet msbuild (Join-Path $Root 'tools/HelpBuilder/HelpBuilder.csproj') -getProperty:TargetPath "-p:Configuration=$Configuration" -nologo
    if ($LASTEXITCODE -ne 0 -or -not $path) { throw "Could not ask MSBuild where tools/HelpBuilder is built (exit code $LASTEXITCODE)." }
    "$path".Trim()
}

# Publishes out/SoData to a local file repository in out/package for the time of the call: that writes the .nupkg a
# gallery takes, and proves the manifest passes PSResourceGet's checks. Nothing goes over the network.
function Invoke-Package {
    Invoke-Build
    $packageOut = Join-Path $Out 'package'
    if (Test-Path $packageOut) { Remove-Item $packageOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $packageOut
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    $repository = "SoDataPackage-$PID"
    Register-PSResourceRepository -Name $repository -Uri $packageOut -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Get-ChildItem -Path $packageOut -Filter 'SoData.*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publish-PSResource wrote no SoData .nupkg to $packageOut." }
    Write-Host "Package: $($package.FullName)" -ForegroundColor Green
}

function Get-PesterModulePath {
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = & dotnet nuget locals global-packages --list | Select-Object -Last 1
        $packages = ($line -replace '^\s*global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion is not in the NuGet cache ($manifest); it is restored with tests/SoData.Tests." }
    $manifest
}

function Read-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem -Path $Directory -Filter *.trx -ErrorAction Ignore) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

# The cmdlets in process (tests/SoData.Cmdlets.Tests: Microsoft.PowerShell.SDK hosting out/SoData). Started before
# Pester and run beside it, on the core Pester leaves idle while it waits on sandboxes and child processes; its output
# and trx go to a folder of their own (counts apart from the other xunit project's), shown when it is done.
function Start-CmdletTest([string] $Results) {
    $directory = Join-Path $Results 'cmdlets'
    $null = New-Item -ItemType Directory -Path $directory -Force
    $project = Join-Path $Root 'tests/SoData.Cmdlets.Tests/SoData.Cmdlets.Tests.csproj'
    $arguments = "test `"$project`" -c $Configuration --no-build --nologo --logger trx;LogFileName=cmdlets.trx --logger console;verbosity=minimal --results-directory `"$directory`""
    $process = Start-Process dotnet -ArgumentList $arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput (Join-Path $directory 'output.txt') -RedirectStandardError (Join-Path $directory 'errors.txt')
    if ($IsWindows) { $null = $process.Handle } # else Windows forgets the exit code of a process started this way
    [pscustomobject]@{ Process = $process; Directory = $directory }
}

function Complete-CmdletTest($Run) {
    $Run.Process.WaitForExit()
    Write-Host 'In-process cmdlet tests:' -ForegroundColor Cyan
    Get-Content (Join-Path $Run.Directory 'output.txt'), (Join-Path $Run.Directory 'errors.txt') | Out-Host
    $counts = Read-TrxCounts $Run.Directory
    if ($Run.Process.ExitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1; Write-Host "dotnet test (cmdlets) failed with exit code $($Run.Process.ExitCode)." -ForegroundColor Red }
    $counts
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $env:SODATA_SANDBOX_DLL = $SandboxDll
    $env:SODATA_MODULE_PATH = Join-Path $ModuleOut 'SoData.psd1'
    $env:SODATA_HELP_BUILDER = Get-HelpBuilderPath
    # Windows PowerShell 5.1's proof (tests/Pester/WindowsPowerShell.Tests.ps1) runs this .NET Framework program under Mono.
    $env:SODATA_NET472_HOST = Join-Path $Root "tests/Net472Host/bin/$Configuration/net472/Net472Host.exe"
    $hasMono = [bool](Get-Command mono -CommandType Application -ErrorAction Ignore)
    if (-not $hasMono -and $env:CI -eq 'true') { throw 'CI must run the Windows PowerShell 5.1 tests, but mono is not installed: .ci/run installs it.' }

    # The module's tests, then the sandbox's own; one .trx each, all counted by Read-TrxCounts.
    $xunitExit = 0
    foreach ($project in 'SoData.Tests', 'SoData.Helpers.Tests', 'SoData.Sandbox.Tests') {
        Write-Host "Running xunit tests ($project)..." -ForegroundColor Cyan
        & dotnet test (Join-Path $Root "tests/$project/$project.csproj") -c $Configuration --no-build --nologo `
            --logger "trx;LogFileName=$project.trx" --logger 'console;verbosity=minimal' --results-directory $results
        if ($LASTEXITCODE -ne 0) { $xunitExit = $LASTEXITCODE }
    }
    $xunit = Read-TrxCounts $results
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1; Write-Host "dotnet test failed with exit code $xunitExit." -ForegroundColor Red }

    Write-Host 'Running in-process cmdlet tests (beside Pester) and Pester tests...' -ForegroundColor Cyan
    $cmdletRun = Start-CmdletTest $results
    # The tests are written for PowerShell's default (non-strict) mode, as users run their scripts.
    Set-StrictMode -Off
    Import-Module (Get-PesterModulePath) -Force
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $Root 'tests'
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputPath = Join-Path $results 'pester.xml'
    $pester = Invoke-Pester -Configuration $config
    $pesterFailed = $pester.FailedCount + $pester.FailedBlocksCount + $pester.FailedContainersCount
    $cmdlets = Complete-CmdletTest $cmdletRun

    $passed = $xunit.Passed + $cmdlets.Passed + $pester.PassedCount
    $failed = $xunit.Failed + $cmdlets.Failed + $pesterFailed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; cmdlets in process: $($cmdlets.Passed) passed, $($cmdlets.Failed) failed; Pester: $($pester.PassedCount) passed, $pesterFailed failed"
    if (-not $hasMono) {
        Write-Host 'SKIPPED the Windows PowerShell 5.1 tests (out/SoData under Mono''s strict loader): mono is not installed here. CI installs it (.ci/run); locally: apt-get install mono-runtime mono-devel libmono-system-net-http4.0-cil' -ForegroundColor Yellow
    }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

# The sandbox options given to this script. (Not $PSBoundParameters: inside a function that is the function's own.)
function Get-SandboxOptions {
    $options = [Collections.Generic.List[string]]::new()
    $map = [ordered]@{
        Seed = '--seed'; MaxTake = '--max-take'; LatencyMs = '--latency-ms'
        AccessTokenLifetime = '--access-token-lifetime'; RefreshTokenLifetime = '--refresh-token-lifetime'
        FaultRate = '--fault-rate'; ThrottleRate = '--throttle-rate'
    }
    foreach ($name in $map.Keys) {
        if ($script:BoundParameters.ContainsKey($name)) {
            $options.Add($map[$name]); $options.Add([string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0}', (Get-Variable $name -ValueOnly)))
        }
    }
    # From bash, -SandboxArgument '--devices','20' arrives as the one string '--devices,20': split it as PowerShell would.
    foreach ($argument in $SandboxArgument) { $options.AddRange([string[]]($argument -split ',')) }
    , $options.ToArray()
}

function Invoke-Sandbox {
    Invoke-Build
    $arguments = @($SandboxDll, '--port', $Port) + (Get-SandboxOptions)
    Write-Host "Starting the sandbox: dotnet $($arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @arguments
    if ($LASTEXITCODE -notin 0, 130, 143) { exit $LASTEXITCODE }
}

function Invoke-Demo {
    Invoke-Build
    $sandbox = $null
    try {
        $sandbox = Start-SoDataSandbox -Path $SandboxDll -LogDirectory (Join-Path $Out 'logs') -ArgumentList (Get-SandboxOptions)
        Write-Host "Sandbox listening on $($sandbox.Url)" -ForegroundColor Cyan
        & (Join-Path $Root 'tools/Demo.ps1') -ModulePath (Join-Path $ModuleOut 'SoData.psd1') -Url $sandbox.Url -OutDirectory (Join-Path $Out 'demo')
    }
    finally {
        $sandbox | Stop-SoDataSandbox
    }
}

# Each job runs in a fresh process and prints its own numbers; exits non-zero when a job fails to run, not for a missed target.
function Invoke-Bench {
    Invoke-Build
    $baselineArgs = if ($Baseline) { @{ BaselineModulePath = $Baseline } } else { @{} }
    & (Join-Path $Root 'tools/Bench/Invoke-Benchmark.ps1') -ModulePath (Join-Path $ModuleOut 'SoData.psd1') -SandboxDll $SandboxDll @baselineArgs
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# out/, and bin/ and obj/ beside every project of the repository (nothing else: no git clean).
function Invoke-Clean {
    $projects = Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'tools') -Filter *.csproj -File -Recurse
    $folders = @($Out) + @($projects | ForEach-Object { Join-Path $_.DirectoryName 'bin'; Join-Path $_.DirectoryName 'obj' })
    foreach ($folder in $folders | Where-Object { Test-Path -LiteralPath $_ }) {
        Write-Host "Removing $folder"
        Remove-Item -LiteralPath $folder -Recurse -Force
    }
}

$script:BoundParameters = $PSBoundParameters
switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Sandbox' { Invoke-Sandbox }
    'Demo' { Invoke-Demo }
    'Docs' { Invoke-Docs }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
}
